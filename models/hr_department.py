# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import babel.dates
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import babel_locale_parse, get_lang

from ..utils.groups import OFFICER_GROUP

# how far back the dashboard's month filters go
MONTHS_BACK = 12

# dashboard field: its figure of the month (phone.compliance.report)
DASHBOARD_FIGURES = {
    "phone_month_call_count": "call_count",
    "phone_month_answered_count": "answered_count",
    "phone_month_in_time_rate": "answered_in_time_rate",
    "phone_month_ring_seconds": "ring_seconds",
    "phone_month_complete_rate": "complete_rate",
    "phone_month_missed_no_callback": "missed_no_callback_count",
    "phone_month_overdue_callback": "overdue_callback_count",
    "phone_month_personal_calls": "personal_call_count",
    "phone_month_fault_open": "fault_open_count",
    "phone_month_violation_count": "violation_count",
    "phone_month_commendation_count": "commendation_count",
    "phone_month_inspection_score": "inspection_score",
    "phone_month_inspected_count": "inspected_call_count",
}


# the department's phone settings
PHONE_SETTINGS = {
    "phone_greeting_script",
    "phone_closing_script",
    "phone_message_taker_id",
    "phone_leave_cover",
}


class HrDepartment(models.Model):
    _inherit = "hr.department"

    phone_greeting_script = fields.Char(
        "Phone greeting",
        translate=True,
        help="Overrides the company's greeting script for this department.",
    )
    phone_closing_script = fields.Char(
        "Phone closing",
        translate=True,
        help="Overrides the company's closing script for this department.",
    )
    phone_message_taker_id = fields.Many2one(
        "hr.employee",
        "Message-taker",
        check_company=True,
        help="Answers the department's phones and takes messages when the "
        "colleagues are away (policy §2.1).",
    )
    phone_leave_cover = fields.Selection(
        [
            ("message_taker", "The message-taker"),
            ("manager", "The department's manager"),
            ("voicemail", "Voicemail"),
        ],
        "Phone during Time Off",
        default="message_taker",
        help="Who answers the phone of a colleague whose Time Off is approved; "
        "voicemail when they cannot (they are away too, or it is their own).",
    )

    # The month's compliance figures (policy §6), for the dashboard of the
    # administration department and HR: this month, or the month its
    # search filters pick (``phone_month_offset`` in the context: 0, -1,
    # ... -MONTHS_BACK; it chooses a month, it grants nothing)
    phone_month_label = fields.Char(
        "Month",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_call_count = fields.Integer(
        "Calls this month",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_answered_count = fields.Integer(
        "Incoming calls answered",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_in_time_rate = fields.Float(
        "Answered within ring limit (%)",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_ring_seconds = fields.Float(
        "Average ring time (s)",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_complete_rate = fields.Float(
        "Complete records (%)",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_missed_no_callback = fields.Integer(
        "Missed, not called back",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_overdue_callback = fields.Integer(
        "Overdue call-backs",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_personal_calls = fields.Integer(
        "Personal calls",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_fault_open = fields.Integer(
        "Faults open",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_violation_count = fields.Integer(
        "Violations",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_commendation_count = fields.Integer(
        "Commendations",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_inspection_score = fields.Float(
        "Inspection score (%)",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )
    phone_month_inspected_count = fields.Integer(
        "Calls inspected",
        compute="_compute_phone_compliance",
        groups=OFFICER_GROUP,
    )

    @api.model
    def _phone_dashboard_day(self):
        """The first day of the dashboard's month (see phone_month_label)."""
        try:
            back = -int(self.env.context.get("phone_month_offset") or 0)
        except (TypeError, ValueError):
            back = 0
        back = min(max(back, 0), MONTHS_BACK)
        first = fields.Date.context_today(self).replace(day=1)
        return first - relativedelta(months=back)

    def _compute_phone_compliance(self):
        Report = self.env["phone.compliance.report"]
        day = self._phone_dashboard_day()
        label = babel.dates.format_skeleton(
            "yMMMM", day, locale=babel_locale_parse(get_lang(self.env).code)
        )
        figures = {}
        # each company's month, in its own time zone
        for company, departments in self.grouped(
            lambda department: department.company_id or self.env.company
        ).items():
            figures.update(
                Report._figures(
                    day,
                    company._phone_tz(),
                    domain=[("department_id", "in", departments.ids)],
                )
            )
        for department in self:
            values = figures.get(department, {})
            department.update(
                {
                    field: values.get(figure) or 0
                    for field, figure in DASHBOARD_FIGURES.items()
                }
            )
            department.phone_month_label = label

    def write(self, vals):
        # every employee may write departments (Odoo's access rights): the
        # phone settings are HR's, the Officers' and the department manager's
        # (the message-taker receives the department's messages)
        if PHONE_SETTINGS & set(vals) and not self.env.su:
            user = self.env.user
            if not (
                user.has_group("hr.group_hr_user") or user.has_group(OFFICER_GROUP)
            ):
                # sudo: who manages the department, whatever one may read
                for department in self.sudo():
                    if department.manager_id.user_id != user:
                        raise AccessError(
                            _(
                                "The phone settings of %(department)s are set by "
                                "HR, the Phone Policy officers and its manager.",
                                department=department.name,
                            )
                        )
        return super().write(vals)

    def action_phone_compliance_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "phone_policy.phone_compliance_report_action"
        )
        action["domain"] = [("department_id", "=", self.id)]
        action["display_name"] = _(
            "Compliance of %(department)s", department=self.display_name
        )
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_call_archive(self):
        self.env["phone.call"]._check_no_archived_reference(self, ["department_id"])
