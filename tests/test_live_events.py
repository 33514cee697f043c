# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The live call events endpoint over real HTTP: a call rings, is picked up
and ends; events arrive twice, out of order or not at all; the call-detail
record of the same call completes it later."""

import json
import urllib.parse
from datetime import timedelta

from odoo.tests import tagged

from .common import asterisk_line
from .live_common import PhoneLiveCase, epoch


@tagged("post_install", "-at_install")
class TestLiveEvents(PhoneLiveCase):
    def _ring_answer_hangup(self, call_id, ring=7, talk=65, **values):
        for event, at in (("ringing", 0), ("answered", ring), ("hangup", ring + talk)):
            status, answer = self.post_event(event, call_id, at=at, **values)
            self.assertEqual(status, 200, answer)
        return self.live_calls().filtered(lambda call: call.live_call_key == call_id)

    def test_inbound_call_rings_is_answered_and_ends(self):
        status, answer = self.post_event("ringing", "in.1")
        self.assertEqual(status, 200, answer)
        call = self.env["phone.call"].browse(answer["call"])
        self.assertEqual(answer["state"], "ringing")
        # an ordinary call, at once: our employee by extension, the contact
        # by the E.164 form of the number
        self.assertEqual(
            (call.source, call.direction, call.employee_id, call.partner_id),
            ("live", "inbound", self.emp_sales, self.customer),
        )
        self.assertEqual(call.phone, "+886227710001")
        self.assertEqual(call.counterpart_name, "Keelung Harbour Trading")
        self.assertEqual(call.company_id, self.company)
        self.assertEqual(call.date_start, self.now)
        self.assertFalse(call.answered)
        self.assertTrue(call.name.startswith("CALL/"), call.name)
        # the callee's screen is told, and only theirs
        messages = self.bus_messages()
        self.assertEqual(len(messages), 1)
        self.assertEqual(
            messages[0][0],
            [self.env.cr.dbname, "res.partner", self.user_sales.partner_id.id],
        )
        self.assertEqual(messages[0][1]["kind"], "ringing")
        self.assertEqual(messages[0][1]["name"], "Keelung Harbour Trading")
        self.assertEqual(messages[0][1]["number"], "+886227710001")
        # the rest, the callee's web client asks for as the callee
        details = call.with_user(self.user_sales).live_popup_details()
        self.assertEqual(details["contact"]["id"], self.customer.id)

        self.assertEqual(self.post_event("answered", "in.1", at=7)[0], 200)
        self.assertEqual(
            (call.answered, call.ring_seconds, call.ring_measured, call.live_state),
            (True, 7, True, "answered"),
        )
        self.assertFalse(call.late_answer)  # 3 rings of 6 seconds
        self.assertEqual(self.post_event("hangup", "in.1", at=72)[0], 200)
        self.assertEqual((call.duration, call.live_state), (65, "ended"))
        self.assertEqual(call.live_ended_date, self.now + timedelta(seconds=72))
        # picked up and over: nothing more to pop up
        self.assertEqual(
            [payload["kind"] for _channel, payload in self.bus_messages()],
            ["ringing"],
        )

    def test_same_events_again_change_nothing(self):
        call = self._ring_answer_hangup("again.1", ring=25)
        self.assertTrue(call.late_answer)
        facts = call.read(
            ["date_start", "ring_seconds", "duration", "answered", "write_date"]
        )
        messages = len(self.bus_messages())
        for event, at in (("ringing", 0), ("answered", 25), ("hangup", 90)):
            status, answer = self.post_event(event, "again.1", at=at)
            self.assertEqual((status, answer["error"]), (409, "duplicate"))
            # a replay with other facts is refused just the same
            status, answer = self.post_event(event, "again.1", at=at + 3)
            self.assertEqual(status, 409)
        self.env.invalidate_all()
        self.assertEqual(len(self.live_calls()), 1)
        self.assertEqual(
            call.read(
                ["date_start", "ring_seconds", "duration", "answered", "write_date"]
            ),
            facts,
        )
        self.assertEqual(len(self.bus_messages()), messages)

    def test_hangup_without_answer_is_a_missed_call(self):
        self.post_event("ringing", "missed.1")
        self.post_event("hangup", "missed.1", at=30)
        call = self.live_calls()
        self.assertEqual(
            (call.answered, call.ring_seconds, call.duration, call.live_state),
            (False, 30, 0, "ended"),
        )
        missed = self.bus_messages(self.user_sales.partner_id)[-1][1]
        self.assertEqual(missed["kind"], "missed")
        self.assertEqual(missed["call_id"], call.id)
        # the missed call waits for its call-back (findings, policy §2.2.5)
        self.assertIn(call, call.search([("answered", "=", False)]))

    def test_events_out_of_order_or_missing(self):
        # the hangup first, then the answer, then the ringing: the same call
        # as in order
        self.assertEqual(self.post_event("hangup", "late.1", at=72)[0], 200)
        call = self.live_calls()
        self.assertEqual((call.answered, call.live_state), (False, "ended"))
        self.assertEqual(self.post_event("answered", "late.1", at=7)[0], 200)
        self.assertEqual((call.answered, call.duration), (True, 65))
        self.assertEqual(self.post_event("ringing", "late.1")[0], 200)
        self.assertEqual(
            (call.date_start, call.ring_seconds, call.duration, call.live_state),
            (self.now, 7, 65, "ended"),
        )
        self.assertEqual(len(self.live_calls()), 1)
        # the phone system's facts are no chatter news: the start moved to
        # the ringing, and nobody's chatter says so
        self.assertFalse(call.message_ids.tracking_value_ids)
        # a ringing that arrives after the call ended pops up nothing
        self.assertNotIn(
            "ringing", [payload["kind"] for _c, payload in self.bus_messages()]
        )
        # an answer without its ringing: the call starts when answered
        self.post_event("answered", "late.2", at=100)
        other = self.live_calls() - call
        self.assertEqual(
            (other.date_start, other.ring_seconds, other.answered),
            (self.now + timedelta(seconds=100), 0, True),
        )

    def test_internal_and_outbound_calls(self):
        status, answer = self.post_event("ringing", "int.1", caller="1004")
        self.assertEqual(status, 200, answer)
        internal = self.env["phone.call"].browse(answer["call"])
        # the colleague whose extension rings handles (and logs) it
        self.assertEqual(
            (
                internal.direction,
                internal.employee_id,
                internal.counterpart_employee_id,
            ),
            ("internal", self.emp_sales, self.emp_sales2),
        )
        self.assertFalse(internal.partner_id)
        status, answer = self.post_event(
            "ringing", "out.1", caller="2001", called="0955123002"
        )
        self.assertEqual(status, 200, answer)
        outbound = self.env["phone.call"].browse(answer["call"])
        self.assertEqual(
            (outbound.direction, outbound.employee_id, outbound.partner_id),
            ("outbound", self.emp_support, self.supplier),
        )
        # nobody's phone rang on our side: no screen-pop for the caller
        self.assertFalse(self.bus_messages(self.user_support.partner_id))

    def test_unknown_number_and_caller_name(self):
        status, answer = self.post_event(
            "ringing", "unk.1", caller="+14155550199", caller_name="Pat Doe"
        )
        self.assertEqual(status, 200, answer)
        call = self.env["phone.call"].browse(answer["call"])
        self.assertFalse(call.partner_id)
        self.assertEqual(
            (call.phone, call.counterpart_name), ("+14155550199", "Pat Doe")
        )
        payload = self.bus_messages(self.user_sales.partner_id)[0][1]
        self.assertEqual(
            (payload["name"], payload["number"]), ("Pat Doe", "+14155550199")
        )
        details = call.with_user(self.user_sales).live_popup_details()
        self.assertFalse(details["contact"])
        # Create contact is offered to who may create contacts
        self.assertFalse(details["can_create_contact"])
        self.user_sales.groups_id += self.env.ref("base.group_partner_manager")
        details = call.with_user(self.user_sales).live_popup_details()
        self.assertTrue(details["can_create_contact"])

    def test_time_formats(self):
        when = self.now + timedelta(seconds=5)
        for call_id, value in (
            ("t.1", epoch(when)),
            ("t.2", str(int(epoch(when)))),
            ("t.3", when.isoformat() + "Z"),
            # without an offset: the phone system's time zone (Asia/Taipei)
            ("t.4", (when + timedelta(hours=8)).isoformat(" ")),
        ):
            status, answer = self.post_event("ringing", call_id, time=value)
            self.assertEqual(status, 200, (call_id, answer))
            self.assertEqual(
                self.env["phone.call"].browse(answer["call"]).date_start,
                when,
                call_id,
            )

    def test_the_call_detail_record_completes_the_live_call(self):
        call = self._ring_answer_hangup("1731234567.42", ring=7, talk=65)
        start = call.date_start + timedelta(hours=8)  # Master.csv: local time
        line = asterisk_line(
            src="0227710001",
            dst="1002",
            context="from-trunk",
            start=start.strftime("%Y-%m-%d %H:%M:%S"),
            answer=(start + timedelta(seconds=8)).strftime("%Y-%m-%d %H:%M:%S"),
            end=(start + timedelta(seconds=72)).strftime("%Y-%m-%d %H:%M:%S"),
            duration=72,
            billsec=64,
            uniqueid="1731234567.42",
        )
        imp = self._import_bytes(line.encode())
        self.assertCounts(imp, 1, 1, 0, 0)
        self.assertEqual(imp.count_merged, 0, "no hand-logged call was completed")
        # one call: the live one, now with the phone system's record
        self.assertEqual(self.live_calls(), call)
        self.assertEqual(
            (call.cdr_key, call.cdr_import_id, call.source, call.cdr_merged),
            ("1731234567.42", imp, "pbx", False),
        )
        self.assertEqual((call.ring_seconds, call.duration), (8, 64))
        self.assertEqual(call.live_call_key, "1731234567.42")
        self.assertEqual(call.live_state, "ended")
        # the same file again: a duplicate, still one call
        self.assertCounts(self._import_bytes(line.encode()), 1, 0, 1, 0)
        self.assertEqual(len(self.live_calls()), 1)
        # a late live event of that call changes nothing any more
        status, answer = self.post_event("hangup", "1731234567.42", at=100)
        self.assertEqual((status, answer["error"]), (409, "completed"))

    def test_a_pushed_record_completes_the_live_call(self):
        self.post_event("ringing", "push.9", caller="1002", called="0955123002")
        self.post_event("hangup", "push.9", caller="1002", called="0955123002", at=20)
        call = self.live_calls()
        start = (call.date_start + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
        record = {
            "src": "1002",
            "dst": "0955123002",
            "start": start,
            "duration": 20,
            "billsec": 0,
            "disposition": "NO ANSWER",
            "uniqueid": "push.9",
        }
        response = self.url_open(
            f"/phone_policy/cdr/push/{self.system.id}",
            data=json.dumps(record).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key}",
            },
        )
        self.assertEqual(response.json()["created"], 1)
        self.assertEqual(self.live_calls(), call)
        self.assertEqual((call.cdr_key, call.cdr_disposition), ("push.9", "no_answer"))

    def test_record_first_then_live_events_create_nothing(self):
        start = self.now + timedelta(hours=8)
        line = asterisk_line(
            start=start.strftime("%Y-%m-%d %H:%M:%S"),
            answer=(start + timedelta(seconds=5)).strftime("%Y-%m-%d %H:%M:%S"),
            end=(start + timedelta(seconds=60)).strftime("%Y-%m-%d %H:%M:%S"),
            duration=60,
            billsec=55,
            uniqueid="cdr.first",
        )
        self._import_bytes(line.encode())
        before = self.live_calls()
        status, answer = self.post_event(
            "ringing", "cdr.first", caller="1002", called="0955123002"
        )
        self.assertEqual((status, answer["error"]), (409, "completed"))
        self.assertEqual(self.live_calls(), before)

    def test_the_findings_judge_the_call_again_when_it_changes(self):
        self.post_event("ringing", "f.1")
        call = self.live_calls()
        self.env["phone.finding.check"].sudo().create(
            {"call_id": call.id, "state": "done"}
        )
        self.post_event("answered", "f.1", at=40)
        self.assertFalse(
            self.env["phone.finding.check"].sudo().search([("call_id", "=", call.id)])
        )
        self.assertTrue(call.late_answer)

    def test_many_events_in_one_stream(self):
        """A morning of calls: every event lands once."""
        for index in range(20):
            call_id = f"m.{index}"
            self.post_event("ringing", call_id, at=index * 10)
            if index % 3:
                self.post_event("answered", call_id, at=index * 10 + 4)
            self.post_event("hangup", call_id, at=index * 10 + 9)
        calls = self.live_calls()
        self.assertEqual(len(calls), 20)
        self.assertEqual(len(calls.filtered("answered")), 13)
        self.assertEqual(set(calls.mapped("live_state")), {"ended"})

    def test_stored_values_are_what_the_orm_computes(self):
        """The first event of a call inserts its row directly, for speed:
        every stored value must be what phone.call's own computes and
        defaults give."""
        self.system.live_max_age_minutes = 8 * 24 * 60
        # last Saturday at noon in Taipei: in the contact's quiet hours
        saturday = self.now - timedelta(days=(self.now.weekday() - 5) % 7 or 7)
        saturday = saturday.replace(hour=4, minute=0, second=0)
        at = (saturday - self.now).total_seconds()
        for call_id, caller, called in (
            ("orm.1", "0227710001", "1002"),  # inbound, a contact
            ("orm.2", "1002", "0955123002"),  # outbound, a person
            ("orm.3", "1004", "1002"),  # internal
            ("orm.4", "+14155550199", "2001"),  # inbound, unknown number
        ):
            status, answer = self.post_event(
                "ringing", call_id, caller=caller, called=called, at=at
            )
            self.assertEqual(status, 200, answer)
        # a call whose first event is its hangup
        self.post_event("hangup", "orm.5", at=at + 40)
        calls = self.live_calls()
        self.assertEqual(len(calls), 5)
        self.assertTrue(any(calls.mapped("in_quiet_hours")))
        fnames = [
            name
            for name, field in calls._fields.items()
            if field.store
            and field.column_type
            and name not in ("id", "create_date", "write_date", "write_uid", "name")
            and not name.startswith(("message_", "activity_"))
        ]
        inserted = calls.read(fnames)
        for name in fnames:
            field = calls._fields[name]
            if field.compute:
                self.env.add_to_compute(field, calls)
        calls.flush_recordset()
        calls.invalidate_recordset()
        self.assertEqual(calls.read(fnames), inserted)
        # and the same call made by create() stores the same defaults
        made = self.env["phone.call"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales.id,
                "partner_id": self.customer.id,
                "direction": "inbound",
            }
        )
        for name in ("nature", "importance", "confidentiality", "greeting_given"):
            self.assertEqual(made[name], calls[0][name], name)

    def test_a_form_as_asterisk_curl_posts_it(self):
        body = urllib.parse.urlencode(
            {
                "event": "ringing",
                "call_id": "1731234567.77",
                "caller": "0227710001",
                "called": "1002",
                "caller_name": "Chen, Mei-ling",
                "time": str(int(epoch(self.now))),
            }
        ).encode()
        status, answer = self.post_event(
            "ringing",
            "form",
            raw=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        self.assertEqual(status, 200, answer)
        call = self.env["phone.call"].browse(answer["call"])
        self.assertEqual(
            (call.live_call_key, call.partner_id, call.date_start),
            ("1731234567.77", self.customer, self.now),
        )
