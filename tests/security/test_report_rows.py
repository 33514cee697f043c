# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 7: an analysis view is a row per source record; reading its rows,
grouping them finely or comparing its figures with what one may read
must not reveal what the source records' rules hide."""

from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestComplianceRows(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a confidential personal call of pp_sales, today
        cls.secret = cls._today_call(
            cls.user_sales, confidentiality="confidential", nature="personal"
        )

    def test_officer_reads_no_row_of_a_confidential_call(self):
        """Class 7 example: the Officer may not read the confidential call,
        so the compliance rows must not show it either."""
        call = self.rpc("pp_officer", "phone.call", "read", [self.secret.id], ["name"])
        self.assertRefused(call)
        rows = self.rpc(
            "pp_officer",
            "phone.compliance.report",
            "search_read",
            [("record_type", "=", "call"), ("employee_id", "=", self.emp_sales.id)],
            ["employee_id", "date", "personal_call_count"],
        )
        self.assertTrue(rows.ok, rows)
        self.assertEqual(rows.value, [], "the confidential call shows as a row")
