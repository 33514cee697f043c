# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The screen-pop in headless Chromium: the web client of the called
employee receives the call over the bus (websocket), and nobody else's."""

import json
from datetime import timedelta
from urllib.parse import quote

from odoo.tests import tagged

from .live_common import LiveBusMixin, PhoneLiveCase


@tagged("post_install", "-at_install")
class TestLiveCallTour(LiveBusMixin, PhoneLiveCase):
    def _cookies(self, *events):
        config = {
            "url": f"/phone_policy/live/{self.system.id}/events",
            "key": self.key,
            "events": [
                {
                    "event": "ringing",
                    "call_id": call_id,
                    "caller": caller,
                    "called": called,
                }
                for call_id, caller, called in events
            ],
        }
        return {"phone_policy_live_tour": quote(json.dumps(config))}

    def test_the_called_employee_sees_who_calls_and_logs_the_call(self):
        earlier = self._call(
            self.user_sales,
            partner_id=self.customer.id,
            direction="inbound",
            subject="Sample order",
            date_start=self.now - timedelta(days=3),
        )
        earlier.activity_schedule(
            "phone_policy.mail_activity_type_callback",
            summary="Send the sample",
            user_id=self.user_sales.id,
        )
        self.start_tour(
            "/odoo",
            "phone_policy_live_call_tour",
            login="pp_sales",
            cookies=self._cookies(("tour.1", "0227710001", "1002")),
        )
        call = self.live_calls()
        self.assertEqual(len(call), 1)
        self.assertEqual(
            (call.source, call.employee_id, call.partner_id),
            ("live", self.emp_sales, self.customer),
        )
        self.assertEqual(call.key_points, "Wants 50 units by Friday.")
        self.assertEqual(call.category_id, self.category_sales)
        self.assertEqual(call.live_state, "ringing")

    def test_another_employee_receives_nothing(self):
        """pp_sales2's browser is open while pp_sales's extension rings,
        then their own: only their own call pops up on their screen."""
        self.start_tour(
            "/odoo",
            "phone_policy_live_call_other_tour",
            login="pp_sales2",
            cookies=self._cookies(
                ("other.1", "0227710001", "1002"),
                ("other.2", "0955123002", "1004"),
            ),
        )
        sent = {
            payload["call_id"]: channel[2] for channel, payload in self.bus_messages()
        }
        calls = {call.live_call_key: call.id for call in self.live_calls()}
        self.assertEqual(
            sent,
            {
                calls["other.1"]: self.user_sales.partner_id.id,
                calls["other.2"]: self.user_sales2.partner_id.id,
            },
        )
