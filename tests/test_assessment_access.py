# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reads a violation or a commendation depends on its data: its state,
where it came from, whether it is confidential. The rights on a draft, on
the other models of supervision and assessment and on their wizards are in
the access matrix (tests/test_access_matrix.py)."""

from odoo.tests import tagged

from .common import PhoneAssessmentCase


@tagged("post_install", "-at_install")
class TestAssessmentRecordRules(PhoneAssessmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.confirmed = cls._violation(confirm=True)
        cls.from_report = cls._violation(source="report", confirm=True)
        cls.commendation = cls._commendation(confirm=True)
        # pp_sales2 is rewarded for a report: confidential
        cls.secret_reward = cls._commendation(
            employee=cls.emp_sales2,
            source="report",
            is_confidential=True,
            state="confirmed",
        )

    def test_confirmed_violation(self):
        """The employee concerned and their manager read it, like officers
        and HR."""
        self.assertReaders(
            self.confirmed,
            self.user_sales
            | self.user_dept_manager
            | self.user_officer
            | self.user_manager,
        )

    def test_violation_from_a_report(self):
        """Officers do not read what came from a whistle-blowing report (nor
        draft one); HR does."""
        self.assertReaders(
            self.from_report,
            self.user_sales | self.user_dept_manager | self.user_manager,
        )
        self.assertFalse(
            self._allowed(
                lambda: (
                    self.env["phone.violation"]
                    .with_user(self.user_officer)
                    .create(
                        {
                            "company_id": self.company.id,
                            "employee_id": self.emp_sales.id,
                            "type_id": self.type_late.id,
                            "source": "report",
                        }
                    )
                )
            )
        )

    def test_confirmed_commendation(self):
        self.assertReaders(
            self.commendation,
            self.user_sales
            | self.user_dept_manager
            | self.user_officer
            | self.user_manager,
        )

    def test_confidential_reward(self):
        """Only the rewarded reporter reads it: not HR, not their manager."""
        self.assertReaders(
            self.secret_reward,
            self.user_sales2,
            users=self.user_sales2.union(*self.roles.values()),
        )
