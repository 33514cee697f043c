# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class PhoneCallTransfer(models.Model):
    """One link of a call's transfer chain (policy §2.1.3: the caller is told
    and both sides confirm who they are before a call is put through)."""

    _name = "phone.call.transfer"
    _description = "Call Transfer"
    _inherit = ["phone.guard.mixin"]
    # whoever a call is transferred to reads it: only who may read it
    # records a transfer of it
    _phone_reach_fields = frozenset({"call_id"})
    _order = "call_id, sequence, id"
    _check_company_auto = True
    # the receiving user reads the call: only the people on it pass it on
    _phone_reach_fields = {"call_id": "_phone_check_handover"}

    def _default_from_employee(self):
        return self.env.user.employee_id

    call_id = fields.Many2one(
        "phone.call", "Call", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", related="call_id.company_id", store=True, index=True
    )
    sequence = fields.Integer("Step", readonly=True, copy=False)
    date = fields.Datetime("When", required=True, default=fields.Datetime.now)
    from_employee_id = fields.Many2one(
        "hr.employee",
        "Transferred by",
        required=True,
        index=True,
        default=_default_from_employee,
        check_company=True,
    )
    from_user_id = fields.Many2one(
        "res.users",
        "Transferring user",
        related="from_employee_id.user_id",
        store=True,
        index=True,
    )
    to_employee_id = fields.Many2one(
        "hr.employee", "To", required=True, index=True, check_company=True
    )
    to_user_id = fields.Many2one(
        "res.users",
        "Receiving user",
        related="to_employee_id.user_id",
        store=True,
        index=True,
    )
    to_department_id = fields.Many2one(
        "hr.department",
        "To department",
        related="to_employee_id.department_id",
        store=True,
    )
    reason = fields.Char("Why", required=True)
    caller_informed = fields.Boolean(
        "Caller told",
        help="The caller was told they are being transferred, and to whom.",
    )
    identity_confirmed = fields.Boolean(
        "Identities confirmed",
        help="Both sides confirmed who they are before the call was put through.",
    )
    follows_policy = fields.Boolean(
        "Follows the policy", compute="_compute_follows_policy", store=True
    )
    outcome = fields.Selection(
        [("transferred", "Put through"), ("message", "Message taken")],
        required=True,
        default="transferred",
    )
    target_availability = fields.Char(
        "Colleague's availability",
        readonly=True,
        help="What the directory said about the colleague at the time.",
    )
    message_id = fields.Many2one(
        "phone.message", "Message", readonly=True, ondelete="set null"
    )

    @api.depends("caller_informed", "identity_confirmed")
    def _compute_follows_policy(self):
        for transfer in self:
            transfer.follows_policy = (
                transfer.caller_informed and transfer.identity_confirmed
            )

    @api.depends("from_employee_id", "to_employee_id", "outcome")
    def _compute_display_name(self):
        for transfer in self:
            transfer.display_name = _(
                "%(sender)s → %(target)s",
                sender=transfer.from_employee_id.name or "",
                target=transfer.to_employee_id.name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        # number the links of each call's chain in the order they happen
        call_ids = {vals["call_id"] for vals in vals_list if vals.get("call_id")}
        last = {
            call.id: steps
            # sudo: the chain's length only; earlier links may be out of reach
            for call, steps in self.sudo()._read_group(
                [("call_id", "in", list(call_ids))], ["call_id"], ["sequence:max"]
            )
        }
        steps = []
        for vals in vals_list:
            step = 0
            if vals.get("call_id"):
                step = (last.get(vals["call_id"]) or 0) + 1
                last[vals["call_id"]] = step
            steps.append(step)
        transfers = super().create(vals_list)
        for transfer, step in zip(transfers, steps, strict=True):
            # sudo: the chain numbers its steps; their authors may not write
            transfer.sudo().sequence = step
        return transfers
