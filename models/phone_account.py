# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

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
# what an initial password is drawn from: no look-alikes (0/O, 1/l/I)
PASSWORD_CLASSES = (
    "abcdefghijkmnopqrstuvwxyz",
    "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "23456789",
    "!#$%&*+-=?@^_",
)


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
    # Password lifecycle (policy §3.1); the hashes live in phone.account.password
    password_is_initial = fields.Boolean(
        "On initial password",
        readonly=True,
        copy=False,
        tracking=True,
        help="The employee has not yet replaced the initial password issued "
        "by the administration department.",
    )
    password_deadline = fields.Datetime(
        "Change password by",
        compute="_compute_password_deadline",
        store=True,
        help="End of the grace period, in working days, to replace the "
        "initial password.",
    )
    password_overdue = fields.Boolean(
        "Initial password overdue",
        compute="_compute_password_overdue",
        search="_search_password_overdue",
    )
    password_reminded_on = fields.Datetime(readonly=True, copy=False)
    password_escalation_due = fields.Datetime(
        "Officers notified from", readonly=True, copy=False
    )
    password_escalated_on = fields.Datetime(
        "Officers notified on", readonly=True, copy=False
    )
    # Freezing (policy §3.2): who, when and why, tracked in the chatter
    date_frozen = fields.Datetime("Frozen on", readonly=True, copy=False, tracking=True)
    frozen_by_id = fields.Many2one(
        "res.users", "Frozen by", readonly=True, copy=False, tracking=True
    )
    is_mine = fields.Boolean("My account", compute="_compute_is_mine")
    incident_ids = fields.One2many(
        "phone.security.incident",
        "account_id",
        "Security incidents",
        groups=OFFICER_GROUP,
    )
    incident_count = fields.Integer(
        "Incidents",
        compute="_compute_incident_count",
        groups=OFFICER_GROUP,
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

    @api.depends(
        "date_issued",
        "password_is_initial",
        "company_id.phone_password_grace_days",
        "company_id.resource_calendar_id",
    )
    def _compute_password_deadline(self):
        for account in self:
            account.password_deadline = (
                account.company_id._phone_working_deadline(
                    account.date_issued, account.company_id.phone_password_grace_days
                )
                if account.password_is_initial
                else False
            )

    @api.depends("password_is_initial", "password_deadline", "state")
    def _compute_password_overdue(self):
        now = fields.Datetime.now()
        for account in self:
            account.password_overdue = bool(
                account.state == "active"
                and account.password_is_initial
                and account.password_deadline
                and account.password_deadline < now
            )

    def _search_password_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Operation not supported"))
        domain = [
            ("state", "=", "active"),
            ("password_is_initial", "=", True),
            ("password_deadline", "<", fields.Datetime.now()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("uid")
    def _compute_is_mine(self):
        for account in self:
            account.is_mine = account.user_id == self.env.user

    def _compute_incident_count(self):
        counts = dict(
            self.env["phone.security.incident"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.incident_count = counts.get(account, 0)

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

    # ------------------------------------------------------------------
    # Buttons

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

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_security_incident_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    def action_print_handover(self):
        return self.env.ref(
            "phone_policy.phone_account_handover_report_action"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Password lifecycle (policy §3.1) and freezing (policy §3.2)

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

    def _phone_password_history(self):
        """The password hashes of this account, newest first."""
        self.ensure_one()
        return (
            self.env["phone.account.password"]
            # sudo: hashes are read by no one; only compared here, never returned
            .sudo()
            .search([("account_id", "=", self.id)], order="id desc")
        )

    def _phone_generate_password(self):
        """A random password satisfying any policy of the company: at least
        12 characters with lower and upper case letters, digits and special
        characters."""
        self.ensure_one()
        rng = secrets.SystemRandom()
        length = max(self.company_id.phone_password_min_length, 12)
        chars = [rng.choice(chars) for chars in PASSWORD_CLASSES]
        alphabet = "".join(PASSWORD_CLASSES)
        chars += [rng.choice(alphabet) for _i in range(length - len(chars))]
        rng.shuffle(chars)
        return "".join(chars)

    def _phone_issue_password(self, reason=False, password=None):
        """Issue a new initial password (officers): store only its hash,
        activate or unfreeze the account, and return the password. This is
        the only time the password exists in clear; ``password`` is given
        only by demo data."""
        self.ensure_one()
        self._check_officer()
        if self.state == "closed":
            raise UserError(_("A closed account gets no new password."))
        password = password or self._phone_generate_password()
        Password = self.env["phone.account.password"]
        # sudo: password hashes are written by superuser code only
        Password.sudo().create(
            {
                "account_id": self.id,
                "kind": "initial",
                "password_hash": Password._phone_hash(password),
            }
        )
        was_frozen = self.state == "frozen"
        vals = {
            "state": "active",
            "date_issued": fields.Datetime.now(),
            "password_is_initial": True,
            "password_reminded_on": False,
            "password_escalation_due": False,
            "password_escalated_on": False,
        }
        if was_frozen:
            vals.update(freeze_reason=False, date_frozen=False, frozen_by_id=False)
        # sudo: lifecycle fields are written only here, after the checks above
        self.sudo().write(vals)
        self.activity_unlink(["phone_policy.mail_activity_type_phone_password"])
        if was_frozen:
            body = _(
                "%(user)s unfroze the account by issuing a new initial password; "
                "the previous password no longer works.",
                user=self.env.user.name,
            )
        else:
            body = _("%(user)s issued an initial password.", user=self.env.user.name)
        if reason:
            body = _("%(body)s Reason: %(reason)s", body=body, reason=reason)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return password

    def _phone_password_errors(self, password, history, current=None):
        """The rules of the company's password policy ``password`` breaks,
        each as a sentence; ``history`` holds the account's hashes, newest
        first, and ``current`` the (verified) password of the newest one."""
        self.ensure_one()
        company = self.company_id
        errors = []
        if len(password) < company.phone_password_min_length:
            errors.append(
                _(
                    "The password must have at least %(length)s characters.",
                    length=company.phone_password_min_length,
                )
            )
        if company.phone_password_require_letters and not any(
            char.isalpha() for char in password
        ):
            errors.append(_("The password must contain at least one letter."))
        if company.phone_password_require_digits and not any(
            char.isdigit() for char in password
        ):
            errors.append(_("The password must contain at least one digit."))
        if company.phone_password_require_special and not any(
            not char.isalnum() and not char.isspace() for char in password
        ):
            errors.append(
                _(
                    "The password must contain at least one special character, "
                    "such as ! # $ % & * @."
                )
            )
        if errors:
            # no slow hashing for a password refused anyway
            return errors
        latest = history[:1]

        def reused(entries):
            # the current password is known in clear: no hashing for it
            if current is not None and latest and latest in entries:
                if password == current:
                    return True
                entries -= latest
            return entries._phone_matches(password)

        # one answer whichever earlier password it matches: the history says
        # no more than that the password was used before (class 5)
        initial = history.filtered(lambda entry: entry.kind == "initial")[:1]
        recent = history[: company.phone_password_history] - initial
        if (initial and reused(initial)) or (recent and reused(recent)):
            errors.append(
                _(
                    "The new password must differ from the initial password you "
                    "were given and from your last %(count)s passwords.",
                    count=company.phone_password_history,
                )
                if company.phone_password_history
                else _(
                    "The new password must differ from the initial password you "
                    "were given."
                )
            )
        return errors

    def _phone_change_password(self, current, new, confirm):
        """The employee replaces their password (self-service)."""
        self.ensure_one()
        self._check_owner()
        if self.state == "frozen":
            raise UserError(
                _(
                    "Your phone account %(account)s is frozen: the administration "
                    "department unfreezes it by issuing you a new password.",
                    account=self.name,
                )
            )
        if self.state != "active":
            raise UserError(_("Only an active phone account can change its password."))
        history = self._phone_password_history()
        if not history:
            raise UserError(
                _(
                    "No password has been issued for this account yet: ask the "
                    "administration department."
                )
            )
        if not current or not history[:1]._phone_matches(current):
            raise UserError(_("The current password is not correct."))
        if new != confirm:
            raise UserError(_("The new password and its confirmation differ."))
        errors = self._phone_password_errors(new or "", history, current=current)
        if errors:
            raise ValidationError("\n".join(errors))
        Password = self.env["phone.account.password"]
        # sudo: password hashes are written by superuser code only
        Password.sudo().create(
            {
                "account_id": self.id,
                "kind": "change",
                "password_hash": Password._phone_hash(new),
            }
        )
        # sudo: the owner only reads the account; lifecycle fields set only here
        account = self.sudo()
        account.write(
            {
                "date_password_changed": fields.Datetime.now(),
                "password_is_initial": False,
                "password_reminded_on": False,
                "password_escalation_due": False,
                "password_escalated_on": False,
            }
        )
        account.activity_feedback(["phone_policy.mail_activity_type_phone_password"])
        account.message_post(
            body=_("The employee changed the password."), subtype_xmlid="mail.mt_note"
        )

    def _phone_freeze(self, reason):
        """Freeze at once, recording who, when and why (tracked). Callers
        check who may freeze."""
        if not reason:
            raise UserError(_("Say why the account is frozen."))
        for account in self:
            if account.state != "active":
                raise UserError(
                    _(
                        "Only an active account can be frozen; %(account)s is not.",
                        account=account.name,
                    )
                )
        # sudo: lifecycle fields are written only by these methods
        self.sudo().write(
            {
                "state": "frozen",
                "freeze_reason": reason,
                "date_frozen": fields.Datetime.now(),
                "frozen_by_id": self.env.uid,
            }
        )

    def _phone_officer_freeze(self, reason):
        self._check_officer()
        self._phone_freeze(reason)

    def _phone_report_leak(self, kind, description):
        """The employee reports a leak or an anomaly on their own account: it
        is frozen immediately and an incident notifies the officers."""
        self.ensure_one()
        self._check_owner()
        if self.state != "active":
            raise UserError(
                _(
                    "Only an active account can be frozen; %(account)s is not.",
                    account=self.name,
                )
            )
        incident = self.env["phone.security.incident"].create(
            {
                "kind": kind,
                "account_id": self.id,
                "description": description,
                "company_id": self.company_id.id,
            }
        )
        self._phone_freeze(
            _(
                "%(incident)s reported by the employee: %(description)s",
                incident=incident.name,
                description=description,
            )
        )
        # sudo: the reporter does not edit incidents; records what it did
        incident.sudo().action_freeze = True
        return incident

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

    # ------------------------------------------------------------------
    # Cron

    @api.model
    def _cron_password_reminders(self, batch_size=200):
        """Accounts still on their initial password after the grace period:
        remind the employee with an activity, then, a second period later,
        notify the officers. Idempotent: each step is done once per issued
        password."""
        now = fields.Datetime.now()
        to_remind_domain = [
            ("password_overdue", "=", True),
            ("password_reminded_on", "=", False),
        ]
        to_escalate_domain = [
            ("password_overdue", "=", True),
            ("password_escalation_due", "<=", now),
            ("password_escalated_on", "=", False),
        ]
        to_remind = self.search(to_remind_domain, limit=batch_size)
        for account in to_remind:
            company = account.company_id
            if account.user_id:
                account.activity_schedule(
                    "phone_policy.mail_activity_type_phone_password",
                    user_id=account.user_id.id,
                    note=_(
                        "Your phone account %(account)s still uses its initial "
                        "password. Change it now with 'Change my phone password'.",
                        account=account.name,
                    ),
                )
                due = company._phone_working_deadline(
                    now, company.phone_password_escalation_days
                )
            else:
                # nobody to remind: the officers hear of it at once
                due = now
            with phone_workflow():
                account.write(
                    {"password_reminded_on": now, "password_escalation_due": due}
                )
        to_escalate = self.search(to_escalate_domain, limit=batch_size)
        for account in to_escalate:
            officers = self.env["res.users"]._phone_group_users(
                OFFICER_GROUP, account.company_id
            )
            account.message_post(
                body=_(
                    "%(employee)s still uses the initial password of %(account)s, "
                    "issued on %(date)s, after a reminder.",
                    employee=account.employee_id.name,
                    account=account.name,
                    date=fields.Datetime.to_string(account.date_issued),
                ),
                partner_ids=officers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        with phone_workflow():
            to_escalate.write({"password_escalated_on": now})
        remaining = self.search_count(to_remind_domain) + self.search_count(
            to_escalate_domain
        )
        self.env["ir.cron"]._notify_progress(
            done=len(to_remind) + len(to_escalate), remaining=remaining
        )
