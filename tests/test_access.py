# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhonePolicyCase


@tagged("post_install", "-at_install")
class TestCallAccess(PhonePolicyCase):
    """Who sees and changes which call (policy §3.2: no confidential
    information leaks; records stay with the people entitled to them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._call(cls.user_sales)
        cls.colleague_call = cls._call(cls.user_sales2)
        cls.colleague_secret = cls._call(
            cls.user_sales2, confidentiality="confidential"
        )
        cls.support_call = cls._call(cls.user_support)
        cls.support_secret = cls._call(cls.user_support, confidentiality="confidential")
        # an internal confidential call between support and sales: both sides see it
        cls.internal_secret = cls._call(
            cls.user_support,
            direction="internal",
            partner_id=False,
            counterpart_employee_id=cls.emp_sales.id,
            confidentiality="confidential",
        )
        cls.all_calls = (
            cls.own
            | cls.colleague_call
            | cls.colleague_secret
            | cls.support_call
            | cls.support_secret
            | cls.internal_secret
        )

    def _visible(self, user):
        return (
            self.env["phone.call"]
            .with_user(user)
            .search([("id", "in", self.all_calls.ids)])
        )

    def assertCannotRead(self, user, call):
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            call.with_user(user).read(["subject"])

    def assertCannotWrite(self, user, call):
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            call.with_user(user).write({"subject": "changed"})
            self.env.flush_all()

    def assertCannotUnlink(self, user, call):
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger(
                "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"
            ),
        ):
            call.with_user(user).unlink()

    def test_plain_user(self):
        user = self.user_sales
        self.assertEqual(
            self._visible(user),
            self.own | self.colleague_call | self.internal_secret,
        )
        # own call: read and change
        self.own.with_user(user).write({"key_points": "Agreed."})
        self.assertEqual(self.own.key_points, "Agreed.")
        # the department's ordinary call: read, never change
        self.assertEqual(self.colleague_call.with_user(user).subject, "Quotation")
        self.assertCannotWrite(user, self.colleague_call)
        # a colleague's confidential call, another department's calls: nothing
        self.assertCannotRead(user, self.colleague_secret)
        self.assertCannotRead(user, self.support_call)
        self.assertCannotRead(user, self.support_secret)
        self.assertCannotWrite(user, self.support_call)
        # confidential call they were on: read only
        self.assertEqual(self.internal_secret.with_user(user).subject, "Quotation")
        self.assertCannotWrite(user, self.internal_secret)
        # nobody deletes call records but officers
        self.assertCannotUnlink(user, self.own)
        self.assertCannotUnlink(user, self.support_call)

    def test_plain_user_cannot_log_for_someone_else(self):
        Call = self.env["phone.call"].with_user(self.user_sales)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            Call.create(
                {
                    "partner_id": self.partner_tw.id,
                    "employee_id": self.emp_support.id,
                }
            )
        call = Call.create({"partner_id": self.partner_tw.id})
        self.assertEqual(call.employee_id, self.emp_sales)

    def test_other_department_user(self):
        user = self.user_support
        self.assertEqual(
            self._visible(user),
            self.support_call | self.support_secret | self.internal_secret,
        )
        self.assertCannotRead(user, self.own)
        self.assertCannotRead(user, self.colleague_secret)
        self.assertCannotWrite(user, self.own)
        self.assertCannotUnlink(user, self.own)

    def test_department_manager(self):
        """Manager of Sales (a member of Support): Sales' ordinary calls, not
        its confidential ones."""
        user = self.user_dept_manager
        visible = self._visible(user)
        self.assertIn(self.own, visible)
        self.assertIn(self.colleague_call, visible)
        self.assertNotIn(self.colleague_secret, visible)
        self.assertCannotRead(user, self.colleague_secret)
        self.assertCannotWrite(user, self.own)

    def test_officer(self):
        user = self.user_officer
        self.assertEqual(
            self._visible(user),
            self.own | self.colleague_call | self.support_call,
        )
        self.assertCannotRead(user, self.colleague_secret)
        self.assertCannotRead(user, self.internal_secret)
        self.assertCannotWrite(user, self.support_secret)
        self.colleague_call.with_user(user).write(
            {"category_id": self.category_sales.id}
        )
        self.assertEqual(self.colleague_call.category_id, self.category_sales)
        self.assertCannotUnlink(user, self.colleague_secret)
        self.support_call.with_user(user).unlink()
        self.assertFalse(self.support_call.exists())

    def test_manager_sees_everything(self):
        user = self.user_manager
        self.assertEqual(self._visible(user), self.all_calls)
        self.colleague_secret.with_user(user).write({"key_points": "Reviewed."})
        self.assertEqual(self.colleague_secret.key_points, "Reviewed.")

    def test_other_company_user(self):
        self.assertFalse(self._visible(self.user_other_company))
        self.assertCannotRead(self.user_other_company, self.own)
        # even an officer of another company
        self.user_other_company.groups_id += self.env.ref(
            "phone_policy.group_phone_officer"
        )
        self.assertFalse(self._visible(self.user_other_company))

    def test_every_internal_user_is_a_phone_user(self):
        """Nobody has to be added to the policy by hand (group implied)."""
        new_user = self.env["res.users"].create(
            {"name": "Fresh hire", "login": "pp_fresh", "groups_id": [Command.set([])]}
        )
        new_user.groups_id = self.env.ref("base.group_user")
        self.assertTrue(new_user.has_group("phone_policy.group_phone_user"))
        self.assertFalse(self.user_portal.has_group("phone_policy.group_phone_user"))


@tagged("post_install", "-at_install")
class TestCategoryAccess(PhonePolicyCase):
    def test_company_specific_category_hidden_from_other_company(self):
        private = self.env["phone.call.category"].create(
            {"name": "HQ only", "company_id": self.company.id}
        )
        Category = self.env["phone.call.category"]
        self.assertIn(private, Category.with_user(self.user_sales).search([]))
        self.assertNotIn(
            private, Category.with_user(self.user_other_company).search([])
        )
