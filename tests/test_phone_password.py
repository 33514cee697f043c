# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.phone_policy.models.phone_account_password import (
    PHONE_CRYPT_CONTEXT,
)

from .common import PhoneAccountCase

MIN_LENGTH = "at least 10 characters"
LETTER = "at least one letter"
DIGIT = "at least one digit"
SPECIAL = "at least one special character"


@tagged("post_install", "-at_install")
class TestPasswordIssue(PhoneAccountCase):
    """Policy §3.1: an officer issues an initial password that follows the
    policy, shown once; only a slow salted hash is kept."""

    def test_issue_initial_password(self):
        password = self._issue(self.acc_sales)
        account = self.acc_sales
        self.assertEqual(account.state, "active")
        self.assertTrue(account.password_is_initial)
        self.assertTrue(account.date_issued)
        # a strong password: every character class, at least 12 characters
        self.assertGreaterEqual(len(password), 12)
        self.assertFalse(
            account._phone_password_errors(password, self.env["phone.account.password"])
        )
        self.assertTrue(any(char.islower() for char in password))
        self.assertTrue(any(char.isupper() for char in password))
        # only a pbkdf2-sha512 hash with res.users' cost is stored
        history = self._history(account)
        self.assertEqual(len(history), 1)
        self.assertEqual(history.kind, "initial")
        self.assertTrue(history.password_hash.startswith("$pbkdf2-sha512$600000$"))
        self.assertNotIn(password, history.password_hash)
        self.assertTrue(PHONE_CRYPT_CONTEXT.verify(password, history.password_hash))
        # the chatter says who issued it, never what
        message = account.message_ids.filtered(
            lambda m: "issued an initial password" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.user_officer.name, message.body)
        self.assertEqual(message.author_id, self.user_officer.partner_id)
        self.assertNotIn(password, message.body)

    def test_issue_follows_a_longer_company_minimum(self):
        self.company.phone_password_min_length = 20
        password = self._issue(self.acc_sales)
        self.assertEqual(len(password), 20)

    def test_two_issues_give_different_passwords(self):
        first = self._issue(self.acc_sales)
        second = self._issue(self.acc_sales, reason="Forgotten")
        self.assertNotEqual(first, second)
        self.assertEqual(len(self._history(self.acc_sales)), 2)
        self.assertIn(
            "Reason: Forgotten", " ".join(self.acc_sales.message_ids.mapped("body"))
        )

    def test_shown_once_in_a_form_without_table(self):
        """The password reaches the officer in the answer of the wizard only:
        the form showing it belongs to a model without table, so nothing
        keeps it, and nothing shows it again."""
        Wizard = self.env["phone.account.issue.wizard"].with_user(self.user_officer)
        action = Wizard.create({"account_id": self.acc_sales.id}).action_issue()
        self.assertEqual(action["res_model"], "phone.account.password.show")
        self.assertEqual(action["target"], "new")
        Show = self.env["phone.account.password.show"].with_user(self.user_officer)
        shown = Show.with_context(**action["context"]).default_get(["password"])
        self.assertEqual(shown["password"], action["context"]["default_password"])
        self.assertTrue(Show._abstract)
        self.assertFalse(Show.default_get(["password", "account_id"]).get("password"))
        self.assertFalse(
            Wizard.create({"account_id": self.acc_sales.id}).read()[0].get("password")
        )

    def test_only_officers_issue(self):
        for user in (self.user_sales, self.user_dept_manager):
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_model"),
            ):
                self._issue(self.acc_sales, user=user)
            with self.assertRaisesRegex(AccessError, "Only phone-policy officers"):
                self.acc_sales.with_user(user)._phone_issue_password()
        self.assertEqual(self.acc_sales.state, "draft")
        self.assertFalse(self._history(self.acc_sales))

    def test_reissue_needs_a_reason_and_closed_gets_none(self):
        self._issue(self.acc_sales)
        with self.assertRaisesRegex(UserError, "Say why"):
            self._issue(self.acc_sales)
        self.acc_sales.with_user(self.user_officer).action_close_account()
        self.assertEqual(self.acc_sales.state, "closed")
        with self.assertRaisesRegex(UserError, "closed account"):
            self._issue(self.acc_sales, reason="Again")

    def test_lifecycle_fields_are_not_written_by_hand(self):
        """Officers edit accounts, not their password or freeze history."""
        self._issue(self.acc_sales)
        account = self.acc_sales.with_user(self.user_officer)
        for vals in (
            {"password_is_initial": False},
            {"date_password_changed": "2026-01-01 00:00:00"},
            {"state": "frozen"},
            {"frozen_by_id": self.user_sales.id},
        ):
            with self.assertRaisesRegex(AccessError, "only with the account's buttons"):
                account.write(vals)
        with self.assertRaisesRegex(AccessError, "only with the account's buttons"):
            self.env["phone.account"].with_user(self.user_officer).create(
                {
                    "system_id": self.system.id,
                    "employee_id": self.emp_sales2.id,
                    "extension": "1003",
                    "company_id": self.company.id,
                    "state": "active",
                    "password_is_initial": False,
                }
            )
        account.write({"login": "sales-1002"})
        self.assertEqual(self.acc_sales.login, "sales-1002")
        self.assertTrue(self.acc_sales.password_is_initial)


@tagged("post_install", "-at_install")
class TestPasswordPolicy(PhoneAccountCase):
    """Policy §3.1: a strong password, with a clear message per broken rule;
    each rule has a failing and a passing case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.phone_password_history = 2
        cls.initial = cls._issue(cls.acc_sales)
        cls.no_history = cls.env["phone.account.password"]

    def _errors(self, password):
        return self.acc_sales._phone_password_errors(password, self.no_history)

    def test_minimum_length(self):
        errors = self._errors("Ab1!xyz")
        self.assertEqual(len(errors), 1)
        self.assertIn(MIN_LENGTH, errors[0])
        self.assertEqual(self._errors("Ab1!xyzuvw"), [])  # exactly 10
        self.company.phone_password_min_length = 12
        self.assertIn("at least 12 characters", self._errors("Ab1!xyzuvw")[0])

    def test_letters(self):
        errors = self._errors("1234!56789")
        self.assertEqual(len(errors), 1)
        self.assertIn(LETTER, errors[0])
        self.assertEqual(self._errors("1234!5678a"), [])
        self.company.phone_password_require_letters = False
        self.assertEqual(self._errors("1234!56789"), [])

    def test_digits(self):
        errors = self._errors("Abcdefg!hij")
        self.assertEqual(len(errors), 1)
        self.assertIn(DIGIT, errors[0])
        self.assertEqual(self._errors("Abcdefg!hi9"), [])
        self.company.phone_password_require_digits = False
        self.assertEqual(self._errors("Abcdefg!hij"), [])

    def test_special_characters(self):
        errors = self._errors("Abcdefg1hij")
        self.assertEqual(len(errors), 1)
        self.assertIn(SPECIAL, errors[0])
        # a space is not a special character
        self.assertIn(SPECIAL, self._errors("Abcdefg 1hij")[0])
        self.assertEqual(self._errors("Abcdefg1hi#"), [])
        self.company.phone_password_require_special = False
        self.assertEqual(self._errors("Abcdefg1hij"), [])

    def test_every_broken_rule_is_reported_at_once(self):
        with self.assertRaises(ValidationError) as catcher:
            self._change(self.acc_sales, self.initial, "abc")
        message = str(catcher.exception)
        for expected in (MIN_LENGTH, DIGIT, SPECIAL):
            self.assertIn(expected, message)
        self.assertNotIn(LETTER, message)
        self.assertTrue(self.acc_sales.password_is_initial)

    def test_not_the_initial_password(self):
        with self.assertRaisesRegex(
            ValidationError, "differ from the initial password"
        ):
            self._change(self.acc_sales, self.initial, self.initial)
        self._change(self.acc_sales, self.initial, "Fresh#Start-2026")
        self.assertFalse(self.acc_sales.password_is_initial)

    def test_not_one_of_the_last_passwords(self):
        """History depth 2: the last two passwords are refused, an older one
        is accepted again."""
        self._change(self.acc_sales, self.initial, "First#Pass-01")
        self._change(self.acc_sales, "First#Pass-01", "Second#Pass-02")
        with self.assertRaisesRegex(ValidationError, "and from your last 2 passwords"):
            self._change(self.acc_sales, "Second#Pass-02", "First#Pass-01")
        with self.assertRaisesRegex(ValidationError, "and from your last 2 passwords"):
            self._change(self.acc_sales, "Second#Pass-02", "Second#Pass-02")
        self._change(self.acc_sales, "Second#Pass-02", "Third#Pass-03")
        # First#Pass-01 is now three passwords back
        self._change(self.acc_sales, "Third#Pass-03", "First#Pass-01")
        history = self._history(self.acc_sales)
        self.assertEqual(history.mapped("kind"), ["change"] * 4 + ["initial"])
        self.assertTrue(history[:1]._phone_matches("First#Pass-01"))

    def test_current_password_and_confirmation(self):
        with self.assertRaisesRegex(UserError, "current password is not correct"):
            self._change(self.acc_sales, "Wrong#Pass-99", "Fresh#Start-2026")
        with self.assertRaisesRegex(UserError, "confirmation differ"):
            self._change(
                self.acc_sales, self.initial, "Fresh#Start-2026", "Fresh#Start-2027"
            )
        self.assertEqual(len(self._history(self.acc_sales)), 1)

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_TW")
        errors = self.acc_sales.with_context(lang="zh_TW")._phone_password_errors(
            "abc", self.no_history
        )
        self.assertEqual(len(errors), 3)
        self.assertIn("10", errors[0])
        for error in errors:
            self.assertRegex(error, "[\u4e00-\u9fff]", "not translated: %s" % error)


@tagged("post_install", "-at_install")
class TestPasswordChange(PhoneAccountCase):
    """'Change my phone password': own account only, not when frozen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.initial = cls._issue(cls.acc_sales)

    def test_change_records_date_and_clears_initial_flag(self):
        with freeze_time("2026-11-09 03:00:00"):
            result = self._change(self.acc_sales, self.initial, "Fresh#Start-2026")
        self.assertEqual(result["params"]["type"], "success")
        account = self.acc_sales
        self.assertFalse(account.password_is_initial)
        self.assertFalse(account.password_deadline)
        self.assertEqual(account.date_password_changed, datetime(2026, 11, 9, 3, 0))
        history = self._history(account)
        self.assertEqual(history.mapped("kind"), ["change", "initial"])
        self.assertEqual(history[0].set_by_id, self.user_sales)
        message = account.message_ids.filtered(
            lambda m: "changed the password" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.user_sales.partner_id)

    def test_wizard_stores_no_password(self):
        """The passwords typed in the wizard are not columns of its table."""
        self.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'phone_account_password_wizard'"""
        )
        columns = {name for (name,) in self.env.cr.fetchall()}
        self.assertIn("account_id", columns)
        for name in ("current_password", "new_password", "confirm_password"):
            self.assertNotIn(name, columns)

    def test_only_on_own_account(self):
        other = self._issue(self.acc_support)
        # a colleague does not even see the account
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.acc_support.with_user(self.user_sales)._phone_change_password(
                other, "Fresh#Start-2026", "Fresh#Start-2026"
            )
        # not even an officer changes someone's password for them
        with self.assertRaisesRegex(AccessError, "not your phone account"):
            self._change(
                self.acc_support, other, "Fresh#Start-2026", user=self.user_officer
            )
        self.assertTrue(self.acc_support.password_is_initial)

    def test_button_without_passwords_changes_nothing(self):
        wizard = (
            self.env["phone.account.password.wizard"]
            .with_user(self.user_sales)
            .create({"account_id": self.acc_sales.id})
        )
        with self.assertRaisesRegex(UserError, "Type your current password"):
            wizard.action_done()
        self.assertTrue(self.acc_sales.password_is_initial)

    def test_default_account_is_mine(self):
        wizard = self.env["phone.account.password.wizard"].with_user(self.user_sales)
        self.assertEqual(
            wizard.default_get(["account_id"])["account_id"], self.acc_sales.id
        )
        self.assertIn("At least 10 characters", wizard.new({}).policy)


@tagged("post_install", "-at_install")
class TestFreeze(PhoneAccountCase):
    """Policy §3.2: a reported leak freezes the account at once, audited;
    a frozen account cannot change its password; only a new initial
    password unfreezes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.initial = cls._issue(cls.acc_sales)

    def _report(self, account, user, reason="Someone saw me type it."):
        wizard = (
            self.env["phone.account.freeze.wizard"]
            .with_user(user)
            .create({"account_id": account.id, "mode": "report", "reason": reason})
        )
        return wizard.action_confirm()

    def test_report_freezes_immediately_and_is_audited(self):
        with freeze_time("2026-11-10 06:30:00"):
            self._report(self.acc_sales, self.user_sales)
        account = self.acc_sales
        self.assertEqual(account.state, "frozen")
        self.assertEqual(account.frozen_by_id, self.user_sales)
        self.assertEqual(account.date_frozen, datetime(2026, 11, 10, 6, 30))
        self.assertIn("Someone saw me type it.", account.freeze_reason)
        self._flush_tracking()
        # the chatter keeps who, when and why
        tracking = account.message_ids.tracking_value_ids
        changed = {value.field_id.name for value in tracking}
        self.assertTrue(
            {"state", "freeze_reason", "date_frozen", "frozen_by_id"} <= changed
        )
        state_message = account.message_ids.filtered(
            lambda m: "state" in m.tracking_value_ids.field_id.mapped("name")
        )[:1]
        self.assertEqual(state_message.author_id, self.user_sales.partner_id)
        # an incident for the officers, with an activity each
        incident = self.env["phone.security.incident"].search(
            [("account_id", "=", account.id)]
        )
        self.assertEqual(incident.kind, "password_leak")
        self.assertEqual(incident.reporter_id, self.user_sales)
        self.assertTrue(incident.action_freeze)
        self.assertEqual(
            incident.activity_ids.user_id, self.user_officer | self.user_manager
        )

    def test_report_only_on_own_active_account(self):
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self._report(self.acc_sales, self.user_sales2)
        with self.assertRaisesRegex(AccessError, "not your phone account"):
            self._report(self.acc_sales, self.user_officer)
        self.assertEqual(self.acc_sales.state, "active")
        with self.assertRaisesRegex(UserError, "Only an active account"):
            self._report(self.acc_support, self.user_support)  # still draft

    def test_frozen_account_cannot_change_password(self):
        self._report(self.acc_sales, self.user_sales)
        with self.assertRaisesRegex(UserError, "is frozen"):
            self._change(self.acc_sales, self.initial, "Fresh#Start-2026")
        self.assertEqual(len(self._history(self.acc_sales)), 1)

    def test_officer_freezes_any_account(self):
        wizard = (
            self.env["phone.account.freeze.wizard"]
            .with_user(self.user_officer)
            .create(
                {
                    "account_id": self.acc_sales.id,
                    "mode": "freeze",
                    "reason": "Calls to premium numbers at night.",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(self.acc_sales.state, "frozen")
        self.assertEqual(self.acc_sales.frozen_by_id, self.user_officer)
        # a plain user cannot even open it on someone else's account
        self._issue(self.acc_support)
        with self.assertRaises(AccessError):
            self.env["phone.account.freeze.wizard"].with_user(self.user_sales).create(
                {"account_id": self.acc_support.id, "mode": "freeze", "reason": "x"}
            )
        self.assertEqual(self.acc_support.state, "active")
        self.assertEqual(self.acc_support.state, "active")

    def test_unfreeze_only_with_a_new_initial_password(self):
        self._report(self.acc_sales, self.user_sales)
        with self.assertRaisesRegex(UserError, "unfrozen only by issuing"):
            self.acc_sales.with_user(self.user_officer).write({"state": "active"})
        with self.assertRaisesRegex(UserError, "unfrozen only by issuing"):
            self.acc_sales.with_user(self.user_manager).write({"state": "active"})
        new_password = self._issue(self.acc_sales, reason="Leak reported")
        account = self.acc_sales
        self.assertEqual(account.state, "active")
        self.assertTrue(account.password_is_initial)
        self.assertFalse(account.freeze_reason)
        self.assertNotEqual(new_password, self.initial)
        # the old hash stays in the history; only the new password works
        history = self._history(account)
        self.assertEqual(history.mapped("kind"), ["initial", "initial"])
        self.assertTrue(history[1]._phone_matches(self.initial))
        with self.assertRaisesRegex(UserError, "current password is not correct"):
            self._change(account, self.initial, "Fresh#Start-2026")
        self._change(account, new_password, "Fresh#Start-2026")
        self.assertFalse(account.password_is_initial)
        self._flush_tracking()
        bodies = " ".join(account.message_ids.mapped("body"))
        self.assertIn("unfroze the account by issuing a new initial password", bodies)


@tagged("post_install", "-at_install")
class TestGracePeriod(PhoneAccountCase):
    """Policy §3.1: initial passwords left past the grace period (working
    days) are flagged; the daily cron reminds the employee, then the
    officers."""

    def _cron(self):
        self.env["phone.account"]._cron_password_reminders()

    def _reminders(self, account):
        return account.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("phone_policy.mail_activity_type_phone_password")
            )
        )

    def _officer_notices(self, account):
        return account.message_ids.filtered(
            lambda m: "after a reminder" in (m.body or "")
        )

    def test_grace_period_counts_working_days(self):
        # issued Friday 6 November 2026, 10:00 in Taipei
        with freeze_time("2026-11-06 02:00:00"):
            initial = self._issue(self.acc_sales)
        # 3 working days of 8 hours: Friday's 6 hours, Monday, Tuesday and
        # 2 hours of Wednesday: Wednesday 11 November, 10:00 in Taipei
        self.assertEqual(self.acc_sales.password_deadline, datetime(2026, 11, 11, 2, 0))
        self.company.phone_password_grace_days = 1
        self.assertEqual(self.acc_sales.password_deadline, datetime(2026, 11, 9, 2, 0))
        self.company.phone_password_grace_days = 3
        Account = self.env["phone.account"]
        with freeze_time("2026-11-11 01:59:00"):
            self.assertFalse(self.acc_sales.password_overdue)
            self.assertNotIn(
                self.acc_sales, Account.search([("password_overdue", "=", True)])
            )
        with freeze_time("2026-11-11 02:01:00"):
            self.acc_sales.invalidate_recordset(["password_overdue"])
            self.assertTrue(self.acc_sales.password_overdue)
            self.assertIn(
                self.acc_sales, Account.search([("password_overdue", "=", True)])
            )
            self._change(self.acc_sales, initial, "Fresh#Start-2026")
            self.acc_sales.invalidate_recordset(["password_overdue"])
            self.assertFalse(self.acc_sales.password_overdue)

    def test_cron_reminds_then_notifies_officers_once(self):
        with freeze_time("2026-11-06 02:00:00"):
            initial = self._issue(self.acc_sales)
            support_initial = self._issue(self.acc_support)
        with freeze_time("2026-11-10 02:00:00"):  # within the grace period
            self._cron()
        self.assertFalse(self._reminders(self.acc_sales))
        with freeze_time("2026-11-11 03:00:00"):  # Wednesday 11:00 in Taipei
            self._cron()
            self._cron()  # idempotent
        reminder = self._reminders(self.acc_sales)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user_sales)
        self.assertEqual(self._reminders(self.acc_support).user_id, self.user_support)
        self.assertFalse(self._officer_notices(self.acc_sales))
        # officers hear of it 3 working days after the reminder: Monday 16
        # November, 11:00 in Taipei
        self.assertEqual(
            self.acc_sales.password_escalation_due, datetime(2026, 11, 16, 3, 0)
        )
        with freeze_time("2026-11-13 03:00:00"):
            self._cron()
        self.assertFalse(self._officer_notices(self.acc_sales))
        # pp_support changed in time; pp_sales did not
        with freeze_time("2026-11-12 03:00:00"):
            self._change(self.acc_support, support_initial, "Fresh#Start-2026")
        self.assertFalse(self._reminders(self.acc_support))
        with freeze_time("2026-11-16 04:00:00"):
            self._cron()
            self._cron()
        notice = self._officer_notices(self.acc_sales)
        self.assertEqual(len(notice), 1)
        self.assertEqual(
            notice.partner_ids,
            (self.user_officer | self.user_manager).partner_id,
        )
        self.assertFalse(self._officer_notices(self.acc_support))
        # the employee finally changes it: the reminder is done
        self._change(self.acc_sales, initial, "Fresh#Start-2026")
        self.assertFalse(self._reminders(self.acc_sales))
        self.assertFalse(self.acc_sales.password_reminded_on)


@tagged("post_install", "-at_install")
class TestPasswordSettings(PhoneAccountCase):
    def test_policy_in_settings_page(self):
        settings = (
            self.env["res.config.settings"]
            .with_company(self.company)
            .create(
                {
                    "phone_password_min_length": 14,
                    "phone_password_require_special": False,
                    "phone_password_history": 8,
                    "phone_password_grace_days": 5,
                    "phone_password_escalation_days": 2,
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company.phone_password_min_length, 14)
        self.assertFalse(self.company.phone_password_require_special)
        self.assertEqual(self.company.phone_password_history, 8)
        self.assertEqual(self.company.phone_password_grace_days, 5)
        self.assertEqual(self.company.phone_password_escalation_days, 2)
        for vals in (
            {"phone_password_min_length": 5},
            {"phone_password_history": 13},
            {"phone_password_grace_days": -1},
        ):
            with self.assertRaises(ValidationError):
                self.company.write(vals)

    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Co"})
        self.assertEqual(company.phone_password_min_length, 10)
        self.assertTrue(company.phone_password_require_letters)
        self.assertTrue(company.phone_password_require_digits)
        self.assertTrue(company.phone_password_require_special)
        self.assertEqual(company.phone_password_history, 5)
        self.assertEqual(company.phone_password_grace_days, 3)
