# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.phone_guard import phone_workflow


class PhoneCallTransferWizard(models.TransientModel):
    """Transfer a call to a colleague, or take a message when the colleague
    cannot come to the phone (policy §2.1.3)."""

    _name = "phone.call.transfer.wizard"
    _description = "Transfer a Call"
    _inherit = ["phone.guard.mixin"]
    # only for a call one is on (Odoo 18 checks nothing on transients)
    _phone_reach_fields = {"call_id": "_phone_check_handover"}
    # the call checked when the wizard was opened
    _phone_create_only_fields = frozenset({"call_id"})

    call_id = fields.Many2one("phone.call", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="call_id.company_id")
    to_employee_id = fields.Many2one(
        "hr.employee",
        "Transfer to",
        required=True,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    availability = fields.Char(compute="_compute_availability")
    target_away = fields.Boolean(string="Target away", compute="_compute_availability")
    target_unavailable = fields.Boolean(
        "Colleague unavailable",
        compute="_compute_target_unavailable",
        store=True,
        readonly=False,
        help="The colleague is away or does not answer: take a message instead.",
    )
    reason = fields.Char("Why")
    caller_informed = fields.Boolean("Caller told of the transfer")
    identity_confirmed = fields.Boolean("Both sides confirmed their identity")
    # the message taken instead
    body = fields.Text("Message")
    urgency = fields.Selection(
        [("normal", "Normal"), ("urgent", "Urgent")], required=True, default="normal"
    )
    callback_requested = fields.Boolean("Call-back requested")
    callback_by = fields.Datetime(
        "Call back by", default=lambda self: fields.Datetime.now() + timedelta(hours=2)
    )

    @api.depends("to_employee_id")
    def _compute_availability(self):
        current = self.env["phone.coverage"]._current_coverages(self.to_employee_id)
        for wizard in self:
            coverage = current.get(wizard.to_employee_id.id)
            wizard.target_away = bool(coverage)
            if not wizard.to_employee_id:
                wizard.availability = False
            elif coverage:
                wizard.availability = coverage._availability_text()
            else:
                wizard.availability = _("Available")

    @api.depends("target_away")
    def _compute_target_unavailable(self):
        for wizard in self:
            wizard.target_unavailable = wizard.target_away

    def _transfer_values(self, outcome, message=False):
        self.ensure_one()
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(
                _("Only an employee can transfer a call: your user has none.")
            )
        return {
            "call_id": self.call_id.id,
            "from_employee_id": employee.id,
            "to_employee_id": self.to_employee_id.id,
            "reason": self.reason or (message and _("Message taken")) or "",
            "caller_informed": self.caller_informed,
            "identity_confirmed": self.identity_confirmed,
            "outcome": outcome,
            "target_availability": self.availability,
            "message_id": message and message.id,
        }

    def action_transfer(self):
        self.ensure_one()
        self.call_id.check_access("read")
        if not self.reason:
            raise UserError(_("Say why the call is transferred."))
        values = self._transfer_values("transferred")
        # the transfer's facts (the colleague's availability) are the
        # wizard's to record
        with phone_workflow():
            self.env["phone.call.transfer"].create(values)
        return {"type": "ir.actions.act_window_close"}

    def action_take_message(self):
        self.ensure_one()
        self.call_id.check_access("read")
        if not (self.body or "").strip():
            raise UserError(
                _(
                    "Write down the message for %(employee)s.",
                    employee=self.to_employee_id.name,
                )
            )
        call = self.call_id
        # the message is taken on the call checked above: its recipient will
        # read that call
        with phone_workflow():
            message = self._take_message(call)
            self.env["phone.call.transfer"].create(
                self._transfer_values("message", message)
            )
        return {"type": "ir.actions.act_window_close"}

    def _take_message(self, call):
        return self.env["phone.message"].create(
            {
                "company_id": call.company_id.id,
                "recipient_employee_id": self.to_employee_id.id,
                "call_id": call.id,
                "partner_id": call.partner_id.id,
                "caller_name": call.counterpart_name,
                "caller_company": call.counterpart_organization,
                "caller_phone": call.phone,
                "date": fields.Datetime.now(),
                "body": self.body,
                "urgency": self.urgency,
                "callback_requested": self.callback_requested,
                "callback_by": self.callback_requested and self.callback_by,
            }
        )
