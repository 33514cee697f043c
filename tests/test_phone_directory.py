# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MONDAY, InternalCase, utc

# what the directory may show about a colleague, and nothing else
DIRECTORY_FIELDS = {
    "id",
    "display_name",
    "employee_id",
    "name",
    "company_id",
    "department_id",
    "job_id",
    "job_title",
    "work_phone",
    "work_email",
    "user_id",
    "extension",
    "system_id",
    "numbering_ok",
    "numbering_plan",
    "numbering_warning",
    "availability",
    "is_away",
}


@tagged("post_install", "-at_install")
class TestPhoneDirectory(InternalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_sales.write(
            {
                "job_title": "Account manager",
                "work_phone": "+886 2 2345 1002",
                # private data the directory must never show
                "private_email": "secret.home@example.com",
                "private_phone": "+886 900 000 001",
                "birthday": "1990-05-17",
                "identification_id": "A123456789",
            }
        )
        cls.Directory = cls.env["phone.directory"]

    def _rows(self, user, domain):
        return self.Directory.with_user(user).search(
            [("company_id", "=", self.company.id), *domain]
        )

    def test_every_internal_user_reads_the_directory(self):
        fresh = new_test_user(
            self.env,
            "pp_fresh_dir",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (fresh, self.user_support, self.user_officer, self.user_manager):
            rows = self._rows(user, [])
            self.assertIn(self.emp_sales.id, rows.ids)
            row = rows.filtered(lambda r: r.id == self.emp_sales.id)
            self.assertEqual(row.extension, "1002")
            self.assertEqual(row.department_id, self.dept_sales)
            self.assertEqual(row.job_title, "Account manager")
            self.assertEqual(row.work_phone, "+886 2 2345 1002")
            self.assertEqual(row.availability, "Available")
        # another company does not see ours; portal users see nothing
        self.assertFalse(self._rows(self.user_other_company, []))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.Directory.with_user(self.user_portal).search([])

    def test_nothing_confidential(self):
        user = self.user_support
        directory = self.Directory.with_user(user)
        self.assertEqual(set(directory.fields_get()) - DIRECTORY_FIELDS, set())
        row = self._rows(user, [("name", "=", "pp_sales")])
        values = row.read(list(DIRECTORY_FIELDS))[0]
        text = repr(values)
        for secret in ("secret.home", "900 000 001", "1990", "A123456789"):
            self.assertNotIn(secret, text)
        # following the employee link gives the public profile only
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            row.employee_id.read(["private_email"])
        self.env.invalidate_all()
        # the public profile carries the extension too
        public = (
            self.env["hr.employee.public"].with_user(user).browse(self.emp_sales.id)
        )
        self.assertEqual(public.phone_extension, "1002")

    def test_search_by_name_department_extension(self):
        user = self.user_sales2
        self.assertEqual(
            self._rows(user, [("name", "ilike", "pp_sup")]).ids, [self.emp_support.id]
        )
        self.assertEqual(
            self._rows(user, [("extension", "=", "2002")]).ids,
            [self.emp_dept_manager.id],
        )
        self.assertEqual(
            set(
                self._rows(
                    user, [("department_id", "child_of", self.dept_sales.id)]
                ).ids
            ),
            {self.emp_sales.id, self.emp_sales2.id},
        )
        groups = self.Directory.with_user(user).read_group(
            [("company_id", "=", self.company.id)], ["department_id"], ["department_id"]
        )
        counts = {g["department_id"][0]: g["department_id_count"] for g in groups}
        self.assertEqual(counts[self.dept_sales.id], 2)
        self.assertEqual(counts[self.dept_support.id], 4)

    def test_numbering_plan_flags(self):
        row = self._rows(self.user_sales, [("name", "=", "pp_sales")])
        self.assertTrue(row.numbering_ok)
        self.assertEqual(row.numbering_plan, "10… (4 digits)")
        self.assertFalse(row.numbering_warning)
        # moved to Support but still on a Sales extension: flagged
        self.emp_sales.department_id = self.dept_support
        self.env.invalidate_all()
        row = self._rows(self.user_sales, [("name", "=", "pp_sales")])
        self.assertFalse(row.numbering_ok)
        self.assertEqual(
            row.numbering_warning,
            "Extension 1002 does not follow the numbering plan of Support TW: "
            "2001 to 2099.",
        )
        flagged = self._rows(self.user_sales2, [("numbering_ok", "=", False)])
        self.assertEqual(flagged.ids, [self.emp_sales.id])

    def test_flag_agrees_with_numbering_rules(self):
        """The directory's SQL flag says what phone.system.numbering._matches
        says, for prefix and range rules alike."""
        lab = self.env["hr.department"].create(
            {"name": "Lab", "company_id": self.company.id}
        )
        extensions = ["1099", "10021", "102", "2050", "2100", "0100", "99", "7001"]
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": f"lab{ext}",
                    "department_id": lab.id,
                    "company_id": self.company.id,
                }
                for ext in extensions
            ]
        )
        for employee, ext in zip(employees, extensions, strict=True):
            self._account(employee, ext, state="active")
        lines = self.env["phone.system.numbering"].create(
            [
                {
                    "system_id": self.system.id,
                    "department_id": lab.id,
                    "prefix": "10",
                    "extension_length": 4,
                },
                {
                    "system_id": self.system.id,
                    "department_id": lab.id,
                    "rule": "range",
                    "range_start": 2001,
                    "range_end": 2099,
                },
                {
                    "system_id": self.system.id,
                    "department_id": lab.id,
                    "prefix": "7",
                    "extension_length": 0,
                },
            ]
        )
        rows = self.Directory.search([("department_id", "=", lab.id)])
        flags = {row.extension: row.numbering_ok for row in rows}
        expected = {
            ext: any(line._matches(ext) for line in lines) for ext in extensions
        }
        self.assertEqual(flags, expected)
        self.assertEqual(
            [ext for ext in extensions if flags[ext]], ["1099", "2050", "7001"]
        )

    def test_availability_from_coverage(self):
        self._coverage(
            self.emp_sales,
            utc(MONDAY, 9),
            utc(MONDAY, 15),
            cover_type="colleague",
            cover_employee_id=self.emp_sales2.id,
        )
        self._coverage(
            scope="department",
            department_id=self.dept_support.id,
            start=utc(MONDAY, 10),
            stop=utc(MONDAY, 11),
        )
        with freeze_time(utc(MONDAY, 10, 30)):
            away = self._rows(self.user_officer, [("is_away", "=", True)])
            self.assertEqual(
                set(away.ids),
                {
                    self.emp_sales.id,
                    self.emp_support.id,
                    self.emp_dept_manager.id,
                    self.emp_officer.id,
                    self.emp_manager.id,
                },
            )
            row = away.filtered(lambda r: r.id == self.emp_sales.id)
            self.assertEqual(row.availability, "Away until 15:00, covered by pp_sales2")
            # a Support user cannot open Sales' coverage, yet sees availability
            row = self._rows(self.user_support, [("name", "=", "pp_sales")])
            self.assertEqual(row.availability, "Away until 15:00, covered by pp_sales2")
            available = self._rows(self.user_officer, [("is_away", "=", False)])
            self.assertIn(self.emp_sales2.id, available.ids)
        with freeze_time(utc(MONDAY, 15)):
            self.assertFalse(self._rows(self.user_officer, [("is_away", "=", True)]))
