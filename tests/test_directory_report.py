# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import PhonePolicyPdfCase, load_zh_tw


@tagged("post_install", "-at_install")
class TestDirectoryPdf(PhonePolicyPdfCase):
    def _directory(self):
        company = self.env.company
        sales = self.env["hr.department"].create({"name": "Export Sales"})
        support = self.env["hr.department"].create({"name": "Field Support"})
        system = self.env["phone.system"].create(
            {
                "name": "Tower PBX",
                "numbering_ids": [
                    Command.create(
                        {
                            "department_id": sales.id,
                            "prefix": "61",
                            "extension_length": 4,
                        }
                    ),
                    Command.create(
                        {
                            "department_id": support.id,
                            "rule": "range",
                            "range_start": 6200,
                            "range_end": 6299,
                        }
                    ),
                ],
            }
        )
        people = [
            ("Carol Wu", sales, "6101", "Account manager"),
            ("陳美玲", support, "6201", "Field engineer"),
            ("Moved Person", sales, "6105", "Planner"),
        ]
        employees = self.env["hr.employee"]
        for name, department, extension, job in people:
            employee = self.env["hr.employee"].create(
                {"name": name, "department_id": department.id, "job_title": job}
            )
            self.env["phone.account"].create(
                {
                    "system_id": system.id,
                    "employee_id": employee.id,
                    "extension": extension,
                    "state": "active",
                }
            )
            employees |= employee
        # moved to Support with a Sales extension: flagged in print too
        employees[2].department_id = support
        rows = self.env["phone.directory"].search(
            [("employee_id", "in", employees.ids), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(rows), 3)
        return rows

    def test_directory_pdf(self):
        rows = self._directory()
        _pdf, text = self.render_pdf("phone_policy.phone_directory_report_action", rows)
        for expected in (
            self.env.company.name,
            "Internal phone directory",
            "Numbering plan",
            "Tower PBX",
            "(4 digits)",
            "6200 to 6299",
            "Export Sales",
            "Field Support",
            "Carol Wu",
            "6101",
            "Account manager",
            "陳美玲",
            "6201",
            "Moved Person",
            "6105",
            "not in the plan",
        ):
            self.assertIn(expected, text)
        # grouped by department: Support's people come under its heading
        support_part = text[text.rindex("Field Support") :]
        self.assertIn("陳美玲", support_part)
        self.assertIn("Moved Person", support_part)
        self.assertNotIn("Carol Wu", support_part)

    def test_directory_pdf_in_company_language(self):
        load_zh_tw(self.env)
        self.env.company.partner_id.lang = "zh_TW"
        rows = self._directory()
        _pdf, text = self.render_pdf("phone_policy.phone_directory_report_action", rows)
        self.assertIn("內部電話通訊錄", text)
        self.assertIn("編號規則", text)
        self.assertIn("Carol Wu", text)
        self.assertNotIn("Internal phone directory", text)
