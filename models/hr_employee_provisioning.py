# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models


# one concern per file, as addons/account/models/account_journal_dashboard.py
class HrEmployee(models.Model):
    """What an employee's departure and renaming mean for their phone
    accounts (policy §3.1: one account per employee, and only while they
    are one)."""

    _inherit = "hr.employee"

    def write(self, vals):
        departing = self.filtered("active") if vals.get("active") is False else None
        result = super().write(vals)
        if departing:
            departing._phone_departure()
        if "name" in vals:
            # sudo: the phone system shows the name; HR renames, not officers
            Account = self.env["phone.account"].sudo()
            accounts = Account.search(
                [("employee_id", "in", self.ids), ("state", "!=", "closed")]
            )
            accounts._pbx_queue("update")
        return result

    def _phone_departure(self):
        """The employees leave (archived): their open phone accounts are
        closed, which removes their credentials from the phone system. The
        departure flow of HR calls this hook."""
        # sudo: archiving the employee is HR's decision; the accounts follow
        Account = self.env["phone.account"].sudo()
        accounts = Account.search(
            [("employee_id", "in", self.ids), ("state", "!=", "closed")]
        )
        for employee in self:
            employee_accounts = accounts.filtered(
                lambda a, employee=employee: a.employee_id == employee
            )
            employee_accounts._phone_close(
                _("%(employee)s left the company.", employee=employee.name)
            )
