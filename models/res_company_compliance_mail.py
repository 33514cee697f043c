# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields, models


# one concern per file, as addons/account/models/account_journal_dashboard.py
class ResCompany(models.Model):
    """The monthly compliance report e-mailed to the department managers."""

    _inherit = "res.company"

    phone_compliance_mail = fields.Boolean(
        "E-mail the monthly compliance report",
        help="On the first working day of each month, every department manager "
        "receives last month's compliance report of their department by e-mail.",
    )

    def _phone_today(self):
        """Today in the company's time zone."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._phone_tz()))

    def _phone_first_working_day(self, any_day):
        """The first day of the month of ``any_day`` (a date) that the
        company's working schedule works, public holidays left out, in the
        company's time zone; without a schedule, its first weekday."""
        self.ensure_one()
        first = any_day.replace(day=1)
        calendar = self.resource_calendar_id
        if calendar:
            tz = pytz.timezone(self._phone_tz())
            start = tz.localize(datetime.combine(first, time.min))
            end = tz.localize(
                datetime.combine(first + relativedelta(months=1), time.min)
            )
            intervals = calendar._work_intervals_batch(start, end, tz=tz)[False]
            days = sorted(
                begin.astimezone(tz).date() for begin, _end, _rec in intervals
            )
            if days:
                return days[0]
        while first.weekday() >= 5:
            first += timedelta(days=1)
        return first


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    phone_compliance_mail = fields.Boolean(
        related="company_id.phone_compliance_mail", readonly=False
    )
