# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live calls attacked over JSON-RPC: nobody forges a live call or the
times the phone system measured, and the screen-pop carries only what the
callee may read."""

import json
from datetime import timedelta

from odoo.tests import tagged

from ..live_common import PhoneLiveCase
from .common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestLiveRpc(PhoneLiveCase):
    # the RPC harness of .common on the live call fixtures (one base class
    # each: their fixtures cannot share a method resolution order)
    _rpc_login = None
    _rpc_attempts = 0
    rpc_login = PhonePolicyRpcCase.rpc_login
    rpc = PhonePolicyRpcCase.rpc
    assertRefused = PhonePolicyRpcCase.assertRefused

    def _live_call(self, call_id="rpc.1"):
        for event, at in (("ringing", 0), ("answered", 30), ("hangup", 90)):
            status, answer = self.post_event(event, call_id, at=at)
            self.assertEqual(status, 200, answer)
        return self.env["phone.call"].browse(answer["call"])

    def test_the_callee_logs_the_call_but_not_its_measured_times(self):
        call = self._live_call()
        self.assertTrue(call.late_answer)
        # what is left to fill: key points, category, to-dos (and subject)
        result = self.rpc(
            "pp_sales",
            "phone.call",
            "write",
            [call.id],
            {
                "key_points": "Wants a quotation for 50 units.",
                "category_id": self.category_sales.id,
                "subject": "Quotation",
                "responsible_user_id": self.user_sales.id,
            },
        )
        self.assertTrue(result.ok, result)
        for values in (
            {"ring_seconds": 3},
            {"answered": False},
            {"duration": 10},
            {"date_start": "2026-01-01 08:00:00"},
            {"direction": "outbound"},
            {"live_state": "ringing"},
            {"live_answered_date": "2026-01-01 08:00:00"},
            {"live_call_key": "forged"},
            {"source": "live"},
        ):
            result = self.rpc("pp_sales", "phone.call", "write", [call.id], values)
            self.assertRefused(result, msg=str(values))
            self.assertIn("not typed in", result.message)
        self.env.invalidate_all()
        self.assertEqual((call.ring_seconds, call.duration), (30, 60))
        self.assertTrue(call.late_answer, "the late answer stays on record")
        self.assertEqual(call.key_points, "Wants a quotation for 50 units.")

    def test_nobody_forges_a_live_call(self):
        values = {
            "company_id": self.company.id,
            "employee_id": self.emp_sales.id,
            "partner_id": self.customer.id,
            "direction": "inbound",
        }
        for extra in (
            {"source": "live"},
            {"live_call_key": "forged.1"},
            {"live_ringing_date": "2026-01-01 08:00:00"},
        ):
            result = self.rpc("pp_sales", "phone.call", "create", dict(values, **extra))
            self.assertRefused(result, msg=str(extra))
        # the same through default_ context keys: ignored
        result = self.rpc(
            "pp_manager",
            "phone.call",
            "create",
            values,
            context={
                "default_source": "live",
                "default_live_call_key": "forged.2",
                "default_live_state": "answered",
            },
        )
        self.assertTrue(result.ok, result)
        call = self.env["phone.call"].browse(result.value)
        self.assertEqual(
            (call.source, call.live_call_key, call.live_state), ("manual", False, False)
        )
        # a hand-logged call's ring time stays the user's to type
        result = self.rpc(
            "pp_manager", "phone.call", "write", [call.id], {"ring_seconds": 4}
        )
        self.assertTrue(result.ok, result)
        # and the event method is not reachable over RPC
        result = self.rpc(
            "pp_manager", "phone.call", "_live_receive", self.system.id, {}
        )
        self.assertRefused(result, error=None)
        self.assertFalse(self.live_calls())

    def test_the_screen_pop_carries_only_what_the_callee_may_read(self):
        Call = self.env["phone.call"]
        mine = self._call(
            self.user_sales,
            direction="inbound",
            subject="Sample order",
            partner_id=self.customer.id,
            date_start=self.now - timedelta(days=3),
        )
        mine.activity_schedule(
            "phone_policy.mail_activity_type_callback",
            summary="Send the sample",
            user_id=self.user_sales.id,
        )
        secret = self._call(
            self.user_sales2,
            subject="Merger talks",
            partner_id=self.customer.id,
            confidentiality="confidential",
            date_start=self.now - timedelta(days=2),
        )
        secret.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Board decision",
            user_id=self.user_sales2.id,
        )
        other_dept = self._call(
            self.user_support,
            subject="Support ticket 42",
            partner_id=self.customer.id,
            date_start=self.now - timedelta(days=1),
        )
        # the contact's person calls: the company's calls count
        status, answer = self.post_event("ringing", "pop.1", caller="0955123001")
        self.assertEqual(status, 200, answer)
        messages = self.bus_messages()
        self.assertEqual(len(messages), 1, "one screen, the callee's")
        channel, payload = messages[0]
        self.assertEqual(channel[1:], ["res.partner", self.user_sales.partner_id.id])
        # the message: the call's own facts, which are the callee's
        self.assertEqual(
            set(payload),
            {
                "call_id",
                "kind",
                "reference",
                "direction",
                "number",
                "name",
                "organization",
            },
        )
        self.assertEqual(
            (payload["name"], payload["organization"]),
            ("Ms Chen", "Keelung Harbour Trading"),
        )
        # the rest over RPC, as the callee
        result = self.rpc(
            "pp_sales", "phone.call", "live_popup_details", [answer["call"]]
        )
        self.assertTrue(result.ok, result)
        payload = result.value
        self.assertEqual(
            payload["contact"],
            {
                "id": self.customer_contact.id,
                "name": "Ms Chen",
                "company": "Keelung Harbour Trading",
            },
        )
        self.assertEqual([row["id"] for row in payload["last_calls"]], [mine.id])
        self.assertEqual(
            [todo["summary"] for todo in payload["todos"]], ["Send the sample"]
        )
        text = json.dumps(payload)
        for hidden in ("Merger talks", "Board decision", "Support ticket 42"):
            self.assertNotIn(hidden, text)
        # a colleague of another department may not read the call: nothing
        result = self.rpc(
            "pp_support", "phone.call", "live_popup_details", [answer["call"]]
        )
        self.assertRefused(result)
        # the same numbers over RPC: what the payload withheld, the callee
        # cannot read either
        for call in (secret, other_dept):
            self.assertRefused(
                self.rpc("pp_sales", "phone.call", "read", [call.id], ["subject"])
            )
        self.assertTrue(Call.browse(answer["call"]).exists())
