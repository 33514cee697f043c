# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from .common import PhonePolicyCase


class PhoneFaultCase(PhonePolicyCase):
    """The Taipei company of PhonePolicyCase with a working schedule in
    Taipei time (Mon-Fri 08:00-12:00 and 13:00-17:00), a phone system, a
    team of technicians and known service levels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Taipei"
        cls.company.write(
            {
                "phone_fault_response_hours_0": 4.0,
                "phone_fault_resolution_hours_0": 16.0,
                "phone_fault_response_hours_1": 2.0,
                "phone_fault_resolution_hours_1": 8.0,
                "phone_fault_response_hours_2": 1.0,
                "phone_fault_resolution_hours_2": 4.0,
            }
        )
        cls.user_tech, cls.emp_tech = cls._make_employee_user(
            "pp_tech", cls.dept_support
        )
        cls.user_tech2, cls.emp_tech2 = cls._make_employee_user(
            "pp_tech2", cls.dept_support
        )
        cls.team = env["phone.fault.team"].create(
            {
                "name": "Telephony TW",
                "company_id": cls.company.id,
                "member_ids": [(6, 0, (cls.user_tech | cls.user_tech2).ids)],
            }
        )
        cls.system = env["phone.system"].create(
            {"name": "Taipei PBX", "company_id": cls.company.id, "tz": "Asia/Taipei"}
        )
        cls.system2 = env["phone.system"].create(
            {"name": "Branch PBX", "company_id": cls.company.id, "tz": "Asia/Taipei"}
        )
        cls.account_sales = env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": cls.emp_sales.id,
                "extension": "1001",
                "state": "active",
                "company_id": cls.company.id,
            }
        )
        cls.stage_new = env.ref("phone_policy.phone_fault_stage_new")
        cls.stage_assigned = env.ref("phone_policy.phone_fault_stage_assigned")
        cls.stage_progress = env.ref("phone_policy.phone_fault_stage_progress")
        cls.stage_waiting = env.ref("phone_policy.phone_fault_stage_waiting")
        cls.stage_resolved = env.ref("phone_policy.phone_fault_stage_resolved")
        cls.stage_closed = env.ref("phone_policy.phone_fault_stage_closed")

    @classmethod
    def _fault(cls, user=None, **vals):
        """A fault reported by ``user`` (created as the superuser)."""
        user = user or cls.user_sales
        values = {
            "company_id": cls.company.id,
            "reporter_id": user.id,
            "symptom": "No dial tone",
            "system_id": cls.system.id,
            "team_id": cls.team.id,
            "location": "2F, room 201",
            "date_occurred": datetime(2026, 11, 3, 1, 0),
            "date_reported": datetime(2026, 11, 3, 1, 30),
        }
        values.update(vals)
        return cls.env["phone.fault"].with_company(cls.company).create(values)
