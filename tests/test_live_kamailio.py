# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real call through Kamailio with the shipped configuration: two baresip
phones registered with digest credentials, one dials the other, it rings,
is answered, and ends; Kamailio reports INVITE / 200 OK / BYE to the live
events endpoint of Odoo's test server."""

import hashlib
import time

from odoo.tests import tagged
from odoo.tests.common import HOST

from .live_common import PhoneLiveCase, epoch
from .pbx_common import PbxDatabase
from .sip_agents import SipAgent, live_kamailio, require_live_tools

REALM = "pbx.test"


def _md5(text):
    return hashlib.md5(text.encode()).hexdigest()


@tagged("post_install", "-at_install")
class TestLiveCallsThroughKamailio(PhoneLiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_live_tools()
        cls.pbx_db = PbxDatabase().create()
        cls.addClassCleanup(cls.pbx_db.drop)
        cls.pbx_db.load_kamailio_schema()
        cls.passwords = {"1002": "Desk#1002", "0227710001": "Trunk#0001"}
        for user, password in cls.passwords.items():
            cls.pbx_db.execute(
                "INSERT INTO subscriber (username, domain, ha1, ha1b) "
                "VALUES (%s, %s, %s, %s)",
                (
                    user,
                    REALM,
                    _md5(f"{user}:{REALM}:{password}"),
                    _md5(f"{user}@{REALM}:{REALM}:{password}"),
                ),
            )

    def test_a_call_rings_is_answered_and_ends(self):
        url = f"http://{HOST}:{self.http_port()}/phone_policy/live/{self.system.id}/events"
        with live_kamailio(self.pbx_db.kamailio_url(), REALM, url, self.key) as pbx:
            callee = SipAgent("1002", self.passwords["1002"], REALM, pbx.port, 21000)
            caller = SipAgent(
                "0227710001",
                self.passwords["0227710001"],
                REALM,
                pbx.port,
                41000,
                display_name="Keelung Harbour",
                quit_after=9,
            )
            with callee, caller:
                started = time.monotonic()
                self.assertTrue(caller.dial(f"sip:1002@{REALM}")["ok"])
                time.sleep(3)  # it rings on the desk
                self.assertTrue(callee.accept()["ok"], callee.log())
                caller.wait(30)  # baresip hangs up when it quits (-t 9)
                elapsed = time.monotonic() - started
            log = pbx.log()
        call = self.live_calls()
        self.assertEqual(len(call), 1, log[-3000:])
        self.assertIn("ringing -> HTTP 200", log)
        self.assertIn("answered -> HTTP 200", log)
        self.assertIn("hangup -> HTTP 200", log)
        self.assertNotIn(self.key, log, "Kamailio logged the push key")
        # the right employee (extension 1002) and counterpart (the contact
        # whose number called), the ring time and duration as measured
        self.assertEqual(
            (call.source, call.direction, call.employee_id, call.partner_id),
            ("live", "inbound", self.emp_sales, self.customer),
        )
        self.assertEqual((call.live_caller, call.live_called), ("0227710001", "1002"))
        self.assertEqual(call.live_state, "ended")
        self.assertTrue(call.answered and call.ring_measured)
        self.assertEqual(
            call.ring_seconds,
            int((call.live_answered_date - call.live_ringing_date).total_seconds()),
        )
        self.assertGreaterEqual(call.ring_seconds, 2)
        self.assertLessEqual(call.ring_seconds, 5)
        self.assertEqual(
            call.duration,
            int((call.live_ended_date - call.live_answered_date).total_seconds()),
        )
        self.assertGreaterEqual(call.duration, 3)
        self.assertLessEqual(call.duration, elapsed)
        # the callee's screen showed the call when it rang
        self.assertEqual(
            [payload["kind"] for _c, payload in self.bus_messages()],
            ["ringing"],
        )
        # the same events again change nothing
        facts = call.read(["date_start", "ring_seconds", "duration", "write_date"])
        for event, moment in (
            ("ringing", call.live_ringing_date),
            ("answered", call.live_answered_date),
            ("hangup", call.live_ended_date),
        ):
            status, answer = self.post_event(
                event,
                call.live_call_key,
                caller="0227710001",
                called="1002",
                time=epoch(moment),
            )
            self.assertEqual((status, answer["error"]), (409, "duplicate"))
        self.env.invalidate_all()
        self.assertEqual(self.live_calls(), call)
        self.assertEqual(
            call.read(["date_start", "ring_seconds", "duration", "write_date"]), facts
        )

    def test_a_call_nobody_answers_is_missed(self):
        url = f"http://{HOST}:{self.http_port()}/phone_policy/live/{self.system.id}/events"
        with live_kamailio(self.pbx_db.kamailio_url(), REALM, url, self.key) as pbx:
            callee = SipAgent("1002", self.passwords["1002"], REALM, pbx.port, 22000)
            caller = SipAgent(
                "0227710001", self.passwords["0227710001"], REALM, pbx.port, 42000
            )
            with callee, caller:
                self.assertTrue(caller.dial(f"sip:1002@{REALM}")["ok"])
                time.sleep(3)
                # the caller gives up: CANCEL, the INVITE ends with 487
                self.assertTrue(caller.hangup()["ok"])
                time.sleep(1)
            log = pbx.log()
        call = self.live_calls()
        self.assertEqual(len(call), 1, log[-3000:])
        self.assertIn("hangup -> HTTP 200", log)
        self.assertEqual((call.answered, call.live_state), (False, "ended"))
        self.assertGreaterEqual(call.ring_seconds, 2)
        self.assertEqual(call.duration, 0)
        kinds = [payload["kind"] for _c, payload in self.bus_messages()]
        self.assertEqual(kinds, ["ringing", "missed"])
