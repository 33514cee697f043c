# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time Off → phone coverage (issue 20): real leave requests, made and
decided over JSON-RPC as the employee and their manager."""

from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import InternalCase
from .security.common import PhonePolicyRpcCase


def next_monday(weeks=2):
    today = date.today()
    return today + timedelta(days=7 * weeks - today.weekday())


def taipei(day, hour, minute=0):
    """Naive UTC of ``hour``:``minute`` in Taipei (UTC+8) on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=8)


@tagged("post_install", "-at_install")
class TestTimeOffCoverage(PhonePolicyRpcCase, InternalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        for employee in (cls.emp_sales, cls.emp_sales2):
            employee.write(
                {
                    "leave_manager_id": cls.user_dept_manager.id,
                    "parent_id": cls.emp_dept_manager.id,
                    "tz": "Asia/Taipei",
                }
            )
        cls.dept_sales.phone_message_taker_id = cls.emp_sales2
        cls.leave_type = env["hr.leave.type"].create(
            {
                "name": "Annual leave",
                "company_id": cls.company.id,
                "requires_allocation": "yes",
                "leave_validation_type": "manager",
                "request_unit": "hour",
            }
        )
        allocation = env["hr.leave.allocation"].create(
            {
                "name": "2027",
                "employee_id": cls.emp_sales.id,
                "holiday_status_id": cls.leave_type.id,
                "number_of_days": 10,
                "date_from": date.today() - timedelta(days=1),
            }
        )
        allocation.action_approve()
        cls.day = next_monday()

    def _request(self, login="pp_sales", **vals):
        """The employee asks for time off over RPC; returns the leave."""
        values = {
            "holiday_status_id": self.leave_type.id,
            "employee_id": self.emp_sales.id,
            "request_date_from": str(self.day),
            "request_date_to": str(self.day),
        }
        values.update(vals)
        result = self.rpc(login, "hr.leave", "create", values)
        self.assertTrue(result.ok, result)
        return self.env["hr.leave"].browse(result.value)

    def _coverage(self, leave):
        return self.env["phone.coverage"].search([("leave_id", "=", leave.id)])

    def _gaps(self):
        return self.env["phone.coverage"]._coverage_gaps(
            self.dept_sales, taipei(self.day, 0), taipei(self.day, 23)
        )[self.dept_sales]

    def test_approval_makes_the_absence_refusal_removes_it(self):
        leave = self._request()
        self.assertEqual(leave.state, "confirm")
        self.assertFalse(self._coverage(leave), "a request is no absence yet")
        # the employee cannot approve their own request
        self.assertRefused(
            self.rpc("pp_sales", "hr.leave", "action_approve", leave.ids), error=None
        )
        self.assertFalse(self._coverage(leave))
        result = self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        self.assertTrue(result.ok, result)
        self.assertEqual(leave.state, "validate")
        coverage = self._coverage(leave)
        self.assertEqual(len(coverage), 1)
        self.assertEqual(coverage.employee_id, self.emp_sales)
        self.assertEqual(coverage.kind, "leave")
        self.assertTrue(coverage.from_time_off)
        # the leave's own working hours: 08:00-17:00 Taipei
        self.assertEqual(
            (coverage.date_from, coverage.date_to),
            (taipei(self.day, 8), taipei(self.day, 17)),
        )
        self.assertEqual(coverage.cover_type, "message_taker")
        self.assertEqual(coverage.cover_employee_id, self.emp_sales2)
        # the directory says who answers meanwhile
        away = self.env["phone.coverage"]._current_coverages(
            self.emp_sales, taipei(self.day, 10)
        )
        self.assertEqual(away[self.emp_sales.id], coverage)

        result = self.rpc("pp_mgr", "hr.leave", "action_refuse", leave.ids)
        self.assertTrue(result.ok, result)
        self.assertEqual(leave.state, "refuse")
        self.assertFalse(self._coverage(leave), "refused: the absence is gone")

    def test_cancel_and_change(self):
        leave = self._request()
        self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        coverage = self._coverage(leave)
        self.assertTrue(coverage)
        # Time Off moves an approved leave (as its split around a new public
        # holiday does): the absence follows
        leave.with_context(leave_skip_state_check=True).write(
            {
                "request_date_from": self.day + timedelta(days=1),
                "request_date_to": self.day + timedelta(days=1),
            }
        )
        self.assertEqual(
            (coverage.date_from, coverage.date_to),
            (
                taipei(self.day, 8) + timedelta(days=1),
                taipei(self.day, 17) + timedelta(days=1),
            ),
        )
        # the employee cancels it through Time Off's wizard
        wizard = self.rpc(
            "pp_sales",
            "hr.holidays.cancel.leave",
            "create",
            {"leave_id": leave.id, "reason": "Plans changed"},
        )
        self.assertTrue(wizard.ok, wizard)
        result = self.rpc(
            "pp_sales",
            "hr.holidays.cancel.leave",
            "action_cancel_leave",
            [wizard.value],
        )
        self.assertTrue(result.ok, result)
        self.assertEqual(leave.with_context(active_test=False).state, "cancel")
        self.assertFalse(coverage.exists(), "cancelled: the absence is gone")

    def test_hourly_and_half_day_leave(self):
        hourly = self._request(
            request_unit_hours=True, request_hour_from=14.0, request_hour_to=16.0
        )
        self.rpc("pp_mgr", "hr.leave", "action_approve", hourly.ids)
        coverage = self._coverage(hourly)
        self.assertEqual(
            (coverage.date_from, coverage.date_to),
            (taipei(self.day, 14), taipei(self.day, 16)),
        )
        half = self._request(
            request_date_from=str(self.day + timedelta(days=2)),
            request_date_to=str(self.day + timedelta(days=2)),
            request_unit_half=True,
            request_date_from_period="am",
        )
        self.rpc("pp_mgr", "hr.leave", "action_approve", half.ids)
        coverage = self._coverage(half)
        self.assertEqual(coverage.date_from, taipei(self.day + timedelta(days=2), 8))
        self.assertEqual(coverage.date_to, taipei(self.day + timedelta(days=2), 12))

    def test_gap_report_before_and_after(self):
        self.dept_sales.phone_leave_cover = "voicemail"
        # pp_sales2 is in a meeting 10:00-11:00, on voicemail
        self.env["phone.coverage"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales2.id,
                "date_from": taipei(self.day, 10),
                "date_to": taipei(self.day, 11),
                "cover_type": "voicemail",
            }
        )
        self.assertEqual(self._gaps(), [], "pp_sales answers meanwhile")
        leave = self._request()
        self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        self.assertEqual(self._coverage(leave).cover_type, "voicemail")
        self.assertEqual(self._gaps(), [(taipei(self.day, 10), taipei(self.day, 11))])
        # the manager's report shows the gap too
        action = self.rpc("pp_mgr", "phone.coverage.gap", "action_open_gaps", days=30)
        self.assertTrue(action.ok, action)
        gaps = self.rpc(
            "pp_mgr",
            "phone.coverage.gap",
            "search_read",
            action.value["domain"],
            ["date_from", "date_to"],
        )
        self.assertIn(
            fields.Datetime.to_string(taipei(self.day, 10)),
            [row["date_from"] for row in gaps.value],
        )
        self.rpc("pp_mgr", "hr.leave", "action_refuse", leave.ids)
        self.assertEqual(self._gaps(), [])

    def test_cover_unavailable_falls_back_to_voicemail(self):
        # the message-taker is away themselves that morning
        self.env["phone.coverage"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales2.id,
                "date_from": taipei(self.day, 9),
                "date_to": taipei(self.day, 10),
                "cover_type": "voicemail",
            }
        )
        leave = self._request()
        self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        self.assertEqual(leave.state, "validate", "the leave stands")
        self.assertEqual(self._coverage(leave).cover_type, "voicemail")

    def test_the_employee_changes_who_covers_not_the_window(self):
        leave = self._request()
        self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        coverage = self._coverage(leave)
        result = self.rpc(
            "pp_sales",
            "phone.coverage",
            "write",
            coverage.ids,
            {"cover_type": "voicemail"},
        )
        self.assertTrue(result.ok, result)
        self.assertEqual(coverage.cover_type, "voicemail")
        for vals in (
            {"date_to": fields.Datetime.to_string(taipei(self.day, 12))},
            {"kind": "meeting"},
            {"from_time_off": False},
            {"leave_id": False},
        ):
            with mute_logger("odoo.http"):
                result = self.rpc(
                    "pp_sales", "phone.coverage", "write", coverage.ids, vals
                )
            self.assertRefused(result, error=None, msg=str(vals))
        with mute_logger("odoo.http"):
            result = self.rpc("pp_sales", "phone.coverage", "unlink", coverage.ids)
        self.assertRefused(result, error="odoo.exceptions.UserError")
        self.assertTrue(coverage.exists())
        self.assertEqual(coverage.date_to, taipei(self.day, 17))

    def test_colleagues_see_the_absence_not_the_leave(self):
        leave = self._request()
        self.rpc("pp_mgr", "hr.leave", "action_approve", leave.ids)
        coverage = self._coverage(leave)
        seen = self.rpc(
            "pp_sales2",
            "phone.coverage",
            "read",
            coverage.ids,
            ["kind", "cover_employee_id"],
        )
        self.assertTrue(seen.ok, seen)
        self.assertEqual(seen.value[0]["kind"], "leave")
        with mute_logger("odoo.http"):
            result = self.rpc(
                "pp_sales2", "phone.coverage", "read", coverage.ids, ["leave_id"]
            )
        self.assertRefused(result)

    def test_nobody_makes_an_absence_for_a_colleague_through_time_off(self):
        """The sudo of the sync runs only for leaves Time Off approved."""
        with mute_logger("odoo.http"):
            other = self.rpc(
                "pp_sales",
                "hr.leave",
                "create",
                {
                    "holiday_status_id": self.leave_type.id,
                    "employee_id": self.emp_support.id,
                    "request_date_from": str(self.day),
                    "request_date_to": str(self.day),
                },
            )
        self.assertRefused(other, error=None)
        leave = self._request()
        with mute_logger("odoo.http"):
            result = self.rpc(
                "pp_sales", "hr.leave", "write", leave.ids, {"state": "validate"}
            )
        self.assertRefused(result, error=None)
        self.assertFalse(
            self.env["phone.coverage"].search(
                [
                    ("from_time_off", "=", True),
                    ("employee_id", "in", (self.emp_sales | self.emp_support).ids),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestMeetingCoverage(PhonePolicyRpcCase, InternalCase):
    """Meetings count as phone absences in the gaps when the company says
    so, without a coverage record per meeting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = next_monday()
        # pp_sales is away all morning; pp_sales2 has a meeting 10:00-11:00
        cls.env["phone.coverage"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "date_from": taipei(cls.day, 8),
                "date_to": taipei(cls.day, 12),
                "cover_type": "voicemail",
                "kind": "visit",
            }
        )
        cls.meeting = cls.env["calendar.event"].create(
            {
                "name": "Pricing review",
                "start": taipei(cls.day, 10),
                "stop": taipei(cls.day, 11),
                "partner_ids": [(6, 0, cls.user_sales2.partner_id.ids)],
                "user_id": cls.user_sales2.id,
                "show_as": "busy",
            }
        )

    def _gaps(self):
        return self.env["phone.coverage"]._coverage_gaps(
            self.dept_sales, taipei(self.day, 0), taipei(self.day, 23)
        )[self.dept_sales]

    def test_busy_meetings_count_when_the_company_says_so(self):
        self.assertEqual(self._gaps(), [], "setting off: the meeting is no absence")
        self.company.phone_coverage_meetings = True
        count = self.env["phone.coverage"].search_count([])
        self.assertEqual(self._gaps(), [(taipei(self.day, 10), taipei(self.day, 11))])
        self.assertEqual(
            self.env["phone.coverage"].search_count([]), count, "no record made"
        )
        # shown as free, or declined: at the phone after all
        self.meeting.show_as = "free"
        self.assertEqual(self._gaps(), [])
        self.meeting.show_as = "busy"
        self.meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.user_sales2.partner_id
        ).state = "declined"
        self.assertEqual(self._gaps(), [])

    def test_gaps_only_for_the_departments_one_manages(self):
        """The meetings are read as superuser: a plain user learns nothing."""
        self.company.phone_coverage_meetings = True
        mine = self.rpc("pp_sales", "phone.coverage.gap", "action_open_gaps", days=30)
        self.assertTrue(mine.ok, mine)
        rows = self.rpc(
            "pp_sales", "phone.coverage.gap", "search_read", mine.value["domain"], []
        )
        self.assertEqual(rows.value, [])
        theirs = self.rpc("pp_mgr", "phone.coverage.gap", "action_open_gaps", days=30)
        rows = self.rpc(
            "pp_mgr",
            "phone.coverage.gap",
            "search_read",
            theirs.value["domain"],
            ["date_from"],
        )
        self.assertIn(
            fields.Datetime.to_string(taipei(self.day, 10)),
            [row["date_from"] for row in rows.value],
        )


@tagged("post_install", "-at_install")
class TestTimeOffDemo(InternalCase):
    def test_demo_leaves_show_as_coverage(self):
        leave = self.env.ref("phone_policy.hr_leave_lin_demo")
        self.assertEqual(leave.state, "validate")
        coverage = self.env["phone.coverage"].search([("leave_id", "=", leave.id)])
        self.assertEqual(coverage.employee_id, leave.employee_id)
        self.assertEqual(
            (coverage.date_from, coverage.date_to), (leave.date_from, leave.date_to)
        )
        self.assertEqual(
            coverage.cover_employee_id, self.env.ref("phone_policy.employee_carol_demo")
        )
        half = self.env.ref("phone_policy.hr_leave_chen_demo")
        half_coverage = self.env["phone.coverage"].search([("leave_id", "=", half.id)])
        self.assertEqual(half_coverage.date_to, half.date_to)
        self.assertLess(
            half_coverage.date_to - half_coverage.date_from, timedelta(hours=5)
        )
