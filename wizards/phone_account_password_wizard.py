# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list

from ..models.phone_guard import phone_workflow


class PhoneAccountPasswordWizard(models.TransientModel):
    """Change my phone password. The passwords never reach the database:
    the fields holding them are not stored (like res.users' new_password);
    saving the wizard checks them against the policy and keeps only the
    hash of the new password, in the account's history."""

    _name = "phone.account.password.wizard"
    _description = "Change My Phone Password"
    _inherit = ["phone.guard.mixin"]
    # the account's status shows on the wizard
    _phone_reach_fields = {"account_id": "read"}
    # the account checked when the wizard was opened
    _phone_create_only_fields = frozenset({"account_id"})

    def _default_account(self):
        return self.env["phone.account"].search(
            [("user_id", "=", self.env.uid), ("state", "in", ("active", "frozen"))],
            limit=1,
        )

    account_id = fields.Many2one(
        "phone.account",
        "Phone account",
        required=True,
        ondelete="cascade",
        default=_default_account,
        domain=lambda self: [("user_id", "=", self.env.uid)],
    )
    account_state = fields.Selection(
        related="account_id.state", string="Account status"
    )
    policy = fields.Text("Password rules", compute="_compute_policy")
    current_password = fields.Char(
        string="Current password",
        compute="_compute_passwords",
        inverse="_inverse_passwords",
    )
    new_password = fields.Char(
        string="New password",
        compute="_compute_passwords",
        inverse="_inverse_passwords",
    )
    confirm_password = fields.Char(
        "Confirm new password",
        compute="_compute_passwords",
        inverse="_inverse_passwords",
    )
    done = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        # self-service: one's own account only, whoever one is
        accounts = self.env["phone.account"].browse(
            [vals["account_id"] for vals in vals_list if vals.get("account_id")]
        )
        # refused alike whether one may read the account or not: who may not
        # hears the access error, who may (officers) that it is not theirs
        accounts._check_owner()
        return super().create(vals_list)

    @api.depends("account_id")
    def _compute_policy(self):
        for wizard in self:
            company = wizard.account_id.company_id or self.env.company
            classes = [label for _key, label in company._phone_password_rules()]
            lines = [
                _(
                    "At least %(length)s characters.",
                    length=company.phone_password_min_length,
                )
            ]
            if classes:
                lines.append(
                    _("With %(classes)s.", classes=format_list(self.env, classes)),
                )
            lines.append(_("Not the initial password you were given."))
            if company.phone_password_history:
                lines.append(
                    _(
                        "Not one of your last %(count)s passwords.",
                        count=company.phone_password_history,
                    )
                )
            wizard.policy = "\n".join(lines)

    def _compute_passwords(self):
        for wizard in self:
            wizard.current_password = False
            wizard.new_password = False
            wizard.confirm_password = False

    def _inverse_passwords(self):
        for wizard in self:
            wizard.account_id._phone_change_password(
                wizard.current_password, wizard.new_password, wizard.confirm_password
            )
            # the password was changed: only then is the wizard done
            with phone_workflow():
                wizard.done = True

    def action_done(self):
        self.ensure_one()
        if not self.done:
            raise UserError(_("Type your current password, then the new one twice."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Your phone password is changed. Set the new one on your phone too."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
