# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneAssessmentCase

PHONE_FIELDS = [
    "phone_conduct_visible",
    "phone_date_from",
    "phone_date_to",
    "phone_call_count",
    "phone_personal_call_count",
    "phone_inbound_count",
    "phone_ring_measured_count",
    "phone_record_count",
    "phone_in_time_count",
    "phone_in_time_rate",
    "phone_inspected_count",
    "phone_inspection_score",
    "phone_incident_count",
    "phone_complete_count",
    "phone_complete_rate",
    "phone_violation_count",
    "phone_violation_points",
    "phone_commendation_count",
    "phone_commendation_points",
    "phone_promotion_recommended",
    "phone_net_score",
    "phone_conduct_details",
]


class AppraisalCase(PhoneAssessmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_appraisal_user = cls.env.ref("hr_appraisal_oca.group_appraisal_user")
        cls.group_appraisal_hr = cls.env.ref(
            "hr_appraisal_oca.group_appraisal_hr_officer"
        )
        # the Sales manager appraises pp_sales and uses the Appraisals app
        cls.user_dept_manager.groups_id += cls.group_appraisal_user
        # HR: Phone Policy manager and appraisal HR officer
        cls.user_manager.groups_id += cls.group_appraisal_hr
        cls.emp_sales.parent_id = cls.emp_dept_manager
        Appraisal = cls.env["hr.appraisal"]
        cls.previous = Appraisal.create(
            {
                "employee_id": cls.emp_sales.id,
                "manager_ids": [Command.set(cls.emp_dept_manager.ids)],
                "date_close": date(2026, 6, 30),
            }
        )
        cls.appraisal = Appraisal.create(
            {
                "employee_id": cls.emp_sales.id,
                "manager_ids": [Command.set(cls.emp_dept_manager.ids)],
                "date_close": date(2026, 12, 31),
            }
        )

    def _figures(self, user, appraisal=None):
        self.env.invalidate_all()
        return (appraisal or self.appraisal).with_user(user).read(PHONE_FIELDS)[0]


@tagged("post_install", "-at_install")
class TestAppraisalPhoneConduct(AppraisalCase):
    """Policy §6.1.3: phone compliance is part of the appraisal. A known
    set of calls, inspections, violations and commendations, and each
    number of the Phone conduct tab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def call(when, **vals):
            # ring times measured by the phone system (utils/call_rules.py)
            vals.setdefault("source", "pbx")
            return cls._call(cls.user_sales, date_start=when, **vals)

        # in the period (1 July - 31 December 2026)
        cls.in_time = call(datetime(2026, 8, 1, 2), direction="inbound", ring_seconds=4)
        cls.late = call(datetime(2026, 9, 1, 2), direction="inbound", ring_seconds=30)
        cls.personal = call(
            datetime(2026, 10, 1, 2),
            direction="inbound",
            ring_seconds=10,
            nature="personal",
        )
        cls.incomplete = call(
            datetime(2026, 10, 5, 2), importance="important", key_points=False
        )
        cls.unanswered = call(
            datetime(2026, 11, 1, 2),
            direction="inbound",
            answered=False,
            ring_seconds=40,
        )
        # before it: belongs to the previous appraisal
        call(datetime(2026, 6, 15, 2), nature="personal")
        # somebody else's call
        cls._call(
            cls.user_sales2, date_start=datetime(2026, 8, 2, 2), nature="personal"
        )
        # an inspection, done: the in-time call scores 100, the late one 50
        inspection = cls._inspection(
            date_from=date(2026, 8, 1), date_to=date(2026, 9, 30), sample_size=10
        )
        inspection.action_draw_sample()
        for line in inspection.line_ids:
            for check in line.check_ids:
                check.result = "pass"
            if line.call_id == cls.late:
                line.check_ids.filtered(
                    lambda c: (
                        c.criterion_id
                        == cls.env.ref(
                            "phone_policy.inspection_criterion_answered_in_time"
                        )
                    )
                ).result = "fail"
                line.check_ids.filtered(
                    lambda c: (
                        c.criterion_id
                        == cls.env.ref("phone_policy.inspection_criterion_personal_use")
                    )
                ).result = "fail"
                line.check_ids.filtered(lambda c: c.result == "pass")[:2].result = "na"
        inspection.action_done()
        # violations: two confirmed in the period, others not counted
        cls.v_late = cls._violation(date=date(2026, 9, 2), confirm=True)
        cls.v_personal = cls._violation(
            violation_type=cls.type_personal, date=date(2026, 10, 2), points=4
        )
        cls.v_personal.with_user(cls.user_manager).action_confirm()
        cancelled = cls._violation(date=date(2026, 9, 3), confirm=True)
        cancelled.with_user(cls.user_manager)._phone_cancel("Duplicate")
        cls._violation(date=date(2026, 9, 4))  # draft
        cls._violation(date=date(2026, 5, 1), confirm=True)  # previous period
        # commendations: one confirmed, one draft
        cls.c_good = cls._commendation(
            date=date(2026, 11, 10), points=3, promotion_recommended=True, confirm=True
        )
        cls._commendation(date=date(2026, 11, 11), points=7)
        # information security: one incident concerning pp_sales counts; a
        # dismissed one, one before the period and one about a colleague don't
        Incident = cls.env["phone.security.incident"]
        for employee, when, state in (
            (cls.emp_sales, datetime(2026, 9, 14, 2, 0), "investigating"),
            (cls.emp_sales, datetime(2026, 9, 15, 2, 0), "dismissed"),
            (cls.emp_sales, datetime(2026, 6, 20, 2, 0), "resolved"),
            (cls.emp_sales2, datetime(2026, 9, 14, 2, 0), "new"),
        ):
            Incident.create(
                {
                    "kind": "confidential_disclosure",
                    "company_id": cls.company.id,
                    "employee_ids": [Command.set(employee.ids)],
                    "date_reported": when,
                    "description": "Gave a customer's address on the phone.",
                    "state": state,
                }
            )

    def test_figures_for_hr(self):
        figures = self._figures(self.user_manager)
        self.assertTrue(figures["phone_conduct_visible"])
        self.assertEqual(figures["phone_date_from"], date(2026, 7, 1))
        self.assertEqual(figures["phone_date_to"], date(2026, 12, 31))
        expected = {
            # usage
            "phone_call_count": 5,
            "phone_personal_call_count": 1,
            # etiquette: 3 answered inbound calls, 2 within the ring limit
            "phone_inbound_count": 3,
            "phone_in_time_count": 2,
            # information security: the one incident of the period
            "phone_incident_count": 1,
            # records: 3 answered work calls to record (§5.1.1), the
            # important call without key points is incomplete
            "phone_record_count": 3,
            "phone_complete_count": 2,
            "phone_ring_measured_count": 3,
            "phone_violation_count": 2,
            "phone_violation_points": 1 + 4,
            "phone_commendation_count": 1,
            "phone_commendation_points": 3,
            "phone_promotion_recommended": True,
            "phone_net_score": 3 - 5,
        }
        for fname, value in expected.items():
            self.assertEqual(figures[fname], value, fname)
        self.assertEqual(figures["phone_in_time_rate"], 66.7)  # 2 of 3
        self.assertAlmostEqual(figures["phone_complete_rate"], 200 / 3, places=1)
        # inspection: the in-time call 100 %, the late one 4 of 8 weighted
        # points (answered in time 2 and personal use 2 failed, 2 items n/a)
        self.assertEqual(figures["phone_inspected_count"], 2)
        late_line = self.env["phone.inspection.line"].search(
            [("call_id", "=", self.late.id)]
        )
        self.assertAlmostEqual(late_line.score, 50.0)
        self.assertAlmostEqual(figures["phone_inspection_score"], 75.0)
        details = figures["phone_conduct_details"]
        for text in (
            self.v_late.name,
            self.v_personal.name,
            self.c_good.name,
            "Recommended",
        ):
            self.assertIn(text, details)
        # dates as the reader writes them (English: month/day/year), not ISO
        self.assertIn("09/02/2026", details)
        self.assertNotIn("2026-09-02", details)

    def test_figures_for_the_appraisals_manager(self):
        figures = self._figures(self.user_dept_manager)
        self.assertTrue(figures["phone_conduct_visible"])
        self.assertEqual(figures["phone_net_score"], -2)
        self.assertEqual(figures["phone_violation_count"], 2)

    def test_company_window(self):
        self.company.write(
            {"phone_appraisal_period": "window", "phone_appraisal_window_months": 3}
        )
        figures = self._figures(self.user_manager)
        self.assertEqual(figures["phone_date_from"], date(2026, 10, 1))
        self.assertEqual(figures["phone_call_count"], 3)
        self.assertEqual(figures["phone_personal_call_count"], 1)
        self.assertEqual(figures["phone_violation_count"], 1)
        self.assertEqual(figures["phone_net_score"], 3 - 4)
        # without a previous appraisal, the window applies too
        self.company.phone_appraisal_period = "previous"
        self.previous.active = False
        figures = self._figures(self.user_manager)
        self.assertEqual(figures["phone_date_from"], date(2026, 10, 1))

    def test_confidential_reward_is_not_shown(self):
        """An anonymous reporter's reward would say who reported: the tab
        neither lists nor counts it (SECURITY.md, class 5)."""
        self._commendation(
            date=date(2026, 11, 20),
            points=5,
            source="report",
            is_confidential=True,
            state="confirmed",
            reason="Reward for the substantiated report REP/2026/0042",
        )
        figures = self._figures(self.user_manager)
        self.assertEqual(figures["phone_commendation_points"], 3)
        self.assertNotIn("reward", figures["phone_conduct_details"].lower())
        self.assertNotIn("REP/2026/0042", figures["phone_conduct_details"])


@tagged("post_install", "-at_install")
class TestAppraisalPrivacy(AppraisalCase):
    """The Phone conduct tab is for the appraisal's managers and HR only,
    and hr_appraisal_oca's open door to every appraisal is closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._violation(date=date(2026, 9, 2), confirm=True)

    def assertNoPhoneConduct(self, user):
        figures = self._figures(user)
        self.assertFalse(figures["phone_conduct_visible"])
        self.assertFalse(figures["phone_conduct_details"])
        self.assertEqual(figures["phone_violation_count"], 0)
        self.assertEqual(figures["phone_net_score"], 0)
        self.assertFalse(figures["phone_date_from"])

    def test_unrelated_internal_user_sees_nothing(self):
        unrelated = self.user_support
        Appraisal = self.env["hr.appraisal"].with_user(unrelated)
        self.assertFalse(Appraisal.search([("id", "=", self.appraisal.id)]))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.appraisal.with_user(unrelated).read(["manager_feedback"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.appraisal.with_user(unrelated).read(["phone_net_score"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.appraisal.with_user(unrelated).write(
                {"manager_feedback": "<p>Rewritten</p>"}
            )
            self.env.flush_all()
        # the phone fields are not even in their view of the model
        self.assertFalse(set(PHONE_FIELDS) & set(Appraisal.fields_get()))
        arch = Appraisal.get_view(
            self.env.ref("hr_appraisal_oca.hr_appraisal_form_view").id, "form"
        )["arch"]
        self.assertNotIn("phone_conduct", arch)
        # an unrelated appraisal user is kept out by the module's own rule
        unrelated.groups_id += self.group_appraisal_user
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.appraisal.with_user(unrelated).read(["phone_net_score"])

    def test_appraised_employee_sees_the_appraisal_not_the_tab(self):
        employee = self.user_sales
        self.assertEqual(
            self.appraisal.with_user(employee).read(["date_close"])[0]["date_close"],
            date(2026, 12, 31),
        )
        with self.assertRaises(AccessError):
            self.appraisal.with_user(employee).read(["phone_net_score"])
        # as an appraisal user the fields exist for them, but stay empty
        employee.groups_id += self.group_appraisal_user
        self.assertNoPhoneConduct(employee)

    def test_hr_and_the_appraisals_manager_see_it(self):
        hr_officer = self.user_officer
        hr_officer.groups_id += self.group_appraisal_hr
        for user in (self.user_manager, hr_officer, self.user_dept_manager):
            figures = self._figures(user)
            self.assertTrue(figures["phone_conduct_visible"], user.login)
            self.assertEqual(figures["phone_violation_count"], 1, user.login)
        arch = (
            self.env["hr.appraisal"]
            .with_user(self.user_dept_manager)
            .get_view(
                self.env.ref("hr_appraisal_oca.hr_appraisal_form_view").id, "form"
            )["arch"]
        )
        self.assertIn('name="phone_conduct"', arch)
        # who manages the employee comes from HR's data, not from the
        # appraisal's managers: the line manager still sees the phone
        # conduct once someone else is named on the appraisal, and the one
        # named sees nothing (SECURITY.md, class 6)
        named, named_employee = self._make_employee_user("pp_named", self.dept_support)
        named.groups_id += self.group_appraisal_user
        self.appraisal.manager_ids = named_employee
        figures = self._figures(self.user_dept_manager)
        self.assertTrue(figures["phone_conduct_visible"])
        self.assertNoPhoneConduct(named)

    def test_internal_users_reach_only_their_appraisals(self):
        """The rule added for users outside the appraisal groups."""
        Appraisal = self.env["hr.appraisal"]
        other = Appraisal.create(
            {
                "employee_id": self.emp_support.id,
                "manager_ids": [Command.set(self.emp_officer.ids)],
                "date_close": date(2026, 12, 31),
            }
        )
        secret = Appraisal.create(
            {
                "employee_id": self.emp_sales2.id,
                "manager_ids": [Command.set(self.emp_dept_manager.ids)],
                "date_close": date(2026, 12, 31),
                "visibility": "manager",
            }
        )
        mine = self.previous | self.appraisal
        cases = {
            self.user_sales: mine,  # the employee
            self.user_sales2: Appraisal,  # restricted to managers
            self.user_support: other,
            self.user_officer: other,  # manager of the support appraisal
        }
        for user, expected in cases.items():
            self.assertEqual(
                Appraisal.with_user(user).search(
                    [("id", "in", (mine | other | secret).ids)]
                ),
                expected,
                user.login,
            )
        # the employee may write their feedback, not a colleague's appraisal
        self.appraisal.with_user(self.user_sales).write(
            {"employee_feedback": "<p>Mine</p>"}
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            other.with_user(self.user_sales).write(
                {"manager_feedback": "<p>Hacked</p>"}
            )
            self.env.flush_all()
        # managers (appraisal users) and HR keep the module's own access
        self.assertEqual(
            Appraisal.with_user(self.user_dept_manager).search(
                [("id", "in", (mine | other | secret).ids)]
            ),
            mine | secret,
        )
        hr = self.user_manager
        self.assertEqual(
            Appraisal.with_user(hr).search([("id", "in", (mine | other | secret).ids)]),
            mine | other | secret,
        )


@tagged("post_install", "-at_install")
class TestEmployeeConductButtons(PhoneAssessmentCase):
    """Smart buttons on the employee: this year's violations, commendations
    and net points, for the employee, their manager and HR only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        this_year = today.replace(month=1, day=1)
        last_year = date(today.year - 1, 6, 1)
        cls._violation(date=this_year, confirm=True, points=1)
        cls._violation(
            violation_type=cls.type_personal, date=this_year, points=2
        ).with_user(cls.user_manager).action_confirm()
        cls._violation(date=last_year, confirm=True)
        cls._violation(date=this_year)  # draft
        cls._commendation(date=this_year, points=5, confirm=True)
        cls.user_hr = cls._make_employee_user(
            "pp_hr", cls.dept_support, "hr.group_hr_user"
        )[0]

    def _buttons(self, user, model="hr.employee.public"):
        self.env.invalidate_all()
        return (
            self.env[model]
            .with_user(user)
            .browse(self.emp_sales.id)
            .read(
                [
                    "phone_conduct_visible",
                    "phone_violation_count",
                    "phone_commendation_count",
                    "phone_net_points",
                ]
            )[0]
        )

    def test_visible_to_employee_manager_and_hr(self):
        for user, model in (
            (self.user_sales, "hr.employee.public"),
            (self.user_dept_manager, "hr.employee.public"),
            (self.user_manager, "hr.employee.public"),
            (self.user_hr, "hr.employee"),
        ):
            values = self._buttons(user, model)
            self.assertTrue(values["phone_conduct_visible"], user.login)
            self.assertEqual(values["phone_violation_count"], 2, user.login)
            self.assertEqual(values["phone_commendation_count"], 1, user.login)
            self.assertEqual(values["phone_net_points"], 5 - 3, user.login)
        action = (
            self.env["hr.employee.public"]
            .with_user(self.user_sales)
            .browse(self.emp_sales.id)
            .action_phone_view_violations()
        )
        self.assertEqual(action["domain"], [("employee_id", "=", self.emp_sales.id)])

    def test_hidden_from_colleagues(self):
        for user in (self.user_sales2, self.user_support, self.user_officer):
            values = self._buttons(user)
            self.assertFalse(values["phone_conduct_visible"], user.login)
            self.assertEqual(values["phone_violation_count"], 0, user.login)
            self.assertEqual(values["phone_commendation_count"], 0, user.login)
            self.assertEqual(values["phone_net_points"], 0, user.login)
            with self.assertRaisesRegex(AccessError, "employee, their manager and HR"):
                self.env["hr.employee.public"].with_user(user).browse(
                    self.emp_sales.id
                ).action_phone_view_commendations()
