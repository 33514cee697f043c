# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # Every stored field of hr.employee without groups must exist here too:
    # otherwise reading any field of an employee in Python as a user
    # without HR rights (e.g. ``employee.company_id``) prefetches it and
    # fails with "not available for employee public profiles".
    phone_extension = fields.Char("Extension", readonly=True)
