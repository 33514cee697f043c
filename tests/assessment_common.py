# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from .common import PhonePolicyCase


class PhoneAssessmentCase(PhonePolicyCase):
    """The common company plus what supervision and assessment need."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "phone_repeat_offence_count": 3,
                "phone_repeat_offence_days": 365,
                "phone_report_reward_points": 5,
            }
        )
        cls.type_late = cls.env.ref("phone_policy.violation_type_late_answer")
        cls.type_etiquette = cls.env.ref("phone_policy.violation_type_etiquette")
        cls.type_callback = cls.env.ref("phone_policy.violation_type_missed_callback")
        cls.type_personal = cls.env.ref("phone_policy.violation_type_personal_call")
        cls.type_record = cls.env.ref("phone_policy.violation_type_missing_record")

    @classmethod
    def _violation(cls, employee=None, violation_type=None, confirm=False, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": (employee or cls.emp_sales).id,
            "type_id": (violation_type or cls.type_late).id,
            "source": "inspection",
            "date": date(2026, 11, 2),
        }
        values.update(vals)
        violation = cls.env["phone.violation"].create(values)
        if confirm:
            violation.with_user(cls.user_manager).action_confirm()
        return violation

    @classmethod
    def _commendation(cls, employee=None, confirm=False, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": (employee or cls.emp_sales).id,
            "reason": "Exemplary call",
            "points": 2,
            "source": "inspection",
            "date": date(2026, 11, 2),
        }
        values.update(vals)
        commendation = cls.env["phone.commendation"].create(values)
        if confirm:
            commendation.with_user(cls.user_manager).action_confirm()
        return commendation

    @classmethod
    def _inspection(cls, **vals):
        values = {
            "company_id": cls.company.id,
            "department_id": cls.dept_sales.id,
            "user_id": cls.user_officer.id,
            "date_from": date(2026, 11, 1),
            "date_to": date(2026, 11, 30),
            "sample_size": 5,
            "seed": 1234,
        }
        values.update(vals)
        return cls.env["phone.inspection"].create(values)

    @staticmethod
    def _at(day, hour=2):
        return datetime(2026, 11, day, hour, 0)
