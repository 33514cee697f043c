# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PhoneViolationAppealWizard(models.TransientModel):
    _name = "phone.violation.appeal.wizard"
    _description = "Appeal a Violation"
    _inherit = ["phone.guard.mixin"]
    # the violation checked when the wizard was opened
    _phone_create_only_fields = frozenset({"violation_id"})

    violation_id = fields.Many2one("phone.violation", required=True, ondelete="cascade")
    statement = fields.Text(
        required=True, help="Why you think the violation or its penalty is wrong."
    )

    @api.model_create_multi
    def create(self, vals_list):
        # only about a violation one may see (Odoo 18 checks nothing on transients)
        self.env["phone.violation"].browse(
            [vals["violation_id"] for vals in vals_list if vals.get("violation_id")]
        ).check_access("read")
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        self.violation_id._phone_appeal(self.statement)
        return {"type": "ir.actions.act_window_close"}
