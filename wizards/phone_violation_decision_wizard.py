# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PhoneViolationDecisionWizard(models.TransientModel):
    _name = "phone.violation.decision.wizard"
    _description = "Cancel or Uphold a Violation"
    _inherit = ["phone.guard.mixin"]
    # the violation checked when the wizard was opened
    _phone_create_only_fields = frozenset({"violation_id"})

    violation_id = fields.Many2one("phone.violation", required=True, ondelete="cascade")
    # the drafts cancelled together from the list (violation_id is one of them)
    cancel_violation_ids = fields.Many2many("phone.violation", string="Violations")
    mode = fields.Selection(
        [("cancel", "Cancel"), ("uphold", "Uphold")], required=True, default="cancel"
    )
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        # only about a violation one may see (Odoo 18 checks nothing on transients)
        violations = self.env["phone.violation"].browse(
            [vals["violation_id"] for vals in vals_list if vals.get("violation_id")]
        )
        for vals in vals_list:
            violations |= violations.browse(
                self._fields["cancel_violation_ids"].convert_to_cache(
                    vals.get("cancel_violation_ids", []), self.browse()
                )
            )
        violations.check_access("read")
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "cancel":
            (self.violation_id | self.cancel_violation_ids)._phone_cancel(self.reason)
        else:
            self.violation_id._phone_close(self.reason)
        return {"type": "ir.actions.act_window_close"}
