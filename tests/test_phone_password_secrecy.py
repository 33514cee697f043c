# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.mail.tools.discuss import Store

from .common import PhoneAccountCase

# the account's fields about passwords: dates and flags, no secret
PASSWORD_FIELDS = {
    "date_password_changed",
    "password_is_initial",
    "password_deadline",
    "password_overdue",
    "password_reminded_on",
    "password_escalation_due",
    "password_escalated_on",
    # whether a password was ever issued (the owner's Change password shows
    # then): a boolean, never the password or its hash
    "has_password",
}


class _LogCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestPasswordSecrecy(PhoneAccountCase):
    """Policy §3.1: nobody reads a phone password back, in clear or hashed:
    not the employee, not an officer, not a manager, not the administrator;
    and nobody but the password wizards writes a hash."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids += cls.company
        cls.readers = {
            "the employee": cls.user_sales,
            "an officer": cls.user_officer,
            "a manager": cls.user_manager,
            "the administrator": cls.admin,
        }
        # the worst case: everyone may export
        for user in cls.readers.values():
            user.groups_id += cls.env.ref("base.group_allow_export")
        cls.initial = cls._issue(cls.acc_sales)
        cls.current = "Kept#Secret-2026"
        cls._change(cls.acc_sales, cls.initial, cls.current)
        cls.history = cls._history(cls.acc_sales)
        cls.secrets = [cls.initial, cls.current, *cls.history.mapped("password_hash")]

    def assertNoSecret(self, data, where):
        text = repr(data)
        for secret in self.secrets:
            self.assertNotIn(
                secret, text, "a password or its hash leaks through %s" % where
            )

    def test_account_never_shows_a_password(self):
        for who, user in self.readers.items():
            with self.subTest(who=who):
                Account = self.env["phone.account"].with_user(user)
                fields = Account.fields_get(attributes=["type"])
                self.assertFalse([name for name in fields if "hash" in name])
                self.assertLessEqual(
                    {name for name in fields if "password" in name}, PASSWORD_FIELDS
                )
                names = list(fields)
                account = self.acc_sales.with_user(user)
                self.assertNoSecret(account.read(names), "read")
                self.assertNoSecret(
                    Account.search_read([("id", "=", account.id)], names), "search_read"
                )
                self.assertNoSecret(
                    account.export_data(names + ["message_ids/body"]), "export"
                )
                self.assertNoSecret(Account.default_get(names), "default values")
                self.assertNoSecret(
                    Account.web_search_read(
                        [("id", "=", account.id)], {name: {} for name in names}
                    ),
                    "the web client's list",
                )

    def test_wizards_never_show_a_password_again(self):
        for model in (
            "phone.account.password.wizard",
            "phone.account.freeze.wizard",
            "phone.account.password.show",
        ):
            for who, user in self.readers.items():
                with self.subTest(model=model, who=who):
                    Model = self.env[model].with_user(user)
                    self.assertNoSecret(
                        Model.with_context(
                            default_account_id=self.acc_sales.id
                        ).default_get(list(Model._fields)),
                        "default values of %s" % model,
                    )

    def test_hash_history_is_unreachable(self):
        for who, user in self.readers.items():
            with self.subTest(who=who):
                History = self.env["phone.account.password"].with_user(user)
                history = self.history.with_user(user)
                calls = (
                    lambda Model, records: records.read(["password_hash"]),
                    lambda Model, records: Model.search_read([], ["password_hash"]),
                    lambda Model, records: Model.search([]),
                    lambda Model, records: records.export_data(["password_hash"]),
                    lambda Model, records: Model.read_group([], ["kind"], ["kind"]),
                    lambda Model, records: Model.web_read_group([], ["kind"], ["kind"]),
                )
                for call in calls:
                    self.env.invalidate_all()
                    with (
                        self.assertRaises(AccessError),
                        mute_logger("odoo.addons.base.models.ir_model"),
                    ):
                        call(History, history)

    def test_hashes_are_written_by_the_wizards_only(self):
        """create() does not check field groups: the model refuses in code,
        whatever access rows may say, and never rewrites a hash."""
        for who, user in self.readers.items():
            with self.subTest(who=who):
                History = self.env["phone.account.password"].with_user(user)
                with self.assertRaisesRegex(
                    AccessError, "only written by the password"
                ):
                    History.create(
                        {
                            "account_id": self.acc_sales.id,
                            "kind": "change",
                            "password_hash": self.history[-1].password_hash,
                        }
                    )
                with self.assertRaisesRegex(AccessError, "never rewritten"):
                    self.history.with_user(user).write({"password_hash": "x"})
                with (
                    self.assertRaises(AccessError),
                    mute_logger("odoo.addons.base.models.ir_model"),
                ):
                    self.history.with_user(user).unlink()
        with self.assertRaisesRegex(AccessError, "never rewritten"):
            self.history.sudo().write({"password_hash": "x"})
        self.assertEqual(len(self._history(self.acc_sales)), 2)
        self.assertTrue(self._history(self.acc_sales)[0]._phone_matches(self.current))

    def test_messages_and_tracking_keep_no_secret(self):
        messages = self.acc_sales.message_ids
        self.assertGreaterEqual(len(messages), 3)
        self.assertNoSecret(messages.mapped("body"), "the chatter")
        tracking = messages.tracking_value_ids
        self.assertTrue(tracking)
        self.assertNoSecret(
            tracking.read(
                [
                    "old_value_char",
                    "new_value_char",
                    "old_value_text",
                    "new_value_text",
                ]
            ),
            "tracking values",
        )
        for who, user in self.readers.items():
            with self.subTest(who=who):
                Message = self.env["mail.message"].with_user(user)
                domain = [
                    ("model", "=", "phone.account"),
                    ("res_id", "=", self.acc_sales.id),
                ]
                found = Message.search_read(domain, ["body", "subject"])
                self.assertEqual(len(found), len(messages))
                self.assertNoSecret(found, "messages")
                # what the chatter receives, tracking values included
                store = Store()
                Message.search(domain)._to_store(store, for_current_user=True)
                result = store.get_result()
                self.assertIn("trackingValues", repr(result))
                self.assertNoSecret(result, "the chatter")

    def test_passwords_nowhere_in_the_database(self):
        """Not a column of any table holds a password in clear, and its
        hashes are only in the history."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT c.table_name, c.column_name, c.data_type
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb', 'bytea')"""
        )
        columns = self.env.cr.fetchall()
        self.assertGreater(len(columns), 100)
        found = []
        for table, column, data_type in columns:
            for secret in self.secrets:
                if data_type == "bytea":  # e.g. attachments stored in the database
                    found_in = SQL(
                        "position(convert_to(%s, 'UTF8') in %s) > 0",
                        secret,
                        SQL.identifier(column),
                    )
                else:
                    found_in = SQL(
                        "strpos(%s::text, %s) > 0", SQL.identifier(column), secret
                    )
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE %s LIMIT 1",
                        SQL.identifier(table),
                        found_in,
                    )
                )
                if self.env.cr.fetchone():
                    found.append(
                        (table, column, secret in (self.initial, self.current))
                    )
        self.assertEqual(
            found,
            [("phone_account_password", "password_hash", False)] * 2,
            "clear passwords (True) or hashes outside the history",
        )

    def test_passwords_never_logged(self):
        """Even at DEBUG level, with every SQL query logged, no password in
        clear reaches the logs."""
        collector = _LogCollector()
        loggers = [logging.getLogger(), logging.getLogger("odoo")]
        loggers += [logging.getLogger("odoo.sql_db")]
        levels = [logger.level for logger in loggers]
        logging.getLogger().addHandler(collector)
        try:
            for logger in loggers:
                logger.setLevel(logging.DEBUG)
            password = self._issue(self.acc_support, reason="New hire")
            self._change(self.acc_support, password, "Logged#Never-2026")
            with self.assertRaises(AccessError):
                self._change(
                    self.acc_support,
                    "Logged#Never-2026",
                    "Refused#Change-2026",
                    user=self.user_sales2,
                )
        finally:
            logging.getLogger().removeHandler(collector)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        self.assertTrue(
            any(
                'INSERT INTO "phone_account_password"' in line
                for line in collector.lines
            ),
            "SQL queries were not logged: the test would prove nothing",
        )
        for secret in (password, "Logged#Never-2026", "Refused#Change-2026"):
            self.assertFalse([line for line in collector.lines if secret in line])
