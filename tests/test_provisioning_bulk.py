# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .provisioning_common import PhoneProvisioningCase


@tagged("post_install", "-at_install")
class TestProvisioningBulk(PhoneProvisioningCase):
    """An officer selects employees and creates and issues their accounts
    in one action (policy §3.1: one account per employee): extensions from
    the numbering plan or the work phone, each password shown once, every
    account registering on the PBX at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.emp_phone = Employee.create(
            {
                "name": "Chen Wei",
                "department_id": cls.dept_sales.id,
                "company_id": cls.company.id,
                "work_phone": "+886 2 2345 1050",
            }
        )
        cls.emp_new = Employee.create(
            {
                "name": "Lin Ya-ting",
                "department_id": cls.dept_support.id,
                "company_id": cls.company.id,
                "work_phone": "+886 2 2345 9999",  # outside Support's range
            }
        )
        cls.emp_nowhere = Employee.create(
            {"name": "Huang Jie", "company_id": cls.company.id}
        )

    def _open_wizard(self, employees):
        wizard = self.rpc(
            "pp_officer",
            "phone.account.bulk.wizard",
            "create",
            [{}],
            context={"active_model": "hr.employee", "active_ids": employees.ids},
        )
        self.assertTrue(wizard.ok, wizard)
        lines = self.rpc(
            "pp_officer",
            "phone.account.bulk.wizard.line",
            "search_read",
            [("wizard_id", "in", wizard.value)],
            ["employee_id", "extension", "note"],
        )
        return wizard.value, {
            line["employee_id"][0]: (line["extension"], line["note"])
            for line in lines.value
        }

    def test_proposed_extensions(self):
        _wizard, lines = self._open_wizard(
            self.emp_phone
            | self.emp_sales2
            | self.emp_new
            | self.emp_nowhere
            | self.emp_sales
            | self.emp_officer
        )
        self.assertEqual(lines[self.emp_phone.id], ("1050", False))
        # Sales: 1002 is pp_sales's, so the first free one is 1001
        self.assertEqual(lines[self.emp_sales2.id], ("1001", False))
        # Support's range starts at 2001; 2050 is pp_support's
        self.assertEqual(lines[self.emp_new.id], ("2001", False))
        extension, note = lines[self.emp_nowhere.id]
        self.assertFalse(extension)
        self.assertIn("no numbering plan", note)
        extension, note = lines[self.emp_sales.id]
        self.assertFalse(extension)
        self.assertIn("Already has account 1002", note)
        # nobody issues their own password (SECURITY.md, class 9)
        self.assertEqual(
            lines[self.emp_officer.id],
            (False, "Your own account: another officer creates it."),
        )

    def test_create_and_issue_registers_everyone(self):
        wizard, lines = self._open_wizard(
            self.emp_phone | self.emp_sales2 | self.emp_new
        )
        result = self.rpc(
            "pp_officer", "phone.account.bulk.wizard", "action_create_and_issue", wizard
        )
        self.assertTrue(result.ok, result)
        self.assertEqual(result.value["res_model"], "phone.account.bulk.result")
        rows = [
            row.split("\t")
            for row in result.value["context"]["default_passwords"].splitlines()
        ]
        self.assertEqual(
            sorted(row[0] for row in rows), sorted(ext for ext, _note in lines.values())
        )
        accounts = self.env["phone.account"].search(
            [
                (
                    "employee_id",
                    "in",
                    (self.emp_phone | self.emp_sales2 | self.emp_new).ids,
                )
            ]
        )
        self.assertEqual(set(accounts.mapped("state")), {"active"})
        self.assertEqual(set(accounts.mapped("pbx_state")), {"provisioned"})
        for extension, _name, password in rows:
            with self.subTest(extension=extension):
                self.assertEqual(self.register(extension, password), 200)
        # and again nothing to create for them
        _wizard, again = self._open_wizard(self.emp_phone)
        self.assertIn("Already has account", again[self.emp_phone.id][1])

    def test_employees_cannot_create_accounts(self):
        refused = self.rpc(
            "pp_sales",
            "phone.account.bulk.wizard",
            "create",
            [{}],
            context={"active_model": "hr.employee", "active_ids": self.emp_sales2.ids},
        )
        self.assertRefused(refused)

    def test_the_form_sends_its_lines_back(self):
        """Saving the wizard's form sends the proposed lines back, their
        employee and note included although the form shows them read-only:
        the extension the officer corrected is the account's."""
        wizard = self.rpc(
            "pp_officer",
            "phone.account.bulk.wizard",
            "create",
            {
                "system_id": self.system.id,
                "employee_ids": [(6, 0, self.emp_phone.ids)],
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "employee_id": self.emp_phone.id,
                            "extension": "1077",
                            "note": False,
                        },
                    )
                ],
            },
            context={"active_model": "hr.employee", "active_ids": self.emp_phone.ids},
        )
        self.assertTrue(wizard.ok, wizard)
        result = self.rpc(
            "pp_officer",
            "phone.account.bulk.wizard",
            "action_create_and_issue",
            [wizard.value],
        )
        self.assertTrue(result.ok, result)
        account = self.env["phone.account"].search(
            [("employee_id", "=", self.emp_phone.id)]
        )
        self.assertEqual(
            (account.extension, account.state, account.pbx_state),
            ("1077", "active", "provisioned"),
        )
