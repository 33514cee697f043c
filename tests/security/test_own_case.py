# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 9: nobody decides, dismisses, unfreezes, confirms, cancels,
approves or investigates a case about themselves; another Officer or a
Manager does (SECURITY.md)."""

from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestOwnCase(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_officer = cls._account(cls.emp_officer, "2001")
        # a Manager freezes the Officer's account over an incident about them
        cls.incident = (
            cls.env["phone.security.incident"]
            .with_user(cls.user_manager)
            .create(
                {
                    "kind": "account_anomaly",
                    "account_id": cls.acc_officer.id,
                    "description": "Calls to premium numbers at night.",
                    "company_id": cls.company.id,
                }
            )
        )
        cls.incident.with_user(cls.user_manager).action_freeze_account()

    def test_officer_cannot_unfreeze_own_account(self):
        """Class 9 example: the Officer issues a new password to their own
        frozen account."""
        self.assertEqual(self.acc_officer.state, "frozen")
        wizard = self.rpc(
            "pp_officer",
            "phone.account.issue.wizard",
            "create",
            {"account_id": self.acc_officer.id, "reason": "lost it"},
        )
        if wizard.ok:
            issued = self.rpc(
                "pp_officer",
                "phone.account.issue.wizard",
                "action_issue",
                [wizard.value],
            )
            self.assertRefused(issued)
        self.assertEqual(self.acc_officer.state, "frozen")
