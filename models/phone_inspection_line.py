# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .phone_guard import phone_workflow


def _call_directions(model):
    return (
        model.env["phone.call"]._fields["direction"]._description_selection(model.env)
    )


class PhoneInspectionLine(models.Model):
    _name = "phone.inspection.line"
    _description = "Inspected Call"
    _inherit = ["phone.guard.mixin"]
    _order = "inspection_id, call_date, id"
    _rec_name = "call_name"
    _check_company_auto = True
    # lines are the inspection's sample: drawn, not typed in
    _phone_workflow_fields = frozenset({"inspection_id", "call_id"})

    inspection_id = fields.Many2one(
        "phone.inspection", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="inspection_id.company_id", store=True, index=True
    )
    state = fields.Selection(related="inspection_id.state")
    # the call may be disposed of at the end of its archive's retention: the
    # line keeps what the inspection judged (policy §5.2.2, §6.1.1)
    call_id = fields.Many2one(
        "phone.call", ondelete="set null", index=True, check_company=True
    )
    call_name = fields.Char("Call reference", readonly=True)
    call_date = fields.Datetime(string="Call date", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True, index=True)
    # read as the reader, not as the superuser: empty when they may not
    # read the call (archived since, for instance)
    direction = fields.Selection(_call_directions, compute="_compute_call_facts")
    subject = fields.Char("Subject / purpose", compute="_compute_call_facts")
    check_ids = fields.One2many("phone.inspection.check", "line_id", "Checklist")
    score = fields.Float(
        "Score (%)", compute="_compute_score", store=True, digits=(5, 1)
    )
    assessed = fields.Boolean(compute="_compute_score", store=True)
    is_finding = fields.Boolean("Finding", compute="_compute_score", store=True)
    failed_criteria = fields.Char(
        string="Failed criteria", compute="_compute_score", store=True
    )
    note = fields.Text("Inspector's remark")
    violation_ids = fields.One2many("phone.violation", "inspection_line_id")
    commendation_ids = fields.One2many("phone.commendation", "inspection_line_id")

    _sql_constraints = [
        (
            "inspection_call_uniq",
            "unique(inspection_id, call_id)",
            "A call is sampled once per inspection.",
        ),
    ]

    @api.depends("call_id")
    def _compute_call_facts(self):
        # read(): an archived call read under an access request is logged
        calls = self.call_id._filtered_access("read")
        facts = {
            values["id"]: values for values in calls.read(["direction", "subject"])
        }
        for line in self:
            values = facts.get(line.call_id.id, {})
            line.direction = values.get("direction", False)
            line.subject = values.get("subject", False)

    @api.depends("check_ids.result", "check_ids.weight")
    def _compute_score(self):
        for line in self:
            judged = line.check_ids.filtered(lambda c: c.result in ("pass", "fail"))
            failed = judged.filtered(lambda c: c.result == "fail")
            total = sum(judged.mapped("weight"))
            passed = total - sum(failed.mapped("weight"))
            line.assessed = bool(judged)
            line.score = 100.0 * passed / total if total else 0.0
            line.is_finding = bool(failed)
            line.failed_criteria = ", ".join(failed.criterion_id.mapped("name"))

    @api.constrains("call_id", "inspection_id")
    def _check_call_in_population(self):
        """A line only ever points at a call the inspection draws from: its
        scope's non-confidential, non-archived calls of the period."""
        Call = self.env["phone.call"]
        lines = self.filtered("call_id")
        for inspection in lines.inspection_id:
            own = lines.filtered(lambda line, i=inspection: line.inspection_id == i)
            # as the user: who adds a line reads the whole population
            # (non-confidential, non-archived calls: Officers read them all)
            drawn = Call.search(
                [("id", "in", own.call_id.ids), *inspection._phone_call_domain()]
            )
            if own.call_id - drawn:
                raise ValidationError(
                    _(
                        "An inspected call must be one of the calls %(inspection)s "
                        "draws from: of its department or employee and period, "
                        "neither confidential nor archived.",
                        inspection=inspection.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        calls = (
            self.env["phone.call"]
            # sudo: the facts of the sampled call, kept on the line
            .sudo()
            .browse([vals["call_id"] for vals in vals_list if vals.get("call_id")])
        )
        by_id = {call.id: call for call in calls}
        for vals in vals_list:
            call = by_id.get(vals.get("call_id"))
            if call:
                vals.setdefault("call_name", call.name)
                vals.setdefault("call_date", call.date_start)
                vals.setdefault("employee_id", call.employee_id.id)
        lines = super().create(vals_list)
        lines._phone_prefill_checklist()
        return lines

    def _phone_prefill_checklist(self):
        """One check per active criterion, prefilled from what the call
        recorded (ring time, greeting, closing, completeness, nature)."""
        Criterion = self.env["phone.inspection.criterion"]
        criteria_of = {}
        values = []
        for line in self:
            company = line.company_id
            if company not in criteria_of:
                criteria_of[company] = Criterion.search(
                    [("company_id", "in", (False, company.id))]
                )
            criteria = criteria_of[company]
            # sudo: the facts of the sampled call, read for the checklist
            call = line.call_id.sudo()
            for criterion in criteria:
                result, source = criterion._phone_prefill(call)
                values.append(
                    {
                        "line_id": line.id,
                        "criterion_id": criterion.id,
                        "weight": criterion.weight,
                        "result": result,
                        "prefilled": result != "todo",
                        "prefill_source": source,
                    }
                )
        self.env["phone.inspection.check"].create(values)

    def _phone_check_open(self):
        if any(line.state == "cancelled" for line in self):
            raise UserError(_("The inspection is cancelled."))

    def action_create_violation(self):
        """The finding becomes a draft violation of the call's employee,
        linked to the call and the inspection; opens it."""
        self.ensure_one()
        self._phone_check_open()
        if not self.is_finding:
            raise UserError(_("This call passed every checked item."))
        if not self.employee_id:
            raise UserError(_("The call has no employee to hold responsible."))
        failed = self.check_ids.filtered(lambda c: c.result == "fail").sorted(
            lambda c: (c.criterion_id.sequence, c.id)
        )
        violation_type = failed.criterion_id.violation_type_id[:1] or self.env.ref(
            "phone_policy.violation_type_etiquette"
        )
        evidence = _(
            "Inspection %(inspection)s, call %(call)s of %(date)s: failed %(failed)s.",
            inspection=self.inspection_id.name,
            call=self.call_id.name,
            date=fields.Datetime.to_string(self.call_date),
            failed=self.failed_criteria,
        )
        if self.note:
            evidence = f"{evidence}\n{self.note}"
        violation = self.env["phone.violation"]._create_draft(
            self.employee_id,
            violation_type,
            source="inspection",
            date=fields.Date.context_today(self),
            calls=self.call_id,
            evidence=evidence,
            inspection_id=self.inspection_id.id,
            inspection_line_id=self.id,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.violation",
            "res_id": violation.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_create_commendation(self):
        """An exemplary call becomes a draft commendation for HR."""
        self.ensure_one()
        self._phone_check_open()
        if self.is_finding:
            raise UserError(_("A call with findings is not commended."))
        if not self.employee_id:
            raise UserError(_("The call has no employee to commend."))
        # the line's call is the evidence, whoever may still read it
        with phone_workflow():
            commendation = self.env["phone.commendation"].create(
                {
                    "company_id": self.company_id.id,
                    "employee_id": self.employee_id.id,
                    "source": "inspection",
                    "inspection_id": self.inspection_id.id,
                    "inspection_line_id": self.id,
                    "call_ids": [fields.Command.set(self.call_id.ids)],
                    "points": 1,
                    "reason": _(
                        "Exemplary call %(call)s in inspection %(inspection)s.",
                        call=self.call_id.name,
                        inspection=self.inspection_id.name,
                    ),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.commendation",
            "res_id": commendation.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
