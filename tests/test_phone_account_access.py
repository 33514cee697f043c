# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which accounts and incidents each role finds: the records behind the
rights of the access matrix (tests/test_access_matrix.py)."""

from odoo.tests import tagged

from .common import PhoneAccountCase


@tagged("post_install", "-at_install")
class TestAccountRecordRules(PhoneAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.incident = (
            cls.env["phone.security.incident"]
            .with_user(cls.user_sales)
            .create(
                {
                    "kind": "account_anomaly",
                    "account_id": cls.acc_sales.id,
                    "description": "A call I did not make.",
                }
            )
            .sudo()
        )

    def test_search_shows_the_same_records(self):
        """What a role finds by searching agrees with what it may read."""
        Account = self.env["phone.account"]
        Incident = self.env["phone.security.incident"]
        self.assertEqual(Account.with_user(self.user_sales).search([]), self.acc_sales)
        self.assertEqual(
            Account.with_user(self.user_support).search([]), self.acc_support
        )
        self.assertEqual(
            Account.with_user(self.user_officer).search([]),
            self.acc_sales | self.acc_support,
        )
        self.assertEqual(Incident.with_user(self.user_sales).search([]), self.incident)
        self.assertFalse(Incident.with_user(self.user_support).search([]))
        self.assertFalse(Incident.with_user(self.user_other_company).search([]))
