# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.groups import OFFICER_GROUP
from ..utils.limits import MAX_PLAN_INTERVAL, MAX_SAMPLE_SIZE, check_plan_backlog


class PhoneInspectionPlan(models.Model):
    _name = "phone.inspection.plan"
    _description = "Phone Inspection Plan"
    _inherit = ["phone.guard.mixin", "mail.thread"]
    _order = "next_date, id"
    _rec_name = "department_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    department_id = fields.Many2one(
        "hr.department", required=True, index=True, tracking=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Inspector",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=lambda self: self.env["res.users"]._phone_group_domain(OFFICER_GROUP),
    )
    interval_number = fields.Integer("Every", default=1, required=True, tracking=True)
    interval_type = fields.Selection(
        [("weeks", "Weeks"), ("months", "Months")],
        string="Interval type",
        required=True,
        default="months",
        tracking=True,
    )
    sample_size = fields.Integer(
        string="Sample size",
        default=lambda self: self.env.company.phone_inspection_sample_size,
        tracking=True,
    )
    next_date = fields.Date(
        "Next inspection",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        index=True,
        help="On this day an inspection of the period just ended is opened.",
    )
    inspection_ids = fields.One2many("phone.inspection", "plan_id")
    inspection_count = fields.Integer(
        string="Inspection count", compute="_compute_inspection_count"
    )

    def _compute_inspection_count(self):
        counts = dict(
            self.env["phone.inspection"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.inspection_count = counts.get(plan, 0)

    @api.constrains("interval_number", "sample_size")
    def _check_interval(self):
        for plan in self:
            if plan.interval_number < 1 or plan.sample_size < 1:
                raise ValidationError(
                    _("A plan inspects at least one call at least every period.")
                )
            if (
                plan.interval_number > MAX_PLAN_INTERVAL
                or plan.sample_size > MAX_SAMPLE_SIZE
            ):
                raise ValidationError(
                    _(
                        "A plan inspects at most %(calls)s calls, at least every "
                        "%(interval)s periods.",
                        calls=MAX_SAMPLE_SIZE,
                        interval=MAX_PLAN_INTERVAL,
                    )
                )

    @api.constrains("next_date")
    def _check_next_date(self):
        check_plan_backlog(self)

    def _phone_interval(self):
        self.ensure_one()
        return relativedelta(**{self.interval_type: self.interval_number})

    def _phone_open_due_inspection(self):
        """Open the inspection of the period that ended the day before the
        plan's next date (once: a second run finds it) and move the plan
        on by one interval."""
        self.ensure_one()
        date_to = self.next_date - relativedelta(days=1)
        date_from = self.next_date - self._phone_interval()
        Inspection = self.env["phone.inspection"]
        inspection = Inspection.search(
            [("plan_id", "=", self.id), ("date_from", "=", date_from)], limit=1
        )
        if not inspection:
            inspection = Inspection.create(
                {
                    "company_id": self.company_id.id,
                    "plan_id": self.id,
                    "department_id": self.department_id.id,
                    "user_id": self.user_id.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "sample_size": self.sample_size,
                }
            )
            if (
                self.env["phone.call"]
                # sudo: whether calls exist, not which ones (the draw is sudo too)
                .sudo()
                .search_count(inspection._phone_call_domain(), limit=1)
            ):
                inspection.action_draw_sample()
            inspection.activity_schedule(
                "phone_policy.mail_activity_type_inspection",
                user_id=self.user_id.id,
                date_deadline=fields.Date.context_today(self) + relativedelta(days=7),
            )
        self.next_date += self._phone_interval()
        return inspection

    def action_open_due_inspection(self):
        for plan in self:
            plan._phone_open_due_inspection()
        return self.action_view_inspections()

    def action_view_inspections(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_inspection_action"
        )
        action["domain"] = [("plan_id", "in", self.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_open_due_inspections(self, batch_size=50):
        """Open every due inspection, one period per plan per pass, in
        batches; running it twice opens nothing twice."""
        today = fields.Date.context_today(self)
        domain = [("next_date", "<=", today)]
        plans = self.search(domain, limit=batch_size)
        for plan in plans:
            plan.with_company(plan.company_id)._phone_open_due_inspection()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
        return plans
