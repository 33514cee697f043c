# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PhoneCallCallbackWizard(models.TransientModel):
    _name = "phone.call.callback.wizard"
    _description = "Schedule a Call-back"
    _inherit = ["phone.guard.mixin"]
    # who calls back is prefilled from the call
    _phone_reach_fields = {"call_id": "write"}
    # the call checked when the wizard was opened
    _phone_create_only_fields = frozenset({"call_id"})

    call_id = fields.Many2one("phone.call", required=True, ondelete="cascade")
    callback_datetime = fields.Datetime(
        "Call back at",
        required=True,
        compute="_compute_callback_datetime",
        # as the user: the contact's time zone of a call they may change
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Who calls back",
        required=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Html()
    quiet_hours_warning = fields.Char(
        string="Quiet hours warning", compute="_compute_quiet_hours_warning"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # promising a call-back changes the call: only for who may change it
        calls = self.env["phone.call"].browse(
            [vals["call_id"] for vals in vals_list if vals.get("call_id")]
        )
        calls.check_access("write")
        return super().create(vals_list)

    @api.depends("call_id")
    def _compute_callback_datetime(self):
        """In an hour, or at the first decent time after that for the
        contact (never inside their quiet hours)."""
        soon = fields.Datetime.now() + timedelta(hours=1)
        for wizard in self:
            company, tz_name = wizard._quiet_hours_of()
            wizard.callback_datetime = company._phone_first_decent_time(soon, tz_name)

    def _quiet_hours_of(self):
        """The company whose quiet hours apply and the contact's time zone."""
        self.ensure_one()
        call = self.call_id
        company = call.company_id or self.env.company
        return company, company._phone_contact_tz(call.partner_id)

    @api.depends("call_id")
    def _compute_user_id(self):
        for wizard in self:
            wizard.user_id = wizard.call_id.responsible_user_id or self.env.user

    @api.depends("callback_datetime", "call_id")
    def _compute_quiet_hours_warning(self):
        for wizard in self:
            company, tz_name = wizard._quiet_hours_of()
            period = company._phone_quiet_period(wizard.callback_datetime, tz_name)
            wizard.quiet_hours_warning = (
                _(
                    "This call-back falls in the contact's quiet hours (%(tz)s). "
                    "The policy asks to call at decent hours.",
                    tz=tz_name,
                )
                if period
                else False
            )

    def action_confirm(self):
        self.ensure_one()
        if self.callback_datetime < fields.Datetime.now() - timedelta(minutes=5):
            raise UserError(_("A call-back cannot be promised in the past."))
        self.call_id._schedule_callback(self.callback_datetime, self.user_id, self.note)
        return {"type": "ir.actions.act_window_close"}
