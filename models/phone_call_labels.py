# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sentence-case labels of calls' fields that had their technical name's
Title Case label (only the label: the fields are defined in phone_call.py)."""

from odoo import fields, models


class PhoneCall(models.Model):
    _inherit = "phone.call"

    closing_script = fields.Char(string="Closing script")
    greeting_script = fields.Char(string="Greeting script")
    incomplete_reason = fields.Char(string="Incomplete reason")
    quiet_hours_warning = fields.Char(string="Quiet hours warning")
