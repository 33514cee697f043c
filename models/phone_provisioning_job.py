# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models

from .pbx_targets import DONE, MISSING, TARGETS, Desired
from .phone_guard import phone_workflow
from .phone_system_provisioning import PbxError

_logger = logging.getLogger(__name__)

# seconds before the next attempt, by number of failed attempts; then the last
PBX_RETRY_DELAYS = (15, 30, 60, 120)
# done and superseded jobs kept this long (they are the history)
PBX_JOB_RETENTION_DAYS = 90


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

    # ------------------------------------------------------------------
    # Buttons

    def action_retry(self):
        """Officers: send the failed or pending jobs again, now."""
        self.system_id._check_pbx_officer()
        # sudo: provisioning code sends (credentials, secret); officers only ask
        jobs = self.sudo().filtered(lambda j: j.state in ("pending", "failed"))
        with phone_workflow():
            jobs.write({"state": "pending", "next_attempt": False})
        jobs._pbx_send()
        return True

    # ------------------------------------------------------------------
    # Creating jobs

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

    # ------------------------------------------------------------------
    # Sending (as superuser: the credentials and the connection's secret)

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

    def _pbx_deliver(self, system):
        """One transaction of the PBX's database for these jobs of
        ``system``: each job applied in a savepoint, the batch committed."""
        if not self:
            return
        credentials = {
            credential.job_id: credential
            for credential in self.env["phone.provisioning.credential"].search(
                [("job_id", "in", self.ids)]
            )
        }
        started = time.monotonic()
        try:
            cnx = system._pbx_connect()
        except PbxError as error:
            self._pbx_postpone(error.message)
            return
        outcomes, failures = {}, {}
        try:
            with cnx.cursor() as cr:
                target = TARGETS[system.provisioning](cr)
                for job in self:
                    cr.execute("SAVEPOINT pbx_job")
                    try:
                        outcomes[job] = target.apply(
                            job._pbx_desired(credentials.get(job))
                        )
                    except (psycopg2.OperationalError, psycopg2.InterfaceError):
                        raise
                    except psycopg2.Error as error:
                        cr.execute("ROLLBACK TO SAVEPOINT pbx_job")
                        failures[job] = system._pbx_error_text(error)
                    else:
                        cr.execute("RELEASE SAVEPOINT pbx_job")
            cnx.commit()
        except psycopg2.Error as error:
            # the connection was lost or the batch refused: nothing of it
            # is on the PBX, all of it is retried
            self._pbx_postpone(system._pbx_error_text(error))
            return
        finally:
            cnx.close()
        done = self.filtered(lambda j: outcomes.get(j) == DONE)
        missing = self.filtered(lambda j: outcomes.get(j) == MISSING)
        done._pbx_mark_done()
        for job, message in failures.items():
            job._pbx_fail(message)
        for job in missing:
            job._pbx_fail(
                _(
                    "The phone system has no credential for %(login)s: issue a "
                    "new password.",
                    login=job.login,
                )
            )
        missing.account_id._pbx_flag_missing()
        _logger.info(
            "Phone provisioning: %s delivered to %s in %.3f s (%s failed, %s missing)",
            len(done),
            system.name,
            time.monotonic() - started,
            len(failures),
            len(missing),
        )

    def _pbx_wipe_credentials(self):
        """The pending credentials of these jobs are gone for good."""
        self.env["phone.provisioning.credential"].search(
            [("job_id", "in", self.ids)]
        ).unlink()

    def _pbx_mark_done(self):
        if not self:
            return
        now = fields.Datetime.now()
        with phone_workflow():
            self.write(
                {
                    "state": "done",
                    "date_done": now,
                    "next_attempt": False,
                    "last_error": False,
                }
            )
            for job in self.filtered(lambda j: j.account_id.pbx_job_id == j):
                vals = {"pbx_date_provisioned": now}
                if job.enabled:
                    vals["pbx_login"] = job.login
                    if job.has_credential:
                        vals["pbx_missing"] = False
                else:
                    vals.update(pbx_login=False, pbx_missing=False)
                job.account_id.write(vals)
        self._pbx_wipe_credentials()
        for job in self.filtered("alerted"):
            job._pbx_post(
                _(
                    "The phone system now follows %(job)s: delivered after "
                    "%(attempts)s failed attempts.",
                    job=job.display_name,
                    attempts=job.attempts,
                ),
                notify=True,
            )

    def _pbx_fail(self, message):
        """The PBX refused: retrying will not help. Kept for the officers."""
        with phone_workflow():
            self.write(
                {"state": "failed", "last_error": message, "next_attempt": False}
            )
        self._pbx_alert()

    def _pbx_postpone(self, message):
        """The PBX's database cannot be reached: try again later, a little
        later each time."""
        if not self:
            return
        now = fields.Datetime.now()
        with phone_workflow():
            for attempts in set(self.mapped("attempts")):
                delay = PBX_RETRY_DELAYS[min(attempts, len(PBX_RETRY_DELAYS) - 1)]
                self.filtered(lambda j, n=attempts: j.attempts == n).write(
                    {
                        "attempts": attempts + 1,
                        "next_attempt": now + timedelta(seconds=delay),
                        "last_error": message,
                    }
                )
        self.env.ref("phone_policy.ir_cron_phone_provisioning_send")._trigger(
            min(self.mapped("next_attempt"))
        )
        _logger.warning("Phone provisioning: %s jobs postponed: %s", len(self), message)
        self._pbx_alert()

    def _pbx_alert(self):
        """A removal (freeze, closure, departure) that has not reached the
        phone system is a security matter: the officers hear of it at once,
        once per job."""
        urgent = self.filtered(lambda j: not j.enabled and not j.alerted)
        if not urgent:
            return
        with phone_workflow():
            urgent.write({"alerted": True})
        for job in urgent:
            job._pbx_post(
                _(
                    "%(job)s has not reached %(system)s: %(error)s Until it does, "
                    "%(login)s may still register and call. Odoo keeps trying; "
                    "if this lasts, disable %(login)s on the phone system by hand.",
                    job=job.display_name,
                    system=job.system_id.name,
                    error=job.last_error,
                    login=job.login,
                ),
                notify=True,
            )

    def _pbx_post(self, body, notify=False):
        """A note on the account (or, for a deleted account, its phone
        system), notifying the company's officers if ``notify``."""
        self.ensure_one()
        record = self.account_id or self.system_id
        officers = (
            self.company_id._phone_officers() if notify else self.env["res.users"]
        )
        record.message_post(
            body=body,
            partner_ids=officers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Cron

    @api.model
    def _cron_send(self, limit=2000):
        """The jobs whose next attempt is due, system by system: a system
        whose PBX answers again gets all its pending jobs at once."""
        now = fields.Datetime.now()
        due = self.search(
            [
                ("state", "=", "pending"),
                "|",
                ("next_attempt", "=", False),
                ("next_attempt", "<=", now),
            ]
        )
        jobs = self.search(
            [("state", "=", "pending"), ("system_id", "in", due.system_id.ids)],
            order="id",
            limit=limit,
        )
        jobs._pbx_send()
        # jobs beyond the batch (postponed ones are no longer due)
        remaining = self.search_count(
            [
                ("state", "=", "pending"),
                "|",
                ("next_attempt", "=", False),
                ("next_attempt", "<=", now),
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(jobs), remaining=remaining)

    @api.autovacuum
    def _gc_old_jobs(self):
        """History older than the retention, except each account's last job."""
        limit = fields.Datetime.now() - timedelta(days=PBX_JOB_RETENTION_DAYS)
        old = self.search(
            [("state", "in", ("done", "superseded")), ("create_date", "<", limit)]
        )
        kept = self.env["phone.account"].search([("pbx_job_id", "in", old.ids)])
        with phone_workflow():
            (old - kept.pbx_job_id).unlink()
