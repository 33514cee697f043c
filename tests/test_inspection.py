# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PhoneAssessmentCase


@tagged("post_install", "-at_install")
class TestInspectionSampling(PhoneAssessmentCase):
    """Policy §6.1.1: the administration department checks a random sample
    of a department's calls over a period; anyone can redo the draw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # twelve calls of Sales in November, some of them by a colleague
        cls.november = cls.env["phone.call"]
        for day in range(1, 13):
            user = cls.user_sales if day % 2 else cls.user_sales2
            cls.november |= cls._call(user, date_start=cls._at(day + 3))
        # what the sample must never contain
        cls.secret = cls._call(
            cls.user_sales, date_start=cls._at(20), confidentiality="confidential"
        )
        cls.support_call = cls._call(cls.user_support, date_start=cls._at(20))
        cls.october = cls._call(
            cls.user_sales, date_start=cls._at(1) - timedelta(days=5)
        )

    def _sample(self, inspection):
        return inspection.line_ids.call_id

    def test_same_seed_same_sample(self):
        first = self._inspection(seed=1234)
        first.with_user(self.user_officer).action_draw_sample()
        sample = self._sample(first)
        self.assertEqual(len(sample), 5)
        self.assertEqual(first.state, "in_progress")
        self.assertEqual(first.population_count, 12)
        # the documented draw: Random(seed).sample of the period's calls in id order
        expected = random.Random(1234).sample(sorted(self.november.ids), 5)
        self.assertEqual(sorted(sample.ids), sorted(expected))
        # another inspection with the same seed draws the same calls
        second = self._inspection(seed=1234)
        second.action_draw_sample()
        self.assertEqual(self._sample(second), sample)
        # and drawing again after a reset too
        first.action_reset_draft()
        self.assertFalse(first.line_ids)
        first.action_draw_sample()
        self.assertEqual(self._sample(first), sample)
        # another seed, another sample
        other = self._inspection(seed=99)
        other.action_draw_sample()
        self.assertNotEqual(self._sample(other), sample)

    def test_sample_stays_in_scope(self):
        inspection = self._inspection(sample_size=50, seed=7)
        inspection.action_draw_sample()
        # all twelve: no confidential call, no other department, no October
        self.assertEqual(self._sample(inspection), self.november)
        by_employee = self._inspection(
            department_id=False, employee_id=self.emp_sales.id, sample_size=50
        )
        by_employee.action_draw_sample()
        self.assertEqual(
            self._sample(by_employee),
            self.november.filtered(lambda c: c.employee_id == self.emp_sales),
        )

    def test_seed_and_scope_frozen_once_drawn(self):
        inspection = self._inspection()
        self.assertTrue(inspection.seed, "a seed is stored at creation")
        inspection.action_draw_sample()
        with self.assertRaisesRegex(UserError, "Reset the inspection"):
            inspection.write({"seed": 5})
        with self.assertRaisesRegex(UserError, "draft inspection"):
            inspection.action_draw_sample()

    def test_empty_period(self):
        inspection = self._inspection(
            date_from=fields.Date.to_date("2025-01-01"),
            date_to=fields.Date.to_date("2025-01-31"),
        )
        with self.assertRaisesRegex(UserError, "no call to inspect"):
            inspection.action_draw_sample()


@tagged("post_install", "-at_install")
class TestInspectionChecklist(PhoneAssessmentCase):
    """Each sampled call is checked item by item; known facts come from the
    call record; weights make the call's score and the inspection's total."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # answered in time with a greeting, no closing, important without key points
        cls.flawed = cls._call(
            cls.user_sales,
            direction="inbound",
            date_start=cls._at(5),
            ring_seconds=4,
            greeting_given=True,
            closing_given=False,
            importance="important",
            key_points=False,
        )
        cls.exemplary = cls._call(
            cls.user_sales2,
            direction="inbound",
            date_start=cls._at(6),
            ring_seconds=5,
            greeting_given=True,
            closing_given=True,
        )
        cls.outbound = cls._call(
            cls.user_sales, date_start=cls._at(7), closing_given=True
        )
        cls.inspection = cls._inspection(sample_size=10)
        cls.inspection.action_draw_sample()
        cls.line_flawed = cls.inspection.line_ids.filtered(
            lambda ln: ln.call_id == cls.flawed
        )
        cls.line_exemplary = cls.inspection.line_ids.filtered(
            lambda ln: ln.call_id == cls.exemplary
        )
        cls.line_outbound = cls.inspection.line_ids.filtered(
            lambda ln: ln.call_id == cls.outbound
        )

    def _results(self, line):
        return {
            check.criterion_id.get_external_id()[check.criterion_id.id].split(".")[1][
                len("inspection_criterion_") :
            ]: check.result
            for check in line.check_ids
        }

    def _set(self, line, **results):
        for check in line.check_ids:
            key = check.criterion_id.get_external_id()[check.criterion_id.id].split(
                "."
            )[1]
            key = key[len("inspection_criterion_") :]
            if key in results:
                check.with_user(self.user_officer).result = results[key]

    def test_prefilled_from_the_call(self):
        self.assertEqual(
            self._results(self.line_flawed),
            {
                "answered_in_time": "pass",
                "greeting": "pass",
                "self_introduction": "todo",
                "purpose_clear": "todo",
                "polite_closing": "fail",
                "record_complete": "fail",
                "personal_use": "pass",
            },
        )
        # an outbound call: no ring limit to meet, greeting left to the inspector
        outbound = self._results(self.line_outbound)
        self.assertEqual(outbound["answered_in_time"], "na")
        self.assertEqual(outbound["greeting"], "todo")
        self.assertEqual(outbound["polite_closing"], "pass")

    def test_weighted_score(self):
        # judged so far: in time (2) + greeting (1) + personal use (2) passed,
        # closing (1) + record (2) failed: 5 / 8
        self.assertAlmostEqual(self.line_flawed.score, 62.5)
        self.assertTrue(self.line_flawed.is_finding)
        self.assertIn("Polite closing", self.line_flawed.failed_criteria)
        self._set(self.line_flawed, self_introduction="pass", purpose_clear="fail")
        # 6 / 10
        self.assertAlmostEqual(self.line_flawed.score, 60.0)
        self._set(
            self.line_exemplary,
            self_introduction="pass",
            purpose_clear="pass",
        )
        self.assertAlmostEqual(self.line_exemplary.score, 100.0)
        self.assertFalse(self.line_exemplary.is_finding)
        self._set(
            self.line_outbound,
            greeting="na",
            self_introduction="pass",
            purpose_clear="pass",
        )
        # outbound: closing (1) + record (2) + personal use (2) + intro + purpose
        self.assertAlmostEqual(self.line_outbound.score, 100.0)
        # the inspection's total is the average of its calls
        self.assertAlmostEqual(self.inspection.score, (60 + 100 + 100) / 3, places=1)
        self.assertEqual(self.inspection.finding_count, 1)

    def test_done_needs_every_item_and_freezes_them(self):
        with self.assertRaisesRegex(UserError, "unchecked items"):
            self.inspection.with_user(self.user_officer).action_done()
        for line in self.inspection.line_ids:
            for check in line.check_ids.filtered(lambda c: c.result == "todo"):
                check.result = "pass"
        self.inspection.with_user(self.user_officer).action_done()
        self.assertEqual(self.inspection.state, "done")
        with self.assertRaisesRegex(UserError, "closed inspection"):
            self.line_flawed.check_ids[0].result = "fail"

    def test_finding_becomes_draft_violation(self):
        self._set(self.line_flawed, self_introduction="pass", purpose_clear="pass")
        action = self.line_flawed.with_user(self.user_officer).action_create_violation()
        violation = self.env["phone.violation"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "phone.violation")
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.employee_id, self.emp_sales)
        self.assertEqual(violation.source, "inspection")
        self.assertEqual(violation.call_ids, self.flawed)
        self.assertEqual(violation.inspection_id, self.inspection)
        self.assertEqual(violation.inspection_line_id, self.line_flawed)
        # the first failed item in checklist order says what was broken
        self.assertEqual(violation.type_id, self.type_etiquette)
        self.assertIn(self.flawed.name, violation.evidence)
        self.assertIn("Call record complete", violation.evidence)
        self.assertEqual(violation.create_uid, self.user_officer)
        self.assertEqual(self.inspection.violation_count, 1)
        self.assertEqual(self.line_flawed.violation_ids, violation)
        # a call that passed everything is no finding
        with self.assertRaisesRegex(UserError, "passed every"):
            self.line_exemplary.action_create_violation()

    def test_personal_call_finding_types_the_violation(self):
        self.flawed.nature = "personal"
        line = self._inspection(seed=3, sample_size=10)
        line.action_draw_sample()
        line = line.line_ids.filtered(lambda ln: ln.call_id == self.flawed)
        self._set(line, polite_closing="pass", record_complete="pass")
        violation = self.env["phone.violation"].browse(
            line.action_create_violation()["res_id"]
        )
        self.assertEqual(violation.type_id, self.type_personal)

    def test_exemplary_call_becomes_draft_commendation(self):
        self._set(self.line_exemplary, self_introduction="pass", purpose_clear="pass")
        action = self.line_exemplary.with_user(
            self.user_officer
        ).action_create_commendation()
        commendation = self.env["phone.commendation"].browse(action["res_id"])
        self.assertEqual(commendation.state, "draft")
        self.assertEqual(commendation.employee_id, self.emp_sales2)
        self.assertEqual(commendation.source, "inspection")
        self.assertEqual(commendation.inspection_line_id, self.line_exemplary)
        self.assertEqual(commendation.call_ids, self.exemplary)
        self.assertEqual(self.inspection.commendation_count, 1)
        with self.assertRaisesRegex(UserError, "with findings"):
            self.line_flawed.action_create_commendation()


@tagged("post_install", "-at_install")
class TestInspectionPlan(PhoneAssessmentCase):
    """Inspection plans: the daily job opens each due inspection once."""

    def test_cron_opens_due_inspections_once(self):
        today = fields.Date.context_today(self.env["phone.call"])
        for days in (3, 9, 15, 21):
            self._call(
                self.user_sales,
                date_start=fields.Datetime.now() - timedelta(days=days),
            )
        plan = self.env["phone.inspection.plan"].create(
            {
                "company_id": self.company.id,
                "department_id": self.dept_sales.id,
                "user_id": self.user_officer.id,
                "interval_number": 1,
                "interval_type": "months",
                "sample_size": 3,
                "next_date": today,
            }
        )
        Plan = self.env["phone.inspection.plan"]
        Plan._cron_open_due_inspections()
        inspection = plan.inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.date_to, today - timedelta(days=1))
        self.assertEqual(inspection.date_from, today - relativedelta(months=1))
        self.assertEqual(inspection.department_id, self.dept_sales)
        self.assertEqual(inspection.user_id, self.user_officer)
        self.assertEqual(len(inspection.line_ids), 3, "the sample is drawn")
        self.assertEqual(inspection.activity_ids.user_id, self.user_officer)
        self.assertEqual(plan.next_date, today + relativedelta(months=1))
        # running again opens nothing more
        Plan._cron_open_due_inspections()
        self.assertEqual(plan.inspection_ids, inspection)
        # even when the plan is moved back to the same period
        plan.next_date = today
        Plan._cron_open_due_inspections()
        self.assertEqual(plan.inspection_ids, inspection)
        self.assertEqual(plan.next_date, today + relativedelta(months=1))

    def test_cron_catches_up_missed_periods(self):
        today = fields.Date.context_today(self.env["phone.call"])
        plan = self.env["phone.inspection.plan"].create(
            {
                "company_id": self.company.id,
                "department_id": self.dept_support.id,
                "user_id": self.user_officer.id,
                "interval_number": 2,
                "interval_type": "weeks",
                "sample_size": 3,
                "next_date": today - timedelta(weeks=4),
            }
        )
        Plan = self.env["phone.inspection.plan"]
        for _run in range(4):
            Plan._cron_open_due_inspections()
        # three periods were due (4 and 2 weeks ago, today); no calls: no sample
        self.assertEqual(len(plan.inspection_ids), 3)
        self.assertEqual(plan.next_date, today + timedelta(weeks=2))
        self.assertTrue(all(i.state == "draft" for i in plan.inspection_ids))
