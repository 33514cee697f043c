# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PhoneAccount(models.Model):
    _name = "phone.account"
    _description = "Phone System Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "system_id, extension"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True)
    department_id = fields.Many2one(related="employee_id.department_id", store=True)
    extension = fields.Char(required=True, index=True, tracking=True)
    login = fields.Char(
        "Login / SIP user",
        compute="_compute_login",
        store=True,
        readonly=False,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("frozen", "Frozen"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    date_issued = fields.Datetime("Issued on", readonly=True, copy=False)
    date_password_changed = fields.Datetime(
        "Password changed on", readonly=True, copy=False
    )
    freeze_reason = fields.Text(readonly=True, copy=False, tracking=True)
    numbering_ok = fields.Boolean(
        "Follows the numbering plan", compute="_compute_numbering_ok"
    )

    @api.depends("extension", "employee_id", "system_id")
    def _compute_name(self):
        for account in self:
            account.name = " - ".join(
                part for part in (account.extension, account.employee_id.name) if part
            )

    @api.depends("extension")
    def _compute_login(self):
        for account in self:
            if not account.login:
                account.login = account.extension

    @api.depends("extension", "system_id", "department_id")
    def _compute_numbering_ok(self):
        for account in self:
            account.numbering_ok = account._numbering_error() is False

    def _numbering_error(self):
        """False, or why the extension breaks the department's numbering plan."""
        self.ensure_one()
        if not self.extension or not self.extension.isdigit():
            return _("An extension is made of digits only.")
        plan = self.system_id._numbering_for(self.department_id)
        if plan and not any(line._matches(self.extension) for line in plan):
            return _(
                "Extension %(ext)s does not follow the numbering plan of %(dept)s "
                "on %(system)s: %(plan)s.",
                ext=self.extension,
                dept=self.department_id.name,
                system=self.system_id.name,
                plan=", ".join(plan.mapped("description")),
            )
        return False

    @api.constrains("extension", "system_id", "employee_id")
    def _check_extension(self):
        for account in self:
            error = account._numbering_error()
            if error:
                raise ValidationError(error)

    def _check_open_clash(self, system_id, employee_id, extension, state):
        """Refuse, with a clear message, what the database's unique indexes
        would refuse anyway: one open account per extension and per employee
        on a phone system."""
        if state == "closed":
            return
        clash = self.search(
            [
                ("id", "not in", self.ids),
                ("system_id", "=", system_id),
                ("state", "!=", "closed"),
                "|",
                ("extension", "=", extension),
                ("employee_id", "=", employee_id),
            ],
            limit=1,
        )
        if not clash:
            return
        if clash.extension == extension:
            raise ValidationError(
                _(
                    "Extension %(ext)s is already used by %(other)s on %(system)s.",
                    ext=extension,
                    other=clash.employee_id.name,
                    system=clash.system_id.name,
                )
            )
        raise ValidationError(
            _(
                "%(employee)s already has an account on %(system)s: one account "
                "per employee and phone system.",
                employee=clash.employee_id.name,
                system=clash.system_id.name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_open_clash(
                vals.get("system_id"),
                vals.get("employee_id"),
                vals.get("extension"),
                vals.get("state", "draft"),
            )
        return super().create(vals_list)

    def write(self, vals):
        if {"system_id", "employee_id", "extension", "state"} & set(vals):
            for account in self:
                account._check_open_clash(
                    vals.get("system_id", account.system_id.id),
                    vals.get("employee_id", account.employee_id.id),
                    vals.get("extension", account.extension),
                    vals.get("state", account.state),
                )
        return super().write(vals)

    def init(self):
        # one open account per extension and per employee on a system;
        # closed accounts free their extension
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS phone_account_extension_open_uniq
                ON phone_account (company_id, system_id, extension)
                WHERE state != 'closed';
            CREATE UNIQUE INDEX IF NOT EXISTS phone_account_employee_open_uniq
                ON phone_account (system_id, employee_id)
                WHERE state != 'closed';
            """
        )
