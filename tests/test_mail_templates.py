# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The workflows' e-mails (issue 20): each written with its mail template,
in the recipient's language, with the right attachment, to the right
person only."""

import base64

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneFaultCase, load_zh_tw, pdf_text
from .security.common import PhonePolicyRpcCase
from .security.people_common import PeopleRpcCase


class MailMixin:
    @classmethod
    def _chinese(cls, user):
        load_zh_tw(cls.env, modules=("phone_policy", "mail"))
        user.lang = "zh_TW"

    def _mails(self, model, res_id):
        """The mails of the templates on the record (not the notifications
        of its chatter and activities)."""
        note = self.env.ref("mail.mt_note")
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", model),
                    ("res_id", "=", res_id),
                    ("message_type", "in", ("comment", "email_outgoing")),
                    "|",
                    ("subtype_id", "=", note.id),
                    ("subtype_id", "=", False),
                ],
                order="id",
            )
        )

    def _pdf_text(self, attachment):
        pdf = base64.b64decode(attachment.datas)
        self.assertTrue(pdf.startswith(b"%PDF"), "the attachment is a real PDF")
        return pdf_text(pdf)


@tagged("post_install", "-at_install")
class TestMailNotices(MailMixin, PeopleRpcCase):
    def test_penalty_notice_with_pdf(self):
        violation = self._violation(self.emp_sales, confirm=False)
        # in the test's thread: wkhtmltopdf fetches its assets from the
        # server, which serves one request at a time in tests
        violation.with_user(self.user_manager).with_context(
            force_report_rendering=True
        ).action_confirm()
        mail = self._mails("phone.violation", violation.id)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.user_sales.partner_id)
        self.assertEqual(mail.subject, f"Penalty notice {violation.name}")
        self.assertIn("Acknowledge or appeal", mail.body_html)
        self.assertIn(
            f"/mail/view?model=phone.violation&amp;res_id={violation.id}",
            mail.body_html,
        )
        self.assertEqual(len(mail.attachment_ids), 1)
        text = self._pdf_text(mail.attachment_ids)
        self.assertIn("Penalty notice", text)
        self.assertIn(violation.name, text)
        # on the violation's chatter for its readers, not on anyone else's
        self.assertEqual(mail.mail_message_id.model, "phone.violation")

    def test_penalty_notice_in_chinese(self):
        self._chinese(self.user_sales)
        violation = self._violation(self.emp_sales)
        mail = self._mails("phone.violation", violation.id)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"處分通知 {violation.name}")
        self.assertIn("確認或申訴", mail.body_html)
        self.assertNotIn("Acknowledge or appeal", mail.body_html)

    def test_colleague_cannot_read_the_penalty_mail(self):
        violation = self._violation(self.emp_sales, confirm=False)
        # HR confirms over RPC (the notice is HTML in tests: see above)
        result = self.rpc(
            "pp_manager", "phone.violation", "action_confirm", violation.ids
        )
        self.assertTrue(result.ok, result)
        message = self._mails("phone.violation", violation.id).mail_message_id
        self.assertTrue(message)
        for login in ("pp_sales2", "pp_support"):
            with mute_logger("odoo.http"):
                read = self.rpc(login, "mail.message", "read", message.ids, ["body"])
            self.assertRefused(read, msg=login)
            found = self.rpc(
                login,
                "mail.message",
                "search",
                [("model", "=", "phone.violation"), ("res_id", "=", violation.id)],
            )
            self.assertEqual(found.value, [], login)
            attachments = self.rpc(
                login,
                "ir.attachment",
                "search",
                [("res_model", "=", "phone.violation"), ("res_id", "=", violation.id)],
            )
            self.assertEqual(attachments.value, [], login)
        # the employee reads their own notice
        own = self.rpc("pp_sales", "mail.message", "read", message.ids, ["body"])
        self.assertTrue(own.ok, own)

    def test_whistleblower_status_updates_reveal_nothing(self):
        self._chinese(self.user_support)
        case = self._anonymous_report(self.user_sales, self.emp_support)
        filing = self.env["phone.whistleblow.filing"].search(
            [("case_id", "=", case.id)]
        )
        case.write({"violation_type_id": self.type_late.id})
        received = self._mails("phone.whistleblow.filing", filing.id)
        self.assertEqual(len(received), 1)
        self.assertEqual(received.recipient_ids, self.user_sales.partner_id)
        self.assertEqual(received.subject, f"Your report {case.name} was received")
        self.rpc(
            "pp_manager",
            "phone.whistleblow.case",
            "action_start_investigation",
            case.ids,
        )
        case.investigation_note = "<p>Ring log shows 14 personal calls</p>"
        result = self.rpc(
            "pp_manager", "phone.whistleblow.case", "action_substantiate", case.ids
        )
        self.assertTrue(result.ok, result)
        mails = self._mails("phone.whistleblow.filing", filing.id)
        self.assertEqual(
            mails.mapped("subject"),
            [
                f"Your report {case.name} was received",
                f"Your report {case.name} is being investigated",
                f"Your report {case.name} is closed",
            ],
        )
        for mail in mails:
            self.assertEqual(mail.recipient_ids, self.user_sales.partner_id)
            body = mail.body_html
            for secret in (
                self.emp_support.name,
                "personal calls",
                "substantiated",
                self.type_late.name,
                "pp_manager",
            ):
                self.assertNotIn(secret, body)
        # nothing of it on the investigators' side
        self.assertFalse(
            case.sudo().message_ids.filtered(
                lambda m: self.user_sales.partner_id in m.partner_ids
            )
        )
        # the investigator cannot find the reporter through the mails
        found = self.rpc(
            "pp_manager",
            "mail.message",
            "search_read",
            [("model", "=", "phone.whistleblow.filing")],
            ["partner_ids"],
        )
        self.assertTrue(found.ok, found)
        self.assertEqual(found.value, [])

    def test_whistleblower_in_chinese(self):
        self._chinese(self.user_sales)
        case = self._anonymous_report(self.user_sales, self.emp_support)
        filing = self.env["phone.whistleblow.filing"].search(
            [("case_id", "=", case.id)]
        )
        mail = self._mails("phone.whistleblow.filing", filing.id)
        self.assertEqual(mail.subject, f"您的檢舉 {case.name} 已收到")


@tagged("post_install", "-at_install")
class TestFaultMail(MailMixin, PhonePolicyRpcCase, PhoneFaultCase):
    def test_repair_done_please_confirm(self):
        self._chinese(self.user_support)
        for user, subject in (
            (self.user_sales, "{}: repair done, please confirm"),
            (self.user_support, "{}：維修完成，請確認"),
        ):
            fault = self._fault(user, technician_id=self.user_tech.id)
            fault.with_user(self.user_tech).write(
                {
                    "resolution": "<p>Replaced the handset cord</p>",
                    "stage_id": self.env.ref(
                        "phone_policy.phone_fault_stage_resolved"
                    ).id,
                }
            )
            mail = self._mails("phone.fault", fault.id)
            self.assertEqual(len(mail), 1, user.login)
            self.assertEqual(mail.recipient_ids, user.partner_id)
            self.assertEqual(mail.subject, subject.format(fault.name))
            self.assertIn(
                f"/mail/view?model=phone.fault&amp;res_id={fault.id}", mail.body_html
            )
        # no mail when the reporter closes it themselves
        fault = self._fault(self.user_tech, technician_id=self.user_tech.id)
        fault.with_user(self.user_tech).write(
            {
                "resolution": "<p>Replaced the handset cord</p>",
                "stage_id": self.env.ref("phone_policy.phone_fault_stage_resolved").id,
            }
        )
        self.assertFalse(self._mails("phone.fault", fault.id))
