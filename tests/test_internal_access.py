# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Coverage, messages and transfers: what the access matrix
(tests/test_access_matrix.py) cannot say, because it depends on the data (a
department-wide absence, a confidential call, in whose name a record is
made)."""

from odoo.tests import tagged

from .common import MONDAY, InternalCase, utc


@tagged("post_install", "-at_install")
class TestInternalAccess(InternalCase):
    def test_department_absence(self):
        """A department-wide absence: its manager plans it, its members read
        it and nobody else does."""
        Coverage = self.env["phone.coverage"]
        vals = {
            "company_id": self.company.id,
            "scope": "department",
            "department_id": self.dept_sales.id,
            "date_from": utc(MONDAY, 14),
            "date_to": utc(MONDAY, 15),
            "cover_type": "voicemail",
        }
        self.assertFalse(
            self._allowed(lambda: Coverage.with_user(self.user_sales).create(vals))
        )
        team = Coverage.with_user(self.user_dept_manager).create(vals)
        self.assertRights(
            team,
            {self.user_sales2: "r---", self.user_support: "----"},
            {"note": "changed"},
            vals,
        )

    def test_message_in_ones_own_name(self):
        """Nobody takes a message in someone else's name."""
        self.assertFalse(
            self._allowed(
                lambda: (
                    self.env["phone.message"]
                    .with_user(self.user_sales)
                    .create(
                        {
                            "company_id": self.company.id,
                            "recipient_employee_id": self.emp_sales2.id,
                            "taken_by_user_id": self.user_support.id,
                            "caller_name": "Ms Liu",
                            "body": "Call back",
                        }
                    )
                )
            )
        )

    def test_transfers_of_a_confidential_call(self):
        """A confidential Sales call transferred to Support: passing it on
        further is for who is on the call (Support got it) or a Manager;
        reading the call's department is not enough, being asked is not
        either."""
        call = self._call(self.user_sales2, confidentiality="confidential")
        transfer = self.env["phone.call.transfer"].create(
            {
                "call_id": call.id,
                "from_employee_id": self.emp_sales2.id,
                "to_employee_id": self.emp_support.id,
                "reason": "Technical question",
            }
        )

        def vals(user):
            employee = self.env["hr.employee"].search(
                [("user_id", "=", user.id), ("company_id", "=", self.company.id)]
            )
            return {
                "call_id": call.id,
                "from_employee_id": employee.id or self.emp_sales.id,
                "to_employee_id": self.emp_sales.id,
                "reason": "Follow-up",
            }

        self.assertRights(
            transfer,
            {
                self.user_sales: "----",
                self.user_support: "r-c-",
                self.user_dept_manager: "----",
                self.user_officer: "----",
                self.user_manager: "rwcu",
                self.user_other_company: "----",
                self.user_portal: "----",
            },
            {"reason": "changed"},
            vals,
        )

    def test_transfers_of_an_ordinary_call(self):
        """The department and officers read the transfers of an ordinary
        call; nobody records a transfer in someone else's name."""
        normal = self._call(self.user_sales2)
        ordinary = self.env["phone.call.transfer"].create(
            {
                "call_id": normal.id,
                "from_employee_id": self.emp_sales2.id,
                "to_employee_id": self.emp_support.id,
                "reason": "Question",
            }
        )
        self.assertReaders(
            ordinary,
            self.user_sales
            | self.user_support
            | self.user_dept_manager
            | self.user_officer
            | self.user_manager,
        )
        self.assertFalse(
            self._allowed(
                lambda: (
                    self.env["phone.call.transfer"]
                    .with_user(self.user_sales)
                    .create(
                        {
                            "call_id": normal.id,
                            "from_employee_id": self.emp_sales2.id,
                            "to_employee_id": self.emp_support.id,
                            "reason": "Forged",
                        }
                    )
                )
            )
        )
