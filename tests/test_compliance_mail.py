# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly compliance report e-mailed to the department managers (issue
20): an opt-in company setting, on the company's first working day of the
month (its working schedule, its time zone), last month's report of the
manager's department attached, in the manager's language, once."""

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhonePolicyCase, PhonePolicyPdfCase, make_compliance_data
from .security.common import PhonePolicyRpcCase
from .test_mail_templates import MailMixin

# Sunday 1 November 2026 is no working day: Monday the 2nd is the first
# 2 Nov 04:00 in Taipei, still Sunday 1 Nov in UTC
MONDAY_2ND_TAIPEI = datetime(2026, 11, 1, 20, 0)
# 1 Nov 23:00 in Taipei: the month has begun, its first working day not
SUNDAY_1ST_TAIPEI = datetime(2026, 11, 1, 15, 0)


@tagged("post_install", "-at_install")
class TestComplianceMail(MailMixin, PhonePolicyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Sales: managed by pp_mgr (English); Support: by pp_support, who
        # reads Traditional Chinese; the warehouse has no manager
        cls.dept_support.manager_id = cls.emp_support
        cls._chinese(cls.user_support)
        cls.dept_warehouse = cls.env["hr.department"].create(
            {"name": "Warehouse TW", "company_id": cls.company.id}
        )
        cls.company.phone_compliance_mail = True

    def _run_cron(self, when):
        with freeze_time(when):
            self.env["phone.compliance.mail"]._cron_send_monthly_reports()
        self.env.flush_all()
        return self._sent()

    def _sent(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "phone.compliance.mail")], order="id")
        )

    def test_off_by_default(self):
        company = self.env["res.company"].create({"name": "Quiet Co"})
        self.assertFalse(company.phone_compliance_mail)
        self.company.phone_compliance_mail = False
        self.assertFalse(self._run_cron(MONDAY_2ND_TAIPEI))
        self.assertFalse(self.env["phone.compliance.mail"].search([]))

    def test_setting_in_settings(self):
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertTrue(settings.phone_compliance_mail)
        settings.phone_compliance_mail = False
        settings.execute()
        self.assertFalse(self.company.phone_compliance_mail)

    def test_first_working_day(self):
        """The company's working schedule says which day is the first:
        weekends and public holidays are not."""
        company = self.company
        self.assertEqual(
            company._phone_first_working_day(date(2026, 11, 20)), date(2026, 11, 2)
        )
        self.assertEqual(
            company._phone_first_working_day(date(2026, 12, 31)), date(2026, 12, 1)
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": company.resource_calendar_id.id,
                "date_from": datetime(2026, 11, 1, 16, 0),  # Mon 00:00 Taipei
                "date_to": datetime(2026, 11, 2, 16, 0),
            }
        )
        self.assertEqual(
            company._phone_first_working_day(date(2026, 11, 20)), date(2026, 11, 3)
        )
        # so nothing on the Monday, the report on the Tuesday
        self.assertFalse(self._run_cron(MONDAY_2ND_TAIPEI))
        self.assertEqual(len(self._run_cron(datetime(2026, 11, 3, 1, 0))), 2)

    def test_not_before_the_first_working_day(self):
        """Sunday the 1st in Taipei: nothing, though the month has begun."""
        self.assertFalse(self._run_cron(SUNDAY_1ST_TAIPEI))
        self.assertFalse(self.env["phone.compliance.mail"].search([]))

    def test_one_mail_per_manager_in_their_language(self):
        mails = self._run_cron(MONDAY_2ND_TAIPEI)
        # Sales and Support; the warehouse without a manager is left out
        self.assertEqual(len(mails), 2)
        english, chinese = mails
        self.assertEqual(english.recipient_ids, self.user_dept_manager.partner_id)
        self.assertEqual(english.subject, "Phone compliance report 2026-10: Sales TW")
        self.assertIn("The phone compliance report of", english.body_html)
        self.assertIn(self.emp_dept_manager.name, english.body_html)
        self.assertEqual(chinese.recipient_ids, self.user_support.partner_id)
        self.assertEqual(chinese.subject, "電話合規報告 2026-10：Support TW")
        self.assertIn("電話合規報告", chinese.body_html)
        self.assertNotIn("The phone compliance report of", chinese.body_html)
        # the report of October, one attachment each, named after the
        # department (HTML in tests unless rendering is forced: see below)
        for mail, department in ((english, "Sales TW"), (chinese, "Support TW")):
            self.assertEqual(len(mail.attachment_ids), 1)
            self.assertEqual(
                mail.attachment_ids.name, f"Phone compliance 2026-10 {department}.html"
            )
        sent = self.env["phone.compliance.mail"].search([])
        self.assertEqual(sent.department_id, self.dept_sales | self.dept_support)
        self.assertEqual(set(sent.mapped("month")), {date(2026, 10, 1)})
        self.assertNotIn(self.dept_warehouse, sent.department_id)

    def test_once_a_month(self):
        self.assertEqual(len(self._run_cron(MONDAY_2ND_TAIPEI)), 2)
        # the same day again, later that day, later that month: nothing more
        self.assertEqual(len(self._run_cron(MONDAY_2ND_TAIPEI)), 2)
        self.assertEqual(len(self._run_cron(datetime(2026, 11, 2, 9, 0))), 2)
        self.assertEqual(len(self._run_cron(datetime(2026, 11, 20, 2, 0))), 2)
        # a manager given to the warehouse later that month gets October's
        self.dept_warehouse.manager_id = self.emp_sales2
        mails = self._run_cron(datetime(2026, 11, 20, 2, 0))
        self.assertEqual(len(mails), 3)
        self.assertEqual(mails[-1].recipient_ids, self.user_sales2.partner_id)
        # December's first working day: November's report, once
        mails = self._run_cron(datetime(2026, 12, 1, 1, 0))
        self.assertEqual(len(mails), 6)
        self.assertEqual(
            mails[-1].subject, "Phone compliance report 2026-11: Warehouse TW"
        )
        self.assertEqual(len(self._run_cron(datetime(2026, 12, 1, 1, 0))), 6)

    def test_manager_without_e_mail_is_skipped(self):
        self.user_dept_manager.partner_id.email = False
        mails = self._run_cron(MONDAY_2ND_TAIPEI)
        self.assertEqual(mails.recipient_ids, self.user_support.partner_id)

    def test_other_company_untouched(self):
        """Only the companies that asked for it: the other company's
        department is not written to."""
        department = self.env["hr.department"].create(
            {
                "name": "Other Co Sales",
                "company_id": self.other_company.id,
                "manager_id": self.env["hr.employee"]
                .search([("user_id", "=", self.user_other_company.id)])
                .id,
            }
        )
        self._run_cron(MONDAY_2ND_TAIPEI)
        self.assertFalse(
            self.env["phone.compliance.mail"].search(
                [("department_id", "=", department.id)]
            )
        )

    def test_only_officers_read_what_was_sent(self):
        self._run_cron(MONDAY_2ND_TAIPEI)
        sent = self.env["phone.compliance.mail"].search([])
        self.assertEqual(len(sent), 2)
        self.env.invalidate_all()
        Mail = self.env["phone.compliance.mail"]
        self.assertEqual(Mail.with_user(self.user_officer).search([]), sent)
        for user in (self.user_dept_manager, self.user_support, self.user_sales):
            self.assertFalse(Mail.with_user(user).has_access("read"), user.login)


@tagged("post_install", "-at_install")
class TestComplianceMailPdf(MailMixin, PhonePolicyPdfCase):
    def test_each_manager_gets_their_department_pdf(self):
        """The real PDF of the report, one department each, March's figures
        without the confidential calls, which department managers do not
        read, with the calls already filed in the archive."""
        data = make_compliance_data(self.env)
        company = data["company"]
        front, buying = self.env["hr.department"].search(
            [("company_id", "=", company.id)], order="name"
        )
        self.assertEqual(
            (front.name, buying.name), ("Front Desk", "Purchasing"), "fixture"
        )
        employees = self.env["hr.employee"].search(
            [("company_id", "=", company.id)], order="name"
        )
        by_login = {employee.user_id.login: employee for employee in employees}
        front.manager_id = by_login["cc_front"]
        buying.manager_id = by_login["cc_buying"]
        self.env["phone.call"].create(
            {
                "company_id": company.id,
                "employee_id": by_login["cc_front"].id,
                "direction": "inbound",
                "date_start": datetime(2026, 3, 20, 2, 0),
                "subject": "Merger",
                "key_points": "Confidential talks.",
                "confidentiality": "confidential",
                "source": "pbx",
                "ring_seconds": 3,
            }
        )
        # a March call already filed in the archive when the mail goes out:
        # counted (the department manager may ask to read it)
        category = self.env.ref("phone_policy.phone_call_category_support")
        self.env["phone.call"].create(
            {
                "company_id": company.id,
                "employee_id": by_login["cc_front"].id,
                "direction": "outbound",
                "date_start": datetime(2026, 3, 19, 2, 0),
                "subject": "Delivery",
                "key_points": "Delivery date agreed.",
                "category_id": category.id,
                "source": "pbx",
            }
        )
        archive = self.env["phone.archive"].create(
            {
                "company_id": company.id,
                "period_type": "month",
                "period_date": date(2026, 3, 1),
                "category_id": category.id,
            }
        )
        archive.action_file()
        self.assertEqual(len(archive.call_ids), 1)
        company.phone_compliance_mail = True
        # Wednesday 1 April 2026, Taipei: the first working day
        with patch.object(
            self.registry["res.company"], "_phone_today", lambda self: date(2026, 4, 1)
        ):
            self.env["phone.compliance.mail"].with_context(
                force_report_rendering=True
            )._cron_send_monthly_reports()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "phone.compliance.mail")], order="id")
        )
        self.assertEqual(len(mails), 2)
        for mail, login, department, other, calls in (
            # 8 calls, 1 filed, the confidential one left out
            (mails[0], "cc_front", "Front Desk", "Purchasing", "9"),
            (mails[1], "cc_buying", "Purchasing", "Front Desk", "2"),
        ):
            manager = by_login[login]
            self.assertEqual(mail.recipient_ids, manager.user_id.partner_id)
            self.assertEqual(len(mail.attachment_ids), 1)
            self.assertEqual(
                mail.attachment_ids.name, f"Phone compliance 2026-03 {department}.pdf"
            )
            text = self._pdf_text(mail.attachment_ids)
            # one page: the manager's department, March
            self.assertEqual(text.count("\f"), 1, text)
            self.assertIn(department, text)
            self.assertNotIn(other, text)
            self.assertNotIn("Whole company", text)
            self.assertIn("Month: 2026-03", text)
            self.assertRegex(text, rf"(?m)(^|\s{{2,}})Calls\s+{calls}(\s{{2,}}|$)")


@tagged("post_install", "-at_install")
class TestComplianceMailRpc(PhonePolicyRpcCase):
    def test_only_officers_reach_the_mailed_report(self):
        """Over JSON-RPC: the manager reads the e-mail written to them, their
        colleagues neither it nor its PDF; Officers see what was sent to
        whom; nobody rewrites or deletes it."""
        self.company.phone_compliance_mail = True
        with patch.object(
            self.registry["res.company"],
            "_phone_today",
            lambda self: date(2026, 11, 2),
        ):
            self.env["phone.compliance.mail"]._cron_send_monthly_reports()
        sent = self.env["phone.compliance.mail"].search([])
        self.assertEqual(sent.department_id, self.dept_sales)
        mail = self.env["mail.mail"].search(
            [("model", "=", "phone.compliance.mail"), ("res_id", "=", sent.id)]
        )
        self.assertEqual(len(mail.attachment_ids), 1)
        message = mail.mail_message_id
        # the manager reads the e-mail written to them, its PDF too
        body = self.rpc("pp_mgr", "mail.message", "read", message.ids, ["body"])
        self.assertTrue(body.ok, body)
        found = self.rpc(
            "pp_mgr", "ir.attachment", "search", [("id", "in", mail.attachment_ids.ids)]
        )
        self.assertEqual(found.value, mail.attachment_ids.ids)
        with mute_logger("odoo.http"):
            read = self.rpc(
                "pp_mgr", "phone.compliance.mail", "read", sent.ids, ["partner_id"]
            )
        self.assertRefused(read)
        # their colleagues, nothing of it
        for login in ("pp_sales", "pp_support"):
            with mute_logger("odoo.http"):
                read = self.rpc(
                    login, "phone.compliance.mail", "read", sent.ids, ["partner_id"]
                )
                self.assertRefused(read, msg=login)
                body = self.rpc(login, "mail.message", "read", message.ids, ["body"])
                self.assertRefused(body, msg=login)
            found = self.rpc(
                login,
                "ir.attachment",
                "search",
                [("id", "in", mail.attachment_ids.ids)],
            )
            self.assertEqual(found.value, [], login)
        # the Officer sees what went to whom, and cannot make it go again
        read = self.rpc(
            "pp_officer", "phone.compliance.mail", "read", sent.ids, ["partner_id"]
        )
        self.assertTrue(read.ok, read)
        self.assertEqual(
            read.value[0]["partner_id"][0], self.user_dept_manager.partner_id.id
        )
        for method, args in (
            ("unlink", (sent.ids,)),
            ("write", (sent.ids, {"month": "2026-09-01"})),
        ):
            with mute_logger("odoo.http"):
                result = self.rpc("pp_manager", "phone.compliance.mail", method, *args)
            self.assertRefused(result, msg=method)
        self.assertTrue(sent.exists())
        self.assertEqual(sent.month, date(2026, 10, 1))
