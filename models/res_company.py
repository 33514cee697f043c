# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import bisect
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.limits import (
    MAX_APPRAISAL_WINDOW_MONTHS,
    MAX_REPEAT_OFFENCE_DAYS,
    MAX_SAMPLE_SIZE,
)
from .phone_guard import check_workflow_fields


def utc_bounds(tz_name, date_from, date_to):
    """Naive UTC [start, end) of the local days ``date_from`` to ``date_to``
    in the time zone ``tz_name`` (UTC when unknown)."""
    try:
        tz = pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        tz = pytz.utc

    def to_utc(day):
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return to_utc(date_from), to_utc(date_to + timedelta(days=1))


# the head of the company's archive chain (see phone.archive._seal)
ARCHIVE_CHAIN_HEAD = ("phone_archive_last_sequence", "phone_archive_last_hash")


class ResCompany(models.Model):
    _inherit = "res.company"

    # Etiquette (policy §4.1)
    phone_ring_count = fields.Integer(
        "Rings before answering",
        default=3,
        help="A call must be answered within this number of rings.",
    )
    phone_ring_seconds = fields.Integer(
        "Seconds per ring cycle",
        default=6,
        help="Length of one ring cycle of the phone system, in seconds.",
    )
    phone_long_call_minutes = fields.Integer(
        "Long call threshold (minutes)",
        default=15,
        help="Calls longer than this are marked as long calls.",
    )
    phone_greeting_script = fields.Char(
        "Greeting script",
        translate=True,
        default=lambda self: _("Hello, {company} {department}."),
        help="Words to greet an inbound caller with. {company} and {department} "
        "are replaced by the company and department names.",
    )
    phone_closing_script = fields.Char(
        "Closing script",
        translate=True,
        default=lambda self: _("Thank you for calling, goodbye."),
        help="Words to close a call with.",
    )
    # Decent hours (policy §4.2.1), in the contact's own time zone
    phone_quiet_meal_from = fields.Float("Meal break from", default=12.0)
    phone_quiet_meal_to = fields.Float("Meal break to", default=13.5)
    phone_quiet_night_from = fields.Float("Rest hours from", default=21.0)
    phone_quiet_night_to = fields.Float("Rest hours to", default=8.0)
    phone_quiet_weekends = fields.Boolean("Weekends are quiet", default=True)
    # Policy acknowledgement (policy §7)
    phone_policy_ack_days = fields.Integer(
        "Days to acknowledge the policy",
        default=7,
        help="Employees who have not acknowledged the version in force this many "
        "days after it took effect get a reminder.",
    )

    @api.constrains(
        "phone_ring_count",
        "phone_ring_seconds",
        "phone_long_call_minutes",
        "phone_quiet_meal_from",
        "phone_quiet_meal_to",
        "phone_quiet_night_from",
        "phone_quiet_night_to",
    )
    def _check_phone_policy_settings(self):
        for company in self:
            if company.phone_ring_count < 1 or company.phone_ring_seconds < 1:
                raise ValidationError(
                    _("The ring limit needs at least one ring of at least one second.")
                )
            if company.phone_long_call_minutes < 1:
                raise ValidationError(
                    _("The long call threshold must be at least one minute.")
                )
            hours = (
                company.phone_quiet_meal_from,
                company.phone_quiet_meal_to,
                company.phone_quiet_night_from,
                company.phone_quiet_night_to,
            )
            if any(hour < 0 or hour > 24 for hour in hours):
                raise ValidationError(
                    _("Quiet hours must lie between 00:00 and 24:00.")
                )

    def _phone_ring_limit(self):
        """Seconds a phone may ring before the answer counts as late."""
        self.ensure_one()
        return self.phone_ring_count * self.phone_ring_seconds

    def _phone_quiet_period(self, when, tz_name):
        """Return the kind of quiet period ``when`` (naive UTC) falls in, seen
        from the time zone ``tz_name``: 'weekend', 'meal', 'rest' or False."""
        self.ensure_one()
        if not when:
            return False
        try:
            tz = pytz.timezone(tz_name or self.partner_id.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        return self._phone_quiet_kind(pytz.utc.localize(when).astimezone(tz))

    def _phone_quiet_kind(self, local):
        """The quiet period of the local time ``local`` (a datetime in the
        contact's time zone, naive or aware): 'weekend', 'meal', 'rest' or
        False. The one definition of the rule; ``_phone_quiet_period``
        localizes, the PBX import localizes once per quarter-hour."""
        self.ensure_one()
        if self.phone_quiet_weekends and local.weekday() >= 5:
            return "weekend"
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        windows = (
            ("meal", self.phone_quiet_meal_from, self.phone_quiet_meal_to),
            ("rest", self.phone_quiet_night_from, self.phone_quiet_night_to),
        )
        for kind, start, end in windows:
            if start == end:
                continue
            inside = start <= hour < end if start < end else hour >= start or hour < end
            if inside:
                return kind
        return False

    @staticmethod
    def _phone_localize(when, tz_name):
        """Naive UTC datetime -> aware datetime in ``tz_name``."""
        try:
            tz = pytz.timezone(tz_name or "UTC")
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        return (
            pytz.utc.localize(when).astimezone(tz)
            if isinstance(when, datetime)
            else when
        )

    # Messages for absent colleagues (policy §2.1)
    phone_message_escalation_hours = fields.Float(
        "Urgent message escalation (working hours)",
        default=2.0,
        help="An urgent message not acknowledged within this many working "
        "hours of the company's calendar goes to the recipient's manager or "
        "covering colleague.",
    )

    @api.constrains("phone_message_escalation_hours")
    def _check_phone_message_escalation_hours(self):
        for company in self:
            if company.phone_message_escalation_hours <= 0:
                raise ValidationError(
                    _("Urgent messages escalate after a positive number of hours.")
                )

    # Supervision and assessment (policy §6)
    phone_inspection_sample_size = fields.Integer(
        "Calls per inspection",
        default=10,
        help="Default number of calls an inspection samples.",
    )
    phone_repeat_offence_count = fields.Integer(
        "Escalate at offence no.",
        default=3,
        help="From this confirmed violation in the same category within the "
        "window on, the next penalty on the ladder is proposed.",
    )
    phone_repeat_offence_days = fields.Integer(
        "Repeat-offence window (days)",
        default=365,
        help="Rolling window in which violations of the same category count "
        "as repeat offences.",
    )
    phone_appraisal_period = fields.Selection(
        [
            ("previous", "Since the previous appraisal"),
            ("window", "Fixed window before the appraisal"),
        ],
        "Appraisal phone-conduct period",
        default="previous",
        required=True,
        help="Without a previous appraisal, the fixed window is used.",
    )
    phone_appraisal_window_months = fields.Integer(
        "Appraisal window (months)", default=12
    )
    phone_report_reward_points = fields.Integer(
        "Reward points for a substantiated report", default=5
    )
    phone_report_reward_amount = fields.Monetary(
        "Reward amount for a substantiated report",
        currency_field="currency_id",
        default=0.0,
    )

    @api.constrains(
        "phone_inspection_sample_size",
        "phone_repeat_offence_count",
        "phone_repeat_offence_days",
        "phone_appraisal_window_months",
        "phone_report_reward_points",
        "phone_report_reward_amount",
    )
    def _check_phone_assessment_settings(self):
        for company in self:
            if (
                company.phone_inspection_sample_size < 1
                or company.phone_repeat_offence_count < 1
                or company.phone_repeat_offence_days < 1
                or company.phone_appraisal_window_months < 1
            ):
                raise ValidationError(
                    _(
                        "Sample size, repeat-offence settings and the appraisal "
                        "window must be at least 1."
                    )
                )
            if (
                company.phone_inspection_sample_size > MAX_SAMPLE_SIZE
                or company.phone_repeat_offence_days > MAX_REPEAT_OFFENCE_DAYS
                or company.phone_appraisal_window_months > MAX_APPRAISAL_WINDOW_MONTHS
            ):
                raise ValidationError(
                    _(
                        "At most %(calls)s calls per inspection, a repeat-offence "
                        "window of %(days)s days and an appraisal window of "
                        "%(months)s months.",
                        calls=MAX_SAMPLE_SIZE,
                        days=MAX_REPEAT_OFFENCE_DAYS,
                        months=MAX_APPRAISAL_WINDOW_MONTHS,
                    )
                )
            if (
                company.phone_report_reward_points < 0
                or company.phone_report_reward_amount < 0
            ):
                raise ValidationError(_("Report rewards cannot be negative."))

    def _phone_tz(self):
        """The company's time zone: its contact's, else its working
        schedule's."""
        self.ensure_one()
        return self.partner_id.tz or self.resource_calendar_id.tz or "UTC"

    def _phone_utc_bounds(self, date_from, date_to):
        """Naive UTC [start, end) of the local days ``date_from`` to
        ``date_to`` in the company's time zone."""
        self.ensure_one()
        return utc_bounds(self._phone_tz(), date_from, date_to)

    # Fault service levels (policy §3.3), in working hours of the company's
    # working schedule, per priority
    phone_fault_response_hours_0 = fields.Float("Respond within (normal)", default=8.0)
    phone_fault_resolution_hours_0 = fields.Float(
        "Resolve within (normal)", default=40.0
    )
    phone_fault_response_hours_1 = fields.Float("Respond within (high)", default=4.0)
    phone_fault_resolution_hours_1 = fields.Float("Resolve within (high)", default=16.0)
    phone_fault_response_hours_2 = fields.Float("Respond within (urgent)", default=1.0)
    phone_fault_resolution_hours_2 = fields.Float(
        "Resolve within (urgent)", default=4.0
    )

    @api.constrains(
        "phone_fault_response_hours_0",
        "phone_fault_resolution_hours_0",
        "phone_fault_response_hours_1",
        "phone_fault_resolution_hours_1",
        "phone_fault_response_hours_2",
        "phone_fault_resolution_hours_2",
    )
    def _check_phone_fault_sla(self):
        for company in self:
            for priority in ("0", "1", "2"):
                response, resolution = company._phone_fault_sla_hours(priority)
                if response <= 0 or resolution < response:
                    raise ValidationError(
                        _(
                            "Service levels: a fault needs a response time above "
                            "zero and a resolution time at least as long."
                        )
                    )

    def _phone_fault_sla_hours(self, priority):
        """(response, resolution) working hours for a fault ``priority``."""
        self.ensure_one()
        priority = priority if priority in ("0", "1", "2") else "0"
        return (
            self[f"phone_fault_response_hours_{priority}"],
            self[f"phone_fault_resolution_hours_{priority}"],
        )

    def _phone_fault_deadlines(self, requests):
        """For each ``(start, hours)`` of ``requests`` (naive UTC start,
        working hours), the naive UTC datetime ``hours`` working hours later
        on the company's working schedule, its public holidays included
        (what ``resource.calendar.plan_hours`` gives, for a whole batch
        with one reading of the schedule); around the clock when the
        company has no schedule."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return [start + timedelta(hours=hours) for start, hours in requests]
        if not requests:
            return []
        span = timedelta(days=14)
        low = pytz.utc.localize(min(start for start, _hours in requests))
        high = pytz.utc.localize(max(start for start, _hours in requests)) + span
        results = [None] * len(requests)
        for _attempt in range(8):
            intervals = [
                (begin, end)
                for begin, end, _meta in calendar._work_intervals_batch(low, high)[
                    False
                ]
            ]
            ends = [end for _begin, end in intervals]
            results = [
                self._phone_walk_intervals(
                    intervals, ends, pytz.utc.localize(start), hours
                )
                for start, hours in requests
            ]
            if all(result is not None for result in results):
                break
            high += span * 2 ** (_attempt + 1)
        return [
            result.astimezone(pytz.utc).replace(tzinfo=None) if result else False
            for result in results
        ]

    @staticmethod
    def _phone_walk_intervals(intervals, ends, start, hours):
        """The moment ``hours`` of work after ``start`` along the sorted work
        ``intervals`` (``ends``: their ends, for bisection); None when the
        intervals run out first."""
        done = 0.0
        for begin, end in intervals[bisect.bisect_right(ends, start) :]:
            begin = max(begin, start)
            length = (end - begin).total_seconds() / 3600.0
            if hours <= done + length:
                return begin + timedelta(hours=hours - done)
            done += length
        return None

    # Phone-system passwords (policy §3.1)
    phone_password_min_length = fields.Integer(
        "Minimum password length",
        default=10,
        help="A phone-system password has at least this many characters.",
    )
    phone_password_require_letters = fields.Boolean(
        "Passwords need letters", default=True
    )
    phone_password_require_digits = fields.Boolean(
        "Passwords need digits", default=True
    )
    phone_password_require_special = fields.Boolean(
        "Passwords need special characters",
        default=True,
        help="Characters other than letters, digits and spaces, such as ! # $ % & * @.",
    )
    phone_password_history = fields.Integer(
        "Passwords remembered",
        default=5,
        help="A new password may not be one of this many previous passwords "
        "of the account (at most 12: each one adds about half a second of "
        "hashing to a change).",
    )
    phone_password_grace_days = fields.Integer(
        "Grace period (working days)",
        default=3,
        help="Working days, on the company's working schedule, an employee has "
        "to replace the initial password of a phone account.",
    )
    phone_password_escalation_days = fields.Integer(
        "Officers notified after (working days)",
        default=3,
        help="Working days after the reminder to the employee before the "
        "officers are notified of an initial password still in use.",
    )

    @api.constrains(
        "phone_password_min_length",
        "phone_password_history",
        "phone_password_grace_days",
        "phone_password_escalation_days",
    )
    def _check_phone_password_policy(self):
        for company in self:
            if not 6 <= company.phone_password_min_length <= 64:
                raise ValidationError(
                    _("The minimum password length lies between 6 and 64 characters.")
                )
            if not 0 <= company.phone_password_history <= 12:
                raise ValidationError(
                    _("Between 0 and 12 previous passwords can be remembered.")
                )
            if (
                company.phone_password_grace_days < 0
                or company.phone_password_escalation_days < 0
            ):
                raise ValidationError(
                    _("The password grace periods cannot be negative.")
                )

    def _phone_password_rules(self):
        """The character classes the company's password policy requires, as
        (key, label) pairs."""
        self.ensure_one()
        rules = []
        if self.phone_password_require_letters:
            rules.append(("letters", _("letters")))
        if self.phone_password_require_digits:
            rules.append(("digits", _("digits")))
        if self.phone_password_require_special:
            rules.append(("special", _("special characters")))
        return rules

    def _phone_working_deadline(self, start, days):
        """``start`` (naive UTC) plus ``days`` working days of the company's
        working schedule, as naive UTC."""
        self.ensure_one()
        if not start:
            return False
        calendar = self.resource_calendar_id
        if calendar and days:
            deadline = calendar.plan_hours(days * calendar.hours_per_day, start)
            if deadline:
                return deadline
        return start + timedelta(days=days)

    # Call records archive (policy §5.2)
    phone_archive_retention_years = fields.Integer(
        "Default retention of call archives (years)",
        default=5,
        help="Years archived calls are kept after their period when their "
        "business category has no retention policy of its own.",
    )
    phone_archive_last_sequence = fields.Integer(
        "Archive chain length",
        readonly=True,
        copy=False,
        help="Chain number of the company's last archived call.",
    )
    phone_archive_last_hash = fields.Char(
        "Archive chain head",
        readonly=True,
        copy=False,
        help="Integrity hash of the company's last archived call.",
    )

    @api.constrains("phone_archive_retention_years")
    def _check_phone_archive_retention(self):
        for company in self:
            if company.phone_archive_retention_years < 1:
                raise ValidationError(
                    _("Call archives must be kept for at least one year.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(self, ARCHIVE_CHAIN_HEAD, vals)
        return super().create(vals_list)

    def write(self, vals):
        # the head of the archive chain moves with filing only (in SQL)
        check_workflow_fields(self, ARCHIVE_CHAIN_HEAD, vals)
        return super().write(vals)
