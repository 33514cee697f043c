#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the call records archive (not a test): on a throwaway
database, insert N calls fast (COPY), file them through the addon's own
code path (the monthly cron: one archive per month and business category,
hash chain included), then verify the chain and print rows/s.

    python3 bench/archive_verify.py [--calls 100000] [--runs 3] [--keep]

Target: at least 100,000 rows/s verified.
"""

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta

from benchlib import (
    ADDON,
    ROOT,
    backend_cpu_seconds,
    odoo_addons,
    prepare_database,
    say,
)


def insert_calls(env, company, count):
    """COPY ``count`` calls spread over the twelve months before this one
    and over the business categories; 1% on legal hold."""
    categories = env["phone.call.category"].search([]).ids
    employee = env["hr.employee"].create(
        {"name": "Bench Employee", "company_id": company.id}
    )
    partner = env["res.partner"].create({"name": "Bench Customer"})
    now = datetime.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = now - timedelta(days=365)
    span = int((now - start).total_seconds()) - 3600
    rng = random.Random(7)
    buffer = io.StringIO()
    columns = (
        "name",
        "company_id",
        "direction",
        "nature",
        "source",
        "importance",
        "confidentiality",
        "date_start",
        "employee_id",
        "partner_id",
        "category_id",
        "subject",
        "key_points",
        "phone",
        "counterpart_name",
        "ring_seconds",
        "ring_limit_seconds",
        "duration",
        "answered",
        "greeting_given",
        "closing_given",
        "legal_hold_reason",
        "legal_hold",
        "is_complete",
        "create_uid",
        "write_uid",
        "create_date",
        "write_date",
    )
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    for index in range(count):
        when = start + timedelta(seconds=rng.randrange(span))
        hold = "legal" if index % 100 == 0 else "\\N"
        row = (
            f"BENCH/{index:07d}",
            company.id,
            rng.choice(("inbound", "outbound")),
            "work",
            "manual",
            "normal",
            "normal",
            when.strftime("%Y-%m-%d %H:%M:%S"),
            employee.id,
            partner.id,
            rng.choice(categories),
            f"Order {index}",
            f"Customer confirmed {rng.randrange(1, 500)} units, "
            f"交貨 in week {index % 52}",
            f"+8862{rng.randrange(10000000, 99999999)}",
            "Bench Customer",
            rng.randrange(0, 30),
            18,
            rng.randrange(10, 1800),
            "t",
            "t",
            "t",
            hold,
            "f" if hold == "\\N" else "t",
            "t",
            1,
            1,
            stamp,
            stamp,
        )
        buffer.write("\t".join(str(value) for value in row) + "\n")
    buffer.seek(0)
    env.cr.copy_from(buffer, "phone_call", columns=columns)
    env.invalidate_all()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    addons_dir = tempfile.mkdtemp(prefix="phone_policy_bench_")
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    db = f"phone_policy_bench_{os.getpid()}"
    say(f"==> throwaway database {db}")
    prepare_database(db, addons_path)
    try:
        import odoo
        from odoo.tools import config

        config.parse_config(
            ["-d", db, f"--addons-path={addons_path}", "--log-level=warn"]
        )
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company = env.company
            started = time.perf_counter()
            insert_calls(env, company, args.calls)
            cr.commit()
            say(
                f"inserted {args.calls} calls (COPY) in "
                f"{time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            archives = env["phone.archive"]._cron_file_previous_months()
            cr.commit()
            elapsed = time.perf_counter() - started
            filed = sum(archives.mapped("call_count"))
            say(
                f"filed {filed} calls into {len(archives)} archives "
                f"(chain hashed) in {elapsed:.1f} s: {filed / elapsed:,.0f} rows/s"
            )
            rates, cpu_rates = [], []
            for run in range(1, args.runs + 1):
                env.invalidate_all()
                backend_before = backend_cpu_seconds(cr)
                python_before = time.process_time()
                result = env["phone.archive.verification"]._check_chain(company)
                cpu = time.process_time() - python_before
                backend_after = backend_cpu_seconds(cr)
                if backend_before is not None and backend_after is not None:
                    cpu += backend_after - backend_before
                rows = result["records_verified"]
                rate = rows / result["duration"]
                rates.append(rate)
                cpu_rates.append(rows / cpu if cpu else 0)
                say(
                    f"verify run {run}: {result['state']}, {rows} rows in "
                    f"{result['duration']:.2f} s wall: {rate:,.0f} rows/s "
                    f"({cpu:.2f} s CPU in Odoo + PostgreSQL: "
                    f"{cpu_rates[-1]:,.0f} rows/s of CPU)"
                )
            rates.sort()
            cpu_rates.sort()
            say(
                f"verification: best {rates[-1]:,.0f} rows/s, median "
                f"{rates[len(rates) // 2]:,.0f} rows/s wall clock; median "
                f"{cpu_rates[len(cpu_rates) // 2]:,.0f} rows/s per CPU second "
                f"(target 100,000 rows/s); load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
    finally:
        if "odoo" in sys.modules:
            import odoo

            odoo.modules.registry.Registry.delete(db)
            odoo.sql_db.close_db(db)
        if args.keep:
            say(f"kept database {db}")
        else:
            subprocess.run(["dropdb", "--if-exists", db], check=False)
        os.unlink(os.path.join(addons_dir, ADDON))
        os.rmdir(addons_dir)


if __name__ == "__main__":
    main()
