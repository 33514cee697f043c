# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 11: every public method validates what it is given; nothing a
user sends makes the server work without bound (utils/limits.py)."""

from datetime import date, timedelta

from odoo import fields
from odoo.tests import tagged

from ...utils import limits
from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestBoundedParameters(PeopleRpcCase):
    def assertBounded(self, login, model, method, *args, too_much, enough, **kw):
        """``too_much`` (a value or a callable building the args) is refused
        with a clear error and changes nothing; ``enough`` is accepted."""
        for label, value, allowed in (
            ("too much", too_much, False),
            ("enough", enough, True),
        ):
            call_args = value(*args) if callable(value) else (*args, value)
            result = self.rpc(login, model, method, *call_args, **kw)
            with self.subTest(model=model, method=method, attempt=label):
                if allowed:
                    self.assertTrue(result.ok, result)
                else:
                    self.assertRefused(result, error="odoo.exceptions")
                    self.assertTrue(result.message)
                    self.assertNotIn("Traceback", result.message)
        return result

    def test_coverage_gaps_days_are_bounded(self):
        """Class 11 example: ``action_open_gaps`` with any number of days."""
        for days in (-1, 0, 2000000, "14; DROP", None, True):
            result = self.rpc(
                "pp_mgr", "phone.coverage.gap", "action_open_gaps", days=days
            )
            self.assertRefused(result, error="odoo.exceptions", msg=f"days={days!r}")
        result = self.rpc("pp_mgr", "phone.coverage.gap", "action_open_gaps", days=14)
        self.assertTrue(result.ok, result)
        result = self.rpc(
            "pp_mgr",
            "phone.coverage.gap",
            "action_open_gaps",
            days=limits.MAX_GAP_DAYS,
        )
        self.assertTrue(result.ok, result)

    def test_inspection_sample_and_period(self):
        today = fields.Date.today()

        def inspection(size, days):
            return (
                {
                    "company_id": self.company.id,
                    "department_id": self.dept_sales.id,
                    "date_from": fields.Date.to_string(today - timedelta(days=days)),
                    "date_to": fields.Date.to_string(today),
                    "sample_size": size,
                },
            )

        self.assertBounded(
            "pp_officer",
            "phone.inspection",
            "create",
            too_much=lambda: inspection(10**6, 30),
            enough=lambda: inspection(limits.MAX_SAMPLE_SIZE, 30),
        )
        self.assertBounded(
            "pp_officer",
            "phone.inspection",
            "create",
            too_much=lambda: inspection(10, 3650),
            enough=lambda: inspection(10, limits.MAX_INSPECTION_DAYS - 1),
        )

    def test_plans(self):
        today = fields.Date.today()

        def inspection_plan(interval, next_date, size=10):
            return (
                {
                    "company_id": self.company.id,
                    "department_id": self.dept_sales.id,
                    "interval_number": interval,
                    "interval_type": "weeks",
                    "sample_size": size,
                    "next_date": fields.Date.to_string(next_date),
                },
            )

        for too_much in (
            inspection_plan(10**6, today),
            inspection_plan(1, date(1900, 1, 1)),
            inspection_plan(1, today, size=10**6),
        ):
            self.assertBounded(
                "pp_officer",
                "phone.inspection.plan",
                "create",
                too_much=lambda v=too_much: v,
                enough=lambda: inspection_plan(4, today - timedelta(days=30)),
            )
        system = self._system()

        def maintenance_plan(interval, next_date):
            return (
                {
                    "name": "Check the trunks",
                    "company_id": self.company.id,
                    "system_id": system.id,
                    "interval_number": interval,
                    "interval_unit": "days",
                    "next_date": fields.Date.to_string(next_date),
                },
            )

        for too_much in (
            maintenance_plan(10**7, today),
            maintenance_plan(1, date(1000, 1, 1)),
        ):
            self.assertBounded(
                "pp_officer",
                "phone.maintenance.plan",
                "create",
                too_much=lambda v=too_much: v,
                enough=lambda: maintenance_plan(30, today),
            )

    def test_push_size(self):
        system = self._system()
        self.assertBounded(
            "pp_officer",
            "phone.system",
            "write",
            system.ids,
            too_much={"cdr_push_max_kb": 10**8},
            enough={"cdr_push_max_kb": limits.MAX_PUSH_KB},
        )
        self.assertEqual(system.cdr_push_max_kb, limits.MAX_PUSH_KB)

    def test_access_request_references(self):
        def request(count):
            references = ", ".join(f"CALL/2026/{n:06d}" for n in range(count))
            created = self.rpc(
                "pp_sales",
                "phone.archive.access.request",
                "create",
                {
                    "company_id": self.company.id,
                    "call_references": references,
                    "purpose": "Disputed orders.",
                },
            )
            self.assertTrue(created.ok, created)
            return ([created.value],)

        self.assertBounded(
            "pp_sales",
            "phone.archive.access.request",
            "action_submit",
            too_much=lambda: request(50000),
            enough=lambda: request(limits.MAX_ACCESS_REFERENCES),
        )

    def test_company_windows(self):
        """The settings that size searches, as the administrator sends them."""
        self.env.ref("base.user_admin").company_ids += self.company
        for field, too_much in (
            ("phone_inspection_sample_size", 10**6),
            ("phone_repeat_offence_days", 10**7),
            ("phone_appraisal_window_months", 10**5),
        ):
            result = self.rpc(
                "admin", "res.company", "write", self.company.ids, {field: too_much}
            )
            with self.subTest(field=field):
                self.assertRefused(result, error="odoo.exceptions.ValidationError")
        self.assertEqual(self.company.phone_inspection_sample_size, 10)
