# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestRpcHarness(PhonePolicyRpcCase):
    """The harness itself: a refusal comes back with the server's words, an
    allowed call with its value, each as the role that was logged in."""

    def test_roles_are_who_they_say(self):
        for login in ("pp_sales", "pp_officer", "pp_manager"):
            result = self.rpc(
                login, "res.users", "search_read", [("login", "=", login)], ["login"]
            )
            self.assertTrue(result.ok, result)
            self.assertEqual(result.value[0]["login"], login)

    def test_refusal_carries_the_message(self):
        call = self._call(self.user_sales)
        result = self.rpc("pp_support", "phone.call", "read", [call.id], ["subject"])
        self.assertRefused(result)
        self.assertTrue(result.message)
