# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A known month for the compliance figures: March 2026 of "Compliance Co"
(Taipei time), two departments, calls on both sides of the month's borders,
faults, violations, commendations and an inspection, with the figures they
must give written next to them."""

from datetime import date, datetime

from odoo.tests import new_test_user


def make_compliance_data(env):
    company = env["res.company"].create(
        {
            "name": "Compliance Co",
            "country_id": env.ref("base.tw").id,
            "phone_ring_count": 3,
            "phone_ring_seconds": 5,  # ring limit: 15 s
        }
    )
    company.partner_id.tz = "Asia/Taipei"
    company.resource_calendar_id.tz = "Asia/Taipei"
    front = env["hr.department"].create(
        {"name": "Front Desk", "company_id": company.id}
    )
    buying = env["hr.department"].create(
        {"name": "Purchasing", "company_id": company.id}
    )
    people = {}
    for login, department in (("cc_front", front), ("cc_buying", buying)):
        user = new_test_user(
            env,
            login,
            groups="base.group_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            tz="Asia/Taipei",
        )
        people[department] = (
            user,
            env["hr.employee"].create(
                {
                    "name": login,
                    "user_id": user.id,
                    "department_id": department.id,
                    "company_id": company.id,
                }
            ),
        )
    partner = env["res.partner"].create({"name": "Compliance customer"})

    def call(department, when, **vals):
        values = {
            "company_id": company.id,
            "employee_id": people[department][1].id,
            "partner_id": partner.id,
            "direction": "inbound",
            "date_start": when,
            "subject": "Order",
        }
        values.update(vals)
        return env["phone.call"].create(values)

    # Front Desk, March (Taipei): 8 calls; 4 answered incoming rung 3, 6,
    # 9 and 20 s (3 within 15 s: 75.0 %, average 9.5 s); 2 missed, one
    # called back; 1 personal; 1 call-back overdue; 1 important call
    # without key points (7 of 8 complete: 87.5 %)
    first = call(front, datetime(2026, 2, 28, 17, 0), ring_seconds=3)  # 1 Mar 01:00
    second = call(front, datetime(2026, 3, 5, 2, 0), ring_seconds=6)
    call(front, datetime(2026, 3, 5, 3, 0), ring_seconds=9)
    call(front, datetime(2026, 3, 6, 2, 0), ring_seconds=20)
    call(front, datetime(2026, 3, 9, 2, 0), answered=False, ring_seconds=30)
    call(
        front,
        datetime(2026, 3, 9, 3, 0),
        answered=False,
        ring_seconds=30,
        callback_done_datetime=datetime(2026, 3, 9, 4, 0),
    )
    call(front, datetime(2026, 3, 10, 2, 0), direction="outbound", nature="personal")
    call(
        front,
        datetime(2026, 3, 11, 2, 0),
        direction="outbound",
        importance="important",
        callback_datetime=datetime(2026, 3, 12, 2, 0),
    )
    # April in Taipei (1 Apr 01:00), and February: not in March
    call(front, datetime(2026, 3, 31, 17, 0), ring_seconds=40)
    call(front, datetime(2026, 2, 28, 15, 0), ring_seconds=40)
    # Purchasing, March: 2 answered incoming rung 5 and 30 s (50.0 %)
    call(buying, datetime(2026, 3, 16, 2, 0), ring_seconds=5)
    call(buying, datetime(2026, 3, 17, 2, 0), ring_seconds=30)

    # Faults reported by Front Desk in March: repaired in 4 h and 10 h
    # (mean 7.0 h), one still open and long overdue
    system = env["phone.system"].create({"name": "CC PBX", "company_id": company.id})
    team = env["phone.fault.team"].create(
        {"name": "CC technicians", "company_id": company.id}
    )
    resolved = env.ref("phone_policy.phone_fault_stage_resolved")
    faults = env["phone.fault"].with_company(company)
    for reported, hours in (
        (datetime(2026, 3, 2, 1, 0), 4),
        (datetime(2026, 3, 3, 1, 0), 10),
        (datetime(2026, 3, 4, 1, 0), None),
    ):
        values = {
            "company_id": company.id,
            "reporter_id": people[front][0].id,
            "symptom": "No dial tone",
            "system_id": system.id,
            "team_id": team.id,
            "date_occurred": reported,
            "date_reported": reported,
        }
        if hours:
            values.update(
                stage_id=resolved.id,
                resolution="<p>Replaced the line card.</p>",
                date_first_response=reported,
                date_resolved=reported.replace(hour=reported.hour + hours),
            )
        faults.create(values)

    # Conduct: Front Desk 2 confirmed violations (etiquette, usage) and a
    # draft one (not counted), 1 commendation and a whistle-blower's reward
    # (not shown); Purchasing 1 confirmed records violation
    def violation(department, xmlid, confirm=True):
        record = env["phone.violation"].create(
            {
                "company_id": company.id,
                "employee_id": people[department][1].id,
                "type_id": env.ref(f"phone_policy.{xmlid}").id,
                "source": "inspection",
                "date": date(2026, 3, 20),
            }
        )
        if confirm:
            record.action_confirm()

    violation(front, "violation_type_etiquette")
    violation(front, "violation_type_personal_call")
    violation(front, "violation_type_late_answer", confirm=False)
    violation(buying, "violation_type_missing_record")
    for confidential in (False, True):
        commendation = env["phone.commendation"].create(
            {
                "company_id": company.id,
                "employee_id": people[front][1].id,
                "reason": "Exemplary call",
                "points": 2,
                "source": "inspection",
                "date": date(2026, 3, 25),
                "is_confidential": confidential,
            }
        )
        commendation.action_confirm()

    # An inspection of Front Desk's March calls: scores 100 and 50 (75.0 %)
    inspection = env["phone.inspection"].create(
        {
            "company_id": company.id,
            "department_id": front.id,
            "date_from": date(2026, 3, 1),
            "date_to": date(2026, 3, 31),
        }
    )
    criterion = env["phone.inspection.criterion"].search([], limit=1)
    for sampled, results in ((first, ("pass", "pass")), (second, ("pass", "fail"))):
        line = env["phone.inspection.line"].create(
            {"inspection_id": inspection.id, "call_id": sampled.id}
        )
        line.check_ids.unlink()
        env["phone.inspection.check"].create(
            [
                {
                    "line_id": line.id,
                    "criterion_id": criterion.id,
                    "weight": 1.0,
                    "result": result,
                }
                for result in results
            ]
        )
    inspection.state = "done"
    env.flush_all()
    return {
        "company": company,
        "front": front,
        "buying": buying,
        "front_user": people[front][0],
        "front_employee": people[front][1],
    }
