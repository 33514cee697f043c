# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .internal_common import MONDAY, InternalCase, utc

ROLES = (
    "plain",
    "other_dept",
    "dept_manager",
    "officer",
    "manager",
    "other_co",
    "portal",
)
OPS = ("read", "write", "create", "unlink")


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestInternalAccess(InternalCase):
    """Who may read, change, create and delete directory rows, transfers,
    messages and coverage. ``plain`` is pp_sales (Sales), ``other_dept`` is
    pp_support (Support), ``dept_manager`` manages Sales (and sits in
    Support). Any allow the table does not expect fails the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "plain": cls.user_sales,
            "other_dept": cls.user_support,
            "dept_manager": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_co": cls.user_other_company,
            "portal": cls.user_portal,
        }

    def _allowed(self, user, record, op, create_vals=None):
        self.env.invalidate_all()
        loggers = (
            "odoo.addons.base.models.ir_rule",
            "odoo.addons.base.models.ir_model",
        )
        if op == "create":
            try:
                with mute_logger(*loggers), self.env.cr.savepoint():
                    vals = create_vals(user) if callable(create_vals) else create_vals
                    record.with_user(user).create(vals)
                    self.env.flush_all()
                    raise _Rollback()
            except _Rollback:
                return True
            except AccessError:
                return False
        try:
            with mute_logger(*loggers):
                record.with_user(user).check_access(op)
        except AccessError:
            return False
        return True

    def _check_matrix(self, record, table, create_vals):
        """``table``: {op: string of 7 flags in ROLES order, 'x' allowed}."""
        for op in OPS:
            for role, flag in zip(ROLES, table[op], strict=True):
                with self.subTest(model=record._name, op=op, role=role):
                    self.assertEqual(
                        self._allowed(self.users[role], record, op, create_vals),
                        flag == "x",
                        f"{role} {op} {record._name}",
                    )

    def test_coverage_matrix(self):
        coverage = self._coverage(self.emp_sales, utc(MONDAY, 9), utc(MONDAY, 10))
        #                    plain other mgr  off  man  oco  portal
        table = {
            "read": "x.xxx..",
            "write": "x.x.x..",
            "create": "x.x.x..",
            "unlink": "x.x.x..",
        }
        self._check_matrix(
            coverage,
            table,
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales.id,
                "date_from": utc(MONDAY, 11),
                "date_to": utc(MONDAY, 12),
                "cover_type": "voicemail",
            },
        )
        # a department-wide absence: its manager plans it, members read it
        Coverage = self.env["phone.coverage"]
        vals = {
            "company_id": self.company.id,
            "scope": "department",
            "department_id": self.dept_sales.id,
            "date_from": utc(MONDAY, 14),
            "date_to": utc(MONDAY, 15),
            "cover_type": "voicemail",
        }
        self.assertFalse(self._allowed(self.user_sales, Coverage, "create", vals))
        team = Coverage.with_user(self.user_dept_manager).create(vals)
        self.assertTrue(self._allowed(self.user_sales2, team, "read"))
        self.assertFalse(self._allowed(self.user_sales2, team, "write"))
        self.assertFalse(self._allowed(self.user_support, team, "read"))

    def test_message_matrix(self):
        message = self._message(taker=self.user_officer)
        #                    plain other mgr  off  man  oco  portal
        table = {
            "read": "x.xxx..",
            "write": "x.xxx..",
            "create": "xxxxx..",
            "unlink": "....x..",
        }
        self._check_matrix(
            message,
            table,
            lambda user: {
                "company_id": self.company.id,
                "recipient_employee_id": self.emp_sales2.id,
                "taken_by_user_id": user.id,
                "caller_name": "Ms Liu",
                "body": "Call back",
            },
        )
        # nobody takes a message in someone else's name
        self.assertFalse(
            self._allowed(
                self.user_sales,
                self.env["phone.message"],
                "create",
                {
                    "company_id": self.company.id,
                    "recipient_employee_id": self.emp_sales2.id,
                    "taken_by_user_id": self.user_support.id,
                    "caller_name": "Ms Liu",
                    "body": "Call back",
                },
            )
        )

    def test_transfer_matrix(self):
        # a confidential Sales call, transferred to Support
        call = self._call(self.user_sales2, confidentiality="confidential")
        transfer = self.env["phone.call.transfer"].create(
            {
                "call_id": call.id,
                "from_employee_id": self.emp_sales2.id,
                "to_employee_id": self.emp_support.id,
                "reason": "Technical question",
            }
        )
        # passing it on further: only who is on the call (Support got it) or
        # a Manager; reading a call is not enough, being asked is not either
        #                    plain other mgr  off  man  oco  portal
        table = {
            "read": ".x..x..",
            "write": "....x..",
            "create": ".x..x..",
            "unlink": "....x..",
        }

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

        self._check_matrix(transfer, table, vals)
        # an ordinary call's transfers: the department and officers read them
        normal = self._call(self.user_sales2)
        ordinary = self.env["phone.call.transfer"].create(
            {
                "call_id": normal.id,
                "from_employee_id": self.emp_sales2.id,
                "to_employee_id": self.emp_support.id,
                "reason": "Question",
            }
        )
        for user in (self.user_sales, self.user_dept_manager, self.user_officer):
            self.assertTrue(self._allowed(user, ordinary, "read"))
        # nobody records a transfer in someone else's name
        self.assertFalse(
            self._allowed(
                self.user_sales,
                self.env["phone.call.transfer"],
                "create",
                {
                    "call_id": normal.id,
                    "from_employee_id": self.emp_sales2.id,
                    "to_employee_id": self.emp_support.id,
                    "reason": "Forged",
                },
            )
        )

    def test_directory_matrix(self):
        row = self.env["phone.directory"].browse(self.emp_sales.id)
        #                    plain other mgr  off  man  oco  portal
        table = {
            "read": "xxxxx..",
            "write": ".......",
            "create": ".......",
            "unlink": ".......",
        }
        self._check_matrix(row, table, {"name": "Forged"})
