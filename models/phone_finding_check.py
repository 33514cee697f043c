# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .index_tools import apply_index_budget


class PhoneFindingCheck(models.Model):
    """Bookkeeping of the findings cron: which calls were evaluated, and
    which wait for a decision (a call-back window, the key points delay).

    Kept apart from ``phone.call`` so that evaluating a call never writes
    on it (archived calls are unalterable)."""

    _name = "phone.finding.check"
    _description = "Finding Evaluation of a Call"
    _inherit = ["phone.guard.mixin"]
    _order = "id"

    # no index of its own: the unique index on call_id serves it
    call_id = fields.Many2one("phone.call", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="call_id.company_id", store=True)
    state = fields.Selection([("waiting", "Waiting"), ("done", "Done")], required=True)
    due = fields.Datetime()

    _sql_constraints = [
        ("call_uniq", "unique(call_id)", "A call is evaluated once."),
    ]

    def init(self):
        res = super().init()
        # the findings cron: the waiting decisions that are due, in order
        apply_index_budget(
            self,
            {"phone_finding_check_waiting_idx": (["due", "id"], "state = 'waiting'")},
        )
        return res

    @api.model
    def _unchecked_call_ids(self, limit):
        """Calls never evaluated, oldest first."""
        if limit <= 0:
            return []
        self.env["phone.call"].flush_model()
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT c.id FROM phone_call c
             WHERE NOT EXISTS (
                   SELECT 1 FROM phone_finding_check k WHERE k.call_id = c.id)
             ORDER BY c.id
             LIMIT %s
            """,
            [limit],
        )
        return [call_id for (call_id,) in self.env.cr.fetchall()]

    @api.model
    def _record(self, outcome, checks):
        """Store {call id: (state, due)}; ``checks`` are the existing
        bookkeeping records of some of those calls."""
        by_call = {check.call_id.id: check for check in checks}
        new_values = []
        for call_id, (state, due) in outcome.items():
            check = by_call.get(call_id)
            if check:
                check.write({"state": state, "due": due})
            else:
                new_values.append({"call_id": call_id, "state": state, "due": due})
        if new_values:
            self.create(new_values)
