# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 4 of issue 13: related and prefilled fields must not read, as the
superuser, records their reader may not read."""

from datetime import date

from odoo.tests import tagged

from .relations_common import ARCHIVED_CONFIDENTIAL, LIVE_SECRET, RelationsCase


@tagged("post_install", "-at_install")
class TestRelatedReads(RelationsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspection = (
            cls.env["phone.inspection"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "department_id": cls.dept_sales.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "sample_size": 3,
                }
            )
        )

    def test_class4_inspection_line_does_not_read_other_calls(self):
        """The issue's example: an Officer adds to an inspection a line on
        a confidential call, and one on an archived confidential call, and
        reads their subjects through the line."""
        for call, secret in (
            (self.secret_call, LIVE_SECRET),
            (self.archived_confidential, ARCHIVED_CONFIDENTIAL),
        ):
            with self.subTest(call=call.name):
                created = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "create",
                    {"inspection_id": self.inspection.id, "call_id": call.id},
                )
                self.assertRefused(created, error=None)
                self.assertFalse(self.inspection.line_ids)
                # and the line cannot be moved onto it either
                line = self.env["phone.inspection.line"].create(
                    {"inspection_id": self.inspection.id, "call_id": self.dept_call.id}
                )
                moved = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "write",
                    [line.id],
                    {"call_id": call.id},
                )
                self.assertRefused(moved, error=None)
                self.assertEqual(line.call_id, self.dept_call)
                read = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "web_read",
                    [line.id],
                    {"subject": {}, "direction": {}},
                )
                self.assertNoSecret(read.value or read.message, secret)
                line.unlink()
