# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneFaultCase


@tagged("post_install", "-at_install")
class TestMaintenancePlan(PhoneFaultCase):
    """Policy §3.3: the administration department checks, tests and
    upgrades the phone system on a schedule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Plan = cls.env["phone.maintenance.plan"]
        cls.monthly = Plan.create(
            {
                "name": "Test the trunk lines",
                "operation": "test",
                "company_id": cls.company.id,
                "system_id": cls.system.id,
                "interval_number": 1,
                "interval_unit": "months",
                "next_date": date(2026, 11, 10),
                "technician_id": cls.user_tech.id,
            }
        )
        cls.weekly = Plan.create(
            {
                "name": "Check the configuration backup",
                "company_id": cls.company.id,
                "system_id": cls.system.id,
                "interval_number": 1,
                "interval_unit": "weeks",
                "next_date": date(2026, 10, 20),  # three weeks behind
                "technician_id": cls.user_tech2.id,
            }
        )
        cls.later = Plan.create(
            {
                "name": "Upgrade the firmware",
                "operation": "upgrade",
                "company_id": cls.company.id,
                "system_id": cls.system2.id,
                "interval_number": 6,
                "interval_unit": "months",
                "next_date": date(2026, 12, 1),
                "technician_id": cls.user_tech.id,
            }
        )
        cls.plans = cls.monthly | cls.weekly | cls.later

    def _tasks(self):
        return self.env["phone.fault"].search([("plan_id", "in", self.plans.ids)])

    def _run_cron(self, **kwargs):
        return self.env["phone.maintenance.plan"]._cron_create_due_tasks(**kwargs)

    @freeze_time("2026-11-10 02:00:00")
    def test_daily_job_creates_due_tasks_once(self):
        self._run_cron()
        tasks = self._tasks()
        self.assertEqual(
            sorted((t.plan_id.name, t.plan_date) for t in tasks),
            [
                ("Check the configuration backup", date(2026, 10, 20)),
                ("Test the trunk lines", date(2026, 11, 10)),
            ],
        )
        monthly_task = tasks.filtered(lambda t: t.plan_id == self.monthly)
        self.assertEqual(monthly_task.kind, "preventive")
        self.assertEqual(monthly_task.symptom, "Test the trunk lines")
        self.assertEqual(monthly_task.system_id, self.system)
        self.assertEqual(monthly_task.technician_id, self.user_tech)
        self.assertEqual(monthly_task.team_id, self.team)
        self.assertEqual(monthly_task.stage_id, self.stage_assigned)
        self.assertFalse(monthly_task.response_deadline, "no fault service level")
        todo = self.env.ref("phone_policy.mail_activity_type_fault_todo")
        activity = monthly_task.activity_ids.filtered(
            lambda a: a.activity_type_id == todo
        )
        self.assertEqual(activity.user_id, self.user_tech)
        self.assertEqual(activity.date_deadline, date(2026, 11, 10))
        # the next dates move on by the plans' rhythm, past today
        self.assertEqual(self.monthly.next_date, date(2026, 12, 10))
        self.assertEqual(self.weekly.next_date, date(2026, 11, 17))
        self.assertEqual(self.later.next_date, date(2026, 12, 1))
        # running again the same day makes nothing new
        self._run_cron()
        self.assertEqual(self._tasks(), tasks)
        self.assertEqual(self.monthly.next_date, date(2026, 12, 10))

    @freeze_time("2026-11-10 02:00:00")
    def test_moving_the_date_back_does_not_duplicate(self):
        self._run_cron()
        tasks = self._tasks()
        # an officer sets the date back by mistake: no second task that day
        self.monthly.next_date = date(2026, 11, 10)
        self._run_cron()
        self.assertEqual(self._tasks(), tasks)
        self.assertEqual(self.monthly.next_date, date(2026, 12, 10))

    @freeze_time("2026-11-10 02:00:00")
    def test_database_refuses_a_second_task_for_the_same_date(self):
        self._run_cron()
        task = self._tasks().filtered(lambda t: t.plan_id == self.monthly)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["phone.fault"].create(
                self.monthly._task_values(task.plan_date)
            ).flush_recordset()

    @freeze_time("2026-11-10 02:00:00")
    def test_daily_job_works_in_batches(self):
        self._run_cron(batch_size=1)
        self.assertEqual(len(self._tasks()), 1)
        self._run_cron(batch_size=1)
        self.assertEqual(len(self._tasks()), 2)
        self._run_cron(batch_size=1)
        self.assertEqual(len(self._tasks()), 2)

    def test_monthly_rhythm_keeps_its_day(self):
        # counted from the due date: 31 Jan, 28 Feb, 31 Mar (not 28 Mar)
        self.assertEqual(
            self.monthly._next_date_after(date(2026, 1, 31), date(2026, 3, 5)),
            date(2026, 3, 31),
        )
        with self.assertRaisesRegex(ValidationError, "at least one"):
            self.monthly.interval_number = 0

    @freeze_time("2026-11-10 02:00:00")
    def test_check_ok(self):
        self._run_cron()
        task = self._tasks().filtered(lambda t: t.plan_id == self.monthly)
        task.with_user(self.user_tech).action_check_ok()
        self.assertEqual(task.check_result, "ok")
        self.assertEqual(task.stage_id, self.stage_closed)
        self.assertIn("Check passed", task.resolution)
        self.assertEqual(self.monthly.last_result, "ok")
        with self.assertRaisesRegex(UserError, "already completed"):
            task.with_user(self.user_tech).action_check_ok()

    @freeze_time("2026-11-10 02:00:00")
    def test_issue_found_opens_a_linked_fault(self):
        self._run_cron()
        task = self._tasks().filtered(lambda t: t.plan_id == self.monthly)
        mine = task.with_user(self.user_tech)
        with self.assertRaisesRegex(UserError, "Describe the issue found"):
            mine.action_check_issue()
        mine.resolution = "<p>Trunk 3 has no dial tone.</p>"
        action = mine.action_check_issue()
        fault = self.env["phone.fault"].browse(action["res_id"])
        self.assertEqual(fault.kind, "corrective")
        self.assertEqual(fault.check_id, task)
        self.assertEqual(task.corrective_ids, fault)
        self.assertEqual(fault.system_id, self.system)
        self.assertEqual(fault.technician_id, self.user_tech)
        self.assertEqual(fault.reporter_id, self.user_tech)
        self.assertIn("Trunk 3 has no dial tone.", fault.description)
        self.assertIn(task.name, fault.symptom)
        self.assertTrue(fault.response_deadline, "the fault runs on service levels")
        self.assertEqual(task.check_result, "issue")
        self.assertEqual(task.stage_id, self.stage_closed)
        self.assertEqual(self.monthly.last_result, "issue")
        # a fault ticket is no check
        with self.assertRaisesRegex(UserError, "not a scheduled maintenance task"):
            fault.action_check_ok()

    def test_technician_must_belong_to_the_plan_team(self):
        # a plan of a team goes to one of its technicians; a technician
        # picked alone takes the plan to a team of theirs, or to none
        self.monthly.write(
            {"team_id": self.team.id, "technician_id": self.user_tech2.id}
        )
        self.assertEqual(self.monthly.team_id, self.team)
        with self.assertRaisesRegex(ValidationError, "not a technician of the team"):
            self.monthly.write(
                {"team_id": self.team.id, "technician_id": self.user_sales.id}
            )
        self.monthly.technician_id = self.user_sales
        self.assertFalse(self.monthly.team_id)
