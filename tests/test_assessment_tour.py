# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAssessmentTour(HttpCase):
    def test_finding_to_violation_to_appraisal(self):
        """An officer turns an inspection finding into a violation; HR
        confirms it and sees it in the employee's appraisal."""
        company = self.env.company
        officer = new_test_user(
            self.env,
            "pp_tour_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
        )
        hr = new_test_user(
            self.env,
            "pp_tour_hr",
            groups="base.group_user,hr.group_hr_user,phone_policy.group_phone_manager,"
            "hr_appraisal_oca.group_appraisal_hr_officer",
        )
        user = new_test_user(self.env, "pp_tour_emp", groups="base.group_user")
        department = self.env["hr.department"].create({"name": "Tour Sales"})
        employee = self.env["hr.employee"].create(
            {
                "name": "Tour Employee",
                "user_id": user.id,
                "department_id": department.id,
            }
        )
        yesterday = fields.Datetime.now() - timedelta(days=1)
        call = self.env["phone.call"].create(
            {
                "employee_id": employee.id,
                "direction": "inbound",
                "date_start": yesterday,
                "ring_seconds": company._phone_ring_limit() + 12,
                "greeting_given": True,
                "closing_given": True,
                "subject": "Order status",
            }
        )
        today = fields.Date.context_today(call)
        inspection = self.env["phone.inspection"].create(
            {
                "department_id": department.id,
                "user_id": officer.id,
                "date_from": today - timedelta(days=7),
                "date_to": today,
                "sample_size": 3,
            }
        )
        inspection.action_draw_sample()
        self.assertEqual(inspection.line_ids.call_id, call)

        self.start_tour(
            f"/odoo/action-phone_policy.phone_inspection_action/{inspection.id}",
            "phone_policy_inspection_finding_tour",
            login="pp_tour_officer",
        )
        line = inspection.line_ids
        violation = line.violation_ids
        self.assertEqual(len(violation), 1)
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.employee_id, employee)
        self.assertEqual(violation.call_ids, call)
        self.assertEqual(violation.create_uid, officer)
        self.assertIn("half a minute", violation.evidence)
        intro = line.check_ids.filtered(
            lambda c: (
                c.criterion_id
                == self.env.ref("phone_policy.inspection_criterion_self_introduction")
            )
        )
        self.assertEqual(intro.result, "pass")

        violation.with_user(hr).action_confirm()
        appraisal = self.env["hr.appraisal"].create(
            {
                "employee_id": employee.id,
                "date_close": date.today() + timedelta(days=30),
            }
        )
        self.start_tour(
            f"/odoo/action-hr_appraisal_oca.hr_appraisal_action_form/{appraisal.id}",
            "phone_policy_appraisal_conduct_tour",
            login="pp_tour_hr",
        )
