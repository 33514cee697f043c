# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The penalty ladder of a violation (policy §6.2): the penalty proposed from
the employee's earlier offences of the same kind, and why it escalates."""

from datetime import timedelta

from odoo import _, api, fields, models

from .phone_violation import COUNTED_STATES
from .phone_violation_type import PENALTIES, PENALTY_RANK


class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    # computed as whoever records the violation, counting the earlier
    # offences they may read: an Officer's draft must not reveal HR's
    # violations by their count (SECURITY.md, class 7); the Manager who
    # confirms recomputes it over everything
    proposed_penalty = fields.Selection(
        PENALTIES,
        string="Proposed penalty",
        compute="_compute_proposed_penalty",
        compute_sudo=False,
        store=True,
        help="What the penalty ladder proposes: the type's penalty, or the "
        "step above the heaviest earlier penalty for a repeat offence.",
    )
    escalation_note = fields.Char(
        string="Escalation note",
        compute="_compute_proposed_penalty",
        compute_sudo=False,
        store=True,
    )

    @api.depends("type_id", "employee_id", "date")
    def _compute_proposed_penalty(self):
        for violation in self:
            penalty, note = violation._phone_ladder_proposal()
            violation.proposed_penalty = penalty
            violation.escalation_note = note

    def _phone_prior_offences(self):
        """Confirmed violations of the same employee and category within the
        company's rolling window before this one."""
        self.ensure_one()
        if not (self.employee_id and self.type_id and self.date):
            return self.browse()
        company = self.company_id or self.env.company
        window_start = self.date - timedelta(days=company.phone_repeat_offence_days)
        domain = [
            ("employee_id", "=", self.employee_id.id),
            ("category", "=", self.type_id.category),
            ("state", "in", COUNTED_STATES),
            ("date", ">", window_start),
            ("date", "<=", self.date),
        ]
        if isinstance(self.id, int):
            domain.append(("id", "!=", self.id))
        # as the user: the Manager who confirms reads every earlier offence
        return self.search(domain)

    def _phone_ladder_proposal(self):
        """(penalty, explanation) the ladder proposes for this violation."""
        self.ensure_one()
        base = self.type_id.default_penalty or "verbal_warning"
        prior = self._phone_prior_offences()
        company = self.company_id or self.env.company
        nth = len(prior) + 1
        if not prior or nth < company.phone_repeat_offence_count:
            return base, False
        heaviest = max(PENALTY_RANK[p] for p in prior.mapped("penalty") if p)
        rank = max(PENALTY_RANK[base], min(heaviest + 1, len(PENALTIES) - 1))
        penalty = PENALTIES[rank][0]
        category = dict(self._fields["category"]._description_selection(self.env)).get(
            self.type_id.category
        )
        return penalty, _(
            "Offence no. %(nth)s in %(category)s within %(days)s days: the ladder "
            "proposes the next penalty.",
            nth=nth,
            category=category,
            days=company.phone_repeat_offence_days,
        )
