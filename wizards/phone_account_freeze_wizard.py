# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class PhoneAccountFreezeWizard(models.TransientModel):
    """Freeze a phone account at once: the employee reporting a leak or an
    anomaly on their own account, or an officer freezing any account."""

    _name = "phone.account.freeze.wizard"
    _description = "Freeze a Phone Account"
    _inherit = ["phone.guard.mixin"]
    _phone_reach_fields = {"account_id": "read"}
    # filled in from the button that opens the wizard; create() and the
    # confirmation check who may act on the account in which mode
    _phone_free_fields = frozenset({"account_id", "mode"})
    _phone_create_only_fields = _phone_free_fields

    account_id = fields.Many2one(
        "phone.account", required=True, readonly=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("report", "Report by the employee"), ("freeze", "Freeze by an officer")],
        required=True,
        default="report",
        readonly=True,
    )
    kind = fields.Selection(
        [
            ("password_leak", "My password may have leaked"),
            ("account_anomaly", "Something unusual happened on my account"),
        ],
        "What to report",
        default="password_leak",
    )
    reason = fields.Text("What happened", required=True)

    @api.model_create_multi
    def create(self, vals_list):
        # only for an account one may see: one's own, or any for officers
        self.env["phone.account"].browse(
            [vals["account_id"] for vals in vals_list if vals.get("account_id")]
        ).check_access("read")
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "report":
            incident = self.account_id._phone_report_leak(self.kind, self.reason)
            message = _(
                "Your phone account is frozen and the administration department "
                "is notified (%(incident)s). They will issue you a new password.",
                incident=incident.name,
            )
        else:
            self.account_id._phone_officer_freeze(self.reason)
            message = _("The phone account is frozen.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
