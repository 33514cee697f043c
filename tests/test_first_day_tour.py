# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFirstDayTour(HttpCase):
    def test_employee_acknowledges_the_policy_and_files_a_report(self):
        """林志豪, a plain employee, in Chromium: Calls › The policy opens and
        Acknowledge records it; Calls › My reports files a report with
        Submit and confirms it with its reference."""
        version = self.env.ref("phone_policy.phone_policy_version_1")
        employee = self.env.ref("phone_policy.employee_lin_demo")
        self.start_tour(
            "/odoo/action-phone_policy.phone_call_action_my",
            "phone_policy_first_day_tour",
            login="lin.chihhao",
        )
        self.assertTrue(
            self.env["phone.policy.acknowledgement"].search(
                [("version_id", "=", version.id), ("employee_id", "=", employee.id)]
            )
        )
        filing = self.env["phone.whistleblow.filing"].search(
            [("employee_id", "=", employee.id)]
        )
        self.assertEqual(len(filing), 1)
        self.assertEqual(filing.case_id.accused_employee_id.name, "Carol Wu")
