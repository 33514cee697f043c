# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-up by e-mail (issue 20, policy §4.2.2): an outbound call that did
not connect -> Odoo's composer with the template -> sent -> on the call."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .security.common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestCallFollowup(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_tw_contact.email = "huang@formosa.example.com"
        cls.call = cls._call(
            cls.user_sales,
            partner_id=cls.partner_tw_contact.id,
            answered=False,
            subject="Quotation Q-17",
        )

    def _compose(self, login, action):
        """The composer as the web client opens it: created with the
        action's context, then sent."""
        context = action["context"]
        defaults = self.rpc(
            login,
            "mail.compose.message",
            "default_get",
            ["subject", "body", "partner_ids", "template_id", "model", "res_ids"],
            context=context,
        )
        self.assertTrue(defaults.ok, defaults)
        composer = self.rpc(
            login, "mail.compose.message", "create", {}, context=context
        )
        self.assertTrue(composer.ok, composer)
        return composer.value

    def test_follow_up_by_email(self):
        action = self.rpc(
            "pp_sales", "phone.call", "action_followup_email", self.call.ids
        )
        self.assertTrue(action.ok, action)
        self.assertEqual(action.value["res_model"], "mail.compose.message")
        composer_id = self._compose("pp_sales", action.value)
        composer = self.env["mail.compose.message"].browse(composer_id)
        # prefilled: to the contact, about the call
        self.assertEqual(composer.partner_ids, self.partner_tw_contact)
        self.assertEqual(composer.subject, "We tried to reach you: Quotation Q-17")
        self.assertIn("When may we call you back?", composer.body)
        sent = self.rpc(
            "pp_sales",
            "mail.compose.message",
            "action_send_mail",
            [composer_id],
            context=action.value["context"],
        )
        self.assertTrue(sent.ok, sent)
        message = self.call.message_ids.filtered(
            lambda m: m.subject == "We tried to reach you: Quotation Q-17"
        )
        self.assertEqual(len(message), 1, "the e-mail is logged on the call")
        self.assertEqual(message.partner_ids, self.partner_tw_contact)
        self.assertTrue(self.call.followup_email_date, "it counts as the follow-up")
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        self.assertEqual(mail.recipient_ids, self.partner_tw_contact)
        # once followed up, the button says so
        with mute_logger("odoo.http"):
            self.assertRefused(
                self.rpc(
                    "pp_sales",
                    "phone.call",
                    "write",
                    self.call.ids,
                    {"followup_email_date": False},
                ),
            )
        self.assertTrue(self.call.followup_email_date)

    def test_only_unanswered_outbound_calls_of_ones_own(self):
        answered = self._call(self.user_sales, partner_id=self.partner_tw_contact.id)
        with mute_logger("odoo.http"):
            result = self.rpc(
                "pp_sales", "phone.call", "action_followup_email", answered.ids
            )
        self.assertRefused(result, error="odoo.exceptions.UserError")
        # colleagues who may only read the call, or not at all, write nothing from it
        for login in ("pp_sales2", "pp_support", "pp_mgr"):
            with mute_logger("odoo.http"):
                result = self.rpc(
                    login, "phone.call", "action_followup_email", self.call.ids
                )
            self.assertRefused(result, msg=login)
        # a note on the call is no follow-up
        self.call.with_user(self.user_sales).message_post(
            body="Tried twice", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.call.followup_email_date)


@tagged("post_install", "-at_install")
class TestCallFollowupTour(PhonePolicyRpcCase):
    def test_follow_up_tour(self):
        self.partner_tw_contact.email = "huang@formosa.example.com"
        call = self._call(
            self.user_sales,
            partner_id=self.partner_tw_contact.id,
            answered=False,
            subject="Quotation Q-17",
        )
        self.start_tour(
            f"/odoo/action-phone_policy.phone_call_action/{call.id}",
            "phone_policy_call_followup_tour",
            login="pp_sales",
        )
        self.assertTrue(call.followup_email_date)
        self.assertTrue(
            call.message_ids.filtered(
                lambda m: m.subject == "We tried to reach you: Quotation Q-17"
            )
        )
