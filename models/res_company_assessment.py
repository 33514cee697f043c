# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's supervision and assessment settings (policy §6)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.limits import (
    MAX_APPRAISAL_WINDOW_MONTHS,
    MAX_REPEAT_OFFENCE_DAYS,
    MAX_SAMPLE_SIZE,
)


class ResCompany(models.Model):
    _inherit = "res.company"

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
