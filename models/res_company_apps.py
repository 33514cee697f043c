# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


# one concern per file, as addons/account/models/account_journal_dashboard.py
class ResCompany(models.Model):
    """The company's choices about the Odoo apps the policy works with."""

    _inherit = "res.company"

    phone_coverage_meetings = fields.Boolean(
        "Meetings count as phone absences",
        help="Calendar events an employee attends and is shown busy in count as "
        "time away from the phone when coverage gaps are looked for.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    phone_coverage_meetings = fields.Boolean(
        related="company_id.phone_coverage_meetings", readonly=False
    )
