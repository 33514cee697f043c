# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # directory information: without it on the public profile, reading an
    # employee without HR rights fails on this prefetched column
    phone_extension = fields.Char("Extension", readonly=True)
