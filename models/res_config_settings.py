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
    phone_message_escalation_hours = fields.Float(
        related="company_id.phone_message_escalation_hours", readonly=False
    )
    phone_policy_ack_days = fields.Integer(
        related="company_id.phone_policy_ack_days", readonly=False
    )
    phone_inspection_sample_size = fields.Integer(
        related="company_id.phone_inspection_sample_size", readonly=False
    )
    phone_repeat_offence_count = fields.Integer(
        related="company_id.phone_repeat_offence_count", readonly=False
    )
    phone_repeat_offence_days = fields.Integer(
        related="company_id.phone_repeat_offence_days", readonly=False
    )
    phone_appraisal_period = fields.Selection(
        related="company_id.phone_appraisal_period", readonly=False
    )
    phone_appraisal_window_months = fields.Integer(
        related="company_id.phone_appraisal_window_months", readonly=False
    )
    phone_report_reward_points = fields.Integer(
        related="company_id.phone_report_reward_points", readonly=False
    )
    phone_currency_id = fields.Many2one(related="company_id.currency_id")
    phone_report_reward_amount = fields.Monetary(
        related="company_id.phone_report_reward_amount",
        readonly=False,
        currency_field="phone_currency_id",
    )
    # Phone-system passwords (policy §3.1)
    phone_password_min_length = fields.Integer(
        related="company_id.phone_password_min_length", readonly=False
    )
    phone_password_require_letters = fields.Boolean(
        related="company_id.phone_password_require_letters", readonly=False
    )
    phone_password_require_digits = fields.Boolean(
        related="company_id.phone_password_require_digits", readonly=False
    )
    phone_password_require_special = fields.Boolean(
        related="company_id.phone_password_require_special", readonly=False
    )
    phone_password_history = fields.Integer(
        related="company_id.phone_password_history", readonly=False
    )
    phone_password_grace_days = fields.Integer(
        related="company_id.phone_password_grace_days", readonly=False
    )
    phone_password_escalation_days = fields.Integer(
        related="company_id.phone_password_escalation_days", readonly=False
    )
    phone_fault_response_hours_0 = fields.Float(
        related="company_id.phone_fault_response_hours_0", readonly=False
    )
    phone_fault_resolution_hours_0 = fields.Float(
        related="company_id.phone_fault_resolution_hours_0", readonly=False
    )
    phone_fault_response_hours_1 = fields.Float(
        related="company_id.phone_fault_response_hours_1", readonly=False
    )
    phone_fault_resolution_hours_1 = fields.Float(
        related="company_id.phone_fault_resolution_hours_1", readonly=False
    )
    phone_fault_response_hours_2 = fields.Float(
        related="company_id.phone_fault_response_hours_2", readonly=False
    )
    phone_fault_resolution_hours_2 = fields.Float(
        related="company_id.phone_fault_resolution_hours_2", readonly=False
    )
    phone_fault_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id",
        string="Working schedule of the service levels",
        readonly=False,
    )
    phone_archive_retention_years = fields.Integer(
        related="company_id.phone_archive_retention_years", readonly=False
    )

    @api.depends("phone_ring_count", "phone_ring_seconds")
    def _compute_phone_ring_limit(self):
        for settings in self:
            settings.phone_ring_limit = (
                settings.phone_ring_count * settings.phone_ring_seconds
            )
