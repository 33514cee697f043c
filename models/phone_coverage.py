# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.resource.models.utils import Intervals


class PhoneCoverage(models.Model):
    """A planned absence from the phone and who answers meanwhile (policy
    §2.1: departments keep their phones answered during working hours and
    arrange forwarding or message-taking before meetings and absences)."""

    _name = "phone.coverage"
    _description = "Phone Coverage"
    _inherit = [
        "phone.guard.mixin",
        "phone.employee.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    scope = fields.Selection(
        [("employee", "One employee"), ("department", "The whole department")],
        required=True,
        default="employee",
        tracking=True,
    )
    # company, user, department: phone.employee.document.mixin
    employee_id = fields.Many2one(
        string="Away",
        compute="_compute_employee_id",
        store=True,
        precompute=True,
        readonly=False,
    )
    user_id = fields.Many2one(string="User away")
    department_id = fields.Many2one(
        compute="_compute_department_id", store=True, precompute=True, tracking=True
    )
    kind = fields.Selection(
        [
            ("meeting", "Meeting"),
            ("visit", "Outside visit"),
            ("leave", "Leave"),
            ("other", "Other"),
        ],
        "Reason",
        required=True,
        default="meeting",
        tracking=True,
    )
    date_from = fields.Datetime("From", required=True, index=True, tracking=True)
    date_to = fields.Datetime("To", required=True, index=True, tracking=True)
    cover_type = fields.Selection(
        [
            ("colleague", "A colleague"),
            ("message_taker", "The department's message-taker"),
            ("voicemail", "Voicemail"),
        ],
        "Calls go to",
        required=True,
        default="colleague",
        tracking=True,
    )
    cover_employee_id = fields.Many2one(
        "hr.employee",
        "Covered by",
        compute="_compute_cover_employee_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    cover_user_id = fields.Many2one(
        "res.users",
        "Covering user",
        related="cover_employee_id.user_id",
        store=True,
        index=True,
    )
    note = fields.Text()

    @api.depends("scope")
    def _compute_employee_id(self):
        for coverage in self:
            if coverage.scope == "department":
                coverage.employee_id = False
            elif not coverage.employee_id:
                coverage.employee_id = self._default_employee_id()

    @api.depends("employee_id")
    def _compute_department_id(self):
        # a whole department's absence keeps the department it was made for
        for coverage in self:
            if coverage.employee_id:
                coverage.department_id = coverage.employee_id.department_id

    @api.depends("cover_type", "department_id")
    def _compute_cover_employee_id(self):
        for coverage in self:
            if coverage.cover_type == "voicemail":
                coverage.cover_employee_id = False
            elif coverage.cover_type == "message_taker":
                # a department's message-taker is readable by every user
                coverage.cover_employee_id = (
                    coverage.department_id.phone_message_taker_id
                )

    @api.depends("scope", "employee_id", "department_id", "kind", "date_from")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for coverage in self:
            who = (
                coverage.employee_id.name
                if coverage.scope == "employee"
                else coverage.department_id.name
            )
            coverage.display_name = _(
                "%(who)s: %(kind)s, %(when)s",
                who=who or "",
                kind=kinds.get(coverage.kind, ""),
                when=self._format_when(coverage.date_from),
            )

    @api.model_create_multi
    def create(self, vals_list):
        coverages = super().create(vals_list)
        now = fields.Datetime.now()
        for coverage in coverages:
            if coverage.date_to <= now:
                raise ValidationError(
                    _(
                        "Coverage is arranged in advance: the window ending "
                        "%(end)s is already over.",
                        end=self._format_when(coverage.date_to),
                    )
                )
        return coverages

    def _format_when(self, value):
        """A naive UTC datetime as the reader's local 'YYYY-MM-DD HH:MM'."""
        if not value:
            return ""
        return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")

    @api.model
    def _away_coverages(self, employee, date_from, date_to):
        """Coverages that keep ``employee`` away from the phone at some time
        in [date_from, date_to): their own, or their whole department's."""
        # sudo: availability is directory information, whoever asks
        return self.sudo().search(
            [
                ("date_from", "<", date_to),
                ("date_to", ">", date_from),
                "|",
                "&",
                ("scope", "=", "employee"),
                ("employee_id", "=", employee.id),
                "&",
                ("scope", "=", "department"),
                ("department_id", "=", employee.department_id.id),
            ],
            order="date_from",
        )

    @api.model
    def _current_coverages(self, employees, when=None):
        """{employee id: the coverage keeping them away at ``when``}."""
        when = when or fields.Datetime.now()
        # sudo: availability is directory info; only window and cover are used
        coverages = self.sudo().search(
            [
                ("date_from", "<=", when),
                ("date_to", ">", when),
                "|",
                "&",
                ("scope", "=", "employee"),
                ("employee_id", "in", employees.ids),
                "&",
                ("scope", "=", "department"),
                ("department_id", "in", employees.department_id.ids),
            ],
            order="date_to desc",
        )
        result = {}
        for employee in employees:
            for coverage in coverages:
                if (
                    coverage.scope == "employee" and coverage.employee_id == employee
                ) or (
                    coverage.scope == "department"
                    and coverage.department_id == employee.department_id
                ):
                    result[employee.id] = coverage
                    break
        return result

    @api.model
    def _away_employee_ids(self, when=None):
        """Ids of the employees kept away from the phone at ``when``."""
        when = when or fields.Datetime.now()
        # sudo: who is away now is directory information
        coverages = self.sudo().search(
            [("date_from", "<=", when), ("date_to", ">", when)]
        )
        departments = coverages.filtered(lambda c: c.scope == "department")
        # the members of a department are public profile information
        members = self.env["hr.employee"].search(
            [("department_id", "in", departments.department_id.ids)]
        )
        return list(set(coverages.employee_id.ids) | set(members.ids))

    def _availability_text(self):
        """'Away until 15:00, covered by …' for the reader, in their time zone."""
        self.ensure_one()
        now_local = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        until_local = fields.Datetime.context_timestamp(self, self.date_to)
        until = (
            until_local.strftime("%H:%M")
            if until_local.date() == now_local.date()
            else until_local.strftime("%Y-%m-%d %H:%M")
        )
        if self.cover_employee_id:
            return _(
                "Away until %(until)s, covered by %(cover)s",
                until=until,
                cover=self.cover_employee_id.name,
            )
        return _("Away until %(until)s, calls go to voicemail", until=until)

    @api.model
    def _coverage_gaps(self, departments, date_from, date_to):
        """{department: [(start, stop), ...]} in naive UTC: the working time
        of the company's calendar in [date_from, date_to) when every member
        of the department is away and no colleague covers."""
        start = pytz.utc.localize(date_from)
        stop = pytz.utc.localize(date_to)
        members = self.env["hr.employee"].search(
            [("department_id", "in", departments.ids)]
        )
        # sudo: the gap check reads every member's coverage
        coverages = self.sudo().search(
            [
                ("date_from", "<", date_to),
                ("date_to", ">", date_from),
                "|",
                ("employee_id", "in", members.ids),
                "&",
                ("scope", "=", "department"),
                ("department_id", "in", departments.ids),
            ]
        )
        empty = self.env["phone.coverage"]
        # absences that are no coverage record (meetings: phone_coverage_meetings.py)
        busy = self._gap_busy_times(members, date_from, date_to)
        calendars = {}
        gaps = {}
        for department in departments:
            team = members.filtered(lambda e, d=department: e.department_id == d)
            if not team:
                gaps[department] = []
                continue
            calendar = department.company_id.resource_calendar_id
            if calendar not in calendars:
                calendars[calendar] = (
                    calendar._work_intervals_batch(start, stop)[False]
                    if calendar
                    else Intervals([(start, stop, empty)])
                )
            away_all = calendars[calendar]
            relevant = coverages.filtered(
                lambda c, d=department, t=team: (
                    c.employee_id in t
                    or (c.scope == "department" and c.department_id == d)
                )
            )
            for employee in team:
                own = relevant.filtered(
                    lambda c, e=employee: c.employee_id == e or c.scope == "department"
                )
                away_all = away_all & Intervals(
                    [
                        (
                            pytz.utc.localize(c.date_from),
                            pytz.utc.localize(c.date_to),
                            c,
                        )
                        for c in own
                    ]
                    + [
                        (pytz.utc.localize(start), pytz.utc.localize(stop), empty)
                        for start, stop in busy.get(employee.id, ())
                    ]
                )
            covered = Intervals(
                [
                    (pytz.utc.localize(c.date_from), pytz.utc.localize(c.date_to), c)
                    for c in relevant
                    if c.cover_employee_id
                ]
            )
            gaps[department] = [
                (
                    gap_start.astimezone(pytz.utc).replace(tzinfo=None),
                    gap_stop.astimezone(pytz.utc).replace(tzinfo=None),
                )
                for gap_start, gap_stop, _recs in away_all - covered
            ]
        return gaps

    @api.model
    def _gap_busy_times(self, employees, date_from, date_to):
        """{employee id: [(start, stop), ...]} in naive UTC: other times the
        employees are away from the phone without a coverage record."""
        return {}

    @api.model
    def _tomorrow_window(self, company):
        """Tomorrow in the company's time zone, as naive UTC datetimes."""
        tz = pytz.timezone(company._phone_tz())
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        start = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
        stop = tz.localize(datetime.combine(today + timedelta(days=2), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
            today,
            tz,
        )

    @api.model
    def _cron_notify_coverage_gaps(self, batch_size=200):
        """Daily: tell each department manager about tomorrow's coverage gaps.
        Idempotent: a department already told about a day is not told again."""
        activity_type = self.env.ref("phone_policy.mail_activity_type_coverage_gap")
        departments = self.env["hr.department"].search(
            [("manager_id.user_id", "!=", False)], order="id"
        )
        done = 0
        for company in departments.company_id:
            date_from, date_to, today, tz = self._tomorrow_window(company)
            tomorrow = (today + timedelta(days=1)).isoformat()
            company_departments = departments.filtered(
                lambda d, c=company: d.company_id == c
            )
            for offset in range(0, len(company_departments), batch_size):
                batch = company_departments[offset : offset + batch_size]
                gaps = self._coverage_gaps(batch, date_from, date_to)
                for department in batch:
                    if not gaps.get(department):
                        continue
                    summary = _("Phone coverage gaps on %(day)s", day=tomorrow)
                    if department.activity_ids.filtered(
                        lambda a, s=summary: (
                            a.activity_type_id == activity_type and a.summary == s
                        )
                    ):
                        continue
                    windows = ", ".join(
                        "%s–%s"
                        % (
                            pytz.utc.localize(start).astimezone(tz).strftime("%H:%M"),
                            pytz.utc.localize(stop).astimezone(tz).strftime("%H:%M"),
                        )
                        for start, stop in gaps[department]
                    )
                    note = _(
                        "Tomorrow (%(day)s) all of %(department)s will be away "
                        "without anyone covering the phone: %(windows)s. Arrange "
                        "for a colleague or the message-taker to cover.",
                        day=tomorrow,
                        department=department.name,
                        windows=windows,
                    )
                    department.activity_schedule(
                        "phone_policy.mail_activity_type_coverage_gap",
                        date_deadline=today,
                        summary=summary,
                        note=note,
                        user_id=department.manager_id.user_id.id,
                    )
                    department.message_post(
                        body=note,
                        subtype_xmlid="mail.mt_note",
                        partner_ids=department.manager_id.user_id.partner_id.ids,
                    )
                done += len(batch)
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=max(len(departments) - done, 0)
                )
