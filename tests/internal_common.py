# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from .common import PhonePolicyCase

# Monday 4 January 2027 in Taipei (UTC+8); the company's calendar works
# 08:00-12:00 and 13:00-17:00 local time, i.e. 00:00-04:00 and 05:00-09:00 UTC
MONDAY = datetime(2027, 1, 4)


def utc(day, hour, minute=0):
    """Naive UTC datetime of ``hour``:``minute`` Taipei time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=8)


class InternalCase(PhonePolicyCase):
    """Adds a phone system with a numbering plan, extensions, the company's
    working calendar in Taipei time and helpers for coverage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Taipei"
        cls.system = cls.env["phone.system"].create(
            {
                "name": "HQ PBX",
                "company_id": cls.company.id,
                "tz": "Asia/Taipei",
                "numbering_ids": [
                    (
                        0,
                        0,
                        {
                            "department_id": cls.dept_sales.id,
                            "prefix": "10",
                            "extension_length": 4,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "department_id": cls.dept_support.id,
                            "rule": "range",
                            "range_start": 2001,
                            "range_end": 2099,
                        },
                    ),
                ],
            }
        )
        for employee, extension in (
            (cls.emp_sales, "1002"),
            (cls.emp_sales2, "1003"),
            (cls.emp_support, "2001"),
            (cls.emp_dept_manager, "2002"),
        ):
            cls._account(employee, extension)

    @classmethod
    def _account(cls, employee, extension, state="active"):
        return cls.env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": employee.id,
                "extension": extension,
                "company_id": cls.company.id,
                "state": state,
            }
        )

    @classmethod
    def _coverage(cls, employee=None, start=None, stop=None, as_user=None, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": employee.id if employee else False,
            "date_from": start,
            "date_to": stop,
            "cover_type": "voicemail",
            "kind": "meeting",
        }
        values.update(vals)
        coverage = cls.env["phone.coverage"]
        return (coverage.with_user(as_user) if as_user else coverage).create(values)

    @classmethod
    def _message(cls, recipient=None, taker=None, **vals):
        taker = taker or cls.user_support
        values = {
            "company_id": cls.company.id,
            "recipient_employee_id": (recipient or cls.emp_sales).id,
            "caller_name": "Mr Huang",
            "caller_company": "Formosa Trading",
            "caller_phone": "0912 345 678",
            "body": "Please call back about the invoice.",
        }
        values.update(vals)
        values = {key: value for key, value in values.items() if value is not None}
        return cls.env["phone.message"].with_user(taker).create(values)
