# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what on each model of supervision and assessment.

Roles: ``user`` is pp_sales (the employee concerned, in Sales),
``other_dept`` a Support employee, ``dept_manager`` the manager of Sales,
``officer`` the administration officer, ``manager`` HR / compliance,
``other_company`` an employee of another company, ``portal`` a portal user.
1 = allowed, 0 = refused with AccessError.
"""

from datetime import date

from odoo.tests import tagged

from .assessment_common import PhoneAssessmentCase


@tagged("post_install", "-at_install")
class TestAssessmentAccess(PhoneAssessmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls._call(cls.user_sales)
        cls.confirmed = cls._violation(confirm=True)
        cls.draft = cls._violation()
        cls.from_report = cls._violation(source="report", confirm=True)
        cls.commendation = cls._commendation(confirm=True)
        cls.commendation_draft = cls._commendation()
        cls.secret_reward = cls._commendation(
            employee=cls.emp_sales2,
            source="report",
            is_confidential=True,
            state="confirmed",
        )
        cls.inspection = cls._inspection(sample_size=3)
        cls.inspection.action_draw_sample()
        cls.line = cls.inspection.line_ids
        cls.check = cls.line.check_ids[0]

    def _read(self, record, fname="display_name"):
        return lambda user: record.with_user(user).read([fname])

    def _write(self, record, vals):
        return lambda user: record.with_user(user).write(vals)

    def _unlink(self, record):
        return lambda user: record.with_user(user).unlink()

    def _create(self, model, vals):
        return lambda user: self.env[model].with_user(user).create(vals)

    def test_violation_type(self):
        own_type = self.env["phone.violation.type"].create(
            {"name": "Taipei only", "company_id": self.company.id, "code": "TPE"}
        )
        operations = [
            ("read", self._read(own_type)),
            ("write", self._write(own_type, {"default_points": 3})),
            ("create", self._create("phone.violation.type", {"name": "New"})),
            ("unlink", self._unlink(own_type)),
        ]
        self.assertMatrix(
            {
                "user": (1, 0, 0, 0),
                "other_dept": (1, 0, 0, 0),
                "dept_manager": (1, 0, 0, 0),
                "officer": (1, 0, 0, 0),
                "manager": (1, 1, 1, 1),
                "other_company": (0, 0, 0, 0),
                "portal": (0, 0, 0, 0),
            },
            operations,
        )

    def test_violation(self):
        create_vals = {
            "company_id": self.company.id,
            "employee_id": self.emp_sales.id,
            "type_id": self.type_late.id,
            "source": "inspection",
        }
        operations = [
            ("read confirmed", self._read(self.confirmed)),
            ("read draft", self._read(self.draft)),
            ("read from report", self._read(self.from_report)),
            ("write draft", self._write(self.draft, {"evidence": "Seen"})),
            ("create", self._create("phone.violation", create_vals)),
            ("unlink draft", self._unlink(self.draft)),
        ]
        self.assertMatrix(
            {
                "user": (1, 0, 1, 0, 0, 0),
                "other_dept": (0, 0, 0, 0, 0, 0),
                "dept_manager": (1, 0, 1, 0, 0, 0),
                "officer": (1, 1, 0, 1, 1, 1),
                "manager": (1, 1, 1, 1, 1, 1),
                "other_company": (0, 0, 0, 0, 0, 0),
                "portal": (0, 0, 0, 0, 0, 0),
            },
            operations,
        )
        # an officer does not draft what only HR may decide on
        self.assertFalse(
            self._attempt(
                lambda: (
                    self.env["phone.violation"]
                    .with_user(self.user_officer)
                    .create(dict(create_vals, source="report"))
                )
            )
        )

    def test_commendation(self):
        create_vals = {
            "company_id": self.company.id,
            "employee_id": self.emp_sales.id,
            "reason": "Good call",
            "source": "inspection",
        }
        operations = [
            ("read confirmed", self._read(self.commendation)),
            ("read draft", self._read(self.commendation_draft)),
            ("read confidential reward", self._read(self.secret_reward)),
            ("write draft", self._write(self.commendation_draft, {"points": 4})),
            ("create", self._create("phone.commendation", create_vals)),
            ("unlink draft", self._unlink(self.commendation_draft)),
        ]
        self.assertMatrix(
            {
                "user": (1, 0, 0, 0, 0, 0),
                "other_dept": (0, 0, 0, 0, 0, 0),
                "dept_manager": (1, 0, 0, 0, 0, 0),
                "officer": (1, 1, 0, 1, 1, 1),
                "manager": (1, 1, 0, 1, 1, 1),
                "other_company": (0, 0, 0, 0, 0, 0),
                "portal": (0, 0, 0, 0, 0, 0),
            },
            operations,
        )
        # the rewarded reporter alone sees their confidential reward
        self.assertTrue(
            self._attempt(lambda: self._read(self.secret_reward)(self.user_sales2))
        )

    def test_inspection_criterion(self):
        criterion = self.env["phone.inspection.criterion"].create(
            {"name": "Taipei only", "company_id": self.company.id}
        )
        operations = [
            ("read", self._read(criterion)),
            ("write", self._write(criterion, {"weight": 3})),
            ("create", self._create("phone.inspection.criterion", {"name": "New"})),
            ("unlink", self._unlink(criterion)),
        ]
        self.assertMatrix(
            {
                "user": (1, 0, 0, 0),
                "other_dept": (1, 0, 0, 0),
                "dept_manager": (1, 0, 0, 0),
                "officer": (1, 0, 0, 0),
                "manager": (1, 1, 1, 1),
                "other_company": (0, 0, 0, 0),
                "portal": (0, 0, 0, 0),
            },
            operations,
        )

    def _inspection_table(self, drawn=False):
        """``drawn``: records the sample draws (lines and their checklist),
        never made by hand, not even by officers."""
        made = 0 if drawn else 1
        return {
            "user": (0, 0, 0, 0),
            "other_dept": (0, 0, 0, 0),
            "dept_manager": (1, 0, 0, 0),
            "officer": (1, 1, made, 1),
            "manager": (1, 1, made, 1),
            "other_company": (0, 0, 0, 0),
            "portal": (0, 0, 0, 0),
        }

    def test_inspection(self):
        create_vals = {
            "company_id": self.company.id,
            "department_id": self.dept_sales.id,
            "date_from": date(2026, 10, 1),
            "date_to": date(2026, 10, 31),
        }
        operations = [
            ("read", self._read(self.inspection)),
            ("write", self._write(self.inspection, {"note": "<p>Checked</p>"})),
            ("create", self._create("phone.inspection", create_vals)),
            ("unlink", self._unlink(self.inspection)),
        ]
        self.assertMatrix(self._inspection_table(), operations)

    def test_inspection_line(self):
        other_call = self._call(self.user_sales2)
        operations = [
            ("read", self._read(self.line)),
            ("write", self._write(self.line, {"note": "Friendly"})),
            (
                "create",
                self._create(
                    "phone.inspection.line",
                    {"inspection_id": self.inspection.id, "call_id": other_call.id},
                ),
            ),
            ("unlink", self._unlink(self.line)),
        ]
        self.assertMatrix(self._inspection_table(drawn=True), operations)

    def test_inspection_check(self):
        criterion = self.env.ref("phone_policy.inspection_criterion_greeting")
        operations = [
            ("read", self._read(self.check, "result")),
            ("write", self._write(self.check, {"result": "fail"})),
            (
                "create",
                self._create(
                    "phone.inspection.check",
                    {"line_id": self.line.id, "criterion_id": criterion.id},
                ),
            ),
            ("unlink", self._unlink(self.check)),
        ]
        self.assertMatrix(self._inspection_table(drawn=True), operations)

    def test_inspection_plan(self):
        plan = self.env["phone.inspection.plan"].create(
            {"company_id": self.company.id, "department_id": self.dept_sales.id}
        )
        operations = [
            ("read", self._read(plan)),
            ("write", self._write(plan, {"sample_size": 4})),
            (
                "create",
                self._create(
                    "phone.inspection.plan",
                    {
                        "company_id": self.company.id,
                        "department_id": self.dept_support.id,
                    },
                ),
            ),
            ("unlink", self._unlink(plan)),
        ]
        self.assertMatrix(
            {
                "user": (0, 0, 0, 0),
                "other_dept": (0, 0, 0, 0),
                "dept_manager": (0, 0, 0, 0),
                "officer": (1, 1, 1, 1),
                "manager": (1, 1, 1, 1),
                "other_company": (0, 0, 0, 0),
                "portal": (0, 0, 0, 0),
            },
            operations,
        )

    def test_whistleblow_case(self):
        """A report about the Support employee, investigated by the officer."""
        report = self.env["phone.whistleblow.case"].create(
            {
                "company_id": self.company.id,
                "accused_employee_id": self.emp_support.id,
                "description": "Shouted at a customer",
                "investigator_id": self.user_officer.id,
            }
        )
        create_vals = {
            "company_id": self.company.id,
            "accused_employee_id": self.emp_sales2.id,
            "description": "Told by phone to HR",
        }
        operations = [
            ("read", self._read(report)),
            ("write", self._write(report, {"investigation_note": "<p>Heard both</p>"})),
            ("create", self._create("phone.whistleblow.case", create_vals)),
            ("unlink", self._unlink(report)),
        ]
        self.assertMatrix(
            {
                "user": (0, 0, 0, 0),
                "other_dept": (0, 0, 0, 0),  # the reported employee
                "dept_manager": (0, 0, 0, 0),
                "officer": (1, 1, 0, 0),  # the investigator
                "manager": (1, 1, 1, 0),
                "other_company": (0, 0, 0, 0),
                "portal": (0, 0, 0, 0),
            },
            operations,
        )

    def test_whistleblow_filing(self):
        submission = (
            self.env["phone.whistleblow.filing"]
            .with_user(self.user_sales)
            .create(
                {
                    "company_id": self.company.id,
                    "accused_employee_id": self.emp_support.id,
                    "description": "Shouted at a customer",
                }
            )
            .with_user(self.env.user)
        )
        create_vals = {
            "company_id": self.company.id,
            "accused_employee_id": self.emp_sales2.id,
            "description": "Personal calls",
        }
        operations = [
            ("read", self._read(submission, "description")),
            ("write", self._write(submission, {"description": "Changed"})),
            ("create", self._create("phone.whistleblow.filing", create_vals)),
            ("unlink", self._unlink(submission)),
        ]
        self.assertMatrix(
            {
                "user": (1, 0, 1, 0),  # the reporter
                "other_dept": (0, 0, 1, 0),
                "dept_manager": (0, 0, 1, 0),
                "officer": (0, 0, 1, 0),
                "manager": (0, 0, 1, 0),  # not even HR reads a filing
                "other_company": (0, 0, 0, 0),
                "portal": (0, 0, 0, 0),
            },
            operations,
        )

    def test_wizards(self):
        """Appeals are for employees (a wizard only about a violation one can
        see); cancelling and upholding for officers (drafts) and Managers.
        The decisions themselves are checked again by the violation (see
        test_violation)."""
        operations = [
            (
                "appeal",
                self._create(
                    "phone.violation.appeal.wizard",
                    {"violation_id": self.confirmed.id, "statement": "Not me"},
                ),
            ),
            (
                "decide",
                self._create(
                    "phone.violation.decision.wizard",
                    {"violation_id": self.draft.id, "reason": "Duplicate"},
                ),
            ),
        ]
        self.assertMatrix(
            {
                "user": (1, 0),
                "other_dept": (0, 0),  # cannot see the violation
                "dept_manager": (1, 0),
                "officer": (1, 1),
                "manager": (1, 1),
                "other_company": (0, 0),
                "portal": (0, 0),
            },
            operations,
        )
