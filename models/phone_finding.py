# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils import sentences
from .index_tools import apply_index_budget
from .phone_guard import phone_workflow

# violation type of each kind of finding when the rule names none
FALLBACK_TYPES = {
    "late_answer": "phone_policy.violation_type_late_answer",
    "missed_callback": "phone_policy.violation_type_missed_callback",
    "personal_number": "phone_policy.violation_type_personal_call",
    "quiet_hours": "phone_policy.violation_type_quiet_hours",
    "long_call": "phone_policy.violation_type_long_call",
    "no_key_points": "phone_policy.violation_type_missing_record",
}


class PhoneFinding(models.Model):
    """A fact a rule found in the call records, for an Officer to review.
    Never a penalty by itself: an Officer dismisses it or converts it into
    a draft violation."""

    _name = "phone.finding"
    _description = "Automatic Finding"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _phone_reach_fields = {"call_id": "read"}
    # the name is computed in the reader's language: searched by its parts
    _rec_names_search = ["rule_id", "call_id"]
    # reviewed with the buttons
    _phone_workflow_fields = frozenset({"state"})

    # in the reader's language: the rule's name and the call's reference
    # (as the superuser, as when it was stored: tests/security
    # test_related_reads declares why it reveals nothing)
    name = fields.Char(compute="_compute_name", compute_sudo=True)
    rule_id = fields.Many2one(
        "phone.finding.rule",
        "Rule",
        required=True,
        readonly=True,
        # no index of its own: the unique (rule_id, call_id) index serves it
        ondelete="restrict",
    )
    kind = fields.Selection(related="rule_id.kind", store=True)
    call_id = fields.Many2one(
        "phone.call",
        "Call",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    # no index: an employee's findings are few among many, the list reads
    # them in date order
    employee_id = fields.Many2one(
        "hr.employee", "Employee", readonly=True, check_company=True
    )
    department_id = fields.Many2one(
        "hr.department",
        "Department",
        compute="_compute_department_id",
        store=True,
        index="btree_not_null",
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    # what the rule found, as facts (utils/sentences.py); the description
    # is their sentence in the reader's language
    facts = fields.Json(readonly=True, copy=False)
    description = fields.Text(compute="_compute_description")
    # findings written before the facts were stored: their sentence as it
    # was written (18.0.1.2.0 pre-migrate)
    legacy_description = fields.Text("Description as written", readonly=True)
    state = fields.Selection(
        [("new", "To review"), ("converted", "Converted"), ("dismissed", "Dismissed")],
        required=True,
        default="new",
        tracking=True,
        copy=False,
    )
    review_note = fields.Text("Reviewer's note", tracking=True)
    reviewed_by_id = fields.Many2one("res.users", "Reviewed by", readonly=True)
    reviewed_on = fields.Datetime("Reviewed on", readonly=True)
    can_convert = fields.Boolean("Can be converted", compute="_compute_can_convert")
    violation_id = fields.Many2one(
        "phone.violation",
        "Draft violation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "rule_call_uniq",
            "unique(rule_id, call_id)",
            "A rule finds a call once.",
        )
    ]

    def init(self):
        res = super().init()
        # no index on state: the list "To review" (new, or converted into a
        # draft violation) reads the date index in its order
        apply_index_budget(self)
        return res

    @api.depends("rule_id.name", "call_id.name")
    @api.depends_context("lang")
    def _compute_name(self):
        for finding in self:
            finding.name = " – ".join(
                part for part in (finding.rule_id.name, finding.call_id.name) if part
            )

    @api.depends("facts", "legacy_description")
    @api.depends_context("lang")
    def _compute_description(self):
        for finding in self:
            finding.description = (
                sentences.render(self.env, finding.facts) or finding.legacy_description
            )

    @api.depends("employee_id")
    def _compute_department_id(self):
        for finding in self:
            finding.department_id = finding.employee_id.department_id

    @api.depends("state", "employee_id")
    def _compute_can_convert(self):
        for finding in self:
            finding.can_convert = finding.state == "new" and bool(finding.employee_id)

    def _review(self, state, **vals):
        with phone_workflow():
            self.write(
                dict(
                    vals,
                    state=state,
                    reviewed_by_id=self.env.user.id,
                    reviewed_on=fields.Datetime.now(),
                )
            )

    def action_dismiss(self, reason=None):
        """Not a violation after all: the finding is dismissed, with the
        reason (``reason``, else the reviewer's note already written), and
        its draft violation, if HR has not decided on it yet and no other
        finding still holds it, goes away with it. Works on a batch."""
        if any(finding.state not in ("new", "converted") for finding in self):
            raise UserError(_("Only findings to review can be dismissed."))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        unexplained = self.filtered(lambda f: not (f.review_note or "").strip())
        if unexplained and not reason:
            raise UserError(
                _(
                    "Say why %(findings)s is dismissed: write the reviewer's note "
                    "first.",
                    findings=", ".join(unexplained[:5].mapped("display_name")),
                )
            )
        decided = self.violation_id.filtered(lambda v: v.state != "draft")
        if decided:
            raise UserError(
                _(
                    "HR already decided on %(violations)s: cancel the violation "
                    "instead of dismissing the finding.",
                    violations=", ".join(decided.mapped("display_name")),
                )
            )
        drafts = self.violation_id
        if reason:
            self._review("dismissed", violation_id=False, review_note=reason)
        else:
            self._review("dismissed", violation_id=False)
        # a draft another finding of the call still holds stays
        held = self.search([("violation_id", "in", drafts.ids)]).violation_id
        (drafts - held).unlink()

    def action_reopen(self):
        if any(finding.state != "dismissed" for finding in self):
            raise UserError(_("Only dismissed findings can be reopened."))
        with phone_workflow():
            self.write({"state": "new", "reviewed_by_id": False, "reviewed_on": False})

    def action_convert(self):
        """Turn the findings into draft violations for an Officer to
        complete: never a penalty without a person's decision."""
        if any(finding.state != "new" for finding in self):
            raise UserError(_("Only findings to review can be converted."))
        if not all(self.mapped("employee_id")):
            raise UserError(
                _("A finding without an employee cannot become a violation.")
            )
        self._convert()
        self._review("converted")

    def _evidence_text(self):
        """The description as a violation's evidence keeps it: in the
        language of the employee the violation concerns (its penalty
        notice is addressed to them), else the company's; not in the
        language of whoever converts, or of the job that drafts."""
        self.ensure_one()
        lang = (
            self.employee_id.user_id.lang
            or self.company_id.partner_id.lang
            or self.env.lang
        )
        return self.with_context(lang=lang).description

    def _convert(self):
        """Create the draft violation of each finding (its rule's type, or
        the policy's type for the kind of finding) and link them. The same
        call never yields two drafts for its employee: a finding whose call
        already has one (another rule's finding, an inspection) joins it."""
        Violation = self.env["phone.violation"]
        for finding in self:
            violation = Violation.search(
                [
                    ("state", "=", "draft"),
                    ("employee_id", "=", finding.employee_id.id),
                    ("call_ids", "in", finding.call_id.ids),
                    ("source", "in", ("finding", "inspection")),
                ],
                limit=1,
            )
            if violation:
                with phone_workflow():
                    violation.write(
                        {
                            "evidence": "\n".join(
                                part
                                for part in (
                                    violation.evidence,
                                    finding._evidence_text(),
                                )
                                if part
                            )
                        }
                    )
                    finding.write({"violation_id": violation.id, "state": "converted"})
                continue
            violation = Violation._create_draft(
                finding.employee_id,
                finding.rule_id.violation_type_id
                or self.env.ref(FALLBACK_TYPES[finding.kind]),
                source="finding",
                date=fields.Date.to_date(finding.date),
                calls=finding.call_id,
                evidence=finding._evidence_text(),
                finding_id=finding.id,
            )
            with phone_workflow():
                finding.write({"violation_id": violation.id, "state": "converted"})
        return self.violation_id

    def action_open_violation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.violation",
            "res_id": self.violation_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.call",
            "res_id": self.call_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
