# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivering provisioning jobs to the phone system's database: sending,
retrying with back-off, alerting the Officers when a job keeps failing, and
the cron that sends what is due."""

import logging
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models

from ..utils.groups import OFFICER_GROUP
from .pbx_targets import DONE, MISSING, TARGETS
from .phone_guard import phone_workflow
from .phone_system_provisioning import PbxError

_logger = logging.getLogger(__name__)

# seconds before the next attempt, by number of failed attempts; then the last
PBX_RETRY_DELAYS = (15, 30, 60, 120)

# done and superseded jobs kept this long (they are the history)
PBX_JOB_RETENTION_DAYS = 90


class PhoneProvisioningJob(models.Model):
    _inherit = "phone.provisioning.job"

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
            self.env["res.users"]._phone_group_users(OFFICER_GROUP, self.company_id)
            if notify
            else self.env["res.users"]
        )
        record.message_post(
            body=body,
            partner_ids=officers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

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
