# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models

from .pbx_targets import Desired
from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)


class PhoneProvisioningJob(models.Model):
    """The outbox of the phone system: one row per change of an account, with
    the account's full desired state (not a delta: replaying it is
    harmless). A job is sent right after the transaction that made it
    commits; while the PBX's database cannot be reached it stays pending and
    a cron retries it with backoff. A newer job of the same account
    supersedes it. The new password's digest, when there is one, is kept in
    ``phone.provisioning.credential`` (readable by nobody) until delivered,
    then deleted."""

    _name = "phone.provisioning.job"
    _description = "Phone System Provisioning Job"
    _inherit = ["phone.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True
    account_id = fields.Many2one(
        "phone.account",
        "Account",
        readonly=True,
        index=True,
        ondelete="set null",
        check_company=True,
    )
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    target = fields.Selection(
        [("kamailio", "Kamailio"), ("asterisk", "Asterisk")],
        required=True,
        readonly=True,
    )
    reason = fields.Selection(
        [
            ("issue", "Password issued"),
            ("change", "Password changed"),
            ("freeze", "Freeze"),
            ("close", "Account closed"),
            ("departure", "Departure"),
            ("update", "Account changed"),
            ("delete", "Account deleted"),
        ],
        required=True,
        readonly=True,
    )
    enabled = fields.Boolean(
        "May register",
        readonly=True,
        help="The account is active: its credential is on the phone system. "
        "Otherwise the job removes it.",
    )
    login = fields.Char("SIP user", required=True, readonly=True, index=True)
    realm = fields.Char("SIP realm", required=True, readonly=True)
    extension = fields.Char(readonly=True)
    caller_name = fields.Char("Display name", readonly=True)
    remove_login = fields.Char(
        "Former SIP user",
        readonly=True,
        help="A SIP user the account had before: removed from the phone system.",
    )
    has_credential = fields.Boolean(
        "New password",
        readonly=True,
        help="The job delivers the digest of a new password (never the "
        "password); it is deleted once delivered.",
    )
    user_id = fields.Many2one("res.users", "Requested by", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Pending delivery"),
            ("done", "Delivered"),
            ("failed", "Delivery failed"),
            ("superseded", "Superseded"),
        ],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime("Next attempt", readonly=True, index=True)
    last_error = fields.Text("Error", readonly=True)
    date_done = fields.Datetime("Delivered on", readonly=True)
    alerted = fields.Boolean("Officers alerted", readonly=True)

    @api.depends("login", "reason")
    def _compute_display_name(self):
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for job in self:
            job.display_name = _(
                "%(login)s: %(reason)s",
                login=job.login or "",
                reason=reasons.get(job.reason, ""),
            )

    def action_retry(self):
        """Officers: send the failed or pending jobs again, now."""
        self.system_id._check_pbx_officer()
        # sudo: provisioning code sends (credentials, secret); officers only ask
        jobs = self.sudo().filtered(lambda j: j.state in ("pending", "failed"))
        with phone_workflow():
            jobs.write({"state": "pending", "next_attempt": False})
        jobs._pbx_send()
        return True

    @api.model
    def _pbx_values(self, account, reason, user_id):
        system = account.system_id
        enabled = account.state == "active"
        return {
            "account_id": account.id,
            "system_id": system.id,
            "company_id": account.company_id.id,
            "target": system.provisioning,
            "reason": reason,
            "enabled": enabled,
            "login": account.login,
            "realm": system.sip_realm,
            "extension": account.extension,
            "caller_name": account.employee_id.name,
            "remove_login": account.pbx_login
            if account.pbx_login and account.pbx_login != account.login
            else False,
            "user_id": user_id,
        }

    @api.model
    def _pbx_create_for(self, accounts, queue):
        """One job per account, superseding the account's earlier open jobs.
        ``queue`` maps account ids to the reason, the user and, when a
        password was set, its digest credential. Called as superuser."""
        Credential = self.env["phone.provisioning.credential"]
        accounts = accounts.filtered(
            lambda a: a.system_id.provisioning != "manual" and a.login
        )
        if not accounts:
            return self
        vals_list, credentials = [], []
        for account in accounts:
            entry = queue[account.id]
            vals = self._pbx_values(account, entry["reason"], entry["uid"])
            credential = entry.get("credential") if vals["enabled"] else None
            if credential and (credential["login"], credential["realm"]) != (
                vals["login"],
                vals["realm"],
            ):
                credential = None  # computed for another SIP user or realm
            vals["has_credential"] = bool(credential)
            vals_list.append(vals)
            credentials.append(credential)
        previous = self.search(
            [("account_id", "in", accounts.ids), ("state", "in", ("pending", "failed"))]
        )
        with phone_workflow():
            jobs = self.create(vals_list)
            # an earlier credential not delivered yet still counts when the
            # new job brings none for the same SIP user
            carried = Credential.search([("job_id", "in", previous.ids)], order="id")
            for job, credential in zip(jobs, credentials, strict=True):
                if credential:
                    Credential.create(
                        {
                            "job_id": job.id,
                            "ha1": credential["ha1"],
                            "ha1b": credential["ha1b"],
                        }
                    )
                    continue
                earlier = carried.filtered(
                    lambda c, job=job: (
                        c.job_id.account_id == job.account_id
                        and (c.job_id.login, c.job_id.realm) == (job.login, job.realm)
                    )
                )[-1:]
                if job.enabled and earlier:
                    earlier.job_id = job
                    job.has_credential = True
            previous.write({"state": "superseded", "next_attempt": False})
            Credential.search([("job_id", "in", previous.ids)]).unlink()
            for job in jobs:
                job.account_id.pbx_job_id = job
        return jobs

    @api.model
    def _pbx_create_removals(self, accounts):
        """Jobs removing the credentials of accounts about to be deleted."""
        vals_list = []
        for account in accounts:
            vals = self._pbx_values(account, "delete", self.env.uid)
            vals.update(account_id=False, enabled=False, login=account.pbx_login)
            vals["remove_login"] = False
            vals_list.append(vals)
        with phone_workflow():
            return self.create(vals_list)

    def _pbx_send_after_commit(self):
        """Send these jobs as soon as the transaction commits."""
        if not self:
            return
        registry = self.env.registry
        job_ids = self.ids

        def send():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    env["phone.provisioning.job"].browse(job_ids)._pbx_send()
            except Exception:
                # the change is committed and the job waits in the queue
                _logger.exception(
                    "Phone provisioning: sending %s jobs after commit failed; "
                    "the queue's cron sends them",
                    len(job_ids),
                )

        send.phone_provisioning = True  # tests run it after their "commits"
        self.env.cr.postcommit.add(send)

    def _pbx_send(self):
        """Deliver these jobs, those still pending, system by system.
        Another worker sending some of them already keeps them."""
        if not self:
            return
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT id FROM phone_provisioning_job
             WHERE id = ANY(%s) AND state = 'pending'
             ORDER BY id
               FOR UPDATE SKIP LOCKED
            """,
            [self.ids],
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        for system in locked.system_id:
            jobs = locked.filtered(lambda j, system=system: j.system_id == system)
            stale = jobs.filtered(lambda j: j.target != j.system_id.provisioning)
            if stale:
                stale._pbx_fail(
                    _(
                        "%(system)s is no longer provisioned this way: the change "
                        "was not sent.",
                        system=system.name,
                    )
                )
                jobs -= stale
            if not jobs:
                continue
            # the newest job of an account holds its whole state
            newest = {}
            for job in jobs.sorted("id"):
                newest[job.account_id.id or -job.id] = job
            latest = self.browse([job.id for job in newest.values()])
            with phone_workflow():
                (jobs - latest).write({"state": "superseded", "next_attempt": False})
            (jobs - latest)._pbx_wipe_credentials()
            latest._pbx_deliver(system)

    def _pbx_desired(self, credential):
        self.ensure_one()
        system = self.system_id
        return Desired(
            login=self.login,
            realm=self.realm,
            enabled=self.enabled,
            ha1=credential.ha1 if credential else None,
            ha1b=credential.ha1b if credential else None,
            extension=self.extension,
            display_name=self.caller_name,
            remove_login=self.remove_login,
            context=system.asterisk_context,
            codecs=system.asterisk_codecs,
            transport=system.asterisk_transport,
        )

    def _pbx_wipe_credentials(self):
        """The pending credentials of these jobs are gone for good."""
        self.env["phone.provisioning.credential"].search(
            [("job_id", "in", self.ids)]
        ).unlink()
