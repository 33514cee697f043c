# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import tagged

from .common import PhoneCdrCase, asterisk_line


@tagged("post_install", "-at_install")
class TestCdrAndHandLoggedCalls(PhoneCdrCase):
    """Phone system records complete the calls people logged by hand, and
    people complete the calls the phone system recorded: never two calls
    for one conversation."""

    def _manual(self, user, **values):
        return self._call(
            user,
            subject="Quotation for 200 units",
            key_points="Price agreed, delivery in May.",
            **values,
        )

    def test_hand_logged_call_is_completed_by_the_record(self):
        # logged by hand two minutes after the phone system saw it start
        manual = self._manual(
            self.user_sales,
            partner_id=self.partner_mobile.id,
            date_start=datetime(2026, 11, 2, 0, 42, 0),
            duration=540,
        )
        self.assertEqual(manual.phone, "+886933111222")
        # another call to that number, logged half an hour away: not this one
        other = self._manual(
            self.user_sales,
            partner_id=self.partner_mobile.id,
            date_start=datetime(2026, 11, 2, 1, 15, 0),
        )
        imp = self._import("asterisk_Master.csv")
        self.assertCounts(imp, 500, 500, 0, 0)
        self.assertEqual(imp.count_merged, 1)
        self.assertEqual(len(self._calls()), 500)
        self.assertEqual(manual.source, "pbx")
        self.assertTrue(manual.cdr_merged)
        self.assertEqual(manual.cdr_key, "1793608810.0")
        self.assertEqual(manual.cdr_import_id, imp)
        self.assertEqual(manual.system_id, self.system)
        # the phone system's facts…
        self.assertEqual(manual.date_start, datetime(2026, 11, 2, 0, 40, 10))
        self.assertEqual((manual.ring_seconds, manual.duration), (7, 608))
        # …and what the person wrote stay together
        self.assertEqual(manual.subject, "Quotation for 200 units")
        self.assertEqual(manual.key_points, "Price agreed, delivery in May.")
        self.assertEqual(manual.partner_id, self.partner_mobile)
        self.assertEqual(other.source, "manual")
        self.assertFalse(other.cdr_key)
        # importing again changes nothing
        again = self._import("asterisk_Master.csv")
        self.assertCounts(again, 500, 0, 500, 0)
        self.assertEqual(again.count_merged, 0)

    def test_internal_hand_logged_call(self):
        manual = self._manual(
            self.user_sales2,
            direction="internal",
            partner_id=False,
            counterpart_employee_id=self.emp_dept_manager.id,
            date_start=datetime(2026, 11, 2, 0, 45, 0),
        )
        imp = self._import_bytes(
            asterisk_line(src="1004", dst="2002", uniqueid="int.1").encode()
        )
        self.assertCounts(imp, 1, 1, 0, 0)
        self.assertEqual(imp.count_merged, 1)
        self.assertEqual(manual.cdr_key, "int.1")
        self.assertEqual(self._calls(), manual)

    def test_other_employee_or_number_is_not_merged(self):
        manual = self._manual(
            self.user_sales2,  # 1004, not 1002
            partner_id=self.partner_mobile.id,
            date_start=datetime(2026, 11, 2, 0, 40, 10),
        )
        imp = self._import_bytes(asterisk_line(uniqueid="n.1").encode())
        self.assertEqual(imp.count_merged, 0)
        self.assertEqual(manual.source, "manual")
        self.assertEqual(len(self._calls()), 1)

    def test_key_points_complete_the_recorded_call(self):
        self._import_bytes(asterisk_line(uniqueid="k.1").encode())
        call = self._calls()
        self.assertEqual(call.user_id, self.user_sales)
        # the employee finds the call among theirs and completes it
        mine = (
            self.env["phone.call"]
            .with_user(self.user_sales)
            .search([("id", "=", call.id), ("user_id", "=", self.user_sales.id)])
        )
        self.assertEqual(mine, call)
        mine.write(
            {
                "subject": "Follow-up",
                "key_points": "Sent the catalogue.",
                "importance": "important",
                "responsible_user_id": self.user_sales.id,
            }
        )
        self.assertTrue(call.is_complete)
        self.assertEqual(call.source, "pbx")
        self.assertEqual(
            self.env["phone.call"].search_count([("cdr_key", "=", "k.1")]), 1
        )
        # the phone system's facts are kept
        self.assertEqual((call.ring_seconds, call.duration), (7, 608))
