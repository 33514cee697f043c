# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

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
