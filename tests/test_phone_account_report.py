# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .common import PhonePolicyPdfCase


@tagged("post_install", "-at_install")
class TestHandoverSheetPdf(PhonePolicyPdfCase):
    def test_handover_sheet_in_the_company_language_without_password(self):
        """The account handover sheet names the employee, extension and login,
        states the rules of policy §3.1-§3.2 in the company's language, has
        signature lines, and never carries the password."""
        company = self.env.company
        company.phone_password_grace_days = 4
        user = new_test_user(self.env, "pp_pdf_handover", groups="base.group_user")
        department = self.env["hr.department"].create({"name": "Key Accounts"})
        employee = self.env["hr.employee"].create(
            {"name": "陳怡君", "user_id": user.id, "department_id": department.id}
        )
        system = self.env["phone.system"].create({"name": "Taipei PBX"})
        account = self.env["phone.account"].create(
            {
                "system_id": system.id,
                "employee_id": employee.id,
                "extension": "7301",
                "login": "sip7301",
            }
        )
        password = account._phone_issue_password()
        password_hash = account._phone_password_history().password_hash
        report = "phone_policy.phone_account_handover_report_action"

        company.partner_id.lang = "en_US"
        _pdf, text = self.render_pdf(report, account)
        for expected in (
            "Phone account handover sheet",
            "陳怡君",
            "Key Accounts",
            "7301",
            "sip7301",
            "Taipei PBX",
            "This account is yours alone",
            "within 4 working days",
            "at least 10 characters",
            "Report a leak or anomaly",
            "Employee's signature",
        ):
            self.assertIn(expected, text)

        self.env["res.lang"]._activate_lang("zh_TW")
        self.env["ir.module.module"]._load_module_terms(
            ["phone_policy"], ["zh_TW"], overwrite=True
        )
        company.partner_id.lang = "zh_TW"
        _pdf, text_tw = self.render_pdf(report, account)
        for expected in (
            "電話帳號交接單",
            "陳怡君",
            "7301",
            "sip7301",
            "本人",
            "4 個工作天",
            "簽名",
        ):
            self.assertIn(expected, text_tw)
        self.assertNotIn("This account is yours alone", text_tw)

        for text_of_pdf in (text, text_tw):
            self.assertNotIn(password, text_of_pdf)
            self.assertNotIn(password_hash[-20:], text_of_pdf)
