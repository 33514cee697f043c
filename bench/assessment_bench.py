# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Timings of supervision and assessment on a large call log.

    python3 bench/assessment_bench.py -d DB --addons-path=... [--calls 20000]

Creates the calls in a transaction that is rolled back at the end, then
prints how long drawing an inspection sample, opening the appraisal's Phone
conduct tab and the employee's conduct buttons take.
"""

import argparse
import time
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api


def timed(label, func, repeat=5):
    best = None
    for _run in range(repeat):
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label}: {best * 1000:.1f} ms (best of {repeat})")  # noqa: T201


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-d", args.database, f"--addons-path={args.addons_path}"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        department = env["hr.department"].create({"name": "Bench Sales"})
        employees = env["hr.employee"].create(
            [{"name": f"Bench {i}", "department_id": department.id} for i in range(20)]
        )
        start = datetime(2026, 1, 1, 1, 0)
        env["phone.call"].create(
            [
                {
                    "employee_id": employees[i % 20].id,
                    "direction": ("inbound", "outbound")[i % 2],
                    "date_start": start + timedelta(minutes=25 * i),
                    "ring_seconds": i % 30,
                    "nature": "personal" if i % 17 == 0 else "work",
                }
                for i in range(args.calls)
            ]
        )
        env.flush_all()
        print(f"{args.calls} calls in one department, 20 employees")  # noqa: T201

        def draw():
            inspection = env["phone.inspection"].create(
                {
                    "department_id": department.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "sample_size": 30,
                    "seed": 1,
                }
            )
            inspection.action_draw_sample()
            env.flush_all()

        timed("draw a sample of 30 calls with checklists", draw)
        appraisal = env["hr.appraisal"].create(
            {"employee_id": employees[0].id, "date_close": date(2026, 12, 31)}
        )

        def tab():
            env.invalidate_all()
            appraisal.read(["phone_net_score", "phone_conduct_details"])

        timed("Phone conduct tab of one appraisal (a year of calls)", tab)

        def buttons():
            env.invalidate_all()
            employees.read(["phone_net_points", "phone_violation_count"])

        timed("conduct buttons of 20 employees", buttons)
        cr.rollback()


if __name__ == "__main__":
    main()
