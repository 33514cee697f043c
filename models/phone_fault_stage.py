# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

STAGE_STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("progress", "In progress"),
    ("waiting", "Waiting"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]


class PhoneFaultStage(models.Model):
    _name = "phone.fault.stage"
    _description = "Fault Ticket Stage"
    _inherit = ["phone.guard.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        "Folded in kanban", help="Folded stages are collapsed in the kanban view."
    )
    state = fields.Selection(
        STAGE_STATES,
        "Step of the workflow",
        required=True,
        default="progress",
        help="What reaching this stage means for the ticket: it drives the "
        "times recorded (assigned, first response, resolved, closed), the "
        "service levels and the reporter's confirmation.",
    )
    description = fields.Text(translate=True)
    fault_count = fields.Integer("Tickets", compute="_compute_fault_count")

    def _compute_fault_count(self):
        counts = dict(
            self.env["phone.fault"]._read_group(
                [("stage_id", "in", self.ids)], ["stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.fault_count = counts.get(stage, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_of_its_step(self):
        remaining = {
            state
            for [state] in self._read_group([("id", "not in", self.ids)], ["state"], [])
        }
        for stage in self:
            if stage.state not in remaining:
                raise UserError(
                    _(
                        "Stage %(stage)s is the last one for its step of the "
                        "workflow; keep at least one.",
                        stage=stage.name,
                    )
                )
