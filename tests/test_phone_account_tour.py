# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPhoneAccountTour(HttpCase):
    def test_change_password_then_report_leak_in_browser(self):
        """An employee opens their phone account, replaces the initial
        password, then reports a leak: the account shows as frozen."""
        user = new_test_user(self.env, "pp_tour_account", groups="base.group_user")
        employee = self.env["hr.employee"].create(
            {"name": "Tour Account Employee", "user_id": user.id}
        )
        system = self.env["phone.system"].create({"name": "Tour PBX"})
        account = self.env["phone.account"].create(
            {"system_id": system.id, "employee_id": employee.id, "extension": "7701"}
        )
        account._phone_issue_password(password="Tour#Initial-2026")
        self.start_tour(
            "/odoo/action-phone_policy.phone_account_action_my",
            "phone_policy_account_tour",
            login="pp_tour_account",
        )
        self.assertEqual(account.state, "frozen")
        self.assertFalse(account.password_is_initial)
        self.assertEqual(account.frozen_by_id, user)
        self.assertIn("Someone watched me type it.", account.freeze_reason)
        history = account._phone_password_history()
        self.assertEqual(history.mapped("kind"), ["change", "initial"])
        self.assertTrue(history[0]._phone_matches("Tour#Changed-2026"))
        incident = self.env["phone.security.incident"].search(
            [("account_id", "=", account.id)]
        )
        self.assertEqual(incident.reporter_id, user)
        self.assertTrue(incident.action_freeze)

    def test_officer_issues_initial_password_in_browser(self):
        """An officer issues an account's initial password: it is shown once
        in a dialog and only its hash is kept."""
        new_test_user(
            self.env,
            "pp_tour_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
        )
        employee = self.env["hr.employee"].create({"name": "New Hire"})
        system = self.env["phone.system"].create({"name": "Tour PBX"})
        account = self.env["phone.account"].create(
            {"system_id": system.id, "employee_id": employee.id, "extension": "7702"}
        )
        self.start_tour(
            f"/odoo/action-phone_policy.phone_account_action/{account.id}",
            "phone_policy_account_issue_tour",
            login="pp_tour_officer",
        )
        self.assertEqual(account.state, "active")
        self.assertTrue(account.password_is_initial)
        history = account._phone_password_history()
        self.assertEqual(history.mapped("kind"), ["initial"])
        self.assertTrue(history.password_hash.startswith("$pbkdf2-sha512$"))
