# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's phone-policy settings for calls (policy §2.1, §4, §7)
and the time helpers every part shares: the company's time zone, its
local days in UTC, quiet hours, working-day deadlines. Other settings
extend the company in files of their own: assessment
(``res_company_assessment.py``), fault service levels
(``res_company_fault.py``), passwords (``res_company_password.py``), the
call archive (``res_company_archive.py``)."""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import call_rules


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
    # empty: the standard words, in the language of whoever reads them
    # (phone.call._compute_scripts); a stored default would be English only
    phone_greeting_script = fields.Char(
        "Greeting script",
        translate=True,
        help="Words to greet an inbound caller with. {company} and {department} "
        "are replaced by the company and department names. Empty: the standard "
        "greeting in each user's language.",
    )
    phone_closing_script = fields.Char(
        "Closing script",
        translate=True,
        help="Words to close a call with. Empty: the standard closing in each "
        "user's language.",
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

    # Messages for absent colleagues (policy §2.1)
    phone_message_escalation_hours = fields.Float(
        "Urgent message escalation (working hours)",
        default=2.0,
        help="An urgent message not acknowledged within this many working "
        "hours of the company's calendar goes to the recipient's manager or "
        "covering colleague.",
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
            tz = pytz.timezone(tz_name or self._phone_tz())
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        return self._phone_quiet_kind(pytz.utc.localize(when).astimezone(tz))

    # what the quiet-hours rule reads (call_rules.quiet_kind)
    PHONE_QUIET_FNAMES = (
        "phone_quiet_weekends",
        "phone_quiet_meal_from",
        "phone_quiet_meal_to",
        "phone_quiet_night_from",
        "phone_quiet_night_to",
    )

    def _phone_quiet_settings(self):
        """The company's quiet hours as ``call_rules.quiet_kind`` reads them
        (the PBX import reads them once, then asks the rule for thousands
        of calls without the ORM)."""
        self.ensure_one()
        return tuple(self[fname] for fname in self.PHONE_QUIET_FNAMES)

    def _phone_quiet_kind(self, local):
        """The quiet period of the local time ``local`` (a datetime in the
        contact's time zone, naive or aware): 'weekend', 'meal', 'rest' or
        False (``call_rules.quiet_kind``, the one definition of the rule;
        ``_phone_quiet_period`` localizes, the PBX import localizes once per
        quarter-hour)."""
        return call_rules.quiet_kind(self._phone_quiet_settings(), local)

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

    @api.constrains("phone_message_escalation_hours")
    def _check_phone_message_escalation_hours(self):
        for company in self:
            if company.phone_message_escalation_hours <= 0:
                raise ValidationError(
                    _("Urgent messages escalate after a positive number of hours.")
                )

    def _phone_tz(self):
        """The company's time zone, the one definition every part uses (an
        archive month, a compliance month, a coverage day, an appraisal
        period, the PBX import): its contact's, else its working
        schedule's, else UTC."""
        self.ensure_one()
        return self.partner_id.tz or self.resource_calendar_id.tz or "UTC"

    def _phone_contact_tz(self, partner):
        """The time zone of a contact (quiet hours, call-backs): the
        contact's own, else the company's."""
        self.ensure_one()
        return (partner and partner.tz) or self._phone_tz()

    def _phone_utc_bounds(self, date_from, date_to):
        """Naive UTC [start, end) of the local days ``date_from`` to
        ``date_to`` in the company's time zone."""
        self.ensure_one()
        return utc_bounds(self._phone_tz(), date_from, date_to)

    def _phone_month_bounds(self, any_day):
        """Naive UTC [start, end) of the company's local calendar month of
        ``any_day`` (a date)."""
        self.ensure_one()
        first = any_day.replace(day=1)
        return self._phone_utc_bounds(first, first + relativedelta(months=1, days=-1))

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
