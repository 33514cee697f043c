# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A phone-system account (policy §3.1: one per employee): its extension,
login and state, the numbering plan it must follow and the buttons of its
form. The password lifecycle and freezing extend it in
``phone_account_security.py``; provisioning on the PBX in
``phone_account_provisioning.py``."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.i18n import format_list

from ..utils.groups import OFFICER_GROUP
from .phone_guard import phone_workflow

# Fields of the password and freeze lifecycle: only the methods below write
# them (as superuser, after their own checks), so that the audit trail they
# form cannot be edited by hand.
LIFECYCLE_FIELDS = {
    "date_issued",
    "date_password_changed",
    "password_is_initial",
    "password_reminded_on",
    "password_escalation_due",
    "password_escalated_on",
    "freeze_reason",
    "date_frozen",
    "frozen_by_id",
}


class PhoneAccount(models.Model):
    _name = "phone.account"
    _description = "Phone System Account"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "system_id, extension"
    _check_company_auto = True
    # issued, frozen and closed with the buttons
    _phone_workflow_fields = frozenset({"state"})
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
    is_mine = fields.Boolean("My account", compute="_compute_is_mine")

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

    @api.depends_context("uid")
    def _compute_is_mine(self):
        for account in self:
            account.is_mine = account.user_id == self.env.user

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

    def _check_lifecycle_write(self, vals):
        """Refuse hand-made changes of the password and freeze lifecycle:
        only this model's methods, running as superuser after their checks,
        issue passwords and freeze or unfreeze accounts."""
        if self.env.su:
            return
        if vals.get("state") == "active" and "frozen" in self.mapped("state"):
            raise UserError(
                _(
                    "A frozen account is unfrozen only by issuing a new initial "
                    "password."
                )
            )
        if LIFECYCLE_FIELDS & set(vals) or vals.get("state") in ("active", "frozen"):
            raise AccessError(
                _(
                    "Passwords are issued, and accounts activated or frozen, "
                    "only with the account's buttons."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_lifecycle_write(vals)
            self._check_open_clash(
                vals.get("system_id"),
                vals.get("employee_id"),
                vals.get("extension"),
                vals.get("state", "draft"),
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_lifecycle_write(vals)
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

    def action_open_issue_wizard(self):
        self.ensure_one()
        self._check_officer()
        return {
            "type": "ir.actions.act_window",
            "name": _("Issue a password"),
            "res_model": "phone.account.issue.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_account_id": self.id},
        }

    def action_open_change_password(self):
        self.ensure_one()
        self._check_owner()
        return {
            "type": "ir.actions.act_window",
            "name": _("Change my phone password"),
            "res_model": "phone.account.password.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_account_id": self.id},
        }

    def action_open_report_wizard(self):
        self.ensure_one()
        self._check_owner()
        return self._freeze_wizard_action(_("Report a leak or anomaly"), "report")

    def action_open_freeze_wizard(self):
        self.ensure_one()
        self._check_officer()
        return self._freeze_wizard_action(_("Freeze the account"), "freeze")

    def _freeze_wizard_action(self, name, mode):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "phone.account.freeze.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_account_id": self.id, "default_mode": mode},
        }

    def action_close_account(self):
        self._check_officer()
        with phone_workflow():
            self.write({"state": "closed"})

    def action_print_handover(self):
        return self.env.ref(
            "phone_policy.phone_account_handover_report_action"
        ).report_action(self)

    def _check_officer(self):
        if not (self.env.su or self.env.user.has_group(OFFICER_GROUP)):
            raise AccessError(
                _(
                    "Only phone-policy officers issue passwords and freeze "
                    "other people's accounts."
                )
            )

    def _check_owner(self):
        # the same answer for every account but one's own: whose it is is
        # not told (SECURITY.md, class 5)
        for account in self:
            if account.user_id != self.env.user:
                raise AccessError(_("This is not your phone account."))

    def _phone_handover_rules(self):
        """The rules of policy §3.1-§3.2 printed on the handover sheet, in
        the language of this recordset's environment."""
        self.ensure_one()
        company = self.company_id
        rules = [
            _("This account is yours alone: do not let anyone else use it."),
            _(
                "Change the initial password at your first login, and at the "
                "latest within %(days)s working days, with 'Change my phone "
                "password'.",
                days=company.phone_password_grace_days,
            ),
        ]
        classes = [label for _key, label in company._phone_password_rules()]
        if classes:
            rules.append(
                _(
                    "Your password has at least %(length)s characters, with "
                    "%(classes)s, and is not one of your previous passwords.",
                    length=company.phone_password_min_length,
                    classes=format_list(self.env, classes),
                )
            )
        else:
            rules.append(
                _(
                    "Your password has at least %(length)s characters and is not "
                    "one of your previous passwords.",
                    length=company.phone_password_min_length,
                )
            )
        rules += [
            _(
                "Keep your password secret: never tell it to anyone, colleagues "
                "and IT included, and do not write it where others can read it."
            ),
            _(
                "If you suspect your password has leaked, or notice anything "
                "unusual on your account, report it at once with 'Report a leak "
                "or anomaly': the account is frozen immediately and the "
                "administration department issues you a new password."
            ),
            _(
                "Do not disclose confidential information over the phone. "
                "Harassment, fraud and spreading harmful content over the "
                "company's phones are forbidden and pursued."
            ),
        ]
        return rules
