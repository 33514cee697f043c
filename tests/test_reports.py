# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import new_test_user, tagged

from .common import PhonePolicyPdfCase


@tagged("post_install", "-at_install")
class TestCallRecordPdf(PhonePolicyPdfCase):
    def test_call_record_pdf(self):
        """The printed call record carries what the policy asks to record,
        with the company header inside the page (Debian's wkhtmltopdf)."""
        user = new_test_user(self.env, "pp_pdf_user", groups="base.group_user")
        department = self.env["hr.department"].create({"name": "Export Sales"})
        employee = self.env["hr.employee"].create(
            {"name": "Carol Wu", "user_id": user.id, "department_id": department.id}
        )
        partner = self.env["res.partner"].create(
            {"name": "黃先生", "phone": "+1 415 555 0123", "company_name": "Pacific"}
        )
        call = self.env["phone.call"].create(
            {
                "employee_id": employee.id,
                "partner_id": partner.id,
                "date_start": datetime(2026, 11, 3, 2, 0),
                "subject": "Shipment delay",
                "key_points": "Container leaves Keelung on Friday.",
                "importance": "important",
                "responsible_user_id": user.id,
            }
        )
        call.activity_schedule(
            "mail.mail_activity_data_todo", summary="Send revised ETA", user_id=user.id
        )
        _pdf, text = self.render_pdf("phone_policy.phone_call_report_action", call)
        for expected in (
            call.name,
            self.env.company.name,
            "Call record",
            "Carol Wu",
            "Export Sales",
            "黃先生",
            "+14155550123",
            "Shipment delay",
            "Container leaves Keelung on Friday.",
            "Send revised ETA",
        ):
            self.assertIn(expected, text)
