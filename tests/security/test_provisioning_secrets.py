# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..provisioning_common import PhoneProvisioningCase, md5

ROLES = ("pp_sales", "pp_officer", "pp_manager")
# the provisioning jobs log from the model and from its delivery
JOB_LOGGERS = (
    "odoo.addons.phone_policy.models.phone_provisioning_job",
    "odoo.addons.phone_policy.models.phone_provisioning_job_delivery",
)


class _LogCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestProvisioningSecrets(PhoneProvisioningCase):
    """Two secrets of the provisioning, attacked over JSON-RPC by the
    employee, an Officer and a Manager with whatever an attacker would send:
    the password of the connection to the PBX's database (Settings
    administrators only), and a credential waiting for delivery (nobody)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_sales, cls.user_officer, cls.user_manager):
            user.groups_id += cls.env.ref("base.group_allow_export")
        cls.secret = cls.pbx.odoo_password
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids += cls.company

    def _attacks(self, model, ids, fields):
        """Every way JSON-RPC reads records, with ``fields``."""
        spec = {name: {} for name in fields}
        return {
            "read": ("read", [ids, fields], {}),
            "search_read": ("search_read", [[("id", "in", ids)], fields], {}),
            "export_data": ("export_data", [ids, fields], {}),
            "read_group": ("read_group", [[], fields, fields], {"lazy": False}),
            "web_read": ("web_read", [ids, spec], {}),
            "web_search_read": ("web_search_read", [[("id", "in", ids)], spec], {}),
            "search on it": ("search", [[(fields[0], "!=", False)]], {}),
        }

    def assertAllRefused(self, model, ids, fields, secrets):
        for login in ROLES:
            for label, (method, args, kwargs) in self._attacks(
                model, ids, fields
            ).items():
                with self.subTest(who=login, how=label):
                    result = self.rpc(login, model, method, *args, **kwargs)
                    self.assertRefused(result)
                    for secret in secrets:
                        self.assertNotIn(secret, repr(result))

    # ------------------------------------------------------------------
    # The connection's secret

    def test_connection_secret_is_unreadable(self):
        self.assertAllRefused(
            "phone.system", self.system.ids, ["pbx_db_password"], [self.secret]
        )

    def test_connection_secret_does_not_ride_on_other_fields(self):
        """Reading 'password set' first must not leave the secret where the
        next read finds it without a check (the ORM's cache)."""
        fields = ["pbx_db_password_set", "pbx_db_password"]
        for login in ROLES:
            with self.subTest(who=login):
                result = self.rpc(
                    login, "phone.system", "export_data", self.system.ids, fields
                )
                self.assertRefused(result)
                self.assertNotIn(self.secret, repr(result))
                fields_get = self.rpc(login, "phone.system", "fields_get")
                self.assertNotIn("pbx_db_password", fields_get.value)
                self.assertIn("pbx_db_password_set", fields_get.value)
                ok = self.rpc(
                    login,
                    "phone.system",
                    "read",
                    self.system.ids,
                    ["pbx_db_password_set", "pbx_db_host"],
                )
                self.assertTrue(ok.value[0]["pbx_db_password_set"])
                self.assertNotIn(self.secret, repr(ok))

    def test_administrator_reads_and_sets_it(self):
        """Settings administrators are the one exception (and the proof the
        attacks above ask for something that is there)."""
        result = self.rpc(
            "admin",
            "phone.system",
            "read",
            self.system.ids,
            ["pbx_db_password"],
            context={"allowed_company_ids": self.company.ids},
        )
        self.assertEqual(result.value[0]["pbx_db_password"], self.secret)

    def test_officers_cannot_send_the_credentials_elsewhere(self):
        for vals in (
            {"pbx_db_host": "attacker.example.com"},
            {"pbx_db_port": 6543},
            {"pbx_db_password": "mine"},
            {"provisioning": "manual"},
            {"sip_realm": "evil.test"},
        ):
            for login in ("pp_officer", "pp_manager"):
                with self.subTest(vals=vals, who=login):
                    result = self.rpc(
                        login, "phone.system", "write", self.system.ids, vals
                    )
                    self.assertRefused(result)
        created = self.rpc(
            "pp_officer",
            "phone.system",
            "create",
            [{"name": "Redirect", "company_id": self.company.id}],
            context={
                "default_provisioning": "kamailio",
                "default_pbx_db_host": "attacker.example.com",
                "default_pbx_db_name": "x",
                "default_pbx_db_user": "x",
                "default_sip_realm": "evil.test",
            },
        )
        self.assertTrue(created.ok, created)
        system = self.env["phone.system"].browse(created.value)
        self.assertEqual((system.provisioning, system.pbx_db_host), ("manual", False))
        refused = self.rpc(
            "pp_officer",
            "phone.system",
            "create",
            [{"name": "Redirect", "pbx_db_host": "attacker.example.com"}],
        )
        self.assertRefused(refused)
        self.assertEqual(self.system.pbx_db_host, "127.0.0.1")

    def test_secret_never_in_chatter_tracking_errors_or_logs(self):
        self.rpc_issue(self.acc_sales)
        # the driver's own error messages carry the secret when it is in
        # the database's name (an administrator's slip, set behind the
        # ORM's back here so that its tracking does not record it)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE phone_system SET pbx_db_name = %s WHERE id = %s",
            [self.secret, self.system.id],
        )
        self.env.invalidate_all()
        collector = _LogCollector()
        loggers = [logging.getLogger(), logging.getLogger("odoo")]
        loggers += [logging.getLogger("odoo.sql_db")]
        levels = [logger.level for logger in loggers]
        logging.getLogger().addHandler(collector)
        try:
            for logger in loggers:
                logger.setLevel(logging.DEBUG)
            # the administrator changes the settings: tracked, but not it
            changed = self.rpc(
                "admin",
                "phone.system",
                "write",
                self.system.ids,
                {"pbx_db_user": self.pbx.odoo_user, "pbx_db_sslmode": "prefer"},
                context={"allowed_company_ids": self.company.ids},
            )
            self.assertTrue(changed.ok, changed)
            test = self.rpc(
                "pp_officer",
                "phone.system",
                "action_pbx_test_connection",
                self.system.ids,
            )
            with mute_logger(*JOB_LOGGERS):
                self.rpc_freeze(self.acc_sales)
        finally:
            logging.getLogger().removeHandler(collector)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        self.assertRefused(test, "odoo.exceptions.UserError")
        self.assertIn("does not exist", test.message)
        self.assertIn("********", test.message)
        job = self.acc_sales.pbx_job_id
        self.assertEqual((job.reason, job.state), ("freeze", "pending"))
        self.assertIn("********", job.last_error)
        messages = self.system.message_ids | self.acc_sales.message_ids
        places = {
            "the logs": "\n".join(collector.lines),
            "the error": test.message,
            "the job": job.last_error,
            "the account": self.acc_sales.pbx_error,
            "the chatter": repr(messages.mapped("body")),
            "tracking": repr(
                messages.tracking_value_ids.read(
                    [
                        "old_value_char",
                        "new_value_char",
                        "old_value_text",
                        "new_value_text",
                    ]
                )
            ),
        }
        self.assertIn("has not reached", places["the chatter"])
        self.assertIn(
            "pbx_db_user", repr(messages.tracking_value_ids.field_id.mapped("name"))
        )
        for where, text in places.items():
            with self.subTest(where=where):
                self.assertNotIn(self.secret, text)

    # ------------------------------------------------------------------
    # A credential pending delivery

    def _pending_credential(self):
        self.gate.close()
        with mute_logger(*JOB_LOGGERS):
            password = self.rpc_issue(self.acc_sales)
        job = self.acc_sales.pbx_job_id
        self.assertEqual((job.state, job.has_credential), ("pending", True))
        credential = (
            self.env["phone.provisioning.credential"]
            .sudo()
            .search([("job_id", "=", job.id)])
        )
        self.assertEqual(credential.ha1, md5(f"1002:{job.realm}:{password}"))
        return job, credential, password

    def test_pending_credential_is_unreadable(self):
        job, credential, _password = self._pending_credential()
        self.assertAllRefused(
            "phone.provisioning.credential",
            credential.ids,
            ["ha1", "ha1b"],
            [credential.ha1, credential.ha1b],
        )
        # nor through its job, which officers read
        for login in ("pp_officer", "pp_manager"):
            with self.subTest(who=login):
                fields = self.rpc(login, "phone.provisioning.job", "fields_get").value
                result = self.rpc(
                    login, "phone.provisioning.job", "read", job.ids, list(fields)
                )
                self.assertTrue(result.ok, result)
                self.assertNotIn(credential.ha1, repr(result.value))
                self.assertNotIn(credential.ha1b, repr(result.value))
        refused = self.rpc(
            "pp_sales", "phone.provisioning.job", "read", job.ids, ["login"]
        )
        self.assertRefused(refused)
        # nor can anyone forge one, or rewrite the queue
        for login in ROLES:
            with self.subTest(who=login):
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.provisioning.credential",
                        "create",
                        [{"job_id": job.id, "ha1": "0" * 32, "ha1b": "0" * 32}],
                    )
                )
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.provisioning.job",
                        "write",
                        job.ids,
                        {"state": "done", "enabled": False},
                    )
                )
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.account",
                        "write",
                        self.acc_sales.ids,
                        {"pbx_missing": False, "pbx_login": "9999"},
                    )
                )

    def test_pending_credential_is_wiped_once_delivered(self):
        job, credential, password = self._pending_credential()
        ha1, ha1b = credential.ha1, credential.ha1b
        self.gate.open()
        retried = self.rpc(
            "pp_officer", "phone.provisioning.job", "action_retry", job.ids
        )
        self.assertTrue(retried.ok, retried)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.register("1002", password), 200)
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb')"""
        )
        found = []
        for table, column in self.env.cr.fetchall():
            for secret in (ha1, ha1b, password):
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE strpos(%s::text, %s) > 0 LIMIT 1",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        secret,
                    )
                )
                if self.env.cr.fetchone():
                    found.append((table, column))
        self.assertEqual(found, [], "a password or its digest stayed in Odoo")

    def test_sales_cannot_push_the_queue(self):
        self._pending_credential()
        job = self.acc_sales.pbx_job_id
        self.assertRefused(
            self.rpc("pp_sales", "phone.provisioning.job", "action_retry", job.ids)
        )
        self.assertRefused(
            self.rpc(
                "pp_sales", "phone.system", "action_pbx_reconcile", self.system.ids
            )
        )
        self.assertRefused(
            self.rpc(
                "pp_sales",
                "phone.system",
                "action_pbx_test_connection",
                self.system.ids,
            )
        )
        self.assertEqual(job.attempts, 1)

    def test_context_keys_switch_nothing_off(self):
        """The workflow that may write the queue is a context variable: no
        key an attacker sends opens it."""
        self._pending_credential()
        job = self.acc_sales.pbx_job_id
        keys = {
            "phone_workflow": True,
            "phone_policy_workflow": True,
            "install_mode": True,
            "tracking_disable": True,
            "default_state": "done",
            "force_company": self.company.id,
        }
        for login in ("pp_officer", "pp_manager"):
            with self.subTest(who=login):
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.provisioning.job",
                        "write",
                        job.ids,
                        {"state": "done"},
                        context=keys,
                    )
                )
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.account",
                        "write",
                        self.acc_sales.ids,
                        {"pbx_missing": True},
                        context=keys,
                    )
                )
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.system",
                        "write",
                        self.system.ids,
                        {"pbx_date_reconciled": "2020-01-01 00:00:00"},
                        context=keys,
                    )
                )
        self.assertEqual(job.state, "pending")

    def test_employees_cannot_trigger_a_departure(self):
        """Closing accounts on archiving runs as superuser: only who may
        archive the employee (HR) gets there."""
        password = self.rpc_issue(self.acc_support)
        refused = self.rpc(
            "pp_sales", "hr.employee", "action_archive", self.emp_support.ids
        )
        self.assertRefused(refused)
        self.assertEqual(self.acc_support.state, "active")
        self.assertEqual(self.register("2050", password), 200)
