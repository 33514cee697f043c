# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 11: every public method validates what it is given; nothing a
user sends makes the server work without bound."""

from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestBoundedParameters(PeopleRpcCase):
    def test_coverage_gaps_days_are_bounded(self):
        """Class 11 example: ``action_open_gaps`` with any number of days."""
        for days in (-1, 0, 2000000, "14; DROP", None):
            result = self.rpc(
                "pp_mgr", "phone.coverage.gap", "action_open_gaps", days=days
            )
            self.assertRefused(result, error="odoo.exceptions", msg=f"days={days!r}")
        result = self.rpc("pp_mgr", "phone.coverage.gap", "action_open_gaps", days=14)
        self.assertTrue(result.ok, result)
