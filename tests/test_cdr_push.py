# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PhoneCdrCase


def record(uniqueid, **values):
    return {
        "src": "1002",
        "dst": "0933111222",
        "dcontext": "from-internal",
        "channel": f"PJSIP/1002-{uniqueid}",
        "dstchannel": f"PJSIP/0933111222-{uniqueid}",
        "start": "2026-11-02 08:40:10",
        "answer": "2026-11-02 08:40:17",
        "end": "2026-11-02 08:50:25",
        "duration": 615,
        "billsec": 608,
        "disposition": "ANSWERED",
        "uniqueid": uniqueid,
        **values,
    }


@tagged("post_install", "-at_install")
class TestCdrPush(PhoneCdrCase, HttpCase):
    """A phone system pushes its records over real HTTP, with its own key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.system._set_push_key()
        cls.other_system = cls._new_system("Branch PBX")
        cls.other_key = cls.other_system._set_push_key()

    def _push(self, payload, key=None, system=None, raw=None, headers=None):
        system = system or self.system
        all_headers = {"Content-Type": "application/json"}
        if key:
            all_headers["Authorization"] = f"Bearer {key}"
        all_headers.update(headers or {})
        body = raw if raw is not None else json.dumps(payload).encode()
        response = self.url_open(
            f"/phone_policy/cdr/push/{system.id}", data=body, headers=all_headers
        )
        return response.status_code, response.json()

    def test_no_key_wrong_key_other_systems_key(self):
        payload = record("p.1")
        self.assertEqual(self._push(payload)[0], 401)
        status, answer = self._push(payload, key="0" * 40)
        self.assertEqual((status, answer["error"]), (401, "unauthorized"))
        # the key of another phone system does not open this one
        self.assertEqual(self._push(payload, key=self.other_key)[0], 401)
        # nor a key of an unknown system
        self.assertEqual(
            self.url_open(
                "/phone_policy/cdr/push/999999",
                data=b"{}",
                headers={"Authorization": f"Bearer {self.key}"},
            ).status_code,
            401,
        )
        self.assertFalse(self._calls())
        self.assertFalse(
            self.env["phone.cdr.import"].search([("system_id", "=", self.system.id)])
        )
        # no public read either
        self.assertEqual(
            self.url_open(f"/phone_policy/cdr/push/{self.system.id}").status_code, 405
        )

    def test_revoked_key_and_archived_system(self):
        self.system.action_revoke_push_key()
        self.assertEqual(self._push(record("p.1"), key=self.key)[0], 401)
        key = self.system._set_push_key()
        self.assertNotEqual(key, self.key)
        self.assertEqual(self._push(record("p.1"), key=key)[0], 200)
        self.system.active = False
        self.assertEqual(self._push(record("p.2"), key=key)[0], 401)

    def test_single_and_batch_with_counts_and_idempotency(self):
        status, answer = self._push(record("p.1"), key=self.key)
        self.assertEqual(status, 200)
        self.assertEqual(
            (
                answer["read"],
                answer["created"],
                answer["duplicates"],
                answer["rejected"],
            ),
            (1, 1, 0, 0),
        )
        call = self._calls()
        self.assertEqual(call.employee_id, self.emp_sales)
        self.assertEqual(call.phone, "+886933111222")
        imp = self.env["phone.cdr.import"].browse(answer["import"])
        self.assertEqual(
            (imp.origin, imp.file_format, imp.state), ("push", "json", "done")
        )
        batch = {
            "records": [
                record("p.1"),  # again
                record(
                    "p.2",
                    start="2026-11-02 09:00:00",
                    answer="",
                    end="",
                    duration=20,
                    billsec=0,
                    disposition="NO ANSWER",
                ),
                record("p.3", duration=-5),
                "not an object",
                record(
                    "p.4",
                    start="2026-11-02 10:00:00",
                    answer="2026-11-02 10:00:30",
                    end="2026-11-02 10:05:30",
                    duration=330,
                    billsec=300,
                ),
            ]
        }
        status, answer = self._push(batch, key=self.key)
        self.assertEqual(status, 200)
        self.assertEqual(
            (
                answer["read"],
                answer["created"],
                answer["duplicates"],
                answer["rejected"],
            ),
            (5, 2, 1, 2),
        )
        self.assertEqual(
            [(error["record"], error["code"]) for error in answer["errors"]],
            [(3, "negative"), (4, "json")],
        )
        self.assertEqual(len(self._calls()), 3)
        late = self._calls().filtered(lambda call: call.cdr_key == "p.4")
        self.assertTrue(late.late_answer)
        imp = self.env["phone.cdr.import"].browse(answer["import"])
        self.assertEqual(imp.count_read, 5)
        self.assertEqual(len(imp.error_ids), 2)
        # a plain list is a batch too
        status, answer = self._push(
            [
                record(
                    "p.5",
                    start="2026-11-02 11:00:00",
                    answer="2026-11-02 11:00:05",
                    end="2026-11-02 11:01:00",
                    duration=55,
                    billsec=55,
                )
            ],
            key=self.key,
        )
        self.assertEqual((status, answer["created"]), (200, 1))

    def test_size_limit_and_bad_json(self):
        self.system.cdr_push_max_kb = 1
        big = [record(f"big.{index}") for index in range(20)]
        status, answer = self._push(big, key=self.key)
        self.assertEqual((status, answer["error"]), (413, "too_large"))
        self.assertFalse(self._calls())
        status, answer = self._push(None, key=self.key, raw=b"{not json")
        self.assertEqual((status, answer["error"]), (400, "bad_json"))
        status, answer = self._push(None, key=self.key, raw=b"42")
        self.assertEqual((status, answer["error"]), (400, "bad_payload"))
        # within the limit it goes through
        status, answer = self._push(record("small"), key=self.key)
        self.assertEqual((status, answer["created"]), (200, 1))

    def test_key_is_stored_hashed(self):
        system = self.system.sudo()
        self.assertNotIn(self.key, system.cdr_push_key_hash)
        self.assertTrue(system.cdr_push_key_hash.startswith("$pbkdf2-sha512$"))
        self.assertEqual(system.cdr_push_key_hint, self.key[:8] + "…")
        # officers renew it; the key is shown once, in the notification
        action = self.system.with_user(self.user_officer).action_generate_push_key()
        self.assertEqual(action["params"]["sticky"], True)
        self.assertTrue(
            self.system._check_push_key(action["params"]["message"].split()[-1])
        )
        self.assertFalse(self.system._check_push_key(self.key))

    def test_rejected_rows_download(self):
        imp = self._import("asterisk_Master_malformed.csv")
        url = f"/phone_policy/cdr_import/{imp.id}/rejected.csv"
        self.authenticate("pp_sales", "pp_sales")
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(url).status_code, 403)
        self.authenticate("pp_officer", "pp_officer")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
        self.assertIn("attachment", response.headers["Content-Disposition"])
        lines = response.content.decode("utf-8").splitlines()
        self.assertEqual(len(lines), 13)
        self.assertIn("EXPLODED", lines[1])
        self.assertEqual(
            self.url_open("/phone_policy/cdr_import/999999/rejected.csv").status_code,
            404,
        )
