# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.groups import OFFICER_GROUP
from ..utils.limits import MAX_INSPECTION_DAYS, MAX_SAMPLE_SIZE
from .phone_guard import phone_workflow


def _new_seed():
    return random.SystemRandom().randint(1, 2**31 - 1)


class PhoneInspection(models.Model):
    _name = "phone.inspection"
    _description = "Phone Usage Inspection"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True
    # the sample is drawn, and the inspection closed, with the buttons
    _phone_workflow_fields = frozenset({"state"})

    def _default_sample_size(self):
        return self.env.company.phone_inspection_sample_size

    user_id = fields.Many2one(
        "res.users",
        "Inspector",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain=lambda self: self.env["res.users"]._phone_group_domain(OFFICER_GROUP),
    )
    plan_id = fields.Many2one(
        "phone.inspection.plan", index="btree_not_null", check_company=True
    )
    department_id = fields.Many2one(
        "hr.department", tracking=True, index=True, check_company=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        tracking=True,
        index=True,
        check_company=True,
        help="Inspect one employee's calls instead of a whole department's.",
    )
    date_from = fields.Date("Period from", required=True, tracking=True)
    date_to = fields.Date("Period to", required=True, tracking=True)
    sample_size = fields.Integer(
        string="Sample size", default=_default_sample_size, tracking=True
    )
    seed = fields.Integer(
        "Sampling seed",
        default=lambda self: _new_seed(),
        copy=False,
        help="The same seed over the same calls draws the same sample: anyone "
        "can check how the sample was drawn.",
    )
    population_count = fields.Integer(
        "Calls in the period",
        readonly=True,
        copy=False,
        help="Number of calls the sample was drawn from.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "phone.inspection.line", "inspection_id", "Sampled calls", copy=False
    )
    score = fields.Float(
        "Total score (%)",
        compute="_compute_score",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="Average score of the assessed calls.",
    )
    finding_count = fields.Integer(
        string="Finding count", compute="_compute_score", store=True
    )
    violation_ids = fields.One2many("phone.violation", "inspection_id")
    violation_count = fields.Integer(
        string="Violation count", compute="_compute_counts"
    )
    commendation_ids = fields.One2many("phone.commendation", "inspection_id")
    commendation_count = fields.Integer(
        string="Commendation count", compute="_compute_counts"
    )
    note = fields.Html("Conclusions")

    _sql_constraints = [
        (
            "plan_period_uniq",
            "unique(plan_id, date_from)",
            "A plan opens one inspection per period.",
        ),
    ]

    @api.depends("line_ids.score", "line_ids.assessed", "line_ids.is_finding")
    def _compute_score(self):
        for inspection in self:
            assessed = inspection.line_ids.filtered("assessed")
            inspection.score = (
                sum(assessed.mapped("score")) / len(assessed) if assessed else 0.0
            )
            inspection.finding_count = len(inspection.line_ids.filtered("is_finding"))

    def _compute_counts(self):
        violations = dict(
            self.env["phone.violation"]._read_group(
                [("inspection_id", "in", self.ids)], ["inspection_id"], ["__count"]
            )
        )
        commendations = dict(
            self.env["phone.commendation"]._read_group(
                [("inspection_id", "in", self.ids)], ["inspection_id"], ["__count"]
            )
        )
        for inspection in self:
            inspection.violation_count = violations.get(inspection, 0)
            inspection.commendation_count = commendations.get(inspection, 0)

    @api.constrains(
        "department_id", "employee_id", "date_from", "date_to", "sample_size"
    )
    def _check_scope(self):
        for inspection in self:
            if not (inspection.department_id or inspection.employee_id):
                raise ValidationError(
                    _("An inspection covers a department or an employee.")
                )
            if inspection.date_from > inspection.date_to:
                raise ValidationError(
                    _(
                        "The inspected period of %(inspection)s ends before it starts.",
                        inspection=inspection.name,
                    )
                )
            if not 1 <= inspection.sample_size <= MAX_SAMPLE_SIZE:
                raise ValidationError(
                    _(
                        "An inspection samples from 1 to %(max)s calls.",
                        max=MAX_SAMPLE_SIZE,
                    )
                )
            if (inspection.date_to - inspection.date_from).days >= MAX_INSPECTION_DAYS:
                raise ValidationError(
                    _(
                        "An inspection covers at most %(days)s days; split a "
                        "longer period.",
                        days=MAX_INSPECTION_DAYS,
                    )
                )

    def write(self, vals):
        frozen = {
            "company_id",
            "department_id",
            "employee_id",
            "date_from",
            "date_to",
            "sample_size",
            "seed",
        }
        if frozen & set(vals) and any(i.state != "draft" for i in self):
            raise UserError(
                _("Reset the inspection to draft to change its scope or seed.")
            )
        return super().write(vals)

    def _phone_call_domain(self):
        """The calls an inspection draws from: its scope's non-confidential
        calls of the period (confidential calls are Managers' only) that are
        not archived (archived calls are read under an access request)."""
        self.ensure_one()
        start, end = self.company_id._phone_utc_bounds(self.date_from, self.date_to)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date_start", ">=", start),
            ("date_start", "<", end),
            ("confidentiality", "=", "normal"),
            ("archive_id", "=", False),
        ]
        if self.employee_id:
            domain.append(("employee_id", "=", self.employee_id.id))
        else:
            domain.append(("department_id", "=", self.department_id.id))
        return domain

    def _phone_sample_calls(self):
        """The sample: ``sample_size`` calls drawn at random with the stored
        seed from the period's calls in id order, so that the draw can be
        repeated."""
        self.ensure_one()
        calls = (
            # sudo: the population must not depend on who draws the sample
            self.env["phone.call"].sudo().search(self._phone_call_domain(), order="id")
        )
        size = min(self.sample_size, len(calls))
        chosen = random.Random(self.seed).sample(calls.ids, size)
        return self.env["phone.call"].browse(sorted(chosen)), len(calls)

    def action_draw_sample(self):
        for inspection in self:
            if inspection.state != "draft":
                raise UserError(_("The sample is drawn on a draft inspection."))
            calls, population = inspection._phone_sample_calls()
            if not calls:
                raise UserError(
                    _(
                        "%(inspection)s: there is no call to inspect in this period.",
                        inspection=inspection.name,
                    )
                )
            inspection.line_ids.unlink()
            with phone_workflow():
                self.env["phone.inspection.line"].create(
                    [
                        {"inspection_id": inspection.id, "call_id": call.id}
                        for call in calls
                    ]
                )
                inspection.write(
                    {"state": "in_progress", "population_count": population}
                )
        return True

    def action_done(self):
        for inspection in self:
            if inspection.state != "in_progress":
                raise UserError(_("Only an inspection in progress can be closed."))
            if inspection.line_ids.check_ids.filtered(lambda c: c.result == "todo"):
                raise UserError(
                    _(
                        "%(inspection)s still has unchecked items.",
                        inspection=inspection.name,
                    )
                )
        with phone_workflow():
            self.write({"state": "done"})
        self.activity_feedback(["phone_policy.mail_activity_type_inspection"])
        return True

    def action_reset_draft(self):
        for inspection in self:
            if inspection.violation_ids or inspection.commendation_ids:
                raise UserError(
                    _(
                        "%(inspection)s already led to violations or commendations.",
                        inspection=inspection.name,
                    )
                )
        self.line_ids.unlink()
        with phone_workflow():
            self.write({"state": "draft", "population_count": 0})
        return True

    def action_cancel(self):
        with phone_workflow():
            self.write({"state": "cancelled"})
        return True

    def action_view_violations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_violation_action"
        )
        action["domain"] = [("inspection_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_commendations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_commendation_action"
        )
        action["domain"] = [("inspection_id", "=", self.id)]
        action["context"] = {}
        return action
