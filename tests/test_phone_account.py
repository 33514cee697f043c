# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneSystemCase


@tagged("post_install", "-at_install")
class TestPhoneSystemNumbering(PhoneSystemCase):
    def test_extension_follows_department_plan(self):
        account = self._account(self.emp_sales, "1002")
        self.assertTrue(account.numbering_ok)
        self.assertEqual(account.login, "1002")
        self.assertEqual(account.name, "1002 - pp_sales")
        with (
            self.assertRaisesRegex(ValidationError, "numbering plan of Sales TW"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_sales2, "2002")
        with (
            self.assertRaisesRegex(ValidationError, "numbering plan"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_sales2, "10021")  # five digits
        with (
            self.assertRaisesRegex(ValidationError, "digits only"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_sales2, "10a2")
        self.assertTrue(self._account(self.emp_support, "2050").numbering_ok)
        with (
            self.assertRaisesRegex(ValidationError, "numbering plan of Support TW"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_officer, "2100")

    def test_department_without_plan_accepts_any_digits(self):
        other = self.env["hr.department"].create(
            {"name": "R&D", "company_id": self.company.id}
        )
        self.emp_manager.department_id = other
        self.assertTrue(self._account(self.emp_manager, "7777").numbering_ok)

    def test_one_open_account_per_extension_and_employee(self):
        first = self._account(self.emp_sales, "1002", state="active")
        with (
            self.assertRaisesRegex(ValidationError, "already used by pp_sales"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_sales2, "1002")
        with (
            self.assertRaisesRegex(ValidationError, "one account per employee"),
            self.env.cr.savepoint(),
        ):
            self._account(self.emp_sales, "1003")
        # closing the account frees the extension and the employee
        first.state = "closed"
        self.assertTrue(self._account(self.emp_sales2, "1002"))
        self.assertTrue(self._account(self.emp_sales, "1003"))

    def test_database_refuses_duplicate_extension(self):
        """Even bypassing the ORM check, PostgreSQL keeps extensions unique."""
        self._account(self.emp_sales, "1002")
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                """INSERT INTO phone_account
                       (system_id, company_id, employee_id, extension, state)
                   VALUES (%s, %s, %s, '1002', 'draft')""",
                (self.system.id, self.company.id, self.emp_sales2.id),
            )

    def test_employee_shows_extension(self):
        self.assertFalse(self.emp_sales.phone_extension)
        account = self._account(self.emp_sales, "1002", state="active")
        self.assertEqual(self.emp_sales.phone_extension, "1002")
        found = self.env["hr.employee"].search(
            [("phone_extension", "=", "1002"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(found, self.emp_sales)
        # colleagues without HR rights read it (through hr.employee.public)
        as_colleague = self.emp_sales.with_user(self.user_support)
        self.assertEqual(as_colleague.phone_extension, "1002")
        self.assertEqual(
            as_colleague.read(["name", "phone_extension"])[0]["phone_extension"], "1002"
        )
        account.state = "closed"
        self.assertFalse(self.emp_sales.phone_extension)

    def test_account_access(self):
        own = self._account(self.emp_sales, "1002")
        other = self._account(self.emp_sales2, "1003")
        Account = self.env["phone.account"]
        self.assertEqual(Account.with_user(self.user_sales).search([]), own)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            other.with_user(self.user_sales).read(["extension"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            own.with_user(self.user_sales).write({"extension": "1009"})
        self.assertEqual(Account.with_user(self.user_officer).search([]), own | other)
        self.assertFalse(Account.with_user(self.user_other_company).search([]))
        # everybody reads the numbering plan; only officers change it
        plan = self.system.numbering_ids.with_user(self.user_sales)
        self.assertEqual(len(plan.read(["description"])), 2)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            plan[0].write({"prefix": "99"})
