#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where the time of one live call event goes (not a test, not the load
benchmark): on a throwaway database populated as ``bench/live_bench.py``
does, Odoo's WSGI application serves the live events endpoint in this very
process (no HTTP server, no other worker), one event at a time: first
``--calls`` ringing events, then their answered events (four in five), then
their hangups.

    python3 bench/live_profile.py [--calls 300] [--profile] [--keep]

Printed per event type: the CPU time of Odoo (this process) and of
PostgreSQL (its backends of this database) per event, the queries per
event and the slowest statements by total time; ``--profile`` adds
cProfile's view of Odoo's time (by own time and cumulative).
"""

import argparse
import collections
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time

from benchlib import ADDON, ROOT, odoo_addons, prepare_database, say

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_bench import populate  # noqa: E402

WARMUP_CALLS = 20
SHAPE = int(os.environ.get("SHAPE", 110))


def _cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            parts = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def pg_cpu(db):
    """CPU seconds so far of the PostgreSQL backends of ``db``."""
    import psycopg2

    with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db])
        return {pid: _cpu_seconds(pid) for (pid,) in cr.fetchall()}


class StatementTimer:
    """Odoo's cursors, timed: every statement's wall time (this process
    waits for the server: on an idle machine, PostgreSQL's time plus the
    round trip), by statement shape."""

    def __init__(self):
        import odoo.sql_db

        self.cursor_class = odoo.sql_db.Cursor
        self.original = self.cursor_class.execute
        self.times = collections.defaultdict(lambda: [0, 0.0])
        self.active = False
        timer = self

        def execute(cursor, query, params=None, log_exceptions=True):
            if not timer.active:
                return timer.original(cursor, query, params, log_exceptions)
            started = time.perf_counter()
            try:
                return timer.original(cursor, query, params, log_exceptions)
            finally:
                text = query.code if hasattr(query, "code") else str(query)
                shape = re.sub(r'"[0-9a-f-]{36}"', '"..."', text)
                shape = re.sub(r"\s+", " ", shape).strip()[:SHAPE]
                entry = timer.times[shape]
                entry[0] += 1
                entry[1] += time.perf_counter() - started

        self.cursor_class.execute = execute

    def reset(self):
        self.times.clear()


def post(client, path, key, body):
    response = client.post(
        path,
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    return response.status_code, response.get_data()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="cProfile's view")
    parser.add_argument("--database", help="an existing populated database")
    parser.add_argument("--system", type=int, help="with --database: the system id")
    parser.add_argument("--key", help="with --database: its push key")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="phone_policy_live_profile_")
    addons_dir = os.path.join(work, "addons")
    os.makedirs(addons_dir)
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    if args.database:
        db, system_id, key = args.database, args.system, args.key
    else:
        db = f"phone_policy_live_profile_{os.getpid()}"
        say(f"==> throwaway database {db}")
        prepare_database(db, addons_path)
        system_id, key = populate(db, addons_path, 0)
    try:
        import odoo
        from odoo.tools import config
        from werkzeug.test import Client

        if args.database:  # else populate() did
            config.parse_config(
                ["-d", db, f"--addons-path={addons_path}", "--log-level=warn"]
            )
        odoo.service.server.load_server_wide_modules()
        client = Client(odoo.http.root)
        path = f"/phone_policy/live/{system_id}/events"
        timer = StatementTimer()
        now = time.time()
        plan = {"ringing": [], "answered": [], "hangup": []}
        for index in range(WARMUP_CALLS + args.calls):
            call_id = f"profile-{os.getpid()}-{index}"
            number = index % 2000
            caller = (
                f"02{2000 + number:04d}{number:04d}" if index % 5 else f"09{index:08d}"
            )
            called = str(2000 + index % 200)
            base = {"call_id": call_id, "caller": caller, "called": called}
            plan["ringing"].append({**base, "event": "ringing", "time": now - 60})
            if index % 5 != 4:
                plan["answered"].append({**base, "event": "answered", "time": now - 50})
            plan["hangup"].append({**base, "event": "hangup", "time": now - 10})
        say(
            f"==> {args.calls} calls, one event at a time, in this process "
            f"(after {WARMUP_CALLS} calls of warm-up)"
        )
        for _warm in range(WARMUP_CALLS):
            client.get("/web/health")
        timer.reset()
        timer.active = True
        pg0, cpu0 = pg_cpu(db), time.process_time()
        for _index in range(args.calls):
            client.get("/web/health")
        cpu1, pg1 = time.process_time(), pg_cpu(db)
        timer.active = False
        pg_used = sum(pg1[pid] - pg0.get(pid, 0.0) for pid in pg1)
        say(
            f"/web/health x{args.calls} (the floor of any request): Odoo CPU "
            f"{(cpu1 - cpu0) / args.calls * 1000:.2f} ms, PostgreSQL CPU "
            f"{pg_used / args.calls * 1000:.2f} ms, "
            f"{sum(n for n, _s in timer.times.values()) / args.calls:.1f} queries "
            "per request"
        )
        for event, bodies in plan.items():
            warm = WARMUP_CALLS if event != "answered" else WARMUP_CALLS * 4 // 5
            for body in bodies[:warm]:
                status, answer = post(client, path, key, body)
                if status != 200:
                    raise RuntimeError(f"{event}: {status} {answer[:300]!r}")
            measured = bodies[warm:]
            timer.reset()
            timer.active = True
            profile = cProfile.Profile() if args.profile else None
            pg0, cpu0, wall0 = pg_cpu(db), time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            for body in measured:
                status, answer = post(client, path, key, body)
                if status != 200:
                    raise RuntimeError(f"{event}: {status} {answer[:300]!r}")
            if profile:
                profile.disable()
            cpu1, wall1, pg1 = time.process_time(), time.perf_counter(), pg_cpu(db)
            timer.active = False
            count = len(measured)
            pg_used = sum(pg1[pid] - pg0.get(pid, 0.0) for pid in pg1)
            queries = sum(entry[0] for entry in timer.times.values())
            in_sql = sum(entry[1] for entry in timer.times.values())
            say(
                f"{event:9s} x{count}: Odoo CPU {(cpu1 - cpu0) / count * 1000:.2f} ms, "
                f"PostgreSQL CPU {pg_used / count * 1000:.2f} ms, wall "
                f"{(wall1 - wall0) / count * 1000:.2f} ms per event; "
                f"{queries / count:.1f} queries per event, "
                f"{in_sql / count * 1000:.2f} ms waiting for them"
            )
            for shape, (n, seconds) in sorted(
                timer.times.items(), key=lambda item: -item[1][1]
            )[: args.top]:
                say(
                    f"    {n / count:5.2f}/event {seconds / count * 1000:6.3f} ms  "
                    f"{shape}"
                )
            if profile:
                for order in ("tottime", "cumulative"):
                    out = io.StringIO()
                    pstats.Stats(profile, stream=out).sort_stats(order).print_stats(
                        args.top
                    )
                    say(out.getvalue())
    finally:
        if not args.database and not args.keep:
            odoo.sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        elif args.keep:
            say(f"kept database {db} (system {system_id}, key {key})")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
