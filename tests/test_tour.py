# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLogCallTour(HttpCase):
    def test_log_call_from_contact_in_browser(self):
        """A plain employee opens a contact, clicks 'Log a Call', fills and
        saves, and sees the contact's Calls count go up."""
        company = self.env.company
        company.country_id = self.env.ref("base.tw")
        user = new_test_user(
            self.env, "pp_tour", groups="base.group_user", tz="Asia/Taipei"
        )
        self.env["hr.employee"].create({"name": "Tour Employee", "user_id": user.id})
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Contact",
                "phone": "0912 345 678",
                "country_id": self.env.ref("base.tw").id,
            }
        )
        self.start_tour(
            f"/odoo/contacts/{partner.id}",
            "phone_policy_log_call_tour",
            login="pp_tour",
        )
        call = self.env["phone.call"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(call), 1)
        self.assertEqual(call.subject, "Confirm December order")
        self.assertEqual(call.phone, "+886912345678")
        self.assertEqual(call.employee_id.user_id, user)
        self.assertEqual(call.key_points, "Fifty units, delivery before the 20th.")
