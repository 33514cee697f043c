#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the compliance analysis (not a test): on a throwaway
database, insert N calls fast (COPY) over the 24 months ending with this
one, 20 departments of 5 employees, plus a few thousand violations and
faults; then, as a Phone Policy Officer, time the monthly per-department
figures (``phone.compliance.report._figures``, one ``_read_group`` over the
view) and the department dashboard, and print the query plan.

    python3 bench/compliance_bench.py [--calls 1000000] [--runs 5] [--keep]

Target: the monthly read_group answers in under 1 s on 1,000,000 calls and
its plan reads phone_call through an index; the script exits with status 1
otherwise (every run counts, the cold one included).

The calls are inserted in date order, as a live database records them, and
the current month is filled to its end, so the dashboard reads a whole
month. "Cold" is the first run on a fresh registry and fresh connections
(no ORM or rule caches, no cached plans); the operating system's page cache
is not dropped. The timed month is the 12th of the 24, in Taipei time.
"""

import argparse
import contextlib
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

from benchlib import ADDON, ROOT, odoo_addons, prepare_database, psql, say

# the addon's rules (plain Python, no Odoo import): the rows are what the
# ORM and the PBX import would store
sys.path.insert(0, os.path.join(ROOT, "utils"))
import call_rules  # noqa: E402

TZ = "Asia/Taipei"
TZ_OFFSET = timedelta(hours=8)  # Taipei has no daylight saving time
MONTHS = 24
TARGET_SECONDS = 1.0
DASHBOARD_FIELDS = [
    "phone_month_call_count",
    "phone_month_in_time_rate",
    "phone_month_ring_seconds",
    "phone_month_complete_rate",
    "phone_month_missed_no_callback",
    "phone_month_overdue_callback",
    "phone_month_personal_calls",
    "phone_month_fault_open",
    "phone_month_violation_count",
    "phone_month_commendation_count",
    "phone_month_inspection_score",
    "phone_month_inspected_count",
]
INDEX_NODE = re.compile(
    r"(?:Bitmap Index Scan on|Index(?: Only)? Scan(?: Backward)? using) (\S+)"
)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def setup_organisation(env, company, departments, per_department):
    """Departments and employees (ORM, a few hundred records), customers,
    and the Officer who reads the figures."""
    from odoo import Command

    company.partner_id.tz = TZ
    depts = env["hr.department"].create(
        [
            {"name": f"Bench Department {i + 1:02d}", "company_id": company.id}
            for i in range(departments)
        ]
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Bench Employee {d + 1:02d}-{e + 1}",
                "company_id": company.id,
                "department_id": dept.id,
                "work_phone": f"{2000 + d * 10 + e}",
            }
            for d, dept in enumerate(depts)
            for e in range(per_department)
        ]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Customer {i:03d}", "phone": f"+8862{27000000 + i * 37}"}
            for i in range(300)
        ]
    )
    officer = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench Officer",
                "login": "bench_officer",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "tz": TZ,
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref("phone_policy.group_phone_officer").id,
                        ]
                    )
                ],
            }
        )
    )
    return depts, employees, partners, officer


def call_times(rng, count, first, end):
    """``count`` naive UTC datetimes between the local (Taipei) days
    ``first`` and ``end``, mostly office hours on weekdays, in order: calls
    are recorded as they happen, so the table is in date order."""
    days = []
    day = first
    while day < end:
        days.append(day)
        day += timedelta(days=1)
    weights = [1.0 if day.weekday() < 5 else 0.15 for day in days]
    picked = rng.choices(days, weights, k=count)
    stamps = []
    for day in picked:
        if rng.random() < 0.85:
            seconds = rng.randrange(8 * 3600, 18 * 3600)
        else:
            seconds = rng.randrange(86400)
        stamps.append(
            datetime(day.year, day.month, day.day)
            + timedelta(seconds=seconds)
            - TZ_OFFSET
        )
    stamps.sort()
    return stamps


CALL_COLUMNS = (
    "name",
    "company_id",
    "direction",
    "nature",
    "source",
    "ring_source",
    "importance",
    "confidentiality",
    "date_start",
    "employee_id",
    "department_id",
    "partner_id",
    "counterpart_employee_id",
    "counterpart_name",
    "counterpart_organization",
    "phone",
    "category_id",
    "subject",
    "key_points",
    "responsible_user_id",
    "ring_seconds",
    "ring_limit_seconds",
    "answered",
    "answered_in_time",
    "late_answer",
    "apology_given",
    "duration",
    "is_long_call",
    "is_complete",
    "greeting_given",
    "closing_given",
    "in_quiet_hours",
    "legal_hold",
    "callback_datetime",
    "callback_done_datetime",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
ANSWER_RATE = {"inbound": 0.87, "outbound": 0.92, "internal": 0.97}


def fmt(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def callback_times(rng, when, answered, direction, now):
    """(call back at, called back on): most missed incoming calls get a
    call-back, a few answered ones a promised one; past ones mostly done."""
    if direction == "inbound" and not answered:
        if rng.random() >= 0.85:
            return None, None
        due = when + timedelta(minutes=rng.randrange(10, 240))
    elif rng.random() < 0.05:
        due = when + timedelta(hours=rng.randrange(1, 48))
    else:
        return None, None
    if due < now and rng.random() < 0.9:
        return due, due + timedelta(minutes=rng.randrange(0, 30))
    return due, None


def call_row(rng, index, when, ctx):
    """One phone_call row, with the stored computed fields the ORM would
    have written (department, answer facts, long call, completeness)."""
    employee, department = rng.choice(ctx["employees"])
    roll = rng.random()
    direction = "inbound" if roll < 0.5 else "outbound" if roll < 0.85 else "internal"
    answered = rng.random() < ANSWER_RATE[direction]
    limit = ctx["ring_limit"]
    if answered:
        ring = min(40, int(rng.expovariate(1 / 8)))
        duration = 5 + int(rng.expovariate(1 / 180))
    else:
        ring, duration = rng.randrange(limit, 41), 0
    # most calls come from the phone system (ring time measured), the rest
    # were logged by hand (declared, or unknown without a ring time)
    source = "pbx" if rng.random() < 0.9 else "manual"
    ring_source = call_rules.ring_source(source, ring)
    late = call_rules.late_answer(answered, ring, limit, ring_source)
    in_time = call_rules.answered_in_time(answered, ring, limit, ring_source)
    nature = "personal" if rng.random() < 0.04 else "work"
    partner = colleague = None
    if direction == "internal":
        colleague = rng.choice(ctx["employees"])[0]
        name, organization, phone = ctx["colleagues"][colleague]
    else:
        partner = rng.choice(ctx["partners"])
        name, phone = ctx["partner_info"][partner]
        organization = None
    important = rng.random() < 0.1
    key_points = (
        f"Customer confirmed {rng.randrange(1, 500)} units, 交貨 week {index % 52}"
        if not important or rng.random() < 0.93
        else None
    )
    responsible = ctx["officer"] if important and rng.random() < 0.9 else None
    callback, done = callback_times(rng, when, answered, direction, ctx["now"])
    return (
        f"BENCH/{index:07d}",
        ctx["company"],
        direction,
        nature,
        source,
        ring_source,
        "important" if important else "normal",
        "confidential" if rng.random() < 0.02 else "normal",
        when,
        employee,
        department,
        partner,
        colleague,
        name,
        organization,
        phone,
        rng.choice(ctx["categories"]),
        f"Order {index}",
        key_points,
        responsible,
        ring,
        limit,
        answered,
        in_time,
        late,
        late and rng.random() < 0.5,
        duration,
        duration > ctx["long_seconds"],
        # §5.1.1 (utils/call_rules.py), the parts this data fills
        not call_rules.record_required(nature, answered)
        or (bool(key_points) and (bool(responsible) or not important)),
        answered and rng.random() < 0.95,
        answered and rng.random() < 0.95,
        False,
        False,
        callback,
        done,
        1,
        1,
        ctx["stamp"],
        ctx["stamp"],
    )


def insert_calls(env, company, employees, partners, officer, count, first, end):
    """COPY ``count`` calls in date order, in chunks."""
    rng = random.Random(7)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    ctx = {
        "company": company.id,
        "employees": [(e.id, e.department_id.id) for e in employees],
        "colleagues": {
            e.id: (e.name, e.department_id.name, e.work_phone) for e in employees
        },
        "partners": partners.ids,
        "partner_info": {p.id: (p.name, p.phone) for p in partners},
        "categories": env["phone.call.category"].search([]).ids or [None],
        "officer": officer.id,
        "ring_limit": company._phone_ring_limit(),
        "long_seconds": company.phone_long_call_minutes * 60,
        "now": now,
        "stamp": now.replace(microsecond=0),
    }
    stamps = call_times(rng, count, first, end)
    chunk = 100000
    for start in range(0, count, chunk):
        buffer = io.StringIO()
        for index in range(start, min(start + chunk, count)):
            row = call_row(rng, index, stamps[index], ctx)
            buffer.write("\t".join(map(fmt, row)) + "\n")
        buffer.seek(0)
        env.cr.copy_from(buffer, "phone_call", columns=CALL_COLUMNS)
    env.invalidate_all()
    return stamps[0], stamps[-1]


def insert_conduct(env, company, employees, reporter, first, end, violations, faults):
    """COPY confirmed (and some draft) violations and corrective faults
    spread over the same months, so every branch of the view has rows."""
    rng = random.Random(11)
    now = datetime.now(timezone.utc).replace(tzinfo=None).replace(microsecond=0)
    span = (end - first).days
    types = env["phone.violation.type"].search([])
    people = [(e.id, e.department_id.id) for e in employees]
    buffer = io.StringIO()
    for index in range(violations):
        kind = rng.choice(types)
        employee, department = rng.choice(people)
        state = rng.choices(
            ("confirmed", "acknowledged", "closed", "draft"), (3, 4, 2, 1)
        )[0]
        row = (
            f"BENCH-V/{index:05d}",
            company.id,
            employee,
            department,
            kind.id,
            kind.category,
            kind.default_points,
            kind.severity,
            kind.default_penalty,
            kind.default_penalty,
            "manual",
            state,
            first + timedelta(days=rng.randrange(span)),
            company.currency_id.id,
            1,
            1,
            now,
            now,
        )
        buffer.write("\t".join(map(fmt, row)) + "\n")
    buffer.seek(0)
    env.cr.copy_from(
        buffer,
        "phone_violation",
        columns=(
            "name",
            "company_id",
            "employee_id",
            "department_id",
            "type_id",
            "category",
            "points",
            "severity",
            "proposed_penalty",
            "penalty",
            "source",
            "state",
            "date",
            "currency_id",
            "create_uid",
            "write_uid",
            "create_date",
            "write_date",
        ),
    )
    stages = {s.state: s.id for s in env["phone.fault.stage"].search([])}
    buffer = io.StringIO()
    for index in range(faults):
        _employee, department = rng.choice(people)
        reported = (
            datetime.combine(first, datetime.min.time())
            + timedelta(seconds=rng.randrange(span * 86400))
            - TZ_OFFSET
        )
        resolved = reported + timedelta(hours=rng.randrange(1, 72))
        state = "closed" if resolved < now and rng.random() < 0.9 else "progress"
        if state == "progress":
            resolved = None
        impact = rng.choices(("normal", "delayed", "down"), (8, 2, 1))[0]
        row = (
            f"BENCH-F/{index:05d}",
            company.id,
            "corrective",
            "No dial tone",
            impact,
            {"normal": "0", "delayed": "1", "down": "2"}[impact],
            impact != "normal",
            stages.get(state),
            state,
            reporter.id,
            department,
            reported,
            reported,
            reported + timedelta(minutes=rng.randrange(5, 120)),
            resolved,
            resolved,
            reported + timedelta(hours=4),
            reported + timedelta(hours=48),
            1,
            1,
            now,
            now,
        )
        buffer.write("\t".join(map(fmt, row)) + "\n")
    buffer.seek(0)
    env.cr.copy_from(
        buffer,
        "phone_fault",
        columns=(
            "name",
            "company_id",
            "kind",
            "symptom",
            "impact",
            "priority",
            "is_emergency",
            "stage_id",
            "state",
            "reporter_id",
            "department_id",
            "date_occurred",
            "date_reported",
            "date_first_response",
            "date_resolved",
            "date_closed",
            "response_deadline",
            "resolution_deadline",
            "create_uid",
            "write_uid",
            "create_date",
            "write_date",
        ),
    )
    env.invalidate_all()


@contextlib.contextmanager
def capture_queries(marker):
    """Record (query, params) of every statement mentioning ``marker`` that
    Odoo's cursors execute meanwhile."""
    from odoo import sql_db
    from odoo.tools import SQL

    seen = []
    original = sql_db.Cursor.execute

    def execute(self, query, params=None, log_exceptions=True):
        if isinstance(query, SQL):
            query, params = query.code, query.params
        if marker in query:
            seen.append((query, params))
        return original(self, query, params, log_exceptions)

    sql_db.Cursor.execute = execute
    try:
        yield seen
    finally:
        sql_db.Cursor.execute = original


def explain(cr, query, params, call_indexes):
    """EXPLAIN (ANALYZE, BUFFERS) of a captured query: (plan text, indexes
    of phone_call the plan reads, whether it scans phone_call whole)."""
    cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", params)
    plan = "\n".join(row[0] for row in cr.fetchall())
    used = sorted({name for name in INDEX_NODE.findall(plan) if name in call_indexes})
    seq = bool(re.search(r"Seq Scan on phone_call\b", plan))
    return plan, used, seq


def timed_runs(env, runs, action):
    """[seconds of each run]; the ORM cache is emptied before each, so
    every run reads the database."""
    times = []
    for _run in range(runs):
        env.invalidate_all()
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return times, result


def report_times(label, times):
    warm = sorted(times[1:]) or times
    say(
        f"{label}: cold {times[0]:.3f} s; warm best {warm[0]:.3f} s, "
        f"median {statistics.median(warm):.3f} s "
        f"({len(times) - 1} warm runs)"
    )


def report_plan(label, cr, captured, call_indexes):
    if not captured:
        say(f"{label}: no query on the view was captured")
        return [], True
    query, params = captured[-1]
    say(f"--- SQL Odoo ran for {label}:")
    say(cr.mogrify(query, params).decode())
    plan, used, seq = explain(cr, query, params, call_indexes)
    say("--- EXPLAIN (ANALYZE, BUFFERS) of it:")
    say(plan)
    say(
        f"{label}: phone_call read through "
        + (f"index {', '.join(used)}" if used else "NO index")
        + (" (and a Seq Scan on phone_call)" if seq else "")
    )
    return used, seq


def benchmark(env, month, runs, call_indexes):
    """Time the monthly figures and the dashboard as the Officer; return
    whether the monthly read_group meets the target."""
    report = env["phone.compliance.report"]
    with capture_queries("phone_compliance_report") as captured:
        times, figures = timed_runs(env, runs, lambda: report._figures(month, TZ))
    calls = sum(values["call_count"] for values in figures.values())
    say(
        f"_figures({month:%Y-%m}, {TZ!r}): {len(figures)} departments, "
        f"{calls} calls of the month"
    )
    report_times("monthly read_group", times)
    used, _seq = report_plan("the monthly read_group", env.cr, captured, call_indexes)

    departments = env["hr.department"].search([])
    with capture_queries("phone_compliance_report") as dash_captured:
        dash_times, values = timed_runs(
            env, runs, lambda: departments.read(DASHBOARD_FIELDS)
        )
    say(
        f"dashboard: {len(departments)} departments, "
        f"{sum(v['phone_month_call_count'] for v in values)} calls this month"
    )
    report_times("dashboard (read of phone_month_* of all departments)", dash_times)
    report_plan("the dashboard", env.cr, dash_captured, call_indexes)

    slowest = max(times)
    ok = slowest < TARGET_SECONDS and bool(used)
    say(
        f"RESULT: monthly read_group slowest run {slowest:.3f} s "
        f"({'<' if slowest < TARGET_SECONDS else '>='} {TARGET_SECONDS:.0f} s), "
        f"index on phone_call: {'yes' if used else 'NO'} -> "
        f"{'PASS' if ok else 'FAIL'}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    return ok


def populate(registry, args):
    """Organisation, calls, conduct; then VACUUM ANALYZE. Returns the
    Officer's id and the first day of the range."""
    import odoo

    this_month = date.today().replace(day=1)
    first = add_months(this_month, 1 - MONTHS)
    end = add_months(this_month, 1)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        depts, employees, partners, officer = setup_organisation(
            env, company, args.departments, args.employees
        )
        cr.commit()
        started = time.perf_counter()
        oldest, newest = insert_calls(
            env, company, employees, partners, officer, args.calls, first, end
        )
        cr.commit()
        say(
            f"inserted {args.calls} calls (COPY) from {oldest} to {newest} UTC, "
            f"{len(depts)} departments x {args.employees} employees, in "
            f"{time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        insert_conduct(env, company, employees, officer, first, end, 3000, 2000)
        cr.commit()
        say(
            f"inserted 3000 violations and 2000 faults (COPY) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        officer_id = officer.id
    started = time.perf_counter()
    # what autovacuum does after a bulk load; done now so it does not run
    # during the timings
    for table in ("phone_call", "phone_violation", "phone_fault"):
        psql(f"VACUUM (ANALYZE) {table}", db=registry.db_name)
    say(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")
    return officer_id, first


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--employees", type=int, default=5, help="per department")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    args.runs = max(args.runs, 2)

    addons_dir = tempfile.mkdtemp(prefix="phone_policy_bench_")
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    db = f"phone_policy_bench_{os.getpid()}"
    say(f"==> throwaway database {db}")
    prepare_database(db, addons_path)
    ok = False
    try:
        import odoo
        from odoo.tools import config

        config.parse_config(
            ["-d", db, f"--addons-path={addons_path}", "--log-level=warn"]
        )
        registry = odoo.modules.registry.Registry(db)
        officer_id, first = populate(registry, args)
        call_indexes = set(
            psql(
                "select indexname from pg_indexes where tablename = 'phone_call'",
                db=db,
            ).split()
        )
        # cold: a fresh registry (no ORM caches) on fresh connections
        odoo.modules.registry.Registry.delete(db)
        odoo.sql_db.close_db(db)
        registry = odoo.modules.registry.Registry(db)
        month = add_months(first, MONTHS // 2 - 1)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, officer_id, {})
            say(f"==> as {env.user.name} (Phone Policy Officer), time zone {TZ}")
            ok = benchmark(env, month, args.runs, call_indexes)
            cr.rollback()
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
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
