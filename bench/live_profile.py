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
event and the slowest statements by total time, the database connections
opened per event (a backend started and ended within the run is not in the
PostgreSQL figure; the whole machine's busy time per event is, with
whatever else runs on the machine); ``--profile`` adds cProfile's view of
Odoo's time (by own time and cumulative). First, the same for
``/web/health``: the floor of any request to this server.
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

import psycopg2
from benchlib import ADDON, ROOT, odoo_addons, prepare_database, say

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_bench import populate  # noqa: E402

WARMUP_CALLS = 20
# this script's own connections (not counted: ConnectionCounter)
RAW_CONNECT = psycopg2.connect
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
    with RAW_CONNECT(dbname="postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db])
        return {pid: _cpu_seconds(pid) for (pid,) in cr.fetchall()}


def machine_busy():
    """CPU seconds the whole machine has spent busy so far (every
    process: a database connection opened and closed within the run is
    counted here only)."""
    with open("/proc/stat") as stat:
        ticks = [int(part) for part in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


class ConnectionCounter:
    """The connections to the database server this process opens."""

    def __init__(self):
        self.count = 0
        original = psycopg2.connect
        counter = self

        def connect(*args, **kwargs):
            counter.count += 1
            return original(*args, **kwargs)

        psycopg2.connect = connect


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


def plan_events(calls):
    """The events of ``calls`` calls, by type: four calls in five answered,
    four in five from a contact's number, as ``bench/live_bench.py``."""
    now = time.time()
    plan = {"ringing": [], "answered": [], "hangup": []}
    for index in range(WARMUP_CALLS + calls):
        number = index % 2000
        base = {
            "call_id": f"profile-{os.getpid()}-{index}",
            "caller": (
                f"02{2000 + number:04d}{number:04d}" if index % 5 else f"09{index:08d}"
            ),
            "called": str(2000 + index % 200),
        }
        plan["ringing"].append({**base, "event": "ringing", "time": now - 60})
        if index % 5 != 4:
            plan["answered"].append({**base, "event": "answered", "time": now - 50})
        plan["hangup"].append({**base, "event": "hangup", "time": now - 10})
    return plan


class Meter:
    """What a series of requests costs: this process's CPU, the database
    backends' CPU, the machine's busy time, statements and connections."""

    def __init__(self, db):
        self.db = db
        self.timer = StatementTimer()
        self.connections = ConnectionCounter()
        self.totals = collections.Counter()

    def measure(self, send, count, profile=None):
        self.timer.reset()
        self.timer.active = True
        self.connections.count = 0
        pg0, cpu0, wall0 = pg_cpu(self.db), time.process_time(), time.perf_counter()
        busy0 = machine_busy()
        if profile:
            profile.enable()
        for index in range(count):
            send(index)
        if profile:
            profile.disable()
        busy1 = machine_busy()
        cpu1, wall1, pg1 = time.process_time(), time.perf_counter(), pg_cpu(self.db)
        self.timer.active = False
        figures = {
            "odoo": cpu1 - cpu0,
            "pg": sum(pg1[pid] - pg0.get(pid, 0.0) for pid in pg1),
            "wall": wall1 - wall0,
            "busy": busy1 - busy0,
            "queries": sum(entry[0] for entry in self.timer.times.values()),
            "in_sql": sum(entry[1] for entry in self.timer.times.values()),
            "connections": self.connections.count,
            "count": count,
        }
        return figures

    def say(self, label, figures):
        count = figures["count"]

        def ms(name):
            return figures[name] / count * 1000

        say(
            f"{label} x{count}: Odoo CPU {ms('odoo'):.2f} ms, PostgreSQL CPU "
            f"{ms('pg'):.2f} ms, wall {ms('wall'):.2f} ms per event; "
            f"{figures['queries'] / count:.1f} queries per event, "
            f"{ms('in_sql'):.2f} ms waiting for them; "
            f"{figures['connections'] / count:.2f} new connections per event; "
            f"whole machine busy {ms('busy'):.2f} ms per event (every process, "
            "this one and the others)"
        )


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
    import odoo

    try:
        run(args, db, addons_path, system_id, key)
    finally:
        if not args.database and not args.keep:
            odoo.sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        elif args.keep:
            say(f"kept database {db} (system {system_id}, key {key})")
        shutil.rmtree(work, ignore_errors=True)


def run(args, db, addons_path, system_id, key):
    from werkzeug.test import Client

    import odoo
    from odoo.tools import config

    if args.database:  # else populate() did
        config.parse_config(
            ["-d", db, f"--addons-path={addons_path}", "--log-level=warn"]
        )
    odoo.service.server.load_server_wide_modules()
    client = Client(odoo.http.root)
    path = f"/phone_policy/live/{system_id}/events"
    meter = Meter(db)
    plan = plan_events(args.calls)
    say(
        f"==> {args.calls} calls, one event at a time, in this process "
        f"(after {WARMUP_CALLS} calls of warm-up)"
    )
    for _warm in range(WARMUP_CALLS):
        client.get("/web/health")
    meter.say(
        "/web/health (the floor of any request)",
        meter.measure(lambda _index: client.get("/web/health"), args.calls),
    )

    def send(body):
        status, answer = post(client, path, key, body)
        if status != 200:
            raise RuntimeError(f"{body['event']}: {status} {answer[:300]!r}")

    mix = collections.Counter()
    for event, bodies in plan.items():
        warm = WARMUP_CALLS if event != "answered" else WARMUP_CALLS * 4 // 5
        for body in bodies[:warm]:
            send(body)
        measured = bodies[warm:]
        profile = cProfile.Profile() if args.profile else None
        figures = meter.measure(
            lambda index, measured=measured: send(measured[index]),
            len(measured),
            profile,
        )
        mix.update(figures)
        meter.say(f"{event:9s}", figures)
        for shape, (n, seconds) in sorted(
            meter.timer.times.items(), key=lambda item: -item[1][1]
        )[: args.top]:
            say(
                f"    {n / len(measured):5.2f}/event "
                f"{seconds / len(measured) * 1000:6.3f} ms  {shape}"
            )
        if profile:
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(order).print_stats(
                    args.top
                )
                say(out.getvalue())
    meter.say("all events (the benchmark's mix)", mix)


if __name__ == "__main__":
    main()
