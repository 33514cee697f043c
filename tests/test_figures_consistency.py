# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One definition per rule (README, "How each figure is computed"): one
fixed set of calls — imported from the phone system (the SQL path of
cdr/engine.py) and logged by hand (the ORM) — and every consumer of every
rule gives the same answer: the call's own fields, the automatic findings,
the compliance view, the department dashboard, the monthly PDF's figures,
the inspection prefill and the appraisal."""

import io
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.phone_policy.cdr.engine import CdrImporter
from odoo.addons.phone_policy.reports.phone_compliance_report_pdf import (
    SECTIONS,
    format_figure,
)

from .common import PhoneCdrCase, call_line

MON = "2026-11-02"
NOVEMBER = date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestFiguresConsistency(PhoneCdrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Taipei"
        # the employee judged here: every call below is theirs
        cls.employee = cls.emp_sales
        lines = [
            # inbound, measured: in time, late
            call_line("in", "0287654321", "1002", f"{MON} 10:00:00", ring=5),
            call_line("late", "0287654321", "1002", f"{MON} 10:05:00", ring=25),
            # missed: called back an hour later / never
            call_line(
                "miss.back", "0223456789", "1002", f"{MON} 10:10:00", answered=False
            ),
            call_line("back", "1002", "0223456789", f"{MON} 11:10:00"),
            call_line(
                "miss.never", "0912345678", "1002", f"{MON} 10:20:00", answered=False
            ),
            # Sunday evening in Los Angeles; 20 minutes
            call_line("quiet", "1002", "+14155550123", f"{MON} 10:30:00"),
            call_line("long", "1002", "+8613812345678", f"{MON} 14:00:00", talk=1200),
        ]
        imp = cls.env["phone.cdr.import"]._start(cls.system, "upload", "asterisk")
        imp._run_stream(io.BytesIO("\n".join(lines).encode()))
        Call = cls.env["phone.call"]
        pbx = Call.search([("system_id", "=", cls.system.id)])
        cls.calls = {call.cdr_key: call for call in pbx}

        def by_hand(key, **vals):
            cls.calls[key] = cls._call(
                cls.user_sales, date_start=datetime(2026, 11, 3, 2, 0), **vals
            )

        # logged by hand: an unknown and a declared ring time, a missed call
        # called back (the ORM path of the stamp), a call-back overdue, a
        # work call without key points
        by_hand("hand.unknown", direction="inbound")
        by_hand("hand.declared", direction="inbound", ring_seconds=4)
        by_hand(
            "hand.missed",
            direction="inbound",
            answered=False,
            partner_id=cls.partner_cn.id,
        )
        cls.calls["hand.back"] = cls._call(
            cls.user_sales,
            # 11:00 in Shanghai: not in the contact's quiet hours
            date_start=datetime(2026, 11, 3, 3, 0),
            partner_id=cls.partner_cn.id,
        )
        by_hand(
            "hand.overdue",
            callback_datetime=datetime(2026, 11, 4, 2, 0),
            responsible_user_id=cls.user_sales.id,
        )
        by_hand("hand.bare", key_points=False)
        # a corrective fault of the department, long overdue
        cls.fault = cls.env["phone.fault"].create(
            {
                "company_id": cls.company.id,
                "reporter_id": cls.user_sales.id,
                "symptom": "No dial tone",
                "system_id": cls.system.id,
                "team_id": cls.env["phone.fault.team"]
                .create({"name": "Technicians", "company_id": cls.company.id})
                .id,
                "date_occurred": datetime(2026, 11, 2, 1, 0),
                "date_reported": datetime(2026, 11, 2, 1, 0),
            }
        )
        # the findings, a week later
        cls.env["phone.finding.rule"]._cron_evaluate(
            commit=False, now=datetime(2026, 11, 9, 4, 0)
        )
        # an inspection of the month, every call sampled
        cls.inspection = cls.env["phone.inspection"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.employee.id,
                "user_id": cls.user_officer.id,
                "date_from": date(2026, 11, 1),
                "date_to": date(2026, 11, 30),
                "sample_size": 50,
                "seed": 7,
            }
        )
        cls.inspection.action_draw_sample()
        cls.appraisal = cls.env["hr.appraisal"].create(
            {
                "employee_id": cls.employee.id,
                "manager_ids": [Command.set(cls.emp_dept_manager.ids)],
                "date_close": date(2026, 11, 30),
            }
        )
        cls.user_manager.groups_id += cls.env.ref(
            "hr_appraisal_oca.group_appraisal_hr_officer"
        )
        cls.env.flush_all()

    def _found(self, kind):
        return (
            self.env["phone.finding"]
            .search([("kind", "=", kind), ("call_id", "in", self._ids())])
            .call_id
        )

    def _ids(self):
        return [call.id for call in self.calls.values()]

    def _all(self):
        return self.env["phone.call"].browse(self._ids())

    def _prefill(self, fact):
        """{call: prefilled result} of the inspection's checks on ``fact``."""
        return {
            check.line_id.call_id: check.result
            for check in self.inspection.line_ids.check_ids
            if check.criterion_id.call_fact == fact
        }

    def _pdf_figures(self):
        """The department page of the monthly PDF: {figure: printed value}."""
        wizard = self.env["phone.compliance.print.wizard"].create(
            {
                "company_id": self.company.id,
                "month": "11",
                "year": 2026,
                "department_ids": [Command.set(self.employee.department_id.ids)],
            }
        )
        pages = self.env["report.phone_policy.phone_compliance_report_document"]._pages(
            wizard
        )
        page = pages[-1]
        printed = [row[1] for table in page["table"] for row in table["rows"]]
        names = [name for _section, rows in SECTIONS for name, _unit in rows]
        return dict(zip(names, printed, strict=True))

    def test_every_consumer_gives_the_same_answer(self):
        calls = self._all()
        self.assertEqual(calls.mapped("employee_id"), self.employee)
        Report = self.env["phone.compliance.report"]
        company = self.company
        department = self.employee.department_id
        # nobody else's calls in the department this month: the department's
        # figures are the employee's
        self.assertEqual(
            self.env["phone.call"].search(
                [
                    ("department_id", "=", department.id),
                    ("date_start", ">=", "2026-11-01"),
                ]
            ),
            calls,
        )
        view = Report._figures(NOVEMBER, company._phone_tz())[department]
        with freeze_time("2026-11-20 04:00:00"):
            card = department.with_user(self.user_officer)
            dashboard = {
                "answered_in_time_rate": card.phone_month_in_time_rate,
                "complete_rate": card.phone_month_complete_rate,
                "missed_no_callback_count": card.phone_month_missed_no_callback,
                "overdue_callback_count": card.phone_month_overdue_callback,
                "call_count": card.phone_month_call_count,
            }
        pdf = self._pdf_figures()
        appraisal = self.appraisal.with_user(self.user_manager).read(
            [
                "phone_in_time_count",
                "phone_ring_measured_count",
                "phone_complete_count",
                "phone_record_count",
                "phone_call_count",
            ]
        )[0]

        # -- late answer / answered in time (measured ring times only) --
        answered = calls.filtered(lambda c: c.direction == "inbound" and c.answered)
        measured = answered.filtered(lambda c: c.ring_source == "measured")
        in_time = measured.filtered("answered_in_time")
        self.assertEqual(measured, self.calls["in"] | self.calls["late"])
        self.assertEqual(calls.filtered("late_answer"), self._found("late_answer"))
        self.assertEqual(self._found("late_answer"), self.calls["late"])
        self.assertFalse(self.calls["hand.unknown"].answered_in_time)
        rate = 100.0 * len(in_time) / len(measured)
        self.assertEqual(view["ring_measured_count"], len(measured))
        self.assertEqual(view["answered_in_time_count"], len(in_time))
        self.assertAlmostEqual(view["answered_in_time_rate"], rate)
        self.assertAlmostEqual(dashboard["answered_in_time_rate"], rate)
        self.assertEqual(pdf["answered_in_time_rate"], format_figure(rate, "%"))
        self.assertEqual(pdf["ring_measured_count"], str(len(measured)))
        self.assertEqual(appraisal["phone_in_time_count"], len(in_time))
        self.assertEqual(appraisal["phone_ring_measured_count"], len(measured))
        prefill = self._prefill("answered_in_time")
        for call in answered:
            expected = (
                "todo"
                if call.ring_source == "unknown"
                else "pass"
                if call.answered_in_time
                else "fail"
            )
            self.assertEqual(prefill[call], expected, call.name)

        # -- called back: the same stamp for the PBX and the ORM --
        missed = calls.filtered(lambda c: c.direction == "inbound" and not c.answered)
        self.assertEqual(
            self.calls["miss.back"].callback_done_datetime,
            self.calls["back"].date_start,
        )
        self.assertEqual(
            self.calls["hand.missed"].callback_done_datetime,
            self.calls["hand.back"].date_start,
        )
        not_called_back = missed.filtered(lambda c: not c.callback_done_datetime)
        self.assertEqual(not_called_back, self.calls["miss.never"])
        self.assertEqual(self._found("missed_callback"), not_called_back)
        self.assertEqual(view["missed_no_callback_count"], len(not_called_back))
        self.assertEqual(dashboard["missed_no_callback_count"], len(not_called_back))
        self.assertEqual(pdf["missed_no_callback_count"], str(len(not_called_back)))

        # -- call-back overdue --
        overdue = self.env["phone.call"].search(
            [("id", "in", calls.ids), ("callback_overdue", "=", True)]
        )
        self.assertEqual(overdue, self.calls["hand.overdue"])
        self.assertTrue(self.calls["hand.overdue"].callback_overdue)
        self.assertEqual(view["overdue_callback_count"], len(overdue))
        self.assertEqual(dashboard["overdue_callback_count"], len(overdue))
        self.assertEqual(pdf["overdue_callback_count"], str(len(overdue)))

        # -- quiet hours and long calls: the call and the finding --
        self.assertEqual(calls.filtered("in_quiet_hours"), self.calls["quiet"])
        self.assertEqual(self._found("quiet_hours"), self.calls["quiet"])
        self.assertEqual(calls.filtered("is_long_call"), self.calls["long"])
        self.assertEqual(self._found("long_call"), self.calls["long"])

        # -- complete record (§5.1.1) --
        to_record = calls.filtered(lambda c: c.nature == "work" and c.answered)
        complete = to_record.filtered("is_complete")
        self.assertNotIn(self.calls["hand.bare"], complete)
        self.assertNotIn(self.calls["in"], complete, "no key points from the PBX")
        self.assertIn(self.calls["hand.declared"], complete)
        complete_rate = 100.0 * len(complete) / len(to_record)
        self.assertEqual(view["record_count"], len(to_record))
        self.assertEqual(view["complete_count"], len(complete))
        self.assertAlmostEqual(view["complete_rate"], complete_rate)
        self.assertAlmostEqual(dashboard["complete_rate"], complete_rate)
        self.assertEqual(pdf["complete_rate"], format_figure(complete_rate, "%"))
        self.assertEqual(appraisal["phone_complete_count"], len(complete))
        self.assertEqual(appraisal["phone_record_count"], len(to_record))
        prefill = self._prefill("record_complete")
        for call in calls:
            self.assertEqual(
                prefill[call], "pass" if call.is_complete else "fail", call.name
            )

        # -- fault overdue: the domain and the SQL --
        overdue_faults = self.env["phone.fault"].search(
            [("id", "=", self.fault.id), ("is_overdue", "=", True)]
        )
        self.assertEqual(overdue_faults, self.fault)
        self.assertEqual(view["fault_overdue_count"], 1)
        self.assertEqual(pdf["fault_overdue_count"], "1")

        # -- counts --
        self.assertEqual(view["call_count"], len(calls))
        self.assertEqual(dashboard["call_count"], len(calls))
        self.assertEqual(appraisal["phone_call_count"], len(calls))

    def test_one_time_zone_one_month(self):
        """The company's time zone and its months are the same for the
        compliance figures, the archive and the PBX import, whether the
        zone comes from the company's contact or its working schedule."""
        company = self.company
        Archive = self.env["phone.archive"]
        for contact_tz, calendar_tz in (
            ("Asia/Taipei", "Europe/Paris"),
            (False, "America/New_York"),
        ):
            company.partner_id.tz = contact_tz
            company.resource_calendar_id.tz = calendar_tz
            tz = company._phone_tz()
            self.assertEqual(tz, contact_tz or calendar_tz)
            bounds = company._phone_month_bounds(NOVEMBER)
            self.assertEqual(
                bounds,
                self.env["phone.compliance.report"]._month_bounds(NOVEMBER, tz),
            )
            self.assertEqual(
                bounds,
                (
                    Archive._utc_midnight(company, date(2026, 11, 1)),
                    Archive._utc_midnight(company, date(2026, 12, 1)),
                ),
            )
            imp = self.env["phone.cdr.import"]._start(self.system, "upload", "asterisk")
            self.assertEqual(CdrImporter(imp).company_tz, tz)
