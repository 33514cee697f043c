# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhonePolicyCase


@tagged("post_install", "-at_install")
class TestPolicyVersion(PhonePolicyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Version = cls.env["phone.policy.version"]
        cls.v1 = cls.Version.create(
            {
                "version": "1.0",
                "company_id": cls.company.id,
                "effective_date": date(2026, 1, 1),
                "body": "<p>Answer within three rings.</p>",
            }
        )
        cls.v1.with_user(cls.user_manager).action_publish()

    def test_seeded_policy_in_both_languages(self):
        seeded = self.env.ref("phone_policy.phone_policy_version_1")
        self.assertEqual(seeded.state, "published")
        self.assertIn("Personal calls on business lines are not allowed", seeded.body)
        self.env["res.lang"]._activate_lang("zh_TW")
        module = self.env["ir.module.module"].search([("name", "=", "phone_policy")])
        module._update_translations(filter_lang=["zh_TW"])
        body_tw = seeded.with_context(lang="zh_TW").body
        self.assertIn("不得以公務電話撥打私人電話", body_tw)
        self.assertIn("電話應於響鈴三聲內接聽", body_tw)
        self.assertEqual(
            seeded.with_context(lang="zh_TW").name,
            "電話系統通訊管理制度",
        )

    def test_in_force_is_latest_published_effective(self):
        Version = self.Version.with_user(self.user_sales)
        with freeze_time("2026-06-01"):
            self.assertEqual(Version.search([("in_force", "=", True)]), self.v1)
            v2 = self.Version.create(
                {
                    "version": "2.0",
                    "company_id": self.company.id,
                    "effective_date": date(2026, 7, 1),
                    "body": "<p>New rules.</p>",
                }
            )
            # a draft is invisible to users and not in force
            self.assertNotIn(v2, Version.search([]))
            v2.with_user(self.user_manager).action_publish()
            # published, but not yet effective
            self.assertEqual(Version.search([("in_force", "=", True)]), self.v1)
        with freeze_time("2026-07-01"):
            self.assertEqual(Version.search([("in_force", "=", True)]), v2)
            action = Version.with_company(self.company).action_open_in_force()
            self.assertEqual(action["res_id"], v2.id)

    def test_only_managers_publish(self):
        draft = self.Version.create(
            {"version": "1.1", "company_id": self.company.id, "body": "<p>x</p>"}
        )
        for user in (self.user_sales, self.user_officer):
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_rule"),
            ):
                draft.with_user(user).action_publish()
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_model"),
            ):
                self.v1.with_user(user).write({"body": "<p>changed</p>"})
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_model"),
            ):
                self.Version.with_user(user).create(
                    {"version": "9", "body": "<p>x</p>"}
                )
        with self.assertRaisesRegex(UserError, "draft"):
            self.v1.with_user(self.user_manager).action_publish()
        with self.assertRaisesRegex(UserError, "withdraw it instead"):
            self.v1.with_user(self.user_manager).unlink()
        draft.with_user(self.user_manager).unlink()
        self.assertFalse(draft.exists())
        empty = self.Version.create({"version": "1.2", "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "policy text"):
            empty.with_user(self.user_manager).action_publish()

    def test_one_click_acknowledgement(self):
        version = self.v1.with_user(self.user_sales)
        self.assertFalse(version.my_acknowledgement_date)
        with freeze_time("2026-02-03 04:05:06"):
            ack = version.action_acknowledge()
        self.assertEqual(ack.employee_id, self.emp_sales)
        self.assertEqual(str(ack.date), "2026-02-03 04:05:06")
        version.invalidate_recordset(["my_acknowledgement_date"])
        self.assertTrue(version.my_acknowledgement_date)
        # clicking again records nothing twice
        self.assertEqual(version.action_acknowledge(), ack)
        self.assertEqual(len(self.v1.acknowledgement_ids), 1)
        # a user sees their own acknowledgement, nobody else's
        self.v1.with_user(self.user_sales2).action_acknowledge()
        Ack = self.env["phone.policy.acknowledgement"]
        self.assertEqual(Ack.with_user(self.user_sales).search([]), ack)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            ack.with_user(self.user_sales).write({"date": "2020-01-01 00:00:00"})
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            ack.with_user(self.user_sales).unlink()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            Ack.with_user(self.user_sales).create(
                {"version_id": self.v1.id, "employee_id": self.emp_support.id}
            )

    def test_manager_sees_who_has_not_acknowledged(self):
        self.v1.with_user(self.user_sales).action_acknowledge()
        version = self.v1.with_user(self.user_manager)
        self.assertIn(self.emp_sales2, version.pending_employee_ids)
        self.assertNotIn(self.emp_sales, version.pending_employee_ids)
        self.assertEqual(version.acknowledged_count, 1)
        # six employees of the company have a user; one acknowledged
        self.assertEqual(version.pending_count, 5)
        with self.assertRaises(AccessError):
            self.v1.with_user(self.user_sales).read(["pending_employee_ids"])

    def test_reminder_cron_after_n_days_once(self):
        self.company.phone_policy_ack_days = 10
        self.v1.with_user(self.user_sales).action_acknowledge()
        ack_type = self.env.ref("phone_policy.mail_activity_type_policy_ack")

        def reminders():
            return self.v1.activity_ids.filtered(
                lambda a: a.activity_type_id == ack_type
            )

        with freeze_time("2026-01-10"):
            self.Version._cron_remind_acknowledgements()
            self.assertFalse(reminders(), "too early: 9 days after the effective date")
        with freeze_time("2026-01-11"):
            self.Version._cron_remind_acknowledgements()
            reminded = reminders().user_id
            self.assertIn(self.user_sales2, reminded)
            self.assertNotIn(self.user_sales, reminded, "already acknowledged")
            count = len(reminders())
            self.Version._cron_remind_acknowledgements()
            self.assertEqual(len(reminders()), count, "nobody is reminded twice")
        # acknowledging closes one's reminder
        self.v1.with_user(self.user_sales2).action_acknowledge()
        self.assertNotIn(self.user_sales2, reminders().user_id)
