# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the hot paths of fault tickets on a database with phone_policy
installed; everything is rolled back.

    python3 bench/phone_fault_bench.py -d DB --addons-path=... [--count 1000]

Prints: creating N tickets (sequence, deadlines on the working calendar,
activities), the daily maintenance job over N due plans, and the faults
analysis (mean times per system, priority and month) over the tickets.
"""

import argparse
import sys
import time
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api


def timed(label, count, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    each = elapsed / max(count, 1) * 1000
    sys.stdout.write(f"{label:<48} {elapsed:8.3f} s  ({each:7.2f} ms each)\n")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-d", args.database, f"--addons-path={args.addons_path}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    count = args.count
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        system = env["phone.system"].create({"name": "Bench PBX"})
        technician = env.ref("base.user_admin")
        team = env["phone.fault.team"].create(
            {"name": "Bench team", "member_ids": [Command.set(technician.ids)]}
        )
        start = datetime(2026, 1, 5, 1, 0)
        vals_list = [
            {
                "symptom": f"Bench fault {i}",
                "system_id": system.id,
                "team_id": team.id,
                "technician_id": technician.id if i % 2 else False,
                "impact": ("normal", "delayed", "down")[i % 3],
                "date_reported": start + timedelta(hours=7 * i),
                "date_occurred": start + timedelta(hours=7 * i),
            }
            for i in range(count)
        ]
        faults = timed(
            f"create {count} fault tickets",
            count,
            lambda: env["phone.fault"].create(vals_list).flush_recordset() or None,
        )
        faults = env["phone.fault"].search([("system_id", "=", system.id)])
        closed = env.ref("phone_policy.phone_fault_stage_closed")
        half = faults[: count // 2]
        timed(
            f"close {len(half)} tickets (one write)",
            len(half),
            lambda: (
                half.write({"stage_id": closed.id, "resolution": "<p>Bench</p>"})
                or env.flush_all()
            ),
        )
        plans = env["phone.maintenance.plan"].create(
            [
                {
                    "name": f"Bench check {i}",
                    "system_id": system.id,
                    "next_date": date.today() - timedelta(days=i % 30),
                    "interval_unit": ("days", "weeks", "months")[i % 3],
                    "technician_id": technician.id,
                }
                for i in range(count)
            ]
        )
        env.flush_all()
        timed(
            f"daily job over {count} due plans",
            count,
            lambda: (
                env["phone.maintenance.plan"]._cron_create_due_tasks(batch_size=count)
                and env.flush_all()
            ),
        )
        timed(
            "daily job again (nothing due)",
            count,
            lambda: env["phone.maintenance.plan"]._cron_create_due_tasks(
                batch_size=count
            ),
        )
        env.invalidate_all()
        rows = timed(
            "faults analysis: system x priority x month",
            1,
            lambda: env["phone.fault.report"]._read_group(
                [("company_id", "=", company.id), ("system_id", "=", system.id)],
                ["system_id", "priority", "date_reported:month"],
                ["response_hours:avg", "repair_hours:avg", "__count"],
            ),
        )
        sys.stdout.write(f"  {len(rows)} groups, {len(plans)} plans\n")
        cr.rollback()


if __name__ == "__main__":
    main()
