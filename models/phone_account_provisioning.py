# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A phone account as the phone system knows it (policy §3.1).

Every change the PBX must follow (a password issued or changed, a freeze, a
closure, a departure, a new extension or name) is noted during the
transaction; when it commits, one provisioning job per account carries the
account's full desired state, and is sent right after the commit (see
``phone.provisioning.job``). The digest credential is computed here, while
the new password is in memory, and only its HA1 travels further."""

import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.groups import OFFICER_GROUP
from .phone_guard import in_phone_workflow, phone_workflow

# set by the provisioning itself, never by hand
PBX_ACCOUNT_FIELDS = {"pbx_job_id", "pbx_login", "pbx_missing", "pbx_date_provisioned"}
# what the PBX follows when it changes
PBX_FOLLOWED_FIELDS = {"state", "extension", "login", "employee_id"}
# the changes of this transaction, by account id (cursor's precommit data)
PBX_QUEUE_KEY = "phone_policy.pbx_queue"


def pbx_digest(login, realm, password):
    """The HA1 and HA1b of a SIP digest credential (RFC 2617), as Kamailio's
    auth_db and Asterisk's md5 auths expect them."""
    ha1 = hashlib.md5(f"{login}:{realm}:{password}".encode()).hexdigest()
    ha1b = hashlib.md5(f"{login}@{realm}:{realm}:{password}".encode()).hexdigest()
    return {"login": login, "realm": realm, "ha1": ha1, "ha1b": ha1b}


class PhoneAccount(models.Model):
    _inherit = "phone.account"

    provisioning = fields.Selection(related="system_id.provisioning")
    pbx_state = fields.Selection(
        [
            ("manual", "Manual"),
            ("none", "Not provisioned"),
            ("pending", "Pending delivery"),
            ("provisioned", "Provisioned"),
            ("failed", "Delivery failed"),
            ("missing", "Missing on the phone system"),
        ],
        "On the phone system",
        compute="_compute_pbx_state",
        store=True,
        index=True,
        help="Provisioned: the phone system follows the account. Pending "
        "delivery: a change is on its way (retried until the phone system's "
        "database answers). Delivery failed: the phone system refused it. "
        "Missing: the phone system has no credential for this active account; "
        "issue a new password.",
    )
    pbx_error = fields.Text(
        "Phone system error",
        compute="_compute_pbx_state",
        store=True,
        groups="phone_policy.group_phone_officer",
    )
    pbx_job_id = fields.Many2one(
        "phone.provisioning.job",
        "Last provisioning",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="phone_policy.group_phone_officer",
    )
    pbx_job_ids = fields.One2many(
        "phone.provisioning.job",
        "account_id",
        "Provisioning history",
        groups="phone_policy.group_phone_officer",
    )
    pbx_login = fields.Char(
        "SIP user on the phone system",
        readonly=True,
        copy=False,
        help="The SIP user the phone system holds a credential for.",
    )
    pbx_missing = fields.Boolean(
        "Credential missing on the phone system", readonly=True, copy=False
    )
    pbx_date_provisioned = fields.Datetime("Provisioned on", readonly=True, copy=False)

    @api.depends(
        "system_id.provisioning",
        "pbx_missing",
        "pbx_job_id.state",
        "pbx_job_id.last_error",
    )
    def _compute_pbx_state(self):
        for account in self:
            job = account.pbx_job_id
            account.pbx_error = job.last_error if job.state != "done" else False
            if account.system_id.provisioning == "manual":
                account.pbx_state = "manual"
                account.pbx_error = False
            elif account.pbx_missing:
                account.pbx_state = "missing"
            elif not job:
                account.pbx_state = "none"
            elif job.state == "done":
                account.pbx_state = "provisioned"
            elif job.state == "failed":
                account.pbx_state = "failed"
            else:
                account.pbx_state = "pending"

    def _check_pbx_write(self, vals):
        if PBX_ACCOUNT_FIELDS & set(vals) and not (self.env.su or in_phone_workflow()):
            raise AccessError(
                _("The phone system's state of an account is set by provisioning.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_pbx_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_pbx_write(vals)
        if "system_id" in vals:
            self._check_pbx_system_change(vals["system_id"])
        result = super().write(vals)
        if PBX_FOLLOWED_FIELDS & set(vals):
            reason = "close" if vals.get("state") == "closed" else "update"
            if vals.get("state") == "frozen":
                reason = "freeze"
            self._pbx_queue(reason)
        return result

    def _check_pbx_system_change(self, system_id):
        for account in self:
            if account.pbx_login and account.system_id.id != system_id:
                raise UserError(
                    _(
                        "%(account)s has a credential on %(system)s: close it and "
                        "open an account on the other phone system instead.",
                        account=account.name,
                        system=account.system_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_pbx_remove(self):
        """A deleted account leaves nothing on the phone system."""
        accounts = self.filtered(lambda a: a.pbx_login and a.provisioning != "manual")
        if accounts:
            # sudo: the removal job is written by provisioning code only
            Job = self.env["phone.provisioning.job"].sudo()
            jobs = Job._pbx_create_removals(accounts)
            jobs._pbx_send_after_commit()

    # ------------------------------------------------------------------
    # Hooks on the password and freeze lifecycle (models/phone_account.py)

    def _phone_issue_password(self, reason=False, password=None):
        password = super()._phone_issue_password(reason=reason, password=password)
        self._pbx_queue("issue", password=password)
        return password

    def _phone_change_password(self, current, new, confirm):
        result = super()._phone_change_password(current, new, confirm)
        self._pbx_queue("change", password=new)
        return result

    def _phone_close(self, reason):
        """Close the accounts (a departure, see hr.employee): the phone
        system removes their credentials. Callers check who may."""
        accounts = self.filtered(lambda a: a.state != "closed")
        if not accounts:
            return
        # sudo: closing follows the caller's checked decision (HR's departure)
        accounts = accounts.sudo()
        accounts.write({"state": "closed"})
        accounts._pbx_queue("departure")
        for account in accounts:
            account.message_post(
                body=_("Closed: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # The queue of this transaction

    def _pbx_queue(self, reason, password=None):
        """Note that the phone system must follow these accounts; with
        ``password``, the new password's digest credential goes with it (the
        password itself goes no further than this method)."""
        accounts = self.filtered(lambda a: a.system_id.provisioning != "manual")
        if not accounts:
            return
        cr = self.env.cr
        queue = cr.precommit.data.get(PBX_QUEUE_KEY)
        if queue is None:
            queue = cr.precommit.data[PBX_QUEUE_KEY] = {}
            cr.precommit.add(self.env["phone.account"]._pbx_flush_queue)
        for account in accounts:
            entry = queue.setdefault(account.id, {})
            entry["reason"] = reason
            entry["uid"] = self.env.uid
            if password is not None:
                entry["credential"] = pbx_digest(
                    account.login, account.system_id.sip_realm, password
                )

    def _pbx_flush_queue(self):
        """Before the commit: one job per account queued in the transaction,
        with the account's state as it is now."""
        queue = self.env.cr.precommit.data.pop(PBX_QUEUE_KEY, None)
        if not queue:
            return
        # sudo: jobs and credentials are written by provisioning code only
        accounts = self.sudo().browse(list(queue)).exists()
        # sudo: whoever made the change (an employee too) queues it
        Job = self.env["phone.provisioning.job"].sudo()
        jobs = Job._pbx_create_for(accounts, queue)
        jobs._pbx_send_after_commit()
        self.env.flush_all()

    def _pbx_flag_missing(self):
        """The phone system lacks the credential of these active accounts:
        flagged, and the officers are told to issue a new password."""
        accounts = self.filtered(lambda a: not a.pbx_missing)
        if not accounts:
            return
        with phone_workflow():
            accounts.write({"pbx_missing": True})
        for account in accounts:
            officers = self.env["res.users"]._phone_group_users(
                OFFICER_GROUP, account.company_id
            )
            account.message_post(
                body=_(
                    "The phone system has no credential for %(login)s: issue a "
                    "new password so that %(employee)s can register again.",
                    login=account.login,
                    employee=account.employee_id.name,
                ),
                partner_ids=officers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
