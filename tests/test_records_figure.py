# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Records and archive management (policy §6.2.1, README "How each figure
is computed"): of the employee's answered work calls already filed in an
archive, the share whose record was complete when filed — the same figure
in the compliance view and in the appraisal."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import PhoneArchiveCase


@tagged("post_install", "-at_install")
class TestRecordsFigure(PhoneArchiveCase):
    def test_filed_calls_complete(self):
        complete = self._march_calls(count=3, user=self.user_sales)
        bare = self._call(
            self.user_sales,
            date_start=datetime(2026, 3, 10, 2, 0),
            category_id=self.category_sales.id,
            key_points=False,
        )
        # a missed call has nothing to record
        self._march_calls(count=1, user=self.user_sales, answered=False)
        self.assertEqual(len(complete.filtered("is_complete")), 3)
        self.assertFalse(bare.is_complete)
        archive = self._file(category=self.category_sales)
        self.assertEqual(len(archive.call_ids), 5)
        figures = (
            self.env["phone.compliance.report"]
            ._figures(
                date(2026, 3, 1),
                self.company._phone_tz(),
                domain=[("employee_id", "=", self.emp_sales.id)],
                groupby=(),
            )
            .get(())
        )
        self.assertEqual(figures["filed_count"], 4)
        self.assertAlmostEqual(figures["filed_complete_rate"], 75.0)
        self.user_manager.groups_id += self.env.ref(
            "hr_appraisal_oca.group_appraisal_hr_officer"
        )
        appraisal = self.env["hr.appraisal"].create(
            {
                "employee_id": self.emp_sales.id,
                "manager_ids": [Command.set(self.emp_dept_manager.ids)],
                "date_close": date(2026, 3, 31),
            }
        )
        values = appraisal.with_user(self.user_manager).read(
            ["phone_filed_count", "phone_filed_complete_rate"]
        )[0]
        self.assertEqual(values["phone_filed_count"], 4)
        self.assertAlmostEqual(values["phone_filed_complete_rate"], 75.0)
