# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import PhonePolicyPdfCase


@tagged("post_install", "-at_install")
class TestArchivePdfs(PhonePolicyPdfCase):
    """The access approval form and the integrity certificate, rendered
    for real by wkhtmltopdf."""

    def setUp(self):
        super().setUp()
        self.company = self.env.company
        self.requester = new_test_user(
            self.env, "pp_pdf_requester", groups="base.group_user", name="Carol Wu"
        )
        department = self.env["hr.department"].create({"name": "Export Sales"})
        employee = self.env["hr.employee"].create(
            {
                "name": "Carol Wu",
                "user_id": self.requester.id,
                "department_id": department.id,
            }
        )
        self.category = self.env.ref("phone_policy.phone_call_category_procurement")
        partner = self.env["res.partner"].create({"name": "黃先生"})
        self.calls = self.env["phone.call"].create(
            [
                {
                    "employee_id": employee.id,
                    "partner_id": partner.id,
                    "date_start": datetime(2025, 2, 3 + day, 2, 0),
                    "category_id": self.category.id,
                    "subject": f"Supplier call {day}",
                }
                for day in range(3)
            ]
        )
        self.archive = self.env["phone.archive"].create(
            {
                "company_id": self.company.id,
                "period_date": date(2025, 2, 1),
                "category_id": self.category.id,
            }
        )
        self.archive.action_file()

    def test_access_approval_form(self):
        now = fields.Datetime.now()
        request = (
            self.env["phone.archive.access.request"]
            .with_user(self.requester)
            .create(
                {
                    "archive_ids": [Command.set(self.archive.ids)],
                    "purpose": "Supplier disputes the agreed delivery date.",
                    "date_from": now,
                    "date_to": now + timedelta(days=3),
                }
            )
        )
        request.action_submit()
        admin = self.env.ref("base.user_admin")
        request.with_user(admin).write({"decision_reason": "Limited to three days."})
        request.with_user(admin).action_approve()
        _pdf, text = self.render_pdf(
            "phone_policy.phone_archive_access_request_report_action", request
        )
        for expected in (
            "Archive access approval form",
            request.name,
            self.company.name,
            "Carol Wu",
            "Export Sales",
            "Supplier disputes the agreed delivery date.",
            self.archive.name,
            "Procurement",
            "2025-02",
            "Approved",
            "Limited to three days.",
            admin.name,
            "Manager's signature",
        ):
            self.assertIn(expected, text)

    def test_integrity_certificate(self):
        check = self.env["phone.archive.verification"]._run(self.company)
        _pdf, text = self.render_pdf(
            "phone_policy.phone_archive_verification_report_action", check
        )
        last = self.calls.sorted("archive_sequence")[-1]
        for expected in (
            "Call archive integrity certificate",
            "INTACT",
            self.company.name,
            f"{check.records_verified} archived calls verified",
            last.name,
            last.archive_hash,
            str(last.archive_sequence),
        ):
            self.assertIn(expected, text)
        # someone edits a call in the database: the certificate says where
        middle = self.calls.sorted("archive_sequence")[1]
        self.env.cr.execute(
            "UPDATE phone_call SET subject = 'Edited' WHERE id = %s", [middle.id]
        )
        broken = self.env["phone.archive.verification"]._run(self.company)
        _pdf, text = self.render_pdf(
            "phone_policy.phone_archive_verification_report_action", broken
        )
        for expected in (
            "BROKEN",
            "First broken link",
            "Altered content",
            middle.name,
            self.archive.name,
            str(middle.archive_sequence),
        ):
            self.assertIn(expected, text)
