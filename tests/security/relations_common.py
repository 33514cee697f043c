# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the relation, related-field and archive attacks aim at: a
confidential call, archived calls (one of them confidential) with a note in
their chatter and a file, and a colleague holding an approved request to read
the archive. Every secret is a word that appears nowhere else, so that a test
can look for it in whatever the server sends back."""

from datetime import date, datetime, timedelta

from odoo import Command, fields

from .common import PhonePolicyRpcCase

# words that only the secret records contain
LIVE_SECRET = "Lotusmerger"
ARCHIVED_SECRET = "Orchidtender"
ARCHIVED_CONFIDENTIAL = "Peonyclaim"
ARCHIVED_NOTE = "Magnolianote"
OWN_NOTE = "Lilacownnote"
ARCHIVED_FILE = b"Camelliafile"
CATEGORY_NAME = "Wisteriadesk"
REPORT_SECRET = "Hibiscusreport"
VIOLATION_SECRET = "Jasmineevidence"
REWARD_SECRET = "Irisreward"


class RelationsCase(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.category = env["phone.call.category"].create(
            {"name": CATEGORY_NAME, "company_id": cls.company.id}
        )
        # pp_sales2's confidential call: only pp_sales2 and Managers read it
        cls.secret_call = cls._call(
            cls.user_sales2,
            confidentiality="confidential",
            subject=f"{LIVE_SECRET} terms",
            key_points=f"{LIVE_SECRET} price",
        )
        # pp_sales2's ordinary call: pp_sales (same department) reads it
        cls.dept_call = cls._call(cls.user_sales2, subject="Delivery dates")
        # March 2026 calls of the category, filed in an archive
        cls.archived_call = cls._call(
            cls.user_sales2,
            date_start=datetime(2026, 3, 2, 2, 0),
            category_id=cls.category.id,
            subject=f"{ARCHIVED_SECRET} offer",
            key_points=f"{ARCHIVED_SECRET} discount",
        )
        cls.archived_confidential = cls._call(
            cls.user_sales2,
            date_start=datetime(2026, 3, 3, 2, 0),
            category_id=cls.category.id,
            confidentiality="confidential",
            subject=f"{ARCHIVED_CONFIDENTIAL} settlement",
        )
        cls.archived_call.message_post(
            body=f"{ARCHIVED_NOTE}: the customer asked for a discount",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # the handler's own note, and the history of her own edit
        cls.own_note = cls.archived_call.with_user(cls.user_sales2).message_post(
            body=f"{OWN_NOTE}: promised a callback",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.archived_file = env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "raw": ARCHIVED_FILE,
                "res_model": "phone.call",
                "res_id": cls.archived_call.id,
            }
        )
        archive = (
            env["phone.archive"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "period_type": "month",
                    "period_date": date(2026, 3, 1),
                    "category_id": cls.category.id,
                }
            )
        )
        archive.action_file()
        cls.archive = env["phone.archive"].browse(archive.id)
        # pp_support may read the archive's ordinary calls, now
        now = fields.Datetime.now()
        request = (
            env["phone.archive.access.request"]
            .with_user(cls.user_support)
            .create(
                {
                    "company_id": cls.company.id,
                    "archive_ids": [Command.set(cls.archive.ids)],
                    "purpose": "Customer disputes the discount.",
                    "date_from": now - timedelta(hours=1),
                    "date_to": now + timedelta(days=2),
                }
            )
        )
        request.action_submit()
        request.with_user(cls.user_manager).action_approve()
        cls.grant = env["phone.archive.access.request"].browse(request.id)
        # HR's: pp_support reports pp_sales2; the draft violation HR made of
        # it; an anonymous reporter's reward, seen by its holder alone
        submission = (
            env["phone.whistleblow.filing"]
            .with_user(cls.user_support)
            .create(
                {
                    "company_id": cls.company.id,
                    "accused_employee_id": cls.emp_sales2.id,
                    "description": f"{REPORT_SECRET}: insulted a customer",
                    "is_anonymous": True,
                }
            )
        )
        cls.whistle_report = submission.sudo().case_id
        cls.hr_violation = env["phone.violation"]._create_draft(
            cls.emp_sales2,
            "phone_policy.violation_type_etiquette",
            source="report",
            evidence=f"{VIOLATION_SECRET}: the customer's complaint",
            whistleblow_case_id=cls.whistle_report.id,
        )
        cls.reward = env["phone.commendation"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.emp_support.id,
                "source": "report",
                "reason": f"{REWARD_SECRET} for a substantiated report",
                "points": 5,
                "is_confidential": True,
                "state": "confirmed",
            }
        )

    def access_logs(self, user=None):
        """The archive access log lines of ``user`` (all when None)."""
        domain = [("user_id", "=", user.id)] if user else []
        return self.env["phone.archive.access.log"].sudo().search(domain)

    def assertNoSecret(self, payload, *secrets, msg=None):
        """None of ``secrets`` appears in what the server sent back."""
        text = payload if isinstance(payload, str) else repr(payload)
        for secret in secrets or (
            LIVE_SECRET,
            ARCHIVED_SECRET,
            ARCHIVED_CONFIDENTIAL,
            ARCHIVED_NOTE,
            OWN_NOTE,
            REPORT_SECRET,
            VIOLATION_SECRET,
            REWARD_SECRET,
        ):
            found = text.find(secret)
            if found >= 0:
                excerpt = text[max(found - 150, 0) : found + 150]
                self.fail(msg or f"{secret!r} leaked: ...{excerpt}...")
