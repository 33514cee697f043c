# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MONDAY, InternalCase, utc


@tagged("post_install", "-at_install")
class TestPhoneCoverage(InternalCase):
    """Planned absences from the phone and who covers (policy §2.1)."""

    def test_overlapping_windows_refused(self):
        self._coverage(self.emp_sales, utc(MONDAY, 9), utc(MONDAY, 11))
        # the error speaks the author's time (Taipei)
        with (
            self.assertRaisesRegex(
                ValidationError,
                "pp_sales is already away from 2027-01-04 09:00 to 2027-01-04 11:00",
            ),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_sales,
                utc(MONDAY, 10),
                utc(MONDAY, 12),
                as_user=self.user_sales,
            )
        # back to back is fine
        self._coverage(self.emp_sales, utc(MONDAY, 11), utc(MONDAY, 12))
        # a colleague may be away at the same time
        self._coverage(self.emp_sales2, utc(MONDAY, 9), utc(MONDAY, 11))
        # whole-department windows may not overlap either
        self._coverage(
            scope="department",
            department_id=self.dept_sales.id,
            start=utc(MONDAY, 14),
            stop=utc(MONDAY, 16),
        )
        with (
            self.assertRaisesRegex(ValidationError, "Sales TW is already away"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                scope="department",
                department_id=self.dept_sales.id,
                start=utc(MONDAY, 15),
                stop=utc(MONDAY, 17),
            )

    def test_covering_colleague_away_refused(self):
        self._coverage(self.emp_sales2, utc(MONDAY, 9), utc(MONDAY, 10))
        with (
            self.assertRaisesRegex(
                ValidationError, "pp_sales2 cannot cover: they are away themselves"
            ),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_sales,
                utc(MONDAY, 9, 30),
                utc(MONDAY, 11),
                cover_type="colleague",
                cover_employee_id=self.emp_sales2.id,
            )
        # once pp_sales2 is back, they can cover
        cover = self._coverage(
            self.emp_sales,
            utc(MONDAY, 10),
            utc(MONDAY, 11),
            cover_type="colleague",
            cover_employee_id=self.emp_sales2.id,
        )
        self.assertEqual(cover.cover_user_id, self.user_sales2)
        # and now pp_sales2 cannot plan an absence while covering
        with (
            self.assertRaisesRegex(
                ValidationError,
                "pp_sales2 cannot be away then: they cover the phone of",
            ),
            self.env.cr.savepoint(),
        ):
            self._coverage(self.emp_sales2, utc(MONDAY, 10, 30), utc(MONDAY, 12))
        # a colleague whose whole department is away cannot cover either
        self._coverage(
            scope="department",
            department_id=self.dept_support.id,
            start=utc(MONDAY, 14),
            stop=utc(MONDAY, 15),
        )
        with (
            self.assertRaisesRegex(ValidationError, "pp_support cannot cover"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_sales,
                utc(MONDAY, 14),
                utc(MONDAY, 16),
                cover_type="colleague",
                cover_employee_id=self.emp_support.id,
            )
        # a whole department cannot be covered by one of its own members
        with (
            self.assertRaisesRegex(ValidationError, "pp_sales cannot cover"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                scope="department",
                department_id=self.dept_sales.id,
                start=utc(MONDAY, 16),
                stop=utc(MONDAY, 17),
                cover_type="colleague",
                cover_employee_id=self.emp_sales.id,
            )

    def test_message_taker_and_cover_rules(self):
        with (
            self.assertRaisesRegex(ValidationError, "Sales TW has no message-taker"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_sales,
                utc(MONDAY, 9),
                utc(MONDAY, 10),
                cover_type="message_taker",
            )
        self.dept_sales.phone_message_taker_id = self.emp_sales2
        coverage = self._coverage(
            self.emp_sales, utc(MONDAY, 9), utc(MONDAY, 10), cover_type="message_taker"
        )
        self.assertEqual(coverage.cover_employee_id, self.emp_sales2)
        self.assertEqual(coverage.department_id, self.dept_sales)
        with (
            self.assertRaisesRegex(ValidationError, "Choose the colleague"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_support,
                utc(MONDAY, 9),
                utc(MONDAY, 10),
                cover_type="colleague",
            )
        with (
            self.assertRaisesRegex(ValidationError, "Nobody covers their own phone"),
            self.env.cr.savepoint(),
        ):
            self._coverage(
                self.emp_support,
                utc(MONDAY, 9),
                utc(MONDAY, 10),
                cover_type="colleague",
                cover_employee_id=self.emp_support.id,
            )
        with (
            self.assertRaisesRegex(ValidationError, "ends after it starts"),
            self.env.cr.savepoint(),
        ):
            self._coverage(self.emp_support, utc(MONDAY, 10), utc(MONDAY, 9))

    def test_arranged_in_advance(self):
        with (
            freeze_time(utc(MONDAY, 12)),
            self.assertRaisesRegex(ValidationError, "arranged in advance"),
            self.env.cr.savepoint(),
        ):
            self._coverage(self.emp_sales, utc(MONDAY, 9), utc(MONDAY, 11))
        with freeze_time(utc(MONDAY, 10)):
            # already started but not over: still useful to record
            coverage = self._coverage(self.emp_sales, utc(MONDAY, 9), utc(MONDAY, 11))
        self.assertTrue(coverage)

    def test_availability_text(self):
        self._coverage(
            self.emp_sales,
            utc(MONDAY, 9),
            utc(MONDAY, 15),
            cover_type="colleague",
            cover_employee_id=self.emp_sales2.id,
        )
        self._coverage(self.emp_support, utc(MONDAY, 9), utc(MONDAY + timedelta(1), 9))
        Coverage = self.env["phone.coverage"].with_user(self.user_officer)
        with freeze_time(utc(MONDAY, 10)):
            current = Coverage._current_coverages(self.emp_sales | self.emp_support)
            self.assertEqual(
                current[self.emp_sales.id]
                .with_user(self.user_officer)
                ._availability_text(),
                "Away until 15:00, covered by pp_sales2",
            )
            self.assertEqual(
                current[self.emp_support.id]
                .with_user(self.user_officer)
                ._availability_text(),
                "Away until 2027-01-05 09:00, calls go to voicemail",
            )
        with freeze_time(utc(MONDAY, 15)):
            self.assertNotIn(
                self.emp_sales.id, Coverage._current_coverages(self.emp_sales)
            )


@tagged("post_install", "-at_install")
class TestCoverageGaps(InternalCase):
    """Working-hour windows where a whole department is away and nobody
    covers; the daily check tells the department's manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10:00-11:00 both Sales members away on voicemail: a gap
        cls._coverage(cls.emp_sales, utc(MONDAY, 9), utc(MONDAY, 11))
        cls._coverage(
            cls.emp_sales2, utc(MONDAY, 10), utc(MONDAY, 12, 30), kind="visit"
        )
        # 12:00-13:00 is the lunch break: not working time, no gap
        # 14:00-15:00 whole department away but a colleague covers: no gap
        cls._coverage(
            scope="department",
            department_id=cls.dept_sales.id,
            start=utc(MONDAY, 14),
            stop=utc(MONDAY, 15),
            cover_type="colleague",
            cover_employee_id=cls.emp_support.id,
        )
        # 15:30-18:00 whole department on voicemail: a gap until 17:00
        cls._coverage(
            scope="department",
            department_id=cls.dept_sales.id,
            start=utc(MONDAY, 15, 30),
            stop=utc(MONDAY, 18),
        )

    def test_gap_detection(self):
        gaps = self.env["phone.coverage"]._coverage_gaps(
            self.dept_sales | self.dept_support,
            utc(MONDAY, 0),
            utc(MONDAY + timedelta(days=1), 0),
        )
        self.assertEqual(
            gaps[self.dept_sales],
            [
                (utc(MONDAY, 10), utc(MONDAY, 11)),
                (utc(MONDAY, 15, 30), utc(MONDAY, 17)),
            ],
        )
        self.assertEqual(gaps[self.dept_support], [])

    def test_one_member_at_the_desk_is_no_gap(self):
        """One member at the desk is enough: no gap."""
        self.env["phone.coverage"].search(
            [("employee_id", "=", self.emp_sales2.id)]
        ).unlink()
        gaps = self.env["phone.coverage"]._coverage_gaps(
            self.dept_sales, utc(MONDAY, 0), utc(MONDAY, 12)
        )
        self.assertEqual(gaps[self.dept_sales], [])

    def test_manager_sees_gaps(self):
        with freeze_time(utc(MONDAY, 8) - timedelta(days=1)):
            action = (
                self.env["phone.coverage.gap"]
                .with_user(self.user_dept_manager)
                .action_open_gaps(days=2)
            )
        gaps = self.env["phone.coverage.gap"].browse(action["domain"][0][2])
        self.assertEqual(gaps.department_id, self.dept_sales)
        self.assertEqual(gaps.mapped("hours"), [1.0, 1.5])
        # a plain member manages no department: no gap to show
        with freeze_time(utc(MONDAY, 8) - timedelta(days=1)):
            action = (
                self.env["phone.coverage.gap"]
                .with_user(self.user_sales)
                .action_open_gaps(days=2)
            )
        self.assertEqual(action["domain"], [("id", "in", [])])

    def test_daily_check_notifies_manager_once(self):
        activity_type = self.env.ref("phone_policy.mail_activity_type_coverage_gap")
        # Sunday morning in Taipei: tomorrow is the Monday with gaps
        with freeze_time(utc(MONDAY, 10) - timedelta(days=1)):
            self.env["phone.coverage"]._cron_notify_coverage_gaps()
            self.env["phone.coverage"]._cron_notify_coverage_gaps()
        activities = self.dept_sales.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_dept_manager)
        self.assertEqual(activities.summary, "Phone coverage gaps on 2027-01-04")
        self.assertIn("10:00–11:00, 15:30–17:00", activities.note)
        self.assertFalse(
            self.dept_support.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
        )
        # on Monday itself, tomorrow (Tuesday) has no gap: nothing new
        with freeze_time(utc(MONDAY, 10)):
            self.env["phone.coverage"]._cron_notify_coverage_gaps()
        self.assertEqual(
            len(
                self.dept_sales.activity_ids.filtered(
                    lambda a: a.activity_type_id == activity_type
                )
            ),
            1,
        )
