# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
        local = pytz.utc.localize(when).astimezone(tz)
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
                company.phone_report_reward_points < 0
                or company.phone_report_reward_amount < 0
            ):
                raise ValidationError(_("Report rewards cannot be negative."))

    def _phone_utc_bounds(self, date_from, date_to):
        """Naive UTC [start, end) of the local days ``date_from`` to
        ``date_to`` in the company's time zone."""
        self.ensure_one()
        try:
            tz = pytz.timezone(self.partner_id.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(date_to + timedelta(days=1))
