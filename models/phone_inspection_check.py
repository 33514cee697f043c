# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class PhoneInspectionCheck(models.Model):
    _name = "phone.inspection.check"
    _description = "Inspection Checklist Item"
    _inherit = ["phone.guard.mixin"]
    _order = "line_id, sequence, id"
    # the checklist comes with the sampled call; inspectors record results
    _phone_workflow_fields = frozenset({"line_id", "criterion_id"})

    line_id = fields.Many2one(
        "phone.inspection.line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    criterion_id = fields.Many2one(
        "phone.inspection.criterion", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(
        help="The criterion's weight when the call was sampled.", readonly=True
    )
    result = fields.Selection(
        [
            ("todo", "To check"),
            ("pass", "Passed"),
            ("fail", "Failed"),
            ("na", "Not applicable"),
        ],
        required=True,
        default="todo",
    )
    prefilled = fields.Boolean(
        "From the call record",
        readonly=True,
        help="Prefilled from what the call recorded.",
    )
    prefill_source = fields.Selection(
        [
            ("measured", "Measured by the phone system"),
            ("declared", "Declared by the employee"),
            ("record", "The call's record"),
        ],
        "Prefilled from",
        readonly=True,
        help="Where the prefilled result comes from: a fact the phone system "
        "measured, one the employee declared (check it), or the record.",
    )

    def write(self, vals):
        if "result" in vals and any(
            check.line_id.inspection_id.state in ("done", "cancelled") for check in self
        ):
            raise UserError(_("The checklist of a closed inspection cannot change."))
        return super().write(vals)
