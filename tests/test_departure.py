# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Departure (issue 20): HR's departure wizard closes the phone account and
hands the open call-backs and messages over, keeping the history."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import InternalCase
from .security.common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestDeparture(PhonePolicyRpcCase, InternalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr = new_test_user(
            cls.env,
            "pp_hr",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Taipei",
        )
        # HR's data: pp_mgr manages pp_sales
        cls.emp_sales.parent_id = cls.emp_dept_manager
        cls.account = cls.env["phone.account"].search(
            [("employee_id", "=", cls.emp_sales.id)]
        )
        cls.call = cls._call(cls.user_sales, answered=False)
        cls.when = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)
        cls.call._schedule_callback(cls.when, cls.user_sales)
        cls.message = cls._message(recipient=cls.emp_sales)
        cls.done_message = cls._message(recipient=cls.emp_sales)
        cls.done_message.with_user(cls.user_sales).action_acknowledge()

    def _depart(self, login, employee):
        wizard = self.rpc(
            login,
            "hr.departure.wizard",
            "create",
            {"employee_id": employee.id},
            context={"active_id": employee.id, "toggle_active": True},
        )
        if not wizard.ok:
            return wizard
        return self.rpc(
            login,
            "hr.departure.wizard",
            "action_register_departure",
            [wizard.value],
            context={"active_id": employee.id, "toggle_active": True},
        )

    def test_departure_hands_over_and_keeps_history(self):
        self.assertEqual(self.account.state, "active")
        result = self._depart("pp_hr", self.emp_sales)
        self.assertTrue(result.ok, result)
        self.assertFalse(self.emp_sales.active)
        self.assertEqual(self.account.state, "closed", "the phone account is closed")
        # the call-back is the manager's now, on the same call
        callback_type = self.env.ref("phone_policy.mail_activity_type_callback")
        activity = self.call.activity_ids.filtered(
            lambda a: a.activity_type_id == callback_type
        )
        self.assertEqual(activity.user_id, self.user_dept_manager)
        self.assertEqual(self.call.employee_id, self.emp_sales, "history kept")
        self.assertEqual(self.call.callback_datetime, self.when)
        # the unacknowledged message too, still addressed to who it was for
        self.assertEqual(self.message.escalated_to_user_id, self.user_dept_manager)
        self.assertEqual(self.message.recipient_employee_id, self.emp_sales)
        self.assertIn(self.user_dept_manager, self.message.activity_ids.user_id)
        # the acknowledged one is history: left as it was
        self.assertFalse(self.done_message.escalated_to_user_id)
        # the manager reads both and acknowledges the message over RPC
        read = self.rpc("pp_mgr", "phone.call", "read", self.call.ids, ["subject"])
        self.assertTrue(read.ok, read)
        result = self.rpc(
            "pp_mgr", "phone.message", "action_acknowledge", self.message.ids
        )
        self.assertTrue(result.ok, result)
        self.assertEqual(self.message.state, "acknowledged")
        self.assertEqual(self.message.acknowledged_by_id, self.user_dept_manager)
        self.assertTrue(
            self.call.message_ids.filtered(
                lambda m: "left the company: handed over to pp_mgr" in str(m.body)
            )
        )

    def test_message_taker_when_no_manager(self):
        self.emp_sales.parent_id = False
        self.dept_sales.manager_id = False
        self.dept_sales.phone_message_taker_id = self.emp_sales2
        result = self._depart("pp_hr", self.emp_sales)
        self.assertTrue(result.ok, result)
        self.assertEqual(self.message.escalated_to_user_id, self.user_sales2)
        self.assertIn(self.user_sales2, self.call.activity_ids.user_id)

    def test_colleague_cannot_make_someone_leave(self):
        """The hand-over's sudo runs only behind HR's own rights."""
        with mute_logger("odoo.http"):
            wizard = self._depart("pp_sales2", self.emp_sales)
            archive = self.rpc(
                "pp_sales2", "hr.employee", "action_archive", self.emp_sales.ids
            )
            hand = self.rpc(
                "pp_sales2", "hr.employee", "_phone_hand_over", self.emp_sales.ids
            )
            manager = self.rpc(
                "pp_mgr", "hr.employee", "action_archive", self.emp_sales.ids
            )
        self.assertRefused(wizard, error=None)
        self.assertRefused(archive, error=None)
        self.assertRefused(hand, error=None)
        self.assertRefused(manager, error=None)
        self.assertTrue(self.emp_sales.active)
        self.assertEqual(self.account.state, "active")
        self.assertFalse(self.message.escalated_to_user_id)
        self.assertIn(self.user_sales, self.call.activity_ids.user_id)
        # nor read the messages of someone who has not left
        with mute_logger("odoo.http"):
            read = self.rpc(
                "pp_sales2", "phone.message", "read", self.message.ids, ["body"]
            )
        self.assertRefused(read)
