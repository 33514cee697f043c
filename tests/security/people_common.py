# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the attacks on people: a second Officer, a whistle-blower
who is an Officer, appraisal users, phone accounts and a known month of
calls (see SECURITY.md, classes 5, 6, 7, 9 and 11)."""

import base64
from datetime import date, datetime, timedelta

from odoo import fields

from .common import PhonePolicyRpcCase


class PeopleRpcCase(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_officer2, cls.emp_officer2 = cls._make_employee_user(
            "pp_officer2", cls.dept_support, groups="phone_policy.group_phone_officer"
        )
        cls.user_manager2, cls.emp_manager2 = cls._make_employee_user(
            "pp_manager2", cls.dept_support, groups="phone_policy.group_phone_manager"
        )
        cls.group_appraisal_user = env.ref("hr_appraisal_oca.group_appraisal_user")
        cls.group_appraisal_hr = env.ref("hr_appraisal_oca.group_appraisal_hr_officer")
        # HR's data: pp_mgr manages Sales and is pp_sales's manager
        cls.emp_sales.parent_id = cls.emp_dept_manager
        cls.user_dept_manager.groups_id += cls.group_appraisal_user
        # an Appraisals user who manages nobody in HR's data
        cls.user_support.groups_id += cls.group_appraisal_user
        cls.type_late = env.ref("phone_policy.violation_type_late_answer")
        cls.system = env["phone.system"].create(
            {"name": "HQ PBX", "company_id": cls.company.id}
        )

    # ------------------------------------------------------------------
    @classmethod
    def _violation(cls, employee, confirm=True, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": employee.id,
            "type_id": cls.type_late.id,
            "source": "inspection",
            "date": fields.Date.today(),
        }
        values.update(vals)
        violation = cls.env["phone.violation"].create(values)
        if confirm:
            violation.with_user(cls.user_manager).action_confirm()
        return violation

    @classmethod
    def _commendation(cls, employee, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": employee.id,
            "reason": "Exemplary call",
            "points": 2,
            "source": "inspection",
            "date": fields.Date.today(),
        }
        values.update(vals)
        return cls.env["phone.commendation"].create(values)

    @classmethod
    def _system(cls):
        return cls.system

    @classmethod
    def _account(cls, employee, extension, issue=True):
        account = cls.env["phone.account"].create(
            {
                "system_id": cls._system().id,
                "employee_id": employee.id,
                "extension": extension,
                "company_id": cls.company.id,
            }
        )
        if issue:
            account.sudo()._phone_issue_password("setup", password="Initial-Pass-1")
        return account

    @classmethod
    def _anonymous_report(cls, reporter, accused, **vals):
        values = {
            "company_id": cls.company.id,
            "accused_employee_id": accused.id,
            "description": "Runs private errands on the sales line daily.",
            "is_anonymous": True,
            "evidence_file": base64.b64encode(b"ring log"),
            "evidence_filename": "ring-log.txt",
        }
        values.update(vals)
        submission = (
            cls.env["phone.whistleblow.filing"]
            .with_user(reporter)
            .with_company(cls.company)
            .create(values)
        )
        return submission.sudo().case_id

    @classmethod
    def _today_call(cls, user, **vals):
        """A call that just ended: this month and today in every time zone
        (but for a minute at their turn)."""
        when = fields.Datetime.now() - timedelta(minutes=1)
        return cls._call(user, date_start=when, **vals)

    @classmethod
    def _archived_call(cls, **vals):
        """A call of March 2026, with a file, filed in an archive by the
        Officer."""
        call = cls._call(
            cls.user_sales,
            date_start=datetime(2026, 3, 2, 2, 0),
            category_id=cls.category_sales.id,
            key_points="Price agreed",
            **vals,
        )
        cls.env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "raw": b"minutes",
                "res_model": "phone.call",
                "res_id": call.id,
            }
        )
        note = "Customer sounded happy."
        call.message_post(body=note)
        archive = (
            cls.env["phone.archive"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "period_type": "month",
                    "period_date": date(2026, 3, 1),
                    "category_id": cls.category_sales.id,
                }
            )
        )
        archive.action_file()
        call.invalidate_recordset()
        assert call.archive_id, "the call was not filed"
        return call

    @classmethod
    def _finding(cls, call, employee):
        return cls.env["phone.finding"].create(
            {
                "rule_id": cls.env.ref("phone_policy.phone_finding_rule_long_call").id,
                "call_id": call.id,
                "employee_id": employee.id,
                "company_id": cls.company.id,
                "date": call.date_start,
                "description": "A long call.",
            }
        )

    @classmethod
    def _inspection_of(cls, employee, calls):
        dates = [fields.Date.to_date(call.date_start) for call in calls]
        inspection = cls.env["phone.inspection"].create(
            {
                "company_id": cls.company.id,
                "employee_id": employee.id,
                "department_id": employee.department_id.id,
                "user_id": cls.user_officer2.id,
                # a day around: the company's days are Taipei's
                "date_from": min(dates) - timedelta(days=1),
                "date_to": max(dates) + timedelta(days=1),
                "sample_size": len(calls),
            }
        )
        inspection.action_draw_sample()
        return inspection
