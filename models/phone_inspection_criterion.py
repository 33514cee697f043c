# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PhoneInspectionCriterion(models.Model):
    _name = "phone.inspection.criterion"
    _description = "Phone Inspection Criterion"
    _inherit = ["phone.guard.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the criterion in every company.",
    )
    weight = fields.Float(
        default=1.0,
        help="Weight of the criterion in the score of an inspected call.",
    )
    call_fact = fields.Selection(
        [
            ("answered_in_time", "Answered within the ring limit"),
            ("greeting", "Greeting given"),
            ("closing", "Polite closing given"),
            ("record_complete", "Record complete"),
            ("work_use", "Work call (no personal use)"),
        ],
        "Prefilled from the call",
        help="The fact recorded on the call that prefills this item of the "
        "checklist; the inspector can still change it.",
    )
    violation_type_id = fields.Many2one(
        "phone.violation.type",
        "Violation when failed",
        help="Type of the draft violation proposed when a call fails this item.",
    )
    description = fields.Text(translate=True)

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    _(
                        "The weight of %(criterion)s must be positive.",
                        criterion=criterion.name,
                    )
                )

    def _phone_prefill(self, call):
        """(result, source) for ``call`` on this criterion: the result
        'pass', 'fail', 'na' or 'todo', and where the fact comes from
        ('measured' by the phone system, 'declared' by the employee, the
        call's 'record', or False): a fact nobody measured or declared is
        left to the inspector."""
        self.ensure_one()
        fact = self.call_fact
        if fact == "answered_in_time":
            if call.direction != "inbound" or not call.answered:
                return "na", False
            if call.ring_source == "unknown":
                return "todo", False
            return ("pass" if call.answered_in_time else "fail"), call.ring_source
        if fact == "greeting":
            if call.direction != "inbound":
                return "todo", False
            return ("pass" if call.greeting_given else "fail"), "declared"
        if fact == "closing":
            return ("pass" if call.closing_given else "fail"), "declared"
        if fact == "record_complete":
            return ("pass" if call.is_complete else "fail"), "record"
        if fact == "work_use":
            return ("pass" if call.nature == "work" else "fail"), "record"
        return "todo", False
