# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from .phone_guard import phone_workflow


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneCall(models.Model):
    """Follow-up by e-mail (policy §4.2.2): when an outbound call does not
    connect, the contact is written to instead, from the call; the e-mail
    is logged on the call and counts as its follow-up."""

    _inherit = "phone.call"

    followup_email_date = fields.Datetime(
        "Followed up by e-mail",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the contact was written to after this call did not connect.",
    )

    def action_followup_email(self):
        """Odoo's composer, to the contact, with the follow-up template."""
        self.ensure_one()
        # who may not post on the call may not write from it
        self.check_access("write")
        if self.direction != "outbound" or self.answered:
            raise UserError(
                _(
                    "Only an outbound call that did not connect is followed up "
                    "by e-mail."
                )
            )
        if not self.partner_id.email:
            raise UserError(
                _(
                    "%(contact)s has no e-mail address: add one to the contact first.",
                    contact=self.partner_id.display_name or _("The contact"),
                )
            )
        template = self.env.ref("phone_policy.mail_template_call_followup")
        return {
            "type": "ir.actions.act_window",
            "name": _("Follow up by e-mail"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        # an e-mail to the contact of a call that did not connect is its
        # follow-up, however it was written
        if (
            len(self) == 1
            and not self.followup_email_date
            and self.direction == "outbound"
            and not self.answered
            and self.partner_id
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.partner_id in message.partner_ids
        ):
            with phone_workflow():
                self.write({"followup_email_date": fields.Datetime.now()})
        return result
