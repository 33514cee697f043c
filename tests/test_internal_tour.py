# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTakeMessageTour(HttpCase):
    def test_take_message_for_absent_colleague(self):
        """An operator transfers a call to a colleague who is away; the
        transfer offers to take a message, which the colleague then finds in
        "My messages" and acknowledges."""
        company = self.env.company
        company.country_id = self.env.ref("base.tw")
        operator = new_test_user(
            self.env, "pp_tour_op", groups="base.group_user", tz="Asia/Taipei"
        )
        colleague = new_test_user(
            self.env, "pp_tour_colleague", groups="base.group_user", tz="Asia/Taipei"
        )
        operator_employee = self.env["hr.employee"].create(
            {"name": "Tour Operator", "user_id": operator.id}
        )
        colleague_employee = self.env["hr.employee"].create(
            {"name": "Tour Colleague", "user_id": colleague.id}
        )
        now = fields.Datetime.now()
        self.env["phone.coverage"].create(
            {
                "employee_id": colleague_employee.id,
                "kind": "visit",
                "date_from": now - timedelta(hours=1),
                "date_to": now + timedelta(hours=2),
                "cover_type": "voicemail",
            }
        )
        partner = self.env["res.partner"].create(
            {
                "name": "Mr Tour",
                "phone": "0912 345 678",
                "country_id": self.env.ref("base.tw").id,
            }
        )
        call = self.env["phone.call"].create(
            {
                "employee_id": operator_employee.id,
                "direction": "inbound",
                "partner_id": partner.id,
                "subject": "Delivery date",
            }
        )
        self.start_tour(
            f"/odoo/action-phone_policy.phone_call_action/{call.id}",
            "phone_policy_take_message_tour",
            login="pp_tour_op",
        )
        message = call.phone_message_ids
        self.assertEqual(len(message), 1)
        self.assertEqual(message.recipient_employee_id, colleague_employee)
        self.assertEqual(message.taken_by_user_id, operator)
        self.assertEqual(message.urgency, "urgent")
        self.assertEqual(message.caller_name, "Mr Tour")
        self.assertEqual(call.transfer_ids.outcome, "message")
        self.assertEqual(message.state, "new")

        # the taker finds it in Calls › Messages (issue 16: it was hidden)
        self.start_tour(
            "/odoo/action-phone_policy.phone_message_action_my",
            "phone_policy_message_taker_tour",
            login="pp_tour_op",
        )
        self.assertEqual(message.state, "new")

        self.start_tour(
            "/odoo/action-phone_policy.phone_message_action_my",
            "phone_policy_my_messages_tour",
            login="pp_tour_colleague",
        )
        self.assertEqual(message.state, "acknowledged")
        self.assertEqual(message.acknowledged_by_id, colleague)
