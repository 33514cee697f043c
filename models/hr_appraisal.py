# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..utils.groups import MANAGER_GROUP
from .phone_violation import COUNTED_STATES

# appraisal field: its compliance figure (phone.compliance.report) over the
# appraisal's period and employee
APPRAISAL_FIGURES = {
    "phone_call_count": "call_count",
    "phone_personal_call_count": "personal_call_count",
    "phone_inbound_count": "answered_count",
    "phone_ring_measured_count": "ring_measured_count",
    "phone_in_time_count": "answered_in_time_count",
    "phone_in_time_rate": "answered_in_time_rate",
    "phone_inspected_count": "inspected_call_count",
    "phone_inspection_score": "inspection_score",
    "phone_record_count": "record_count",
    "phone_complete_count": "complete_count",
    "phone_complete_rate": "complete_rate",
    "phone_filed_count": "filed_count",
    "phone_filed_complete_rate": "filed_complete_rate",
    "phone_violation_count": "violation_count",
    "phone_violation_points": "violation_points",
    "phone_commendation_count": "commendation_count",
    "phone_commendation_points": "commendation_points",
}

# Who may hold the figures at all; _phone_conduct_allowed() then keeps them
# to the employee's managers (HR's data) and HR
PHONE_CONDUCT_GROUPS = f"hr_appraisal_oca.group_appraisal_user,{MANAGER_GROUP}"


class HrAppraisal(models.Model):
    _inherit = "hr.appraisal"

    phone_conduct_visible = fields.Boolean(
        string="Phone conduct visible",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_date_from = fields.Date(
        "Phone conduct from",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_date_to = fields.Date(
        "Phone conduct to",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_call_count = fields.Integer(
        "Calls", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_personal_call_count = fields.Integer(
        "Personal calls", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_inbound_count = fields.Integer(
        "Answered inbound calls",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_ring_measured_count = fields.Integer(
        "Answered, ring time measured",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        help="The answered inbound calls the share answered in time rests on: "
        "those whose ring time the phone system measured.",
    )
    phone_in_time_count = fields.Integer(
        "Answered within the ring limit",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_in_time_rate = fields.Float(
        "Answered within the ring limit (%)",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        digits=(5, 1),
    )
    phone_inspected_count = fields.Integer(
        "Inspected calls", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_inspection_score = fields.Float(
        "Inspection score (%)",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        digits=(5, 1),
    )
    phone_incident_count = fields.Integer(
        "Security incidents",
        help="Incidents concerning the employee that they did not report "
        "themself, dismissed ones apart.",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_record_count = fields.Integer(
        "Work calls to record",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_incident_reported_count = fields.Integer(
        "Incidents reported promptly",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        help="Incidents the employee reported themself (a leak reported at "
        "once, policy §3.1.3): shown, not counted against them.",
    )
    phone_complete_count = fields.Integer(
        "Complete records",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_complete_rate = fields.Float(
        "Complete records (%)",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        digits=(5, 1),
    )
    phone_filed_count = fields.Integer(
        "Work calls filed",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_filed_complete_rate = fields.Float(
        "Filed complete (%)",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        digits=(5, 1),
        help="Records and archive management (policy §6.2.1): share of the "
        "employee's work calls of the period already filed in an archive "
        "whose record was complete when filed.",
    )
    phone_violation_count = fields.Integer(
        "Violations", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_violation_points = fields.Integer(
        "Points deducted", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_commendation_count = fields.Integer(
        "Commendations", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_commendation_points = fields.Integer(
        "Bonus points", compute="_compute_phone_conduct", groups=PHONE_CONDUCT_GROUPS
    )
    phone_promotion_recommended = fields.Boolean(
        "Recommended for promotion",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )
    phone_net_score = fields.Integer(
        "Net phone-conduct score",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
        help="Bonus points of the commendations minus the points deducted by "
        "the confirmed violations of the period.",
    )
    phone_conduct_details = fields.Html(
        "Violations and commendations",
        compute="_compute_phone_conduct",
        groups=PHONE_CONDUCT_GROUPS,
    )

    def _phone_conduct_allowed(self):
        """The employee's managers and HR see the phone conduct; nobody
        else, not even the appraised employee (their own violations are
        shown to them elsewhere), HR included. Who manages the employee
        comes from HR's data, never from the appraisal's managers, which
        whoever writes the appraisal fills in (SECURITY.md, class 6)."""
        self.ensure_one()
        user = self.env.user
        employee = self.employee_id
        if not employee or employee.user_id == user:
            return False
        if user.has_group("hr_appraisal_oca.group_appraisal_hr_officer") or (
            user.has_group(MANAGER_GROUP)
        ):
            return True
        return user in employee._phone_manager_users()

    def _phone_conduct_period(self):
        """(first day, last day) the tab covers: from the day after the
        employee's previous appraisal, or the company's window, to this
        appraisal's date."""
        self.ensure_one()
        company = self.company_id or self.env.company
        date_to = self.date_close or fields.Date.context_today(self)
        if company.phone_appraisal_period == "previous" and self.employee_id:
            domain = [
                ("employee_id", "=", self.employee_id.id),
                ("date_close", "<", date_to),
            ]
            if isinstance(self.id, int):
                domain.append(("id", "!=", self.id))
            # sudo: only the date of the previous appraisal is used
            previous = self.sudo().search(domain, order="date_close desc", limit=1)
            if previous:
                return previous.date_close + relativedelta(days=1), date_to
        months = company.phone_appraisal_window_months
        return date_to - relativedelta(months=months) + relativedelta(days=1), date_to

    def _phone_conduct_incident_counts(self, employee, date_from, date_to):
        """(held, reported) information-security incidents concerning
        ``employee`` reported in the period, dismissed ones apart: those the
        employee reported themself (§3.1.3 asks them to report a leak at
        once) are *reported promptly* and not held against them; the others
        count (sudo like the other figures: HR's view, shown only to who
        may see the tab)."""
        company = employee.company_id or self.env.company
        start, stop = company._phone_utc_bounds(date_from, date_to)
        incidents = (
            self.env["phone.security.incident"]
            # sudo: HR's count of incidents, shown only where the tab is allowed
            .sudo()
            .search_fetch(
                [
                    "|",
                    ("employee_ids", "in", employee.ids),
                    ("account_id.employee_id", "=", employee.id),
                    ("date_reported", ">=", start),
                    ("date_reported", "<", stop),
                    ("state", "!=", "dismissed"),
                ],
                ["reporter_id"],
            )
        )
        reported = incidents.filtered(
            lambda incident: (
                employee.user_id and incident.reporter_id == employee.user_id
            )
        )
        return len(incidents - reported), len(reported)

    def _phone_conduct_figures(self, date_from, date_to):
        """The figures of the tab for this appraisal's employee (sudo: HR's
        view of the employee's records, shown only if allowed)."""
        self.ensure_one()
        employee = self.employee_id
        company = self.company_id or employee.company_id or self.env.company
        start, end = company._phone_utc_bounds(date_from, date_to)
        # the compliance figures of the employee over the period: one code
        # path with the dashboard and the monthly report
        figures = (
            self.env["phone.compliance.report"]
            # sudo: HR's figures of the employee, shown only where the tab is allowed
            .sudo()
            ._figures_between(start, end, [("employee_id", "=", employee.id)])
            .get((), {})
        )
        violations = (
            self.env["phone.violation"]
            # sudo: HR's view of the violations, shown only where the tab is allowed
            .sudo()
            .search(
                [
                    ("employee_id", "=", employee.id),
                    ("state", "in", COUNTED_STATES),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                order="date, id",
            )
        )
        commendations = (
            self.env["phone.commendation"]
            # sudo: HR's view of the commendations, shown only where allowed
            .sudo()
            .search(
                [
                    ("employee_id", "=", employee.id),
                    ("state", "=", "confirmed"),
                    # an anonymous reporter's reward would say who reported
                    ("is_confidential", "=", False),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                order="date, id",
            )
        )
        return {
            **{
                fname: figures.get(figure) or 0
                for fname, figure in APPRAISAL_FIGURES.items()
            },
            **dict(
                zip(
                    ("phone_incident_count", "phone_incident_reported_count"),
                    self._phone_conduct_incident_counts(employee, date_from, date_to),
                    strict=True,
                )
            ),
            "phone_promotion_recommended": any(
                commendations.mapped("promotion_recommended")
            ),
            "phone_net_score": (figures.get("commendation_points") or 0)
            - (figures.get("violation_points") or 0),
            "phone_conduct_details": self.env["ir.qweb"]._render(
                "phone_policy.hr_appraisal_phone_conduct_details",
                {"violations": violations, "commendations": commendations},
            ),
        }

    @api.model
    def _phone_conduct_empty(self):
        """The tab's values for whoever may not see it."""
        return {
            "phone_date_from": False,
            "phone_date_to": False,
            "phone_call_count": 0,
            "phone_personal_call_count": 0,
            "phone_inbound_count": 0,
            "phone_ring_measured_count": 0,
            "phone_record_count": 0,
            "phone_in_time_count": 0,
            "phone_in_time_rate": 0.0,
            "phone_inspected_count": 0,
            "phone_inspection_score": 0.0,
            "phone_incident_count": 0,
            "phone_incident_reported_count": 0,
            "phone_complete_count": 0,
            "phone_complete_rate": 0.0,
            "phone_filed_count": 0,
            "phone_filed_complete_rate": 0.0,
            "phone_violation_count": 0,
            "phone_violation_points": 0,
            "phone_commendation_count": 0,
            "phone_commendation_points": 0,
            "phone_promotion_recommended": False,
            "phone_net_score": 0,
            "phone_conduct_details": False,
        }

    @api.depends_context("uid")
    @api.depends("employee_id", "date_close")
    def _compute_phone_conduct(self):
        empty = self._phone_conduct_empty()
        for appraisal in self:
            values = dict(empty, phone_conduct_visible=False)
            if appraisal.employee_id and appraisal._phone_conduct_allowed():
                date_from, date_to = appraisal._phone_conduct_period()
                values.update(
                    appraisal._phone_conduct_figures(date_from, date_to),
                    phone_conduct_visible=True,
                    phone_date_from=date_from,
                    phone_date_to=date_to,
                )
            appraisal.update(values)
