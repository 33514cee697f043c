#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the call lists (not a test): on a throwaway database with N
calls (the data of the compliance benchmark, plus a few calls in quiet
hours and on legal hold), open the lists as the web client does —
``web_search_read`` of the list view's fields, 80 rows, then the count up
to 10,001:

- *Calls* (no filter), *My calls* (filter "My calls") and *Call-backs due*
  (the action's domain and "My calls"), as a Phone Policy User and as an
  Officer;
- every filter of the call search view, as the Officer (Confidential as a
  Manager, the only role that sees those calls);
- searching a reference, the *Calls* buttons of a contact, an employee and
  a PBX import, as the Officer; the findings cron's look for call-backs
  and the PBX import's look for calls logged by hand;
- the other large tables: findings of one call in ten, the findings cron's
  bookkeeping of every call, 100,000 rejected PBX rows — the findings list
  (To review), a call's, an employee's and a department's findings as the
  Officer, the download of an import's rejected rows, the cron's two
  queries.

For each it prints the time (cold: first run on a fresh registry; warm: the
best and median of the others) and the indexes that the plans of its
queries read (for a list: the page and the count); ``--verbose`` prints
the plans.

    python3 bench/call_list_bench.py [--calls 1000000] [--runs 5] [--keep]
    python3 bench/call_list_bench.py --database DB   (reuse a kept database)

Target: everything answers in under 1 s on 1,000,000 calls (the script
exits with status 1 otherwise).
"""

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from benchlib import ADDON, ROOT, odoo_addons, prepare_database, psql, say
from compliance_bench import capture_queries, populate

TARGET_SECONDS = 1.0
INDEX_NODE = re.compile(
    r"(?:Bitmap Index Scan on|Index(?: Only)? Scan(?: Backward)? using) (\S+)"
)
TABLES = (
    "phone_call",
    "phone_finding",
    "phone_finding_check",
    "phone_cdr_import_error",
)
# (label, search view filter names, extra domain of the action)
LISTS = [
    ("Calls", [], []),
    ("My calls", ["mine"], []),
    (
        "Call-backs due",
        ["mine"],
        [("callback_datetime", "!=", False), ("callback_done_datetime", "=", False)],
    ),
]


def extra_facts(db):
    """What the compliance data leaves out: calls in the contact's quiet
    hours (a few outbound calls) and calls on legal hold (a handful)."""
    psql(
        "UPDATE phone_call SET in_quiet_hours = true "
        "WHERE direction = 'outbound' AND id % 40 = 0",
        db=db,
    )
    psql(
        "UPDATE phone_call SET legal_hold_reason = 'legal', legal_hold = true "
        "WHERE id % 997 = 0",
        db=db,
    )
    psql("VACUUM (ANALYZE) phone_call", db=db)


def extra_tables(registry):
    """Findings of one call in ten, the cron's bookkeeping of every call
    (3 % waiting for a decision, 2 % not evaluated yet), and 100,000
    rejected rows of twenty PBX imports. (Conflicts are skipped: an Odoo
    server of the same cluster may run the findings cron on this database
    meanwhile.)"""
    import odoo

    db = registry.db_name
    psql(
        """
        WITH rules AS (SELECT array_agg(id ORDER BY id) AS ids,
                              array_agg(kind ORDER BY id) AS kinds,
                              count(*) AS n FROM phone_finding_rule)
        INSERT INTO phone_finding (rule_id, kind, call_id, company_id,
            employee_id, department_id, date, state, facts,
            create_uid, write_uid, create_date, write_date)
        SELECT rules.ids[c.id % rules.n + 1], rules.kinds[c.id % rules.n + 1],
               c.id, c.company_id, c.employee_id, c.department_id,
               c.date_start,
               CASE WHEN c.id % 20 = 0 THEN 'new'
                    WHEN c.id % 3 = 0 THEN 'converted' ELSE 'dismissed' END,
               '{"code": "long_call", "minutes": 20, "limit": 15}'::jsonb,
               1, 1, now(), now()
          FROM phone_call c, rules WHERE c.id % 10 = 0
        ON CONFLICT DO NOTHING
        """,
        db=db,
    )
    psql(
        """
        INSERT INTO phone_finding_check (call_id, company_id, state, due,
            create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id,
               CASE WHEN c.id % 33 = 0 THEN 'waiting' ELSE 'done' END,
               CASE WHEN c.id % 33 = 0 THEN c.date_start + interval '2 days' END,
               1, 1, now(), now()
          FROM phone_call c WHERE c.id % 50 <> 0
        ON CONFLICT DO NOTHING
        """,
        db=db,
    )
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        system = env["phone.system"].create({"name": "Bench PBX"})
        imports = env["phone.cdr.import"].create(
            [
                {
                    "name": f"Master-{index}.csv",
                    "system_id": system.id,
                    "origin": "directory",
                    "file_format": "asterisk",
                    "state": "done",
                }
                for index in range(20)
            ]
        )
        env.flush_all()
        cr.execute(
            """
            INSERT INTO phone_cdr_import_error (import_id, company_id,
                line_number, code, reason, raw_line, create_uid, write_uid,
                create_date, write_date)
            SELECT (%s::int[])[g %% 20 + 1], %s, g, 'columns',
                   '17 columns instead of 16-18.', 'bench,line,' || g,
                   1, 1, now(), now()
              FROM generate_series(1, 100000) g
            """,
            [imports.ids, system.company_id.id],
        )
        cr.execute(
            "UPDATE phone_cdr_import SET count_read = 5000, count_rejected = 5000 "
            "WHERE id = ANY(%s)",
            [imports.ids],
        )
        # an import's calls: one call in a thousand
        cr.execute(
            "UPDATE phone_call SET cdr_import_id = %s WHERE id %% 1000 = 0",
            [imports[0].id],
        )
        cr.commit()
    for table in TABLES:
        psql(f"VACUUM (ANALYZE) {table}", db=db)


def make_people(registry, officer_id):
    """A Phone Policy User with an employee of the first department, and the
    Officer and a Manager with employees of the second: their calls carry
    their user (the stored related user_id), as calls logged by them do."""
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        departments = env["hr.department"].search(
            [("name", "like", "Bench Department")], order="name", limit=2
        )
        users = {}
        for login, group in (
            ("bench_user", "phone_policy.group_phone_user"),
            ("bench_manager", "phone_policy.group_phone_manager"),
        ):
            users[login] = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": login.replace("_", " ").title(),
                        "login": login,
                        "tz": "Asia/Taipei",
                        "groups_id": [
                            (6, 0, [env.ref("base.group_user").id, env.ref(group).id])
                        ],
                    }
                )
            )
        users["bench_officer"] = env["res.users"].browse(officer_id)
        homes = {
            "bench_user": departments[0],
            "bench_officer": departments[1],
            "bench_manager": departments[1],
        }
        for login, user in users.items():
            employee = env["hr.employee"].search(
                [("department_id", "=", homes[login].id), ("user_id", "=", False)],
                limit=1,
            )
            employee.user_id = user
            env.flush_all()
            cr.execute(
                "UPDATE phone_call SET user_id = %s WHERE employee_id = %s",
                [user.id, employee.id],
            )
        result = {login: user.id for login, user in users.items()}
        cr.commit()
    psql("VACUUM (ANALYZE) phone_call", db=registry.db_name)
    return result


def list_spec(env):
    """The fields the list view reads, as the web client asks for them."""
    Call = env["phone.call"]
    arch = Call.get_view(env.ref("phone_policy.phone_call_view_list").id, "list")[
        "arch"
    ]
    spec = {}
    for fname in re.findall(r'<field name="([^"]+)"', arch):
        field = Call._fields.get(fname)
        if field is None:
            continue
        if field.type == "many2one":
            spec[fname] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[fname] = {}
        else:
            spec[fname] = {}
    return spec


def filter_domains(env, model="phone.call", view="phone_call_view_search"):
    """{filter name: domain} of a search view as the web client gets it
    (with its extensions), ``uid`` resolved."""
    from odoo.tools.safe_eval import safe_eval

    view_id = env.ref(f"phone_policy.{view}").id
    arch = env[model].get_view(view_id, "search")["arch"]
    domains = {}
    for name, domain in re.findall(
        r'<filter\s+name="([^"]+)"\s+string="[^"]*"\s+domain="([^"]+)"', arch
    ):
        domains[name] = safe_eval(
            domain.replace("&quot;", '"').replace("&amp;", "&"), {"uid": env.uid}
        )
    return domains


def explain(cr, query, params, table, indexes):
    cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", params)
    plan = "\n".join(row[0] for row in cr.fetchall())
    used = sorted({name for name in INDEX_NODE.findall(plan) if name in indexes})
    seq = bool(re.search(rf"Seq Scan on {table}\b", plan))
    return plan, used, seq


def timed(env, action, table, runs):
    """[seconds of each run], result, captured (query, params) naming
    ``table`` in the last run; the ORM cache is emptied before each run."""
    times = []
    for _run in range(runs):
        env.invalidate_all()
        with capture_queries(table) as captured:
            started = time.perf_counter()
            result = action()
            times.append(time.perf_counter() - started)
    return times, result, captured


def measure(env, label, action, runs, indexes, verbose, table="phone_call"):
    """Time ``action`` (it returns a number of rows), then EXPLAIN the
    queries it ran that search ``table`` (not the ORM's reads by id)."""
    times, count, captured = timed(env, action, table, runs)
    warm = sorted(times[1:]) or times
    plans = []
    for query, params in captured:
        by_id = re.search(rf'WHERE \(*"{table}"\."id" IN', query)
        if query.lstrip().upper().startswith("SELECT") and not by_id:
            plan = explain(env.cr, query, params, table, indexes)
            plans.append((*plan, query, params))
    used = sorted({name for plan in plans for name in plan[1]})
    scan = f"  (Seq Scan on {table})" if any(plan[2] for plan in plans) else ""
    say(
        f"{label:<44} {count:>6} rows  cold {times[0]:.3f} s  "
        f"warm best {warm[0]:.3f} s, median {statistics.median(warm):.3f} s  "
        f"index: {', '.join(used) or 'none'}{scan}"
    )
    if verbose:
        for plan, _used, _seq, query, params in plans:
            say(f"--- {env.cr.mogrify(query, params).decode()}")
            say(plan)
    return max(times)


def list_action(env, model, domain, spec):
    """What the web client does to open a list: 80 rows, count to 10,001."""

    def action():
        result = env[model].web_search_read(
            domain, spec, offset=0, limit=80, count_limit=10001
        )
        return result["length"]

    return action


def other_reads(env, run, spec):
    """As the Officer: searching a reference, the Calls buttons of a
    contact, an employee and a PBX import."""
    run(
        env,
        "search a reference (0123456)",
        list_action(env, "phone.call", [("name", "ilike", "0123456")], spec),
    )
    partner = env["res.partner"].search([("name", "=", "Bench Customer 007")])
    employee = env["hr.employee"].search([("name", "=", "Bench Employee 03-2")])
    imp = env["phone.cdr.import"].search([("name", "=", "Master-0.csv")])
    for label, record in (
        ("a contact's Calls button", partner),
        ("an employee's Calls button", employee),
        ("a PBX import's Calls button", imp),
    ):

        def count(record=record):
            field = "call_count" if record._name == "phone.cdr.import" else None
            record.invalidate_recordset()
            return record[field or "phone_call_count"]

        run(env, label, count)


def cron_and_import_reads(env, run):
    """As the superuser: the "called back" stamp of missed calls (what the
    findings read), and the PBX import's look for calls logged by hand
    (its query, as in cdr/engine.py)."""
    Call = env["phone.call"]
    missed = Call.search(
        [("direction", "=", "inbound"), ("answered", "=", False)],
        order="date_start desc",
        limit=50,
        offset=2000,
    )
    # the findings read the "called back" stamp on each missed call; the
    # stamp itself (phone_call_callback.py) runs when calls are written
    run(
        env,
        "the called-back stamp of 50 missed calls",
        lambda: len(Call._stamp_called_back(missed.ids)),
    )
    start = min(missed.mapped("date_start"))

    def manual():
        env.cr.execute(
            """
            SELECT id, employee_id, direction, phone, counterpart_employee_id,
                   date_start
              FROM phone_call
             WHERE company_id = %s AND source = 'manual' AND cdr_key IS NULL
               AND employee_id = ANY(%s) AND date_start BETWEEN %s AND %s
            """,
            [
                env.company.id,
                missed.employee_id.ids,
                start - timedelta(minutes=10),
                start + timedelta(hours=8),
            ],
        )
        return len(env.cr.fetchall())

    run(env, "PBX import: calls logged by hand", manual)


def finding_lists(env, run):
    """As the Officer: the findings to review, a call's findings, an
    import's rejected rows as CSV."""
    Finding = env["phone.finding"]
    domains = filter_domains(env, "phone.finding", "phone_finding_view_search")
    spec = {
        fname: {"fields": {"display_name": {}}}
        if Finding._fields[fname].type == "many2one"
        else {}
        for fname in ("date", "rule_id", "call_id", "employee_id", "state")
    }
    action = list_action(env, "phone.finding", domains["to_review"], spec)
    run(env, "findings: To review", action, "phone_finding")
    call = Finding.search([], limit=1, offset=500).call_id
    run(
        env,
        "findings of a call (its smart button)",
        lambda: len(Finding.search([("call_id", "=", call.id)])),
        "phone_finding",
    )
    employee = call.employee_id
    run(
        env,
        "findings of an employee (search view)",
        list_action(env, "phone.finding", [("employee_id", "=", employee.id)], spec),
        "phone_finding",
    )
    department = employee.department_id
    run(
        env,
        "findings of a department (search view)",
        list_action(
            env, "phone.finding", [("department_id", "=", department.id)], spec
        ),
        "phone_finding",
    )
    imp = env["phone.cdr.import"].search([("name", "=like", "Master-%.csv")], limit=1)

    def download():
        target = io.BytesIO()
        imp._rejected_csv(target)
        return target.getvalue().count(b"\n") - 1

    run(env, "rejected rows of an import, as CSV", download, "phone_cdr_import_error")


def benchmark(registry, users, runs, indexes, verbose):
    import odoo

    slowest = 0.0

    def run(env, label, action, table="phone_call"):
        nonlocal slowest
        slowest = max(
            slowest, measure(env, label, action, runs, indexes[table], verbose, table)
        )

    for login in ("bench_user", "bench_officer"):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, users[login], {"tz": "Asia/Taipei"})
            spec = list_spec(env)
            domains = filter_domains(env)
            say(f"==> as {env.user.name}")
            for label, filters, action_domain in LISTS:
                domain = list(action_domain)
                for name in filters:
                    domain += domains[name]
                run(env, label, list_action(env, "phone.call", domain, spec))
            if login == "bench_officer":
                for name, domain in domains.items():
                    if name != "confidential":
                        action = list_action(env, "phone.call", domain, spec)
                        run(env, f"filter {name}", action)
                other_reads(env, run, spec)
                finding_lists(env, run)
            cr.rollback()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, users["bench_manager"], {"tz": "Asia/Taipei"})
        say(f"==> as {env.user.name}")
        domain = filter_domains(env)["confidential"]
        run(
            env,
            "filter confidential",
            list_action(env, "phone.call", domain, list_spec(env)),
        )
        cr.rollback()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Taipei"})
        say("==> the findings cron (as the superuser, as crons run)")
        Check = env["phone.finding.check"]
        now = odoo.fields.Datetime.now()

        def due():
            domain = [("state", "=", "waiting"), ("due", "<=", now)]
            return len(Check.search(domain, limit=500, order="due, id"))

        run(env, "decisions that are due", due, "phone_finding_check")
        run(
            env,
            "calls not evaluated yet",
            lambda: len(Check._unchecked_call_ids(500)),
            "phone_finding_check",
        )
        cron_and_import_reads(env, run)
        cr.rollback()
    ok = slowest < TARGET_SECONDS
    say(
        f"RESULT: slowest {slowest:.3f} s "
        f"({'<' if ok else '>='} {TARGET_SECONDS:.0f} s) -> "
        f"{'PASS' if ok else 'FAIL'}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--employees", type=int, default=5, help="per department")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--database", help="a database kept by an earlier run")
    parser.add_argument("--verbose", action="store_true", help="print the plans")
    args = parser.parse_args()
    args.runs = max(args.runs, 2)

    addons_dir = tempfile.mkdtemp(prefix="phone_policy_bench_")
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    db = args.database or f"phone_policy_bench_{os.getpid()}"
    ok = False
    try:
        import odoo
        from odoo.tools import config

        if not args.database:
            say(f"==> throwaway database {db}")
            prepare_database(db, addons_path)
        config.parse_config(
            ["-d", db, f"--addons-path={addons_path}", "--log-level=warn"]
        )
        registry = odoo.modules.registry.Registry(db)
        logins = ("bench_user", "bench_officer", "bench_manager")
        known = psql(
            "select login, id from res_users where login in %s" % (logins,), db=db
        )
        users = dict(line.split("|") for line in known.splitlines() if line)
        if set(users) != set(logins):
            if "bench_officer" in users:  # a database of the compliance benchmark
                officer_id = int(users["bench_officer"])
            else:
                officer_id, _first = populate(registry, args)
            extra_facts(db)
            extra_tables(registry)
            users = make_people(registry, officer_id)
        users = {login: int(uid) for login, uid in users.items()}
        indexes = {
            table: set(
                psql(
                    f"select indexname from pg_indexes where tablename = '{table}'",
                    db=db,
                ).split()
            )
            for table in TABLES
        }
        say(
            ", ".join(
                f"{table}: {len(names)} indexes" for table, names in indexes.items()
            )
        )
        # cold: a fresh registry (no ORM or rule caches) on fresh connections
        odoo.modules.registry.Registry.delete(db)
        odoo.sql_db.close_db(db)
        registry = odoo.modules.registry.Registry(db)
        ok = benchmark(registry, users, args.runs, indexes, args.verbose)
    finally:
        if "odoo" in sys.modules:
            import odoo

            odoo.modules.registry.Registry.delete(db)
            odoo.sql_db.close_db(db)
        if args.keep or args.database:
            say(f"kept database {db}")
        else:
            subprocess.run(["dropdb", "--if-exists", db], check=False)
        os.unlink(os.path.join(addons_dir, ADDON))
        os.rmdir(addons_dir)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
