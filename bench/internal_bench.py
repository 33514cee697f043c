# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Timing of the internal-communication hot paths on a scratch company.

Run inside an Odoo shell on a database with phone_policy installed; it
rolls back everything it creates:

    python3 -m odoo shell -d DB --addons-path=... < bench/internal_bench.py

Prints figures; asserts nothing about speed.
"""

import time
from datetime import timedelta

from odoo import fields

EMPLOYEES = 500
DEPARTMENTS = 20

env = env  # noqa: F821,PLW0127 (provided by odoo shell)
try:
    company = env["res.company"].create({"name": "Bench Co"})
    company.resource_calendar_id.tz = "Asia/Taipei"
    departments = env["hr.department"].create(
        [{"name": f"Dept {i}", "company_id": company.id} for i in range(DEPARTMENTS)]
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Employee {i}",
                "company_id": company.id,
                "department_id": departments[i % DEPARTMENTS].id,
            }
            for i in range(EMPLOYEES)
        ]
    )
    system = env["phone.system"].create({"name": "Bench PBX", "company_id": company.id})
    env["phone.account"].create(
        [
            {
                "system_id": system.id,
                "company_id": company.id,
                "employee_id": employee.id,
                "extension": str(5000 + i),
                "state": "active",
            }
            for i, employee in enumerate(employees)
        ]
    )
    now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
    env["phone.coverage"].create(
        [
            {
                "company_id": company.id,
                "employee_id": employee.id,
                "date_from": now + timedelta(hours=i % 24),
                "date_to": now + timedelta(hours=i % 24 + 2),
                "cover_type": "voicemail",
            }
            for i, employee in enumerate(employees)
        ]
    )
    env.flush_all()
    Directory = env["phone.directory"].with_context(tz="Asia/Taipei")

    start = time.perf_counter()
    rows = Directory.search([("company_id", "=", company.id)])
    rows.mapped("availability")
    rows.mapped("numbering_ok")
    took = time.perf_counter() - start
    print(f"directory: {len(rows)} rows with availability in {took * 1000:.0f} ms")

    start = time.perf_counter()
    away = Directory.search([("company_id", "=", company.id), ("is_away", "=", True)])
    took = time.perf_counter() - start
    print(f"directory 'Away now' filter: {len(away)} rows in {took * 1000:.0f} ms")

    start = time.perf_counter()
    gaps = env["phone.coverage"]._coverage_gaps(
        departments, now, now + timedelta(days=14)
    )
    took = time.perf_counter() - start
    print(
        f"coverage gaps: {DEPARTMENTS} departments x 14 days in {took * 1000:.0f} ms "
        f"({sum(len(g) for g in gaps.values())} gaps)"
    )
finally:
    env.cr.rollback()
