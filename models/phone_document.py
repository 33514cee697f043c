# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the addon's documents share, declared once (as ``maintenance.mixin``
does for equipment in ``addons/maintenance/models/maintenance.py``).

- ``phone.document.mixin``: a numbered document of a company (a call, a
  fault, a violation, an archive...): its reference from the company's
  sequence coded as the model's name (CALL/2026/000123) and its company.
- ``phone.employee.document.mixin``: a record about one employee (a call
  they handled, their violation, commendation or absence): the employee,
  their user and their department at the time, which the record keeps when
  they move (an editable stored compute, not a related field).

A model redeclares a field of a mixin with only what differs (its label, a
default, ``required``): Odoo adds those attributes to the mixin's.
"""

from odoo import _, api, fields, models

from ..utils.reference import next_reference


class PhoneDocumentMixin(models.AbstractModel):
    _name = "phone.document.mixin"
    _description = "Phone Policy: numbered document"
    _inherit = ["phone.guard.mixin"]
    _check_company_auto = True

    name = fields.Char(
        "Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: _("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _phone_create_values(self, vals_list):
        """Every record created without a reference gets the next one of its
        company's sequence; the guard has refused a reference the caller
        sent (``name`` is read-only), so a caller never chooses one."""
        vals_list = super()._phone_create_values(vals_list)
        new = _("New")
        for vals in vals_list:
            if vals.get("name", new) == new:
                vals["name"] = next_reference(self, vals.get("company_id"))
        return vals_list


class PhoneEmployeeDocumentMixin(models.AbstractModel):
    _name = "phone.employee.document.mixin"
    _description = "Phone Policy: record about an employee"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee", tracking=True, index=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, index=True
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )

    def _default_employee_id(self):
        """The current user's employee (a default of the models whose
        records people make about themselves)."""
        return self.env.user.employee_id

    @api.depends("employee_id")
    def _compute_department_id(self):
        for record in self:
            record.department_id = record.employee_id.department_id
