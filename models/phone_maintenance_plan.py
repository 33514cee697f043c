# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.limits import MAX_PLAN_INTERVAL, check_plan_backlog
from .phone_guard import phone_workflow


class PhoneMaintenancePlan(models.Model):
    _name = "phone.maintenance.plan"
    _description = "Scheduled Maintenance of a Phone System"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(
        "What to do",
        required=True,
        tracking=True,
        help="The check, test or upgrade to carry out, e.g. 'Test the "
        "emergency trunk line'.",
    )
    operation = fields.Selection(
        [("check", "Check"), ("test", "Test"), ("upgrade", "Upgrade")],
        required=True,
        default="check",
        tracking=True,
    )
    description = fields.Html("Instructions")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    interval_number = fields.Integer("Every", required=True, default=1, tracking=True)
    interval_unit = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")],
        "Unit",
        required=True,
        default="months",
        tracking=True,
    )
    next_date = fields.Date(
        "Next due date",
        required=True,
        default=fields.Date.context_today,
        index=True,
        tracking=True,
        help="The daily job creates the task on this date and moves it on by "
        "the interval.",
    )
    technician_id = fields.Many2one(
        "res.users",
        "Responsible technician",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one(
        "phone.fault.team",
        "Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    task_ids = fields.One2many("phone.fault", "plan_id", "Maintenance tasks")
    task_count = fields.Integer("Tasks", compute="_compute_task_count")
    last_result = fields.Selection(
        [("ok", "OK"), ("issue", "Issue found")],
        "Last result",
        compute="_compute_last_result",
    )

    @api.depends("technician_id")
    def _compute_team_id(self):
        for plan in self:
            technician = plan.technician_id
            if technician and technician not in plan.team_id.member_ids:
                plan.team_id = self.env["phone.fault.team"].search(
                    [
                        ("member_ids", "in", technician.ids),
                        ("company_id", "=", plan.company_id.id),
                    ],
                    limit=1,
                )

    def _compute_task_count(self):
        counts = dict(
            self.env["phone.fault"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.task_count = counts.get(plan, 0)

    def _compute_last_result(self):
        Task = self.env["phone.fault"]
        done = [("plan_id", "in", self.ids), ("check_result", "!=", False)]
        last_dates = Task._read_group(done, ["plan_id"], ["plan_date:max"])
        last = {}
        if last_dates:
            tasks = Task.search(
                done + [("plan_date", "in", [date for _plan, date in last_dates])],
                order="id",
            )
            last_date = dict(last_dates)
            last = {
                task.plan_id: task.check_result
                for task in tasks
                if task.plan_date == last_date[task.plan_id]
            }
        for plan in self:
            plan.last_result = last.get(plan, False)

    @api.constrains("interval_number")
    def _check_interval(self):
        for plan in self:
            if plan.interval_number < 1:
                raise ValidationError(
                    _(
                        "The interval of %(plan)s must be at least one.",
                        plan=plan.name,
                    )
                )
            if plan.interval_number > MAX_PLAN_INTERVAL:
                raise ValidationError(
                    _(
                        "The interval of %(plan)s is at most %(max)s.",
                        plan=plan.name,
                        max=MAX_PLAN_INTERVAL,
                    )
                )

    @api.constrains("next_date")
    def _check_next_date(self):
        check_plan_backlog(self)

    @api.constrains("technician_id", "team_id")
    def _check_technician_in_team(self):
        for plan in self:
            plan.team_id._check_technician(plan.technician_id)

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_fault_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {}
        return action

    def _next_date_after(self, due, today):
        """The first date of the plan's rhythm, counted from ``due``, that
        lies after ``today``: missed occurrences are not caught up one by one."""
        self.ensure_one()
        step = 1
        while True:
            nxt = due + relativedelta(
                **{self.interval_unit: self.interval_number * step}
            )
            if nxt > today:
                return nxt
            step += 1

    def _task_values(self, due):
        self.ensure_one()
        return {
            "kind": "preventive",
            "company_id": self.company_id.id,
            "plan_id": self.id,
            "plan_date": due,
            "symptom": self.name,
            "description": self.description,
            "system_id": self.system_id.id,
            "team_id": self.team_id.id,
            "technician_id": self.technician_id.id,
            "reporter_id": False,
            "date_occurred": False,
        }

    def _create_due_tasks(self, today):
        """Create the task due on each plan's next date, once, and move the
        next date on. A task already there for that date is not made again
        (and the database refuses a second one: unique plan and date)."""
        existing = {
            (task.plan_id.id, task.plan_date)
            for task in self.env["phone.fault"].search(
                [
                    ("plan_id", "in", self.ids),
                    ("plan_date", "in", list(set(self.mapped("next_date")))),
                ]
            )
        }
        vals_list = []
        for plan in self:
            due = plan.next_date
            if (plan.id, due) not in existing:
                vals_list.append(plan._task_values(due))
            plan.next_date = plan._next_date_after(due, today)
        # the tasks wait in the technicians' activities, due on their date;
        # no e-mail per task (a technician may get many on the same morning)
        with phone_workflow(quiet=True):
            return (
                self.env["phone.fault"]
                .with_context(mail_activity_quick_update=True)
                .create(vals_list)
            )

    @api.model
    def _cron_create_due_tasks(self, batch_size=200):
        """Daily: the maintenance tasks that fell due, in batches."""
        today = fields.Date.context_today(self)
        domain = [("next_date", "<=", today)]
        plans = self.search(domain, limit=batch_size)
        tasks = plans._create_due_tasks(today)
        remaining = self.search_count(domain) if len(plans) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
        return tasks
