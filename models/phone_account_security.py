# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The password lifecycle (policy §3.1: an initial password that must be
changed, strong passwords, reminders) and freezing (policy §3.2: a leak or
an anomaly freezes the account at once) of a phone-system account."""

import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.groups import OFFICER_GROUP
from .phone_guard import phone_workflow

# what an initial password is drawn from: no look-alikes (0/O, 1/l/I)
PASSWORD_CLASSES = (
    "abcdefghijkmnopqrstuvwxyz",
    "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "23456789",
    "!#$%&*+-=?@^_",
)


class PhoneAccount(models.Model):
    _inherit = "phone.account"

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

    def _compute_incident_count(self):
        counts = dict(
            self.env["phone.security.incident"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.incident_count = counts.get(account, 0)

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_security_incident_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

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
        officers_of = {
            company: self.env["res.users"]._phone_group_users(OFFICER_GROUP, company)
            for company in to_escalate.company_id
        }
        for account in to_escalate:
            officers = officers_of[account.company_id]
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
