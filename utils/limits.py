# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How much work one request may ask of the server (SECURITY.md, class 11).

Every public method is callable over RPC and every stored field can be sent
by whoever may write it: the values that size the server's work (a number
of days, a sample, a period, a request body) are bounded here, once, and
checked where they are given."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError

# coverage gaps computed on request (phone.coverage.gap.action_open_gaps)
MAX_GAP_DAYS = 92
# calls drawn by one inspection, and the longest period it inspects
MAX_SAMPLE_SIZE = 500
MAX_INSPECTION_DAYS = 366
# how far back a plan's next date may be set: the daily jobs catch up one
# period after the other from there
MAX_PLAN_BACKLOG_DAYS = 366
# the longest rhythm of a plan, in its unit
MAX_PLAN_INTERVAL = 366
# the largest request a phone system may push (read into memory, parsed)
MAX_PUSH_KB = 16 * 1024
# calls named one by one in an archive access request
MAX_ACCESS_REFERENCES = 200
# company settings that size searches and windows
MAX_REPEAT_OFFENCE_DAYS = 3660
MAX_APPRAISAL_WINDOW_MONTHS = 60


def check_plan_backlog(plans):
    """The next date of each of ``plans`` (inspection or maintenance plans)
    lies at most MAX_PLAN_BACKLOG_DAYS in the past."""
    if not plans:
        return
    oldest = fields.Date.context_today(plans) - relativedelta(
        days=MAX_PLAN_BACKLOG_DAYS
    )
    for plan in plans:
        if plan.next_date < oldest:
            raise ValidationError(
                plans.env._(
                    "The next date of a plan lies at most %(days)s days in "
                    "the past: the missed periods are caught up one by one.",
                    days=MAX_PLAN_BACKLOG_DAYS,
                )
            )
