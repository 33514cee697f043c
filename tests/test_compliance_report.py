# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import make_compliance_data

MARCH = date(2026, 3, 1)
TZ = "Asia/Taipei"


@tagged("post_install", "-at_install")
class TestComplianceFigures(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        data = make_compliance_data(cls.env)
        cls.company = data["company"]
        cls.front = data["front"]
        cls.buying = data["buying"]
        cls.front_user = data["front_user"]
        cls.front_employee = data["front_employee"]
        cls.officer = new_test_user(
            cls.env,
            "cc_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz=TZ,
        )
        cls.report = cls.env["phone.compliance.report"].with_user(cls.officer)

    def _points(self, *xmlids):
        return sum(self.env.ref(f"phone_policy.{x}").default_points for x in xmlids)

    def test_month_per_department(self):
        """Each department's figures of March (Taipei time): only March's
        records, shares and averages over what they measure."""
        figures = self.report._figures(MARCH, TZ)
        self.assertEqual(set(figures), {self.front, self.buying})
        self.assertEqual(
            figures[self.front],
            {
                "call_count": 8,
                "personal_call_count": 1,
                "answered_count": 4,
                # the 4 ring times the phone system measured
                "ring_measured_count": 4,
                "answered_in_time_count": 3,
                "answered_in_time_rate": 75.0,
                "ring_seconds": 9.5,
                "missed_count": 2,
                "missed_no_callback_count": 1,
                # 5 answered work calls to record (§5.1.1), 4 complete
                "record_count": 5,
                "complete_count": 4,
                "complete_rate": 80.0,
                # nothing filed in an archive yet
                "filed_count": 0,
                "filed_complete_rate": None,
                "overdue_callback_count": 1,
                "fault_count": 3,
                "fault_open_count": 1,
                "fault_overdue_count": 1,
                "fault_resolved_count": 2,
                "repair_hours": 7.0,
                "violation_count": 2,
                "violation_usage_count": 1,
                "violation_etiquette_count": 1,
                "violation_information_security_count": 0,
                "violation_records_count": 0,
                "violation_points": self._points(
                    "violation_type_etiquette", "violation_type_personal_call"
                ),
                "commendation_count": 1,
                "commendation_points": 2,
                "inspected_call_count": 2,
                "inspection_score": 75.0,
            },
        )
        buying = figures[self.buying]
        self.assertEqual(
            (buying["call_count"], buying["answered_in_time_rate"]), (2, 50.0)
        )
        self.assertEqual(buying["ring_seconds"], 17.5)
        self.assertEqual(buying["violation_records_count"], 1)
        # nothing measured is "no figure", not a perfect or a zero score
        self.assertIsNone(buying["repair_hours"])
        self.assertIsNone(buying["inspection_score"])

    def test_company_totals_are_not_averages_of_averages(self):
        """The company's share answered in time is 4 of its 6 answered calls
        (66.7 %), not the mean of the departments' 75 % and 50 %."""
        totals = self.report._figures(
            MARCH, TZ, domain=[("company_id", "=", self.company.id)], groupby=()
        )[()]
        self.assertEqual(totals["call_count"], 10)
        self.assertAlmostEqual(totals["answered_in_time_rate"], 400 / 6)
        self.assertAlmostEqual(totals["ring_seconds"], (3 + 6 + 9 + 20 + 5 + 30) / 6)
        self.assertEqual(totals["violation_count"], 3)

    def test_month_borders_in_company_time(self):
        """A call at 01:00 on 1 March in Taipei (28 February in UTC) is
        March's; one at 01:00 on 1 April is April's, also in the pivot's
        month grouping."""
        rows = self.report.with_context(tz=TZ).read_group(
            [("department_id", "=", self.front.id), ("record_type", "=", "call")],
            ["call_count:sum"],
            ["date:month"],
        )
        by_month = {row["date:month"]: row["call_count"] for row in rows}
        self.assertEqual(
            list(by_month.values()), [1, 8, 1], f"months seen: {list(by_month)}"
        )
        april = self.report._figures(date(2026, 4, 1), TZ)
        self.assertEqual(april[self.front]["call_count"], 1)

    def test_call_back_done(self):
        """A missed call stops counting as not called back, and its promised
        call-back as overdue, once the call-back activity is done."""
        missed = self.env["phone.call"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.front_employee.id,
                "direction": "inbound",
                "answered": False,
                "counterpart_name": "Mrs Lee",
                "phone": "+886 2 2712 3456",
                "date_start": datetime(2026, 5, 4, 2, 0),
            }
        )
        missed._schedule_callback(datetime(2026, 5, 4, 6, 0), self.front_user)
        may = date(2026, 5, 1)
        figures = self.report._figures(may, TZ)[self.front]
        self.assertEqual(
            (figures["missed_no_callback_count"], figures["overdue_callback_count"]),
            (1, 1),
        )
        missed.activity_ids.with_user(self.front_user).action_feedback("Called back")
        figures = self.report._figures(may, TZ)[self.front]
        self.assertEqual(figures["missed_count"], 1)
        self.assertEqual(
            (figures["missed_no_callback_count"], figures["overdue_callback_count"]),
            (0, 0),
        )

    def test_dashboard_card(self):
        """The dashboard shows this month's figures of a department."""
        self.env["phone.call"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.front_employee.id,
                "direction": "inbound",
                "counterpart_name": "Walk-in caller",
                "date_start": fields.Datetime.now() - timedelta(minutes=5),
                "ring_seconds": 20,
                "source": "pbx",
            }
        )
        # a ring time typed by hand is declared, not measured: not counted
        self.env["phone.call"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.front_employee.id,
                "direction": "inbound",
                "counterpart_name": "Regular caller",
                "date_start": fields.Datetime.now() - timedelta(minutes=4),
                "ring_seconds": 2,
            }
        )
        card = self.front.with_user(self.officer)
        self.assertEqual(card.phone_month_call_count, 2)
        self.assertEqual(card.phone_month_answered_count, 2)
        self.assertEqual(card.phone_month_in_time_rate, 0.0)
        self.assertEqual(card.phone_month_ring_seconds, 20.0)
        action = card.action_phone_compliance_analysis()
        self.assertEqual(action["domain"], [("department_id", "=", self.front.id)])

    def test_who_sees_the_figures(self):
        """Officers see their companies' figures; employees, department
        managers and other companies' officers see none, not even on the
        department card."""
        self.front.manager_id = self.front_employee
        with self.assertRaises(AccessError):
            self.env["phone.compliance.report"].with_user(self.front_user).search([])
        with self.assertRaises(AccessError):
            self.front.with_user(self.front_user).read(["phone_month_call_count"])
        outsider = new_test_user(
            self.env,
            "cc_outside_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
        )
        self.assertFalse(
            self.env["phone.compliance.report"]
            .with_user(outsider)
            .search([("company_id", "=", self.company.id)])
        )
        self.assertTrue(self.report.search([("company_id", "=", self.company.id)]))

    def test_print_wizard_checks_the_year(self):
        wizard = self.env["phone.compliance.print.wizard"].with_user(self.officer)
        with self.assertRaisesRegex(Exception, "four digits"):
            wizard.create({"month": "3", "year": 26})
        printed = wizard.create({"month": "3", "year": 2026}).action_print()
        self.assertEqual(
            printed["report_name"], "phone_policy.phone_compliance_report_document"
        )
