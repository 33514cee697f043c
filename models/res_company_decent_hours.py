# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first decent time to call someone back (policy §2.2: calls at decent
hours): what the call-back suggestions propose, next to the quiet hours of
``res.company`` (``_phone_quiet_period``), which decide what is decent."""

from datetime import timedelta

from odoo import models

# The suggestion moves by quarter-hours, for at most a week (a company whose
# quiet hours cover the whole week gets its first guess back)
STEP = timedelta(minutes=15)
HORIZON = 7 * 24 * 4


class ResCompany(models.Model):
    _inherit = "res.company"

    def _phone_first_decent_time(self, when, tz_name):
        """The first quarter-hour at or after ``when`` (naive UTC) that falls
        in no quiet period of the time zone ``tz_name``."""
        self.ensure_one()
        candidate = when.replace(second=0, microsecond=0)
        if candidate < when:
            candidate += timedelta(minutes=1)
        # on a quarter-hour: the suggestion reads as a time people say
        candidate += timedelta(minutes=(-candidate.minute) % 15)
        for _step in range(HORIZON):
            if not self._phone_quiet_period(candidate, tz_name):
                return candidate
            candidate += STEP
        return when
