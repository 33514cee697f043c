# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


def _last_month(wizard):
    return fields.Date.context_today(wizard) - relativedelta(months=1)


class PhoneCompliancePrintWizard(models.TransientModel):
    """Prints the monthly compliance report the administration department
    files: the company's figures, then a page per department."""

    _name = "phone.compliance.print.wizard"
    _description = "Print the Monthly Compliance Report"
    _inherit = ["phone.guard.mixin"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: str(_last_month(self).month)
    )
    year = fields.Integer(required=True, default=lambda self: _last_month(self).year)
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        domain="[('company_id', 'in', (company_id, False))]",
        check_company=True,
        help="Leave empty for every department of the company.",
    )

    @api.constrains("company_id")
    def _check_company_of_user(self):
        for wizard in self:
            if not self.env.su and wizard.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    _(
                        "%(company)s is not one of your companies: print the "
                        "report of a company you work in.",
                        company=wizard.company_id.name,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2999:
                raise UserError(_("Enter the year with four digits, e.g. 2026."))

    def _month_date(self):
        self.ensure_one()
        return fields.Date.to_date(f"{self.year:04d}-{int(self.month):02d}-01")

    def _tz(self):
        return self.company_id._phone_tz()

    def action_print(self):
        self.ensure_one()
        return self.env.ref("phone_policy.phone_compliance_report_pdf").report_action(
            self
        )
