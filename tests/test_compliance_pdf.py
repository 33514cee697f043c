# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import tagged

from .common import PhonePolicyPdfCase, load_zh_tw, make_compliance_data


@tagged("post_install", "-at_install")
class TestCompliancePdf(PhonePolicyPdfCase):
    def test_monthly_compliance_pdf(self):
        """The March report of the company: a company page with its totals
        and a chart of each department's share answered in time, then a
        page per department with its figures and its six months of calls."""
        data = make_compliance_data(self.env)
        wizard = self.env["phone.compliance.print.wizard"].create(
            {"company_id": data["company"].id, "month": "3", "year": 2026}
        )
        pdf, text = self.render_pdf("phone_policy.phone_compliance_report_pdf", wizard)
        self.assertIn("Compliance Co", text.split("Phone compliance report")[0])
        # a page each: the company, then each department (pdftotext ends
        # every page with a form feed)
        self.assertEqual(text.count("\f"), 3, text)
        company, front, buying = text.split("\f")[:3]
        for page in (company, front, buying):
            self.assertIn("Month: 2026-03", page)

        def figure(page, label):
            # the label at a line's start or after a column gap, its value
            # next to it, then a column gap or the end of the line
            match = re.search(
                rf"(?:^|\s{{2,}}){re.escape(label)}\s+(\S+(?: [%sh])?)(?:\s{{2,}}|$)",
                page,
                re.MULTILINE,
            )
            self.assertTrue(match, f"{label!r} not in:\n{page}")
            return match.group(1)

        self.assertIn("Whole company", company)
        self.assertEqual(figure(company, "Calls"), "10")
        self.assertEqual(figure(company, "Answered within ring limit (%)"), "66.7 %")
        self.assertEqual(figure(company, "Violations"), "3")
        # the chart: one bar per department, its value written above it
        chart = company.split("by department")[1]
        self.assertRegex(chart, r"75\.0 %\s+50\.0 %")
        self.assertRegex(chart, r"Front Desk\s+Purchasing")

        self.assertIn("Front Desk", front)
        self.assertEqual(figure(front, "Calls"), "8")
        self.assertEqual(figure(front, "Answered within ring limit (%)"), "75.0 %")
        self.assertEqual(figure(front, "Average ring time (s)"), "9.5 s")
        self.assertEqual(figure(front, "Missed, not called back"), "1")
        self.assertEqual(figure(front, "Complete records (%)"), "80.0 %")
        self.assertEqual(figure(front, "Mean time to repair (h)"), "7.0 h")
        self.assertEqual(figure(front, "Inspection score (%)"), "75.0 %")
        self.assertEqual(figure(front, "Commendations"), "1")
        # six months of calls, March last: 1 in February, 8 in March
        trend = front.split("six months")[1]
        # (pdftotext reads the bars' values from the tallest down)
        self.assertIn(
            "8 1 0 0 0 0 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03",
            " ".join(trend.split()),
        )

        self.assertIn("Purchasing", buying)
        self.assertEqual(figure(buying, "Mean time to repair (h)"), "–")
        self.assertEqual(figure(buying, "Records violations"), "1")

    def test_monthly_compliance_pdf_in_company_language(self):
        """A Taiwanese company files the report in Traditional Chinese."""
        load_zh_tw(self.env)
        data = make_compliance_data(self.env)
        data["company"].partner_id.lang = "zh_TW"
        wizard = self.env["phone.compliance.print.wizard"].create(
            {"company_id": data["company"].id, "month": "3", "year": 2026}
        )
        _pdf, text = self.render_pdf("phone_policy.phone_compliance_report_pdf", wizard)
        self.assertIn("電話合規報告", text)
        self.assertIn("全公司", text)
        self.assertIn("近六個月通話數", text)
        # (NFKC: full-width brackets read as ASCII ones)
        self.assertRegex(text, r"響鈴限制內接聽\(%\)\s+66\.7 %")
        self.assertNotIn("Phone compliance report", text)
