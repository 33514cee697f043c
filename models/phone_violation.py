# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.groups import MANAGER_GROUP
from ..utils.sentences import lang_env
from .phone_guard import in_phone_workflow, phone_workflow
from .phone_reach import check_department_from_hr
from .phone_violation_type import PENALTIES, SEVERITIES

# States in which a violation counts: against the employee, for the
# repeat-offence ladder and in the appraisal
COUNTED_STATES = ("confirmed", "acknowledged", "appealed", "closed")


class PhoneViolation(models.Model):
    _name = "phone.violation"
    _description = "Phone Policy Violation"
    _inherit = [
        "phone.document.mixin",
        "phone.employee.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    # evidence is linked only by who may read it
    _phone_reach_fields = {
        "call_ids": "read",
        "inspection_id": "read",
        "inspection_line_id": "read",
        "whistleblow_case_id": "read",
        "incident_id": "read",
        "finding_id": "read",
    }
    # the status moves with the buttons only (see write())
    _phone_workflow_fields = frozenset({"state"})
    employee_id = fields.Many2one(required=True)
    department_id = fields.Many2one(
        help="The employee's department when the violation was recorded."
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    type_id = fields.Many2one(
        "phone.violation.type",
        "Violation type",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    category = fields.Selection(related="type_id.category", store=True, index=True)
    source = fields.Selection(
        [
            ("inspection", "Inspection"),
            ("report", "Whistle-blowing report"),
            ("incident", "Security incident"),
            ("finding", "Automatic finding"),
            ("manual", "Manual"),
        ],
        required=True,
        default="manual",
        tracking=True,
        index=True,
    )
    # Evidence: one field per kind of record, so that other parts of the
    # addon add theirs (incidents, fault tickets, findings) next to these
    call_ids = fields.Many2many(
        "phone.call",
        "phone_violation_call_rel",
        "violation_id",
        "call_id",
        "Calls",
        check_company=True,
    )
    inspection_id = fields.Many2one(
        "phone.inspection", index="btree_not_null", check_company=True
    )
    inspection_line_id = fields.Many2one(
        "phone.inspection.line",
        "Inspected call",
        index="btree_not_null",
        check_company=True,
    )
    whistleblow_case_id = fields.Many2one(
        "phone.whistleblow.case",
        "Whistle-blowing report",
        index="btree_not_null",
        check_company=True,
    )
    incident_id = fields.Many2one(
        "phone.security.incident",
        "Security incident",
        index="btree_not_null",
        check_company=True,
    )
    finding_id = fields.Many2one(
        "phone.finding",
        "Automatic finding",
        index="btree_not_null",
        check_company=True,
    )
    evidence = fields.Text(help="The facts: what happened, when, and how it is known.")
    severity = fields.Selection(
        SEVERITIES,
        compute="_compute_from_type",
        store=True,
        readonly=False,
        tracking=True,
    )
    penalty = fields.Selection(
        PENALTIES,
        compute="_compute_penalty",
        store=True,
        readonly=False,
        tracking=True,
    )
    points = fields.Integer(
        "Points deducted",
        compute="_compute_from_type",
        store=True,
        readonly=False,
        tracking=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
    )
    fine_amount = fields.Monetary(string="Fine amount", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("acknowledged", "Acknowledged"),
            ("appealed", "Appealed"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    confirmed_date = fields.Datetime(string="Confirmed date", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users", "Confirmed by", readonly=True, copy=False
    )
    acknowledged_date = fields.Datetime(
        string="Acknowledged date", readonly=True, copy=False
    )
    closed_date = fields.Datetime(string="Closed date", readonly=True, copy=False)
    cancel_reason = fields.Text(
        string="Cancel reason", readonly=True, copy=False, tracking=True
    )
    is_mine = fields.Boolean(string="Is mine", compute="_compute_is_mine")

    @api.depends("type_id")
    def _compute_from_type(self):
        for violation in self:
            violation.severity = violation.type_id.severity or "minor"
            violation.points = violation.type_id.default_points

    @api.depends("company_id")
    def _compute_currency_id(self):
        for violation in self:
            violation.currency_id = (
                violation.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends("proposed_penalty")
    def _compute_penalty(self):
        for violation in self:
            violation.penalty = violation.proposed_penalty

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_is_mine(self):
        for violation in self:
            violation.is_mine = violation.user_id == self.env.user

    @api.constrains("department_id", "employee_id")
    def _check_department(self):
        check_department_from_hr(self)

    @api.constrains("points", "fine_amount")
    def _check_amounts(self):
        for violation in self:
            if violation.points < 0 or violation.fine_amount < 0:
                raise ValidationError(
                    _(
                        "Points and fine of %(violation)s cannot be negative.",
                        violation=violation.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" and not in_phone_workflow():
                raise UserError(
                    _("A violation is recorded as a draft, then confirmed.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not in_phone_workflow():
            # who may not write at all hears so first
            self.check_access("write")
            if "state" in vals:
                raise UserError(
                    _("Use the buttons to change the status of a violation.")
                )
            changed = {
                fname
                for fname in vals
                if not fname.startswith(("message_", "activity_"))
            }
            locked = self.filtered(lambda v: v.state != "draft")
            if locked and changed:
                raise UserError(
                    _(
                        "%(violation)s is confirmed and cannot be changed; cancel "
                        "it with a reason instead.",
                        violation=locked[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(violation.state != "draft" for violation in self):
            raise UserError(
                _("Only draft violations can be deleted; cancel the others.")
            )

    def _phone_workflow_write(self, vals):
        with phone_workflow():
            return self.write(vals)

    def _phone_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only Phone Policy managers (HR) decide on violations.")
            )

    def _phone_check_own(self):
        for violation in self:
            if violation.user_id != self.env.user:
                raise AccessError(
                    _(
                        "Only %(employee)s can acknowledge or appeal %(violation)s.",
                        employee=violation.employee_id.name,
                        violation=violation.name,
                    )
                )

    def action_confirm(self):
        """Confirm drafts in date order, so that each one counts for the
        repeat-offence ladder of the next."""
        self._phone_check_manager()
        for violation in self.sorted(lambda v: (v.date, v.id)):
            if violation.state != "draft":
                raise UserError(
                    _("%(violation)s is not a draft.", violation=violation.name)
                )
            # the ladder may have moved since the draft was made: follow it,
            # unless HR chose the penalty by hand
            proposal, note = violation._phone_ladder_proposal()
            if proposal != violation.proposed_penalty:
                followed = violation.penalty == violation.proposed_penalty
                violation._phone_workflow_write(
                    {
                        "proposed_penalty": proposal,
                        "escalation_note": note,
                        "penalty": proposal if followed else violation.penalty,
                    }
                )
            if not violation.penalty:
                raise UserError(
                    _("Choose a penalty for %(violation)s.", violation=violation.name)
                )
            if violation.penalty == "fine" and violation.fine_amount <= 0:
                raise UserError(
                    _(
                        "A fine needs an amount (%(violation)s).",
                        violation=violation.name,
                    )
                )
            violation._phone_workflow_write(
                {
                    "state": "confirmed",
                    "confirmed_date": fields.Datetime.now(),
                    "confirmed_by_id": self.env.user.id,
                }
            )
            if violation.user_id:
                violation.activity_schedule(
                    "phone_policy.mail_activity_type_violation_acknowledge",
                    user_id=violation.user_id.id,
                    summary=lang_env(violation, violation.user_id)._(
                        "Acknowledge or appeal %(violation)s", violation=violation.name
                    ),
                )
            violation.message_post(
                body=_(
                    "Violation confirmed: %(type)s, %(penalty)s, %(points)s point(s).",
                    type=violation.type_id.name,
                    penalty=violation._phone_penalty_label(),
                    points=violation.points,
                ),
                partner_ids=violation.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_acknowledge(self):
        self._phone_check_own()
        if any(violation.state != "confirmed" for violation in self):
            raise UserError(_("Only a confirmed violation can be acknowledged."))
        # sudo: the employee moves their own violation on only this way
        violations = self.sudo()
        violations._phone_workflow_write(
            {"state": "acknowledged", "acknowledged_date": fields.Datetime.now()}
        )
        violations.activity_feedback(
            ["phone_policy.mail_activity_type_violation_acknowledge"],
            feedback=_("Acknowledged"),
        )
        return True

    def action_cancel(self):
        self.ensure_one()
        if self.state != "draft":
            self._phone_check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel the violation"),
            "res_model": "phone.violation.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_violation_id": self.id, "default_mode": "cancel"},
        }

    def _phone_cancel(self, reason):
        if not (reason or "").strip():
            raise UserError(_("A violation is cancelled with a reason."))
        for violation in self:
            if violation.state == "cancelled":
                continue
            if violation.state != "draft":
                self._phone_check_manager()
            violation._phone_workflow_write(
                {"state": "cancelled", "cancel_reason": reason}
            )
            violation.activity_unlink(
                [
                    "phone_policy.mail_activity_type_violation_acknowledge",
                    "phone_policy.mail_activity_type_violation_appeal",
                ]
            )
        return True

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("id", "in", self.call_ids.ids)]
        action["context"] = {}
        return action

    def _phone_penalty_label(self):
        self.ensure_one()
        label = dict(self._fields["penalty"]._description_selection(self.env)).get(
            self.penalty, ""
        )
        if self.penalty == "fine":
            amount = self.currency_id.format(self.fine_amount)
            return _("%(penalty)s of %(amount)s", penalty=label, amount=amount)
        return label

    @api.model
    def _create_draft(
        self,
        employee,
        violation_type,
        source="manual",
        date=None,
        calls=None,
        evidence=None,
        **values,
    ):
        """Record a draft violation for HR to confirm; the entry point for
        the other parts of the addon (inspections, reports, incidents,
        automatic findings).

        :param employee: hr.employee record
        :param violation_type: phone.violation.type record or its xml id
        :param source: 'inspection', 'report', 'incident', 'finding', 'manual'
        :param calls: phone.call records as evidence
        :param values: any other field (inspection_line_id, whistleblow_case_id, ...)
        :return: the draft phone.violation
        """
        if isinstance(violation_type, str):
            violation_type = self.env.ref(violation_type)
        vals = {
            "company_id": employee.company_id.id or self.env.company.id,
            "employee_id": employee.id,
            "type_id": violation_type.id,
            "source": source,
            "date": date or fields.Date.context_today(self),
            "evidence": evidence or False,
        }
        if calls:
            vals["call_ids"] = [fields.Command.set(calls.ids)]
        vals.update(values)
        # the evidence comes from the source record the caller acts on
        with phone_workflow():
            return self.create(vals)

    def _phone_report_calls(self):
        """The calls the violation's PDF prints: its evidence."""
        return self.call_ids
