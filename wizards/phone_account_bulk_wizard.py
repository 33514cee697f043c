# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class PhoneAccountBulkWizard(models.TransientModel):
    """Create and issue the phone accounts of several employees at once
    (policy §3.1: one account per employee): each gets an extension from
    the numbering plan of their department, or from their work phone, and
    an initial password shown once to the officer."""

    _name = "phone.account.bulk.wizard"
    _description = "Create and Issue Phone Accounts"
    _inherit = ["phone.guard.mixin"]

    def _default_system(self):
        return self.env["phone.system"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    def _default_employees(self):
        if self.env.context.get("active_model") != "hr.employee":
            return self.env["hr.employee"]
        return self.env["hr.employee"].browse(self.env.context.get("active_ids", []))

    system_id = fields.Many2one(
        "phone.system", "Phone system", required=True, default=_default_system
    )
    company_id = fields.Many2one(related="system_id.company_id")
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees",
        default=_default_employees,
        domain="[('company_id', '=', company_id)]",
    )
    line_ids = fields.One2many(
        "phone.account.bulk.wizard.line",
        "wizard_id",
        "Accounts",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("system_id", "employee_ids")
    def _compute_line_ids(self):
        for wizard in self:
            open_accounts = wizard._open_accounts(wizard.employee_ids)
            taken = set(open_accounts.mapped("extension"))
            taken |= set(wizard._taken_extensions())
            commands = [Command.clear()]
            for employee in wizard.employee_ids:
                account = open_accounts.filtered(
                    lambda a, employee=employee: a.employee_id == employee
                )
                extension, note = wizard._propose(employee, taken, account)
                if extension:
                    taken.add(extension)
                commands.append(
                    Command.create(
                        {
                            "employee_id": employee.id,
                            "extension": extension,
                            "note": note,
                        }
                    )
                )
            wizard.line_ids = commands

    def _taken_extensions(self):
        """Extensions of the open accounts of the system."""
        self.ensure_one()
        if not self.system_id:
            return []
        return (
            self.env["phone.account"]
            .search([("system_id", "=", self.system_id.id), ("state", "!=", "closed")])
            .mapped("extension")
        )

    def _open_accounts(self, employees):
        """The open accounts of ``employees`` on the system."""
        return self.env["phone.account"].search(
            [
                ("system_id", "=", self.system_id.id),
                ("employee_id", "in", employees.ids),
                ("state", "!=", "closed"),
            ]
        )

    def _propose(self, employee, taken, account):
        """(extension, note): the employee's work phone when its last digits
        fit the department's numbering plan, else the plan's first free
        extension; or no extension and why."""
        self.ensure_one()
        if not self.system_id:
            return False, False
        if employee.user_id == self.env.user:
            return False, _("Your own account: another officer creates it.")
        if account:
            return False, _(
                "Already has account %(account)s.", account=account[:1].display_name
            )
        plan = self.system_id._numbering_for(employee.department_id)
        digits = re.sub(r"\D", "", employee.work_phone or "")
        if plan:
            for line in plan:
                size = line.extension_length if line.rule == "prefix" else None
                size = size or len(str(line.range_end or "")) or 4
                candidate = digits[-size:] if len(digits) >= size else ""
                if candidate and line._matches(candidate) and candidate not in taken:
                    return candidate, False
            for line in plan:
                extension = line._first_free(taken)
                if extension:
                    return extension, False
            return False, _(
                "No free extension left in the numbering plan of %(department)s.",
                department=employee.department_id.name,
            )
        if len(digits) >= 4 and digits[-4:] not in taken:
            return digits[-4:], False
        return False, _(
            "%(department)s has no numbering plan on %(system)s and the employee "
            "no work phone: type the extension.",
            department=employee.department_id.name or _("No department"),
            system=self.system_id.name,
        )

    def action_create_and_issue(self):
        self.ensure_one()
        self.env["phone.account"]._check_officer()
        lines = self.line_ids.filtered("extension")
        if not lines:
            raise UserError(_("No account to create: give the employees an extension."))
        already = self._open_accounts(lines.employee_id)
        if already:
            raise UserError(
                _(
                    "%(employees)s already have an account on %(system)s.",
                    employees=", ".join(already.employee_id.mapped("name")),
                    system=self.system_id.name,
                )
            )
        accounts = self.env["phone.account"].create(
            [
                {
                    "system_id": self.system_id.id,
                    "employee_id": line.employee_id.id,
                    "extension": line.extension.strip(),
                    "company_id": self.system_id.company_id.id,
                }
                for line in lines
            ]
        )
        issued = []
        for account in accounts:
            password = account._phone_issue_password()
            issued.append(
                f"{account.extension}\t{account.employee_id.name}\t{password}"
            )
        # shown once: the passwords travel in this answer only, to a form of
        # a model without table, never stored
        return {
            "type": "ir.actions.act_window",
            "name": _("Initial passwords"),
            "res_model": "phone.account.bulk.result",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_passwords": "\n".join(issued)},
        }


class PhoneAccountBulkWizardLine(models.TransientModel):
    _name = "phone.account.bulk.wizard.line"
    _description = "Phone Account to Create"
    _inherit = ["phone.guard.mixin"]
    # proposed by the wizard and sent back by its form (force_save): the
    # employees are the officer's choice anyway, the note only informs
    _phone_free_fields = frozenset({"employee_id", "note"})

    wizard_id = fields.Many2one(
        "phone.account.bulk.wizard", required=True, ondelete="cascade"
    )
    employee_id = fields.Many2one("hr.employee", required=True, readonly=True)
    department_id = fields.Many2one(related="employee_id.department_id")
    work_phone = fields.Char(string="Work phone", related="employee_id.work_phone")
    extension = fields.Char()
    note = fields.Char(readonly=True)


class PhoneAccountBulkResult(models.AbstractModel):
    _name = "phone.account.bulk.result"
    _description = "Initial Phone Passwords, Shown Once"

    # the field 'id' is necessary for the onchange that returns the passwords
    id = fields.Id()
    passwords = fields.Text(readonly=True)
