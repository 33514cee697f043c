# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import new_test_user, tagged

from .common import PhonePolicyPdfCase


@tagged("post_install", "-at_install")
class TestAssessmentPdfs(PhonePolicyPdfCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "pp_pdf_emp", groups="base.group_user")
        cls.department = cls.env["hr.department"].create({"name": "Export Sales"})
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "王大明",
                "user_id": cls.user.id,
                "department_id": cls.department.id,
            }
        )
        cls.call = cls.env["phone.call"].create(
            {
                "employee_id": cls.employee.id,
                "direction": "inbound",
                "date_start": datetime(2026, 11, 3, 2, 0),
                "ring_seconds": 30,
                "subject": "Delivery complaint",
            }
        )

    def test_penalty_notice(self):
        """The notice the employee signs: violation, evidence, penalty and
        the acknowledgement line."""
        violation = self.env["phone.violation"]._create_draft(
            self.employee,
            "phone_policy.violation_type_late_answer",
            source="inspection",
            date=date(2026, 11, 4),
            calls=self.call,
            evidence="The phone rang 30 seconds before it was answered.",
        )
        violation.action_confirm()
        violation.with_user(self.user).action_acknowledge()
        _pdf, text = self.render_pdf(
            "phone_policy.phone_violation_report_action", violation
        )
        for expected in (
            "Penalty notice",
            violation.name,
            "王大明",
            "Export Sales",
            "Not answered within three rings",
            "§4.1.1",
            "The phone rang 30 seconds before it was answered.",
            self.call.name,
            "Delivery complaint",
            "Verbal warning",
            "Points deducted",
            "acknowledge that I have received this",
            "Acknowledged in Odoo on",
            "Employee's signature",
        ):
            self.assertIn(expected, text)

    def test_inspection_report(self):
        inspection = self.env["phone.inspection"].create(
            {
                "department_id": self.department.id,
                "date_from": date(2026, 11, 1),
                "date_to": date(2026, 11, 30),
                "sample_size": 5,
                "seed": 4242,
            }
        )
        inspection.action_draw_sample()
        line = inspection.line_ids
        line.check_ids.filtered(lambda c: c.result == "todo").result = "pass"
        inspection.action_done()
        violation = self.env["phone.violation"].browse(
            line.action_create_violation()["res_id"]
        )
        _pdf, text = self.render_pdf(
            "phone_policy.phone_inspection_report_action", inspection
        )
        for expected in (
            "Inspection report",
            inspection.name,
            "Export Sales",
            "4242",
            "1 / 1",
            self.call.name,
            "王大明",
            "Answered within the ring limit",
            violation.name,
            f"{line.score:.1f}",
        ):
            self.assertIn(expected, text)
