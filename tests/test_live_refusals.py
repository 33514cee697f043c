# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad input to the live events endpoint: each gets a clear 4xx, creates
nothing, tells nobody's screen, and is logged without the key."""

import json
from datetime import timedelta

from odoo.tests import tagged

from .live_common import PhoneLiveCase, epoch

LOGGER = "odoo.addons.phone_policy.controllers.live"


@tagged("post_install", "-at_install")
class TestLiveRefusals(PhoneLiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_system = cls._new_system("Branch PBX")
        cls.other_key = cls.other_system._set_push_key()

    def assertRefused(self, result, status, error, logged=True):
        """``result`` of post_event is the refusal expected; nothing was
        created and nobody was told."""
        self.assertEqual((result[0], result[1].get("error")), (status, error), result)
        self.assertTrue(result[1].get("message"), "the refusal says why")
        self.assertFalse(self.live_calls(), "a refused event created a call")
        self.assertFalse(self.bus_messages(), "a refused event popped up a screen")

    def refused(self, *args, **kwargs):
        """post_event, checking that the refusal is logged without the key."""
        with self.assertLogs(LOGGER, "WARNING") as logs:
            result = self.post_event(*args, **kwargs)
        text = "\n".join(logs.output)
        self.assertIn("Live call event refused", text)
        for secret in (self.key, self.other_key, self.key[8:]):
            self.assertNotIn(secret, text, "the push key was logged")
        return result

    def test_no_key_wrong_key_unknown_or_other_system(self):
        self.assertRefused(self.refused("ringing", "k.1", key=""), 401, "unauthorized")
        self.assertRefused(
            self.refused("ringing", "k.1", key="0" * 40), 401, "unauthorized"
        )
        # right index, wrong rest
        self.assertRefused(
            self.refused("ringing", "k.1", key=self.key[:8] + "f" * 32),
            401,
            "unauthorized",
        )
        # the key of another phone system does not open this one
        self.assertRefused(
            self.refused("ringing", "k.1", key=self.other_key), 401, "unauthorized"
        )
        # nor any system that does not exist
        with self.assertLogs(LOGGER, "WARNING"):
            response = self.url_open(
                "/phone_policy/live/999999/events",
                data=b"{}",
                headers={"Authorization": f"Bearer {self.key}"},
            )
        self.assertEqual(response.status_code, 401)
        # a revoked key, an archived system
        self.system.action_revoke_push_key()
        self.assertRefused(self.refused("ringing", "k.1"), 401, "unauthorized")
        key = self.system._set_push_key()
        self.system.active = False
        self.assertRefused(self.refused("ringing", "k.1", key=key), 401, "unauthorized")
        # and no public reading of the endpoint
        self.assertEqual(
            self.url_open(f"/phone_policy/live/{self.system.id}/events").status_code,
            405,
        )

    def test_malformed_and_oversized_bodies(self):
        self.assertRefused(
            self.refused("ringing", "b.1", raw=b"{not json"), 400, "bad_json"
        )
        self.assertRefused(
            self.refused("ringing", "b.1", raw=b"\xff\xfe"), 400, "bad_json"
        )
        self.assertRefused(
            self.refused("ringing", "b.1", raw=b'[{"event": "ringing"}]'),
            400,
            "bad_payload",
        )
        # a body without a type: JSON if it looks like it, else a form
        self.assertRefused(
            self.refused(
                "ringing", "b.1", raw=b"event=ring&\xff=1", headers={"Content-Type": ""}
            ),
            400,
            "bad_form",
        )
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        self.assertRefused(
            self.refused("ringing", "b.1", raw=b"event=ringing", headers=form),
            422,
            "missing",
        )
        self.assertRefused(
            self.refused("ringing", "b.1", raw=json.dumps({"x": "y" * 9000}).encode()),
            413,
            "too_large",
        )
        # a body of unknown length (chunked) is not read at all
        response = None
        with self.assertLogs(LOGGER, "WARNING"):
            response = self.url_open(
                f"/phone_policy/live/{self.system.id}/events",
                data=(chunk for chunk in [b'{"event": ', b'"ringing"}']),
                headers={"Authorization": f"Bearer {self.key}"},
            )
        self.assertEqual(response.status_code, 411)
        self.assertFalse(self.live_calls())

    def test_missing_and_wrong_fields(self):
        base = {
            "event": "ringing",
            "call_id": "f.1",
            "caller": "0227710001",
            "called": "1002",
            "time": epoch(self.now),
        }
        for field in base:
            payload = dict(base)
            del payload[field]
            expected = "bad_event" if field == "event" else "missing"
            result = self.refused("ringing", "f.1", raw=json.dumps(payload).encode())
            self.assertRefused(result, 422, expected if field != "time" else "bad_time")
        for field, value, error in (
            ("event", "dialing", "bad_event"),
            ("call_id", "", "missing"),
            ("call_id", "x" * 129, "too_long"),
            ("call_id", "a\nb", "bad_value"),
            ("caller", "02 2345 6789", "bad_value"),
            ("caller", ["0227710001"], "missing"),
            ("called", "1002'; DROP TABLE phone_call; --", "bad_value"),
            ("caller_name", "x" * 200, "too_long"),
            ("time", "yesterday", "bad_time"),
            ("time", True, "bad_time"),
            ("time", 1e300, "bad_time"),
            ("time", "2026-13-45T25:61:00", "bad_time"),
        ):
            payload = dict(base, **{field: value})
            result = self.refused("ringing", "f.1", raw=json.dumps(payload).encode())
            self.assertRefused(result, 422, error)

    def test_stale_and_future_events_are_replays_or_clock_errors(self):
        self.assertRefused(self.refused("ringing", "s.1", at=-2 * 3600), 422, "stale")
        self.assertRefused(self.refused("ringing", "s.1", at=3600), 422, "stale")
        # the window is the phone system's setting
        self.system.live_max_age_minutes = 180
        self.assertEqual(self.post_event("ringing", "s.1", at=-2 * 3600)[0], 200)

    def test_an_extension_nobody_has(self):
        # 1099 follows the extension length but is nobody's; neither end
        # is one of our people
        self.assertRefused(
            self.refused("ringing", "x.1", caller="0227710001", called="1099"),
            422,
            "unknown_extension",
        )
        self.assertRefused(
            self.refused("ringing", "x.2", caller="0227710001", called="0955123002"),
            422,
            "unknown_extension",
        )
        # a closed account's extension rings for nobody
        account = self.accounts.filtered(lambda account: account.extension == "2002")
        account.sudo().state = "closed"
        self.assertRefused(
            self.refused("ringing", "x.3", called="2002"), 422, "unknown_extension"
        )

    def test_replays_and_events_out_of_their_order_in_time(self):
        self.assertEqual(self.post_event("ringing", "r.1")[0], 200)
        calls = self.live_calls()
        messages = self.bus_messages()
        result = self.refused("ringing", "r.1")
        self.assertEqual((result[0], result[1]["error"]), (409, "duplicate"))
        # answered before it rang: the clocks disagree, the event is refused
        result = self.refused("answered", "r.1", at=-30)
        self.assertEqual((result[0], result[1]["error"]), (422, "chronology"))
        self.assertEqual(self.live_calls(), calls)
        self.assertFalse(calls.answered)
        self.assertEqual(self.bus_messages(), messages)

    def test_the_other_company_gets_nothing_from_our_extensions(self):
        """A phone system of another company, with its own key, cannot make
        a call for our employees, nor read our contacts into its calls."""
        other = self._new_system(
            "Other Co PBX", company_id=self.other_company.id, tz="Asia/Taipei"
        )
        key = other._set_push_key()
        result = self.refused("ringing", "oc.1", called="1002", key=key, system=other)
        self.assertEqual((result[0], result[1]["error"]), (422, "unknown_extension"))
        self.assertFalse(
            self.env["phone.call"].search([("live_call_key", "=", "oc.1")])
        )
        # its own employee, called by a number that only our company's
        # contact has: a call of the other company, without our contact
        employee = self.env["hr.employee"].search(
            [("company_id", "=", self.other_company.id)], limit=1
        )
        self.env["phone.account"].create(
            {
                "system_id": other.id,
                "company_id": self.other_company.id,
                "employee_id": employee.id,
                "extension": "3001",
                "state": "active",
            }
        )
        ours = self.env["res.partner"].create(
            {
                "name": "Our private customer",
                "company_id": self.company.id,
                "phone": "+886 2 2700 1234",
            }
        )
        status, answer = self.post_event(
            "ringing", "oc.2", caller="0227001234", called="3001", key=key, system=other
        )
        self.assertEqual(status, 200, answer)
        call = self.env["phone.call"].browse(answer["call"])
        self.assertEqual(call.company_id, self.other_company)
        self.assertFalse(call.partner_id)
        self.assertNotEqual(call.counterpart_name, ours.name)
        self.assertFalse(self.live_calls(), "nothing was created for our company")
        payload = self.bus_messages(employee.user_id.partner_id)[0][1]
        self.assertFalse(payload["name"])
        self.assertNotIn(ours.name, json.dumps(payload))
        details = call.with_user(employee.user_id).live_popup_details()
        self.assertFalse(details["contact"])
        self.assertNotIn(ours.name, json.dumps(details))

    def test_timestamps_are_the_phone_systems(self):
        """The call starts when the phone system says it rang, not when the
        event arrived."""
        status, answer = self.post_event("ringing", "ts.1", at=-300)
        self.assertEqual(status, 200)
        call = self.env["phone.call"].browse(answer["call"])
        self.assertEqual(call.date_start, self.now - timedelta(seconds=300))
