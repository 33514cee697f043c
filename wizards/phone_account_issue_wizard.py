# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class PhoneAccountIssueWizard(models.TransientModel):
    _name = "phone.account.issue.wizard"
    _description = "Issue a Phone Password"
    _inherit = ["phone.guard.mixin"]
    # filled in from the button that opens the wizard (officers only)
    _phone_free_fields = frozenset({"account_id", "incident_id"})
    _phone_create_only_fields = _phone_free_fields

    account_id = fields.Many2one(
        "phone.account", required=True, readonly=True, ondelete="cascade"
    )
    account_state = fields.Selection(
        related="account_id.state", string="Account status"
    )
    incident_id = fields.Many2one(
        "phone.security.incident", readonly=True, ondelete="cascade"
    )
    reason = fields.Char(
        help="Why a new password is issued; written in the account's chatter."
    )

    def action_issue(self):
        self.ensure_one()
        account = self.account_id
        if account.state != "draft" and not self.reason:
            raise UserError(_("Say why a new password is issued."))
        password = account._phone_issue_password(self.reason)
        if self.incident_id:
            self.incident_id._phone_record_action("action_password_reset")
            self.incident_id.message_post(
                body=_(
                    "%(user)s issued a new initial password for %(account)s.",
                    user=self.env.user.name,
                    account=account.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        # shown once: the password travels in this answer only, to a form of
        # a model without table (as res.users' API keys), never stored
        return {
            "type": "ir.actions.act_window",
            "name": _("Initial password"),
            "res_model": "phone.account.password.show",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_account_id": account.id,
                "default_password": password,
            },
        }


class PhoneAccountPasswordShow(models.AbstractModel):
    _name = "phone.account.password.show"
    _description = "Initial Phone Password, Shown Once"

    # the field 'id' is necessary for the onchange that returns the password
    id = fields.Id()
    account_id = fields.Many2one("phone.account", readonly=True)
    password = fields.Char(readonly=True)
