# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneFaultCase


@tagged("post_install", "-at_install")
class TestFaultAnalysis(PhoneFaultCase):
    """Mean time to respond and to repair, per phone system, priority and
    month, on a small known set of tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def done(system, reported, responded, resolved, impact="normal", **vals):
            return cls._fault(
                system_id=system.id,
                impact=impact,
                technician_id=cls.user_tech.id,
                stage_id=cls.stage_closed.id,
                resolution="<p>Fixed</p>",
                date_occurred=reported,
                date_reported=reported,
                date_assigned=reported,
                date_first_response=responded,
                date_resolved=resolved,
                date_closed=resolved,
                **vals,
            )

        a, b = cls.system, cls.system2
        # system A, normal priority, November: respond 1 h and 3 h, repair 4 h and 8 h
        done(
            a,
            datetime(2026, 11, 3, 1),
            datetime(2026, 11, 3, 2),
            datetime(2026, 11, 3, 5),
        )
        done(
            a,
            datetime(2026, 11, 4, 1),
            datetime(2026, 11, 4, 4),
            datetime(2026, 11, 4, 9),
        )
        # system A, urgent, November: respond 30 min, repair 2 h
        done(
            a,
            datetime(2026, 11, 5, 1),
            datetime(2026, 11, 5, 1, 30),
            datetime(2026, 11, 5, 3),
            impact="down",
        )
        # system B, normal, October: respond 2 h, repair 24 h ...
        done(
            b,
            datetime(2026, 10, 20, 1),
            datetime(2026, 10, 20, 3),
            datetime(2026, 10, 21, 1),
        )
        # ... and one still open: it counts, but not in the means
        cls._fault(system_id=b.id, date_reported=datetime(2026, 10, 22, 1))
        # a maintenance task is no fault: left out of the analysis
        plan = cls.env["phone.maintenance.plan"].create(
            {
                "name": "Check",
                "company_id": cls.company.id,
                "system_id": a.id,
                "next_date": datetime(2026, 11, 6).date(),
            }
        )
        task = cls.env["phone.fault"].create(plan._task_values(plan.next_date))
        task.write(
            {
                "check_result": "ok",
                "stage_id": cls.stage_closed.id,
                "date_reported": datetime(2026, 11, 6, 1),
                "date_first_response": datetime(2026, 11, 20, 1),
                "date_resolved": datetime(2026, 11, 20, 1),
            }
        )
        cls.env.flush_all()

    def _figures(self, groupby, user=None):
        Report = self.env["phone.fault.report"]
        if user:
            Report = Report.with_user(user)
        rows = Report._read_group(
            [("company_id", "=", self.company.id)],
            groupby,
            ["response_hours:avg", "repair_hours:avg", "__count"],
        )
        return {
            tuple(key.id if hasattr(key, "id") else key for key in row[:-3]): tuple(
                round(value, 4) if isinstance(value, float) else value
                for value in row[-3:]
            )
            for row in rows
        }

    def test_mean_times_per_system_and_priority(self):
        a, b = self.system.id, self.system2.id
        self.assertEqual(
            self._figures(["system_id", "priority"]),
            {
                (a, "0"): (2.0, 6.0, 2),
                (a, "2"): (0.5, 2.0, 1),
                (b, "0"): (2.0, 24.0, 2),
            },
        )

    def test_mean_times_per_month(self):
        self.assertEqual(
            self._figures(["date_reported:month"]),
            {
                # (1 + 3 + 0.5) / 3 and (4 + 8 + 2) / 3
                (datetime(2026, 11, 1),): (1.5, 4.6667, 3),
                (datetime(2026, 10, 1),): (2.0, 24.0, 2),
            },
        )

    def test_downtime_and_late_tickets(self):
        rows = self.env["phone.fault.report"]._read_group(
            [("company_id", "=", self.company.id)],
            ["system_id"],
            ["downtime_hours:sum", "late_resolution_count:sum"],
        )
        figures = {system.id: (round(down, 4), late) for system, down, late in rows}
        # A: 4 + 8 + 2 h down; B: 24 h (the open one is not counted yet)
        self.assertEqual(figures[self.system.id][0], 14.0)
        self.assertEqual(figures[self.system2.id][0], 24.0)
        # B's 24 h repair (Tue 09:00 -> Wed 09:00 Taipei) is within its 16
        # working hours; the open one reported on 22 October is long past it
        self.assertEqual(figures[self.system2.id][1], 1)
        self.assertEqual(figures[self.system.id][1], 0)

    def test_officers_only(self):
        self.assertEqual(
            self._figures(["system_id"], user=self.user_officer)[(self.system.id,)][2],
            3,
        )
        for user in (self.user_sales, self.user_tech, self.user_dept_manager):
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_model"),
            ):
                self._figures(["system_id"], user=user)
        other_officer = self.user_other_company
        other_officer.groups_id += self.env.ref("phone_policy.group_phone_officer")
        self.assertFalse(self._figures(["system_id"], user=other_officer))
