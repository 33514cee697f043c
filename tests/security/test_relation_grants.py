# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 1 of issue 13: a record the user creates must not grant them
access to another record. Record rules that grant through a relation
(``transfer_ids.to_user_id``, ``phone_message_ids.recipient_user_id``...) hold
only because creating or re-pointing that relation is checked on the
server."""

from odoo.tests import tagged

from .relations_common import LIVE_SECRET, RelationsCase


@tagged("post_install", "-at_install")
class TestRelationGrants(RelationsCase):
    def test_class1_transfer_to_oneself_does_not_open_a_confidential_call(self):
        """The issue's example: pp_sales records a transfer of pp_sales2's
        confidential call to themself, then reads the call."""
        created = self.rpc(
            "pp_sales",
            "phone.call.transfer",
            "create",
            {
                "call_id": self.secret_call.id,
                "from_employee_id": self.emp_sales.id,
                "to_employee_id": self.emp_sales.id,
                "reason": "Curious",
            },
        )
        self.assertRefused(created)
        self.assertFalse(self.secret_call.sudo().transfer_ids)
        read = self.rpc(
            "pp_sales", "phone.call", "read", [self.secret_call.id], ["subject"]
        )
        self.assertRefused(read)
        self.assertNoSecret(read.message, LIVE_SECRET)
