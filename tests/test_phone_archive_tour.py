# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestArchiveAccessRequestTour(HttpCase):
    def test_request_access_in_browser(self):
        """A plain employee finds an archive in the catalogue, says why they
        need it and submits the request; the managers are asked to decide."""
        user = new_test_user(self.env, "pp_tour_archive", groups="base.group_user")
        category = self.env.ref("phone_policy.phone_call_category_procurement")
        self.env["phone.call"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Supplier"}).id,
                "date_start": datetime(2025, 2, 4, 2, 0),
                "category_id": category.id,
                "employee_id": False,
            }
        )
        archive = self.env["phone.archive"].create(
            {
                "name": "ARCH/TOUR/0001",
                "period_date": date(2025, 2, 1),
                "category_id": category.id,
            }
        )
        archive.action_file()
        self.start_tour(
            "/odoo/action-phone_policy.phone_archive_access_request_action",
            "phone_policy_archive_access_request_tour",
            login="pp_tour_archive",
        )
        request = self.env["phone.archive.access.request"].search(
            [("requester_id", "=", user.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.archive_ids, archive)
        self.assertIn("delivery date", request.purpose)
        self.assertIn(
            self.env.ref("base.user_admin"),
            request.activity_ids.user_id,
        )

    def test_officer_files_and_verifies_in_browser(self):
        """An officer files a month by hand, then verifies the chain."""
        officer = new_test_user(
            self.env,
            "pp_tour_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
        )
        category = self.env.ref("phone_policy.phone_call_category_finance")
        partner = self.env["res.partner"].create({"name": "Bank"})
        calls = self.env["phone.call"].create(
            [
                {
                    "partner_id": partner.id,
                    "date_start": datetime(2025, 3, day, 2, 0),
                    "category_id": category.id,
                    "employee_id": False,
                }
                for day in (4, 5)
            ]
        )
        archive = (
            self.env["phone.archive"]
            .with_user(officer)
            .create({"period_date": date(2025, 3, 1), "category_id": category.id})
        )
        self.start_tour(
            f"/odoo/action-phone_policy.phone_archive_action/{archive.id}",
            "phone_policy_archive_file_tour",
            login="pp_tour_officer",
        )
        self.assertEqual(archive.state, "archived")
        self.assertEqual(archive.sudo().call_ids, calls)
        check = self.env["phone.archive.verification"].search(
            [("user_id", "=", officer.id)]
        )
        self.assertEqual(check.state, "intact")
