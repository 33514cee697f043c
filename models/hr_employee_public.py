# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # directory information every colleague may read (policy §2.1.1);
    # hr.employee.public is a view over hr_employee's columns
    phone_extension = fields.Char("Extension", readonly=True)
