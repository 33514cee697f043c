# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 6: who manages an employee comes from HR's data (manager, coach,
the department's manager), never from a field the caller fills in."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .people_common import PeopleRpcCase

CONDUCT = [
    "phone_conduct_visible",
    "phone_call_count",
    "phone_personal_call_count",
    "phone_incident_count",
    "phone_violation_count",
    "phone_conduct_details",
]


@tagged("post_install", "-at_install")
class TestAppraisalAuthority(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._violation(cls.emp_sales)
        cls._today_call(cls.user_sales, nature="personal")

    def _self_named_manager_values(self):
        return {
            "employee_id": self.emp_sales.id,
            "manager_ids": [Command.set(self.emp_support.ids)],
            "date_close": date.today().isoformat(),
        }

    def assertNoConduct(self, values, msg=None):
        self.assertFalse(values.get("phone_conduct_visible"), msg)
        self.assertFalse(values.get("phone_violation_count"), msg)
        self.assertFalse(values.get("phone_call_count"), msg)
        self.assertFalse(values.get("phone_personal_call_count"), msg)
        self.assertFalse(values.get("phone_conduct_details"), msg)

    def test_self_named_manager_reads_no_phone_conduct(self):
        """Class 6 example: an Appraisals user names themself manager of a
        colleague they do not manage, by create and by a mere onchange."""
        created = self.rpc(
            "pp_support", "hr.appraisal", "create", self._self_named_manager_values()
        )
        if created.ok:
            read = self.rpc(
                "pp_support", "hr.appraisal", "read", [created.value], CONDUCT
            )
            self.assertTrue(read.ok, read)
            self.assertNoConduct(read.value[0], "read after create")
        onchange = self.rpc(
            "pp_support",
            "hr.appraisal",
            "onchange",
            [],
            self._self_named_manager_values(),
            ["manager_ids"],
            {name: {} for name in CONDUCT + ["employee_id", "manager_ids"]},
        )
        if onchange.ok:
            self.assertNoConduct(onchange.value.get("value", {}), "onchange")
