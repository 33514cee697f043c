# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MONDAY, InternalCase, utc

FRIDAY = MONDAY + timedelta(days=4)
NEXT_MONDAY = MONDAY + timedelta(days=7)


@tagged("post_install", "-at_install")
class TestPhoneMessage(InternalCase):
    """Messages for absent colleagues: notified at once, acknowledged,
    escalated in working hours, call-backs as call activities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.message_type = cls.env.ref("phone_policy.mail_activity_type_phone_message")
        cls.emp_sales.parent_id = cls.emp_dept_manager

    def _activities(self, message, user=None):
        activities = message.activity_ids.filtered(
            lambda a: a.activity_type_id == self.message_type
        )
        return activities.filtered(lambda a: a.user_id == user) if user else activities

    def test_creation_notifies_recipient(self):
        message = self._message()
        self.assertEqual(message.name[:4], "MSG/")
        self.assertEqual(message.taken_by_user_id, self.user_support)
        self.assertEqual(message.caller_phone, "+886912345678")
        self.assertEqual(message.department_id, self.dept_sales)
        activity = self._activities(message)
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertEqual(
            activity.summary,
            "Message from Mr Huang, Formosa Trading, +886912345678",
        )
        notified = message.message_ids.filtered(
            lambda m: self.user_sales.partner_id in m.partner_ids
        )
        self.assertEqual(len(notified), 1)
        self.assertIn("Please call back about the invoice.", notified.body)
        self.assertIn(self.user_sales.partner_id, message.message_partner_ids)
        # it is in the recipient's "My messages"
        mine = (
            self.env["phone.message"]
            .with_user(self.user_sales)
            .search([("recipient_user_id", "=", self.user_sales.id)])
        )
        self.assertEqual(mine, message)

    def test_contact_fills_caller(self):
        message = self._message(
            partner_id=self.partner_tw_contact.id,
            caller_name=None,
            caller_company=None,
            caller_phone=None,
        )
        self.assertEqual(message.caller_name, "Mr Huang")
        self.assertEqual(message.caller_company, "Formosa Trading")
        self.assertEqual(message.caller_phone, "+886912345678")
        with self.assertRaisesRegex(ValidationError, "Say who called"):
            self._message(caller_name=False, caller_company=False, caller_phone=False)
        with self.assertRaisesRegex(ValidationError, "say by when"):
            self._message(callback_requested=True)

    def test_recipient_acknowledges(self):
        message = self._message()
        # the taker cannot acknowledge on the recipient's behalf
        with self.assertRaisesRegex(UserError, "Only pp_sales"):
            message.with_user(self.user_support).action_acknowledge()
        message.with_user(self.user_sales).action_acknowledge()
        self.assertEqual(message.state, "acknowledged")
        self.assertEqual(message.acknowledged_by_id, self.user_sales)
        self.assertTrue(message.date_acknowledged)
        self.assertFalse(self._activities(message))

    def test_marking_notification_done_acknowledges(self):
        message = self._message()
        self._activities(message).with_user(self.user_sales).action_feedback(
            feedback="Called him"
        )
        self.assertEqual(message.state, "acknowledged")
        self.assertEqual(message.acknowledged_by_id, self.user_sales)

    def test_urgent_deadline_counts_working_hours(self):
        # Friday 16:00: one hour left on Friday, one on Monday 08:00-09:00
        with freeze_time(utc(FRIDAY, 16)):
            friday = self._message(urgency="urgent", date=utc(FRIDAY, 16))
        self.assertEqual(friday.escalation_deadline, utc(NEXT_MONDAY, 9))
        # Monday 11:30: half an hour before lunch, 90 minutes after
        monday = self._message(urgency="urgent", date=utc(MONDAY, 11, 30))
        self.assertEqual(monday.escalation_deadline, utc(MONDAY, 14, 30))
        # the company's setting
        self.company.phone_message_escalation_hours = 4
        longer = self._message(urgency="urgent", date=utc(MONDAY, 9))
        self.assertEqual(longer.escalation_deadline, utc(MONDAY, 14))
        self.assertFalse(self._message(date=utc(MONDAY, 9)).escalation_deadline)

    def test_escalation_to_manager_in_working_hours(self):
        with freeze_time(utc(FRIDAY, 16)):
            message = self._message(urgency="urgent", date=utc(FRIDAY, 16))
            acknowledged = self._message(urgency="urgent", date=utc(FRIDAY, 16))
            acknowledged.with_user(self.user_sales).action_acknowledge()
            normal = self._message(date=utc(FRIDAY, 16))
        Message = self.env["phone.message"]
        # over the weekend, two clock hours later, still nothing
        with freeze_time(utc(FRIDAY, 18)):
            Message._cron_escalate_urgent()
        with freeze_time(utc(NEXT_MONDAY, 8, 55)):
            Message._cron_escalate_urgent()
        self.assertFalse(message.date_escalated)
        with freeze_time(utc(NEXT_MONDAY, 9, 5)):
            Message._cron_escalate_urgent()
            Message._cron_escalate_urgent()  # idempotent
        self.assertEqual(message.escalated_to_user_id, self.user_dept_manager)
        self.assertEqual(len(self._activities(message, self.user_dept_manager)), 1)
        self.assertIn(self.user_dept_manager.partner_id, message.message_partner_ids)
        self.assertTrue(
            message.message_ids.filtered(
                lambda m: "escalated to pp_mgr" in (m.body or "")
            )
        )
        self.assertFalse(acknowledged.date_escalated)
        self.assertFalse(normal.date_escalated)
        # the manager reads it and may acknowledge it
        message.with_user(self.user_dept_manager).action_acknowledge()
        self.assertEqual(message.state, "acknowledged")
        self.assertFalse(self._activities(message))

    def test_escalation_to_covering_colleague(self):
        self._coverage(
            self.emp_sales,
            utc(MONDAY, 9),
            utc(MONDAY, 17),
            cover_type="colleague",
            cover_employee_id=self.emp_sales2.id,
        )
        message = self._message(urgency="urgent", date=utc(MONDAY, 9))
        with freeze_time(utc(MONDAY, 11, 5)):
            self.env["phone.message"]._cron_escalate_urgent()
        self.assertEqual(message.escalated_to_user_id, self.user_sales2)
        self.assertEqual(len(self._activities(message, self.user_sales2)), 1)
        # the colleague now reads the message
        self.assertEqual(
            message.with_user(self.user_sales2).body,
            "Please call back about the invoice.",
        )

    def test_callback_on_call_becomes_call_activity(self):
        call = self._call(self.user_support, direction="inbound")
        self.assertFalse(call.with_user(self.user_sales).has_access("read"))
        message = self._message(
            call_id=call.id,
            callback_requested=True,
            callback_by=utc(MONDAY, 15),
        )
        callback = call.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("phone_policy.mail_activity_type_callback")
            )
        )
        self.assertEqual(callback.user_id, self.user_sales)
        self.assertEqual(callback.date_deadline, MONDAY.date())
        self.assertIn(message.name, callback.note)
        self.assertEqual(call.callback_datetime, utc(MONDAY, 15))
        # the recipient may now read the call the message was taken on
        self.assertTrue(call.with_user(self.user_sales).has_access("read"))
        callback.with_user(self.user_sales).action_feedback(feedback="Done")
        self.assertTrue(call.callback_done_datetime)

    def test_callback_without_call_is_a_call_activity_on_the_message(self):
        message = self._message(callback_requested=True, callback_by=utc(MONDAY, 15))
        activity = message.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertEqual(activity.activity_category, "phonecall")
        self.assertEqual(activity.date_deadline, MONDAY.date())
        self.assertIn("by 15:00", activity.summary)

    def test_recipient_needs_a_user(self):
        lone = self.env["hr.employee"].create(
            {"name": "Warehouse keeper", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(ValidationError, "pass it on in person"):
            self._message(recipient=lone)


@tagged("post_install", "-at_install")
class TestTransfer(InternalCase):
    """The transfer chain on a call (policy §2.1.3)."""

    def _wizard(self, user, call, **vals):
        form = Form(
            self.env["phone.call.transfer.wizard"]
            .with_user(user)
            .with_context(default_call_id=call.id)
        )
        for name, value in vals.items():
            setattr(form, name, value)
        return form.save()

    def test_transfer_chain_in_order(self):
        call = self._call(self.user_sales, direction="inbound")
        with freeze_time(utc(MONDAY, 9)):
            self._wizard(
                self.user_sales,
                call,
                to_employee_id=self.emp_sales2,
                reason="Quotation question",
                caller_informed=True,
                identity_confirmed=True,
            ).action_transfer()
        # the colleague who got the call may now read it and pass it on
        self.assertTrue(call.with_user(self.user_sales2).has_access("read"))
        with freeze_time(utc(MONDAY, 9, 5)):
            self._wizard(
                self.user_sales2,
                call,
                to_employee_id=self.emp_support,
                reason="Technical issue",
                identity_confirmed=True,
            ).action_transfer()
        chain = call.transfer_ids
        self.assertEqual(chain.mapped("sequence"), [1, 2])
        self.assertEqual(
            chain.mapped("from_employee_id"), self.emp_sales | self.emp_sales2
        )
        self.assertEqual(
            [t.to_employee_id for t in chain], [self.emp_sales2, self.emp_support]
        )
        self.assertEqual(chain.mapped("date"), [utc(MONDAY, 9), utc(MONDAY, 9, 5)])
        self.assertEqual(chain.mapped("caller_informed"), [True, False])
        self.assertEqual(chain.mapped("follows_policy"), [True, False])
        self.assertEqual(
            chain.mapped("reason"), ["Quotation question", "Technical issue"]
        )
        self.assertEqual(chain[0].target_availability, "Available")
        self.assertEqual(chain[0].display_name, "pp_sales → pp_sales2")
        # facts are records: the people on the chain cannot rewrite them
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            chain[1].with_user(self.user_sales2).write({"caller_informed": True})
        with self.assertRaisesRegex(UserError, "Say why"):
            self._wizard(
                self.user_support, call, to_employee_id=self.emp_dept_manager
            ).action_transfer()

    def test_unavailable_colleague_offers_a_message(self):
        call = self._call(self.user_support, direction="inbound")
        self._coverage(
            self.emp_sales,
            utc(MONDAY, 9),
            utc(MONDAY, 15),
            cover_type="colleague",
            cover_employee_id=self.emp_sales2.id,
        )
        with freeze_time(utc(MONDAY, 10)):
            wizard = self._wizard(
                self.user_support, call, to_employee_id=self.emp_sales
            )
            self.assertTrue(wizard.target_away)
            self.assertTrue(wizard.target_unavailable)
            self.assertEqual(
                wizard.availability, "Away until 15:00, covered by pp_sales2"
            )
            wizard.write(
                {
                    "body": "Call back about the order.",
                    "urgency": "urgent",
                    "caller_informed": True,
                }
            )
            wizard.action_take_message()
        transfer = call.transfer_ids
        self.assertEqual(transfer.outcome, "message")
        self.assertEqual(
            transfer.target_availability, "Away until 15:00, covered by pp_sales2"
        )
        message = transfer.message_id
        self.assertEqual(message.recipient_employee_id, self.emp_sales)
        self.assertEqual(message.call_id, call)
        self.assertEqual(message.caller_name, "Formosa Trading")
        self.assertEqual(message.caller_phone, "+886223456789")
        self.assertEqual(message.urgency, "urgent")
        self.assertEqual(call.phone_message_ids, message)
        self.assertIn(
            message, self.env["phone.message"].with_user(self.user_sales).search([])
        )

    def test_operator_says_colleague_unavailable(self):
        call = self._call(self.user_support, direction="inbound")
        wizard = self._wizard(
            self.user_support,
            call,
            to_employee_id=self.emp_sales2,
            target_unavailable=True,
            callback_requested=True,
            callback_by=utc(MONDAY, 16),
        )
        self.assertFalse(wizard.target_away)
        with self.assertRaisesRegex(UserError, "Write down the message for pp_sales2"):
            wizard.action_take_message()
        wizard.body = "Does not answer; please call back."
        wizard.action_take_message()
        message = call.phone_message_ids
        self.assertEqual(message.recipient_employee_id, self.emp_sales2)
        self.assertTrue(message.callback_requested)
        self.assertEqual(call.callback_datetime, utc(MONDAY, 16))
        self.assertEqual(call.transfer_ids.outcome, "message")
