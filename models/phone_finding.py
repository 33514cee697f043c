# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PhoneFinding(models.Model):
    """A fact a rule found in the call records, for an Officer to review.
    Never a penalty by itself: an Officer dismisses it or converts it into
    a draft violation."""

    _name = "phone.finding"
    _description = "Automatic Finding"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    rule_id = fields.Many2one(
        "phone.finding.rule",
        "Rule",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    kind = fields.Selection(related="rule_id.kind", store=True, index=True)
    call_id = fields.Many2one(
        "phone.call",
        "Call",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    employee_id = fields.Many2one(
        "hr.employee", "Employee", readonly=True, index=True, check_company=True
    )
    department_id = fields.Many2one(
        "hr.department",
        "Department",
        compute="_compute_department_id",
        store=True,
        index=True,
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    description = fields.Text(readonly=True)
    state = fields.Selection(
        [("new", "To review"), ("converted", "Converted"), ("dismissed", "Dismissed")],
        required=True,
        default="new",
        tracking=True,
        copy=False,
        index=True,
    )
    review_note = fields.Text("Reviewer's note", tracking=True)
    reviewed_by_id = fields.Many2one("res.users", "Reviewed by", readonly=True)
    reviewed_on = fields.Datetime("Reviewed on", readonly=True)
    can_convert = fields.Boolean("Can be converted", compute="_compute_can_convert")

    _sql_constraints = [
        (
            "rule_call_uniq",
            "unique(rule_id, call_id)",
            "A rule finds a call once.",
        )
    ]

    @api.depends("rule_id.name", "call_id.name")
    def _compute_name(self):
        for finding in self:
            finding.name = " – ".join(
                part for part in (finding.rule_id.name, finding.call_id.name) if part
            )

    @api.depends("employee_id")
    def _compute_department_id(self):
        for finding in self:
            finding.department_id = finding.employee_id.department_id

    def _compute_can_convert(self):
        available = "phone.violation" in self.env
        for finding in self:
            finding.can_convert = available and finding.state == "new"

    def _review(self, state):
        self.write(
            {
                "state": state,
                "reviewed_by_id": self.env.user.id,
                "reviewed_on": fields.Datetime.now(),
            }
        )

    def action_dismiss(self):
        if any(finding.state != "new" for finding in self):
            raise UserError(_("Only findings to review can be dismissed."))
        self._review("dismissed")

    def action_reopen(self):
        if any(finding.state != "dismissed" for finding in self):
            raise UserError(_("Only dismissed findings can be reopened."))
        self.write({"state": "new", "reviewed_by_id": False, "reviewed_on": False})

    def action_convert(self):
        """Turn the findings into draft violations for an Officer to
        complete: never a penalty without a person's decision."""
        if any(finding.state != "new" for finding in self):
            raise UserError(_("Only findings to review can be converted."))
        if "phone.violation" not in self.env:
            raise UserError(
                _("Violations are not available yet: dismiss or keep the finding.")
            )
        self._create_violations()
        self._review("converted")

    def _create_violations(self):
        """Hook for the assessment module: create the draft violations of
        ``self`` (``_prepare_violation_values``) and return them."""
        values = [finding._prepare_violation_values() for finding in self]
        if not all(values):
            raise UserError(_("Converting findings into violations is not set up."))
        return self.env["phone.violation"].create(values)

    def _prepare_violation_values(self):
        """Values of the draft violation of one finding; empty until the
        violation model defines them."""
        self.ensure_one()
        return {}

    def action_open_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.call",
            "res_id": self.call_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
