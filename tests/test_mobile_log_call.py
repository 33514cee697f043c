# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Logging a call from a contact on a 390×844 phone, in headless Chromium
with touch: the path before (gear menu, full form, a chatter activity) and
after (Log a Call in sight, the short form, one Save). The taps are counted
from the tours themselves (each "click" or "edit" step is one tap) and
printed with the figures of the run; the target is at most 7."""

import logging
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_open

_figures = logging.getLogger("phone_policy.figures")

TOURS = "phone_policy/static/tests/tours/log_call_mobile_tour.js"


def taps(tour):
    """The "click" and "edit" steps of ``tour`` in the tours' file."""
    with file_open(TOURS) as handle:
        source = handle.read()
    body = source.split(f'add("{tour}"', 1)[1].split('registry.category("web_tour', 1)[
        0
    ]
    return len(re.findall(r'run: "(?:click|edit)', body))


@tagged("post_install", "-at_install")
class TestMobileLogCall(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.tw")
        cls.user = new_test_user(
            cls.env, "pp_mobile", groups="base.group_user", tz="Asia/Taipei"
        )
        cls.env["hr.employee"].create(
            {"name": "Mobile Employee", "user_id": cls.user.id}
        )

    def _contact(self):
        return self.env["res.partner"].create(
            {"name": "Mobile Contact", "phone": "0912 345 678"}
        )

    def _logged(self, partner):
        call = self.env["phone.call"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(call), 1)
        self.assertEqual(call.subject, "Confirm December order")
        self.assertEqual(call.key_points, "Fifty units, delivery before the 20th.")
        self.assertEqual(call.employee_id.user_id, self.user)
        self.assertEqual(call.activity_ids.summary, "Send the quotation")
        self.assertEqual(call.activity_ids.user_id, self.user)
        return call

    def test_log_a_call_in_fewer_taps(self):
        before_partner = self._contact()
        self.start_tour(
            f"/odoo/contacts/{before_partner.id}",
            "phone_policy_log_call_mobile_before",
            login="pp_mobile",
        )
        self._logged(before_partner)
        after_partner = self._contact()
        self.start_tour(
            f"/odoo/contacts/{after_partner.id}",
            "phone_policy_log_call_mobile_after",
            login="pp_mobile",
        )
        self._logged(after_partner)
        before = taps("phone_policy_log_call_mobile_before")
        after = taps("phone_policy_log_call_mobile_after")
        _figures.info(
            "log a call from a contact at 390x844: %d taps before, %d after "
            "(to a saved call with subject, key points and a to-do)",
            before,
            after,
        )
        self.assertLess(after, before)
        self.assertLessEqual(after, 7)
