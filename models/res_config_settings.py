# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    phone_ring_count = fields.Integer(
        related="company_id.phone_ring_count", readonly=False
    )
    phone_ring_seconds = fields.Integer(
        related="company_id.phone_ring_seconds", readonly=False
    )
    phone_ring_limit = fields.Integer(
        "Ring limit (seconds)", compute="_compute_phone_ring_limit"
    )
    phone_long_call_minutes = fields.Integer(
        related="company_id.phone_long_call_minutes", readonly=False
    )
    phone_greeting_script = fields.Char(
        related="company_id.phone_greeting_script", readonly=False
    )
    phone_closing_script = fields.Char(
        related="company_id.phone_closing_script", readonly=False
    )
    phone_quiet_meal_from = fields.Float(
        related="company_id.phone_quiet_meal_from", readonly=False
    )
    phone_quiet_meal_to = fields.Float(
        related="company_id.phone_quiet_meal_to", readonly=False
    )
    phone_quiet_night_from = fields.Float(
        related="company_id.phone_quiet_night_from", readonly=False
    )
    phone_quiet_night_to = fields.Float(
        related="company_id.phone_quiet_night_to", readonly=False
    )
    phone_quiet_weekends = fields.Boolean(
        related="company_id.phone_quiet_weekends", readonly=False
    )

    @api.depends("phone_ring_count", "phone_ring_seconds")
    def _compute_phone_ring_limit(self):
        for settings in self:
            settings.phone_ring_limit = (
                settings.phone_ring_count * settings.phone_ring_seconds
            )

    phone_archive_retention_years = fields.Integer(
        related="company_id.phone_archive_retention_years", readonly=False
    )
