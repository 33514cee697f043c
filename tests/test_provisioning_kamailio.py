# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .provisioning_common import REALM, PhoneProvisioningCase, md5

# the provisioning jobs log from the model and from its delivery
JOB_LOGGERS = (
    "odoo.addons.phone_policy.models.phone_provisioning_job",
    "odoo.addons.phone_policy.models.phone_provisioning_job_delivery",
)


@tagged("post_install", "-at_install")
class TestProvisioningKamailio(PhoneProvisioningCase):
    """Policy §3.1 reaching a real SIP registrar: what officers and
    employees do in Odoo, over JSON-RPC, decides what Kamailio accepts."""

    def test_issued_password_registers_and_only_it(self):
        password = self.rpc_issue(self.acc_sales)
        self.assertEqual(self.register("1002", password), 200)
        self.assertEqual(self.register("1002", password + "x"), 401)
        self.assertEqual(self.register("1003", password), 401)
        # the PBX holds the digest only, never the password
        [(user, domain, clear, ha1, ha1b)] = self.subscribers()
        self.assertEqual((user, domain, clear), ("1002", REALM, ""))
        self.assertEqual(ha1, md5(f"1002:{REALM}:{password}"))
        self.assertEqual(ha1b, md5(f"1002@{REALM}:{REALM}:{password}"))
        account = self.acc_sales
        self.assertEqual(account.pbx_state, "provisioned")
        self.assertEqual(account.pbx_login, "1002")
        self.assertEqual(account.pbx_job_id.state, "done")
        self.assertEqual(account.pbx_job_id.reason, "issue")
        # delivered: Odoo keeps no password equivalent
        self.assertFalse(
            self.env["phone.provisioning.credential"].sudo().search_count([])
        )

    def test_freeze_refuses_the_same_password_at_once(self):
        password = self.rpc_issue(self.acc_sales)
        self.assertEqual(self.register("1002", password), 200)
        self.assertEqual(
            self.pbx.fetchall("SELECT username FROM location"), [("1002",)]
        )
        self.rpc_freeze(self.acc_sales)
        self.assertEqual(self.acc_sales.state, "frozen")
        self.assertEqual(self.register("1002", password), 401)
        self.assertEqual(self.subscribers(), [])
        # the running registration ended with the credential
        self.assertEqual(self.pbx.fetchall("SELECT username FROM location"), [])
        self.assertEqual(self.acc_sales.pbx_state, "provisioned")
        self.assertEqual(self.acc_sales.pbx_job_id.reason, "freeze")
        self.assertFalse(self.acc_sales.pbx_login)

    def test_employee_reporting_a_leak_stops_the_phone(self):
        password = self.rpc_issue(self.acc_sales)
        wizard = self.rpc(
            "pp_sales",
            "phone.account.freeze.wizard",
            "create",
            [{"account_id": self.acc_sales.id, "reason": "Colleague saw it"}],
        )
        self.assertTrue(wizard.ok, wizard)
        done = self.rpc(
            "pp_sales", "phone.account.freeze.wizard", "action_confirm", wizard.value
        )
        self.assertTrue(done.ok, done)
        self.assertEqual(self.register("1002", password), 401)

    def test_unfreezing_needs_a_new_password(self):
        old = self.rpc_issue(self.acc_sales)
        self.rpc_freeze(self.acc_sales)
        new = self.rpc_issue(self.acc_sales, reason="Leak handled")
        self.assertEqual(self.register("1002", old), 401)
        self.assertEqual(self.register("1002", new), 200)
        self.assertEqual(self.acc_sales.state, "active")

    def test_change_refuses_the_old_password(self):
        initial = self.rpc_issue(self.acc_sales)
        self.rpc_change(self.acc_sales, "pp_sales", initial, "Sales#Phone-2027")
        self.assertEqual(self.register("1002", initial), 401)
        self.assertEqual(self.register("1002", "Sales#Phone-2027"), 200)
        self.assertEqual(self.acc_sales.pbx_job_id.reason, "change")
        self.assertEqual(self.acc_sales.pbx_job_id.user_id, self.user_sales)

    def test_archiving_the_employee_disables_the_credential(self):
        password = self.rpc_issue(self.acc_support)
        self.assertEqual(self.register("2050", password), 200)
        self.env.ref("base.user_admin").company_ids += self.company
        done = self.rpc(
            "admin",
            "hr.employee",
            "action_archive",
            self.emp_support.ids,
            context={"allowed_company_ids": self.company.ids},
        )
        self.assertTrue(done.ok, done)
        self.assertEqual(self.acc_support.state, "closed")
        self.assertEqual(self.acc_support.pbx_job_id.reason, "departure")
        self.assertEqual(self.register("2050", password), 401)
        self.assertEqual(self.subscribers(), [])
        self.assertTrue(
            self.acc_support.message_ids.filtered(
                lambda m: "left the company" in (m.body or "")
            )
        )

    def test_closing_the_account_disables_the_credential(self):
        password = self.rpc_issue(self.acc_support)
        done = self.rpc(
            "pp_officer", "phone.account", "action_close_account", self.acc_support.ids
        )
        self.assertTrue(done.ok, done)
        self.assertEqual(self.register("2050", password), 401)
        self.assertEqual(self.acc_support.pbx_job_id.reason, "close")

    def test_outage_keeps_every_change_and_delivers_it(self):
        frozen_password = self.rpc_issue(self.acc_support)
        self.assertEqual(self.register("2050", frozen_password), 200)
        self.gate.close()
        with mute_logger(*JOB_LOGGERS):
            self.rpc_freeze(self.acc_support)
            issued = self.rpc_issue(self.acc_sales)
        freeze_job = self.acc_support.pbx_job_id
        issue_job = self.acc_sales.pbx_job_id
        for account, job in (
            (self.acc_support, freeze_job),
            (self.acc_sales, issue_job),
        ):
            self.assertEqual(account.pbx_state, "pending")
            self.assertEqual(job.state, "pending")
            self.assertEqual(job.attempts, 1)
            self.assertIn("Connection refused", account.pbx_error)
            self.assertGreater(job.next_attempt, fields.Datetime.now())
        self.assertTrue(issue_job.has_credential)
        # the PBX still registers the frozen phone: the officers hear of it
        self.assertEqual(self.register("2050", frozen_password), 200)
        alert = self.acc_support.message_ids.filtered(
            lambda m: "has not reached" in (m.body or "")
        )
        self.assertEqual(len(alert), 1)
        self.assertIn(self.user_officer.partner_id, alert.notified_partner_ids)
        self.assertFalse(
            self.acc_sales.message_ids.filtered(
                lambda m: "has not reached" in (m.body or "")
            ),
            "issuing a password is no emergency",
        )
        # the queue, as officers see it
        queue = self.rpc(
            "pp_officer",
            "phone.provisioning.job",
            "search_read",
            [("state", "=", "pending")],
            ["login", "reason", "attempts", "last_error"],
        )
        self.assertEqual(
            sorted((row["login"], row["reason"]) for row in queue.value),
            [("1002", "issue"), ("2050", "freeze")],
        )
        Job = self.env["phone.provisioning.job"]
        with mute_logger(*JOB_LOGGERS):
            # not due yet: the cron leaves them alone
            Job._cron_send()
            self.assertEqual(freeze_job.attempts, 1)
            # due, PBX still down: a longer wait
            later = fields.Datetime.now() + timedelta(seconds=20)
            with freeze_time(later):
                Job._cron_send()
            self.assertEqual(freeze_job.attempts, 2)
            self.assertEqual(freeze_job.next_attempt, later + timedelta(seconds=30))
        self.gate.open()
        with freeze_time(fields.Datetime.now() + timedelta(minutes=2)):
            Job._cron_send()
        self.assertEqual((freeze_job.state, issue_job.state), ("done", "done"))
        self.assertEqual(self.register("2050", frozen_password), 401)
        self.assertEqual(self.register("1002", issued), 200)
        self.assertEqual(
            (self.acc_support.pbx_state, self.acc_sales.pbx_state),
            ("provisioned", "provisioned"),
        )
        self.assertFalse(
            self.env["phone.provisioning.credential"].sudo().search_count([])
        )
        delivered = self.acc_support.message_ids.filtered(
            lambda m: "now follows" in (m.body or "")
        )
        self.assertEqual(len(delivered), 1)

    def test_newer_change_supersedes_and_keeps_the_password(self):
        """A pending credential goes with the next change of the account."""
        self.gate.close()
        with mute_logger(*JOB_LOGGERS):
            password = self.rpc_issue(self.acc_sales)
            first = self.acc_sales.pbx_job_id
            self.acc_sales.extension = "1009"
            self.acc_sales.login = "1002"  # the SIP user stays
            self._commit()
        second = self.acc_sales.pbx_job_id
        self.assertNotEqual(first, second)
        self.assertEqual(first.state, "superseded")
        self.assertEqual((second.state, second.has_credential), ("pending", True))
        self.gate.open()
        second.with_user(self.user_officer).action_retry()
        self.assertEqual(second.state, "done")
        self.assertEqual(self.register("1002", password), 200)

    def test_replaying_a_delivered_job_changes_nothing(self):
        password = self.rpc_issue(self.acc_sales)
        before = self.subscribers()
        job = self.acc_sales.pbx_job_id
        job.with_user(self.user_officer).action_retry()  # done: not resent
        self.assertEqual(job.state, "done")
        # a full state, sent again by force: same result
        job.sudo()._pbx_deliver(self.system)
        self.assertEqual(self.subscribers(), before)
        self.assertEqual(self.register("1002", password), 200)

    def test_manual_system_writes_nothing(self):
        self.system.provisioning = "manual"
        password = self.rpc_issue(self.acc_sales)
        self.assertTrue(password)
        self.assertEqual(self.acc_sales.pbx_state, "manual")
        self.assertFalse(self.acc_sales.pbx_job_id)
        self.assertEqual(self.subscribers(), [])

    def test_reconciliation_removes_an_unknown_credential(self):
        password = self.rpc_issue(self.acc_sales)
        # someone adds a phone straight into the PBX's table
        self.pbx.execute(
            "INSERT INTO subscriber (username, domain, ha1, ha1b) "
            "VALUES (%s, %s, %s, %s)",
            ("1099", REALM, md5(f"1099:{REALM}:Backdoor1"), md5("x")),
        )
        self.assertEqual(self.register("1099", "Backdoor1"), 200)
        result = self.rpc(
            "pp_officer", "phone.system", "action_pbx_reconcile", self.system.ids
        )
        self.assertTrue(result.ok, result)
        incident = self.env["phone.security.incident"].search(
            [("pbx_login", "=", "1099")]
        )
        self.assertEqual(result.value["domain"], [["id", "in", incident.ids]])
        self.assertEqual(
            (incident.kind, incident.pbx_anomaly, incident.pbx_system_id),
            ("account_anomaly", "unknown", self.system),
        )
        self.assertFalse(incident.account_id)
        self.assertIn("no phone account explains", incident.pbx_summary)
        self.assertEqual(self.register("1099", "Backdoor1"), 401)
        # the legitimate phone is untouched, officers have an activity
        self.assertEqual(self.register("1002", password), 200)
        self.assertIn(self.user_officer, incident.activity_ids.user_id)
        self.assertTrue(self.system.pbx_date_reconciled)

    def test_reconciliation_finds_a_frozen_account_active_on_the_pbx(self):
        password = self.rpc_issue(self.acc_sales)
        self.rpc_freeze(self.acc_sales)
        # the row comes back behind Odoo's back
        self.pbx.execute(
            "INSERT INTO subscriber (username, domain, ha1, ha1b) "
            "VALUES (%s, %s, %s, %s)",
            ("1002", REALM, md5(f"1002:{REALM}:{password}"), md5("x")),
        )
        self.assertEqual(self.register("1002", password), 200)
        self.env["phone.system"]._cron_pbx_reconcile()
        incident = self.env["phone.security.incident"].search(
            [("pbx_login", "=", "1002")]
        )
        self.assertEqual(
            (incident.pbx_anomaly, incident.account_id), ("inactive", self.acc_sales)
        )
        self.assertIn("Frozen", incident.pbx_summary)
        self.assertEqual(self.register("1002", password), 401)

    def test_reconciliation_flags_an_account_missing_on_the_pbx(self):
        password = self.rpc_issue(self.acc_sales)
        self.pbx.execute("DELETE FROM subscriber")
        self.assertEqual(self.register("1002", password), 401)
        self.env["phone.system"]._cron_pbx_reconcile()
        self.assertEqual(self.acc_sales.pbx_state, "missing")
        note = self.acc_sales.message_ids.filtered(
            lambda m: "issue a new password" in (m.body or "")
        )
        self.assertIn(self.user_officer.partner_id, note.notified_partner_ids)
        self.assertFalse(
            self.env["phone.security.incident"].search([("pbx_anomaly", "!=", False)])
        )
        new = self.rpc_issue(self.acc_sales, reason="Missing on the PBX")
        self.assertEqual(self.acc_sales.pbx_state, "provisioned")
        self.assertEqual(self.register("1002", new), 200)

    def test_unreachable_pbx_in_the_daily_reconciliation(self):
        self.gate.close()
        with self.assertLogs(
            "odoo.addons.phone_policy.models.phone_system_reconcile", "WARNING"
        ) as logs:
            self.env["phone.system"]._cron_pbx_reconcile()
        self.assertIn("could not reconcile HQ PBX", logs.output[0])
        self.assertFalse(self.system.pbx_date_reconciled)
