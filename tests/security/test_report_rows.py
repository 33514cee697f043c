# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 7: an analysis view is a row per source record; reading its rows,
grouping them finely or comparing its figures with what one may read
must not reveal what the source records' rules hide."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .people_common import PeopleRpcCase

# record type of the compliance view: the model of its source
SOURCES = {
    "call": "phone.call",
    "fault": "phone.fault",
    "violation": "phone.violation",
    "commendation": "phone.commendation",
    "inspection": "phone.inspection.line",
}


@tagged("post_install", "-at_install")
class TestComplianceRows(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a confidential personal call of pp_sales, today
        cls.secret = cls._today_call(
            cls.user_sales, confidentiality="confidential", nature="personal"
        )
        cls.plain = cls._today_call(cls.user_sales)
        cls.archived = cls._archived_call()
        cls.env["phone.fault"].with_company(cls.company).create(
            {
                "company_id": cls.company.id,
                "reporter_id": cls.user_sales.id,
                "symptom": "No dial tone",
                "system_id": cls._system().id,
            }
        )
        cls._violation(cls.emp_sales)
        report = cls._anonymous_report(cls.user_sales2, cls.emp_sales)
        report_violation = cls._violation(cls.emp_sales, confirm=False, source="report")
        report_violation.whistleblow_case_id = report
        report_violation.with_user(cls.user_manager).action_confirm()
        for source in ("inspection", "manual"):
            commendation = cls._commendation(cls.emp_sales, source=source)
            commendation.with_user(cls.user_manager).action_confirm()
        inspection = cls._inspection_of(cls.emp_sales, cls.plain)
        inspection.line_ids.check_ids.write({"result": "pass"})
        inspection.action_done()

    def _rows(self, login, domain=None):
        result = self.rpc(
            login,
            "phone.compliance.report",
            "search_read",
            [("company_id", "=", self.company.id), *(domain or [])],
            ["record_type"],
        )
        self.assertTrue(result.ok, result)
        return {(row["record_type"], row["id"] // 8) for row in result.value}

    def test_officer_reads_no_row_of_a_confidential_call(self):
        """Class 7 example: the Officer may not read the confidential call,
        so the compliance rows must not show it either."""
        call = self.rpc("pp_officer", "phone.call", "read", [self.secret.id], ["name"])
        self.assertRefused(call)
        rows = self.rpc(
            "pp_officer",
            "phone.compliance.report",
            "search_read",
            [
                ("record_type", "=", "call"),
                ("employee_id", "=", self.emp_sales.id),
                ("personal_call_count", "=", 1),
            ],
            ["employee_id", "date", "personal_call_count"],
        )
        self.assertTrue(rows.ok, rows)
        self.assertEqual(rows.value, [], "the confidential call shows as a row")

    def test_rows_are_the_sources_each_role_may_read(self):
        """For the Officer and the Manager, the rows are exactly the source
        records they may read (as the sources' own rules say)."""
        every = self._rows("pp_manager")
        self.assertEqual(
            {record_type for record_type, _id in every}, set(SOURCES), every
        )
        for login in ("pp_officer", "pp_manager"):
            readable = set()
            for record_type, model in SOURCES.items():
                ids = [src for kind, src in every if kind == record_type]
                found = self.rpc(login, model, "search", [("id", "in", ids)])
                self.assertTrue(found.ok, found)
                readable |= {(record_type, src) for src in found.value}
            with self.subTest(login=login):
                self.assertEqual(self._rows(login), readable)
        hidden = every - self._rows("pp_officer")
        self.assertEqual(
            {kind for kind, _src in hidden}, {"call", "violation", "commendation"}
        )
        self.assertIn(("call", self.secret.id), hidden)
        self.assertIn(("call", self.archived.id), hidden)

    def test_fine_groupings_count_only_what_one_may_read(self):
        since = fields.Datetime.now() - timedelta(days=1)
        groups = self.rpc(
            "pp_officer",
            "phone.compliance.report",
            "read_group",
            [
                ("company_id", "=", self.company.id),
                ("record_type", "=", "call"),
                ("date", ">=", fields.Datetime.to_string(since)),
            ],
            ["call_count:sum", "personal_call_count:sum"],
            ["employee_id", "date:day"],
            lazy=False,
        )
        self.assertTrue(groups.ok, groups)
        self.assertEqual(
            [(g["call_count"], g["personal_call_count"]) for g in groups.value],
            [(1, 0)],
            "only the plain call of today",
        )
        web = self.rpc(
            "pp_officer",
            "phone.compliance.report",
            "web_read_group",
            [
                ("company_id", "=", self.company.id),
                ("record_type", "in", ("violation", "commendation")),
            ],
            ["violation_count:sum", "commendation_count:sum"],
            ["employee_id"],
        )
        self.assertTrue(web.ok, web)
        self.assertEqual(
            [
                (g["violation_count"], g["commendation_count"])
                for g in web.value["groups"]
            ],
            [(1, 1)],
            "HR's violation from a report and commendation by hand are not counted",
        )

    def test_dashboard_counts_only_what_one_may_read(self):
        figures = {
            login: self.rpc(
                login,
                "hr.department",
                "read",
                self.dept_sales.ids,
                ["phone_month_call_count", "phone_month_personal_calls"],
            ).value[0]
            for login in ("pp_officer", "pp_manager")
        }
        self.assertEqual(
            (
                figures["pp_officer"]["phone_month_call_count"],
                figures["pp_officer"]["phone_month_personal_calls"],
            ),
            (1, 0),
        )
        self.assertEqual(
            (
                figures["pp_manager"]["phone_month_call_count"],
                figures["pp_manager"]["phone_month_personal_calls"],
            ),
            (2, 1),
        )

    def test_who_may_not_read_the_analysis(self):
        for login in ("pp_sales", "pp_mgr", "pp_portal"):
            for method, args in (
                ("search_read", ([], ["call_count"])),
                ("read_group", ([], ["call_count:sum"], ["department_id"])),
            ):
                with self.subTest(login=login, method=method):
                    self.assertRefused(
                        self.rpc(login, "phone.compliance.report", method, *args),
                        error=None,
                    )


@tagged("post_install", "-at_install")
class TestAppraisalRows(PeopleRpcCase):
    """The appraisal's phone conduct through every read path, for roles
    that must not see it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._violation(cls.emp_sales)
        cls._today_call(cls.user_sales, nature="personal")
        # an appraisal HR wrote, naming pp_support manager by mistake
        cls.appraisal = cls.env["hr.appraisal"].create(
            {
                "employee_id": cls.emp_sales.id,
                "manager_ids": [Command.set(cls.emp_support.ids)],
                "date_close": fields.Date.today(),
            }
        )
        cls.spec = {
            "phone_conduct_visible": {},
            "phone_violation_count": {},
            "phone_personal_call_count": {},
            "phone_conduct_details": {},
            "employee_id": {"fields": {"display_name": {}}},
        }

    def assertNoConduct(self, values, label):
        with self.subTest(path=label):
            self.assertFalse(values.get("phone_conduct_visible"), values)
            self.assertFalse(values.get("phone_violation_count"), values)
            self.assertFalse(values.get("phone_personal_call_count"), values)
            self.assertFalse(values.get("phone_conduct_details"), values)

    def test_every_read_path(self):
        # pp_support: named on the appraisal, manages nobody in HR's data
        ids = self.appraisal.ids
        web = self.rpc("pp_support", "hr.appraisal", "web_read", ids, self.spec)
        self.assertTrue(web.ok, web)
        self.assertNoConduct(web.value[0], "web_read")
        search = self.rpc(
            "pp_support",
            "hr.appraisal",
            "web_search_read",
            [("id", "in", ids)],
            self.spec,
        )
        self.assertTrue(search.ok, search)
        self.assertNoConduct(search.value["records"][0], "web_search_read")
        onchange = self.rpc(
            "pp_support",
            "hr.appraisal",
            "onchange",
            ids,
            {"date_close": fields.Date.to_string(fields.Date.today())},
            ["date_close"],
            self.spec,
        )
        self.assertTrue(onchange.ok, onchange)
        self.assertNoConduct(onchange.value.get("value", {}), "onchange")
        # the employee's real manager sees it
        real = self.rpc("pp_mgr", "hr.appraisal", "web_read", ids, self.spec)
        self.assertTrue(real.ok, real)
        self.assertEqual(real.value[0]["phone_violation_count"], 1)

    def test_without_the_appraisal_groups_the_fields_are_closed(self):
        ids = self.appraisal.ids
        for method, args in (
            ("read", (ids, ["phone_violation_count"])),
            ("web_read", (ids, {"phone_violation_count": {}})),
            ("search_read", ([("id", "in", ids)], ["phone_violation_count"])),
        ):
            with self.subTest(method=method):
                self.assertRefused(
                    self.rpc("pp_sales2", "hr.appraisal", method, *args), error=None
                )
