# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sentence-case labels of accounts' fields that had their technical name's
Title Case label (only the label: the fields are defined in phone_account.py)."""

from odoo import fields, models


class PhoneAccount(models.Model):
    _inherit = "phone.account"

    freeze_reason = fields.Text(string="Freeze reason")
    password_reminded_on = fields.Datetime(string="Password reminded on")
