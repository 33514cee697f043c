#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of live calls (not a test): on a throwaway database, Odoo runs
with ``--workers`` (4 by default) and its gevent worker; a phone system
posts its calls' events (ringing, answered after 1-8 s, hangup after 2-20 s
of talk; one call in five is not answered) at a constant rate to the live
events endpoint, as a PBX would: every event with its own timestamp, the
events of a call in order, many calls at once.

    python3 bench/live_bench.py [--rate 240] [--seconds 60] [--workers 4]
                                [--popups 20] [--keep]

Printed figures:
- events handled per second over the measured ``--seconds`` of sustained
  load (after a warm-up that fills the pipeline of calls in progress), the
  latency of each POST (median, p95, p99, max), the lateness of the load
  generator itself;
- no event lost: every event answered 200, and the database holds exactly
  one call per call sent with exactly the events sent;
- the time from a ``ringing`` posted to the screen-pop shown in a headless
  Chromium logged in as the called employee (median and worst of
  ``--popups``): the page is served by the gevent worker (as a reverse proxy
  sends ``/websocket`` there), the event by the HTTP workers, and the
  notification crosses between them through PostgreSQL (LISTEN/NOTIFY).

Targets: >= 200 events/s, no event lost, p95 < 200 ms; the script exits
with status 1 otherwise.
"""

import argparse
import http.client
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests
from benchlib import ADDON, ROOT, odoo_addons, prepare_database, say

sys.path.insert(0, os.path.join(ROOT, "tools"))
from screenshots import Browser, free_port  # noqa: E402

TARGET_RATE = 200
TARGET_P95 = 0.200
EMPLOYEES = 200
CONTACTS = 2000
POPUP_LOGIN = "bench.callee"
POPUP_EXTENSION = "3999"
WARMUP = 30  # longer than a call (8 s ring + 20 s talk)
SENDERS = 48


def populate(db, addons_path, popups):
    """A company, a phone system with its push key, employees with users
    and extensions, contacts with numbers; the employee whose browser
    shows the screen-pops. Returns the system id and its key."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-d", db, f"--addons-path={addons_path}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.ref("base.main_company")
        company.write({"country_id": env.ref("base.tw").id, "name": "Bench Co"})
        company.partner_id.tz = "Asia/Taipei"
        system = env["phone.system"].create(
            {"name": "Bench PBX", "company_id": company.id, "tz": "Asia/Taipei"}
        )
        key = system._set_push_key()
        department = env["hr.department"].create({"name": "Bench Desk"})
        users = env["res.users"].create(
            [
                {
                    "name": f"Bench Agent {index:03d}",
                    "login": f"bench.agent.{index:03d}",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                }
                for index in range(EMPLOYEES)
            ]
            + [
                {
                    "name": "Bench Callee",
                    "login": POPUP_LOGIN,
                    "password": POPUP_LOGIN,
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "tz": "Asia/Taipei",
                }
            ]
        )
        employees = env["hr.employee"].create(
            [
                {"name": user.name, "user_id": user.id, "department_id": department.id}
                for user in users
            ]
        )
        env["phone.account"].create(
            [
                {
                    "system_id": system.id,
                    "employee_id": employee.id,
                    "extension": (
                        POPUP_EXTENSION if index == EMPLOYEES else str(2000 + index)
                    ),
                    "state": "active",
                }
                for index, employee in enumerate(employees)
            ]
        )
        env["res.partner"].create(
            [
                {
                    "name": f"Bench Customer {index:04d}",
                    "phone": f"02 {2000 + index:04d} {index:04d}",
                    "country_id": env.ref("base.tw").id,
                }
                for index in range(CONTACTS)
            ]
            + [
                {
                    "name": f"Screen-pop Caller {index:02d}",
                    "phone": f"0955 300 {index:03d}",
                    "country_id": env.ref("base.tw").id,
                }
                for index in range(popups)
            ]
        )
        system_id = system.id
        cr.commit()
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    return system_id, key


def odoo_bin():
    return os.path.join(os.path.dirname(odoo_addons()), "odoo-bin")


class Server:
    """Odoo with HTTP workers and its gevent worker on free ports."""

    def __init__(self, db, addons_path, workers, logfile):
        self.db = db
        self.http_port = free_port(8269)
        self.gevent_port = free_port(self.http_port + 1)
        # odoo-bin, not "-m odoo": the prefork server starts its gevent
        # worker by running its own command line again
        self.process = subprocess.Popen(
            [
                sys.executable,
                odoo_bin(),
                "-d",
                db,
                f"--addons-path={addons_path}",
                "--http-interface=127.0.0.1",
                f"--http-port={self.http_port}",
                f"--gevent-port={self.gevent_port}",
                f"--workers={workers}",
                "--max-cron-threads=0",
                # --database alone, no --db-filter: Odoo then serves the
                # phone system's requests (no session) without listing the
                # databases on the server at each of them
                "--log-level=warn",
                f"--logfile={logfile}",
                "--limit-time-real=600",
                "--limit-time-cpu=600",
            ],
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.gevent_url = f"http://127.0.0.1:{self.gevent_port}"

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Odoo stopped (see its log)")
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).ok and (
                    requests.get(f"{self.gevent_url}/web/health", timeout=2).ok
                ):
                    return
            except requests.RequestException:
                pass  # not up yet
            time.sleep(0.5)
        raise RuntimeError("Odoo did not answer")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def schedule(rate, seconds, seed=42):
    """The events of the run: (second, call id, event, caller, called), in
    time order, about ``rate`` per second from the warm-up on. A call's
    events keep their order and spacing."""
    rng = random.Random(seed)
    calls_per_second = rate / 2.8  # 4 calls in 5 answered: 2.8 events a call
    events = []
    start = -WARMUP
    end = seconds
    moment = start
    index = 0
    while moment < end:
        call_id = f"bench-{index}"
        if rng.random() < 0.8:  # a contact of ours
            number = rng.randrange(CONTACTS)
            caller = f"02{2000 + number:04d}{number:04d}"
        else:  # an unknown mobile
            caller = f"09{rng.randrange(10**8):08d}"
        called = str(2000 + rng.randrange(EMPLOYEES))
        events.append((moment, call_id, "ringing", caller, called))
        ring = rng.uniform(1, 8)
        if rng.random() < 0.8:
            events.append((moment + ring, call_id, "answered", caller, called))
            events.append(
                (moment + ring + rng.uniform(2, 20), call_id, "hangup", caller, called)
            )
        else:
            events.append((moment + ring + 10, call_id, "hangup", caller, called))
        moment += rng.expovariate(calls_per_second)
        index += 1
    events.sort()
    return events


def run_load(server, system_id, key, events, seconds, window_cpu):
    """Send each event at its time from a pool of senders; returns the
    results: (scheduled second, started, ended, HTTP status or the
    connection error, event, call id)."""
    path = f"/phone_policy/live/{system_id}/events"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    todo = queue.Queue()
    results = []
    lock = threading.Lock()

    def sender():
        # a plain keep-alive connection per sender, as a PBX's HTTP client
        # keeps one: the generator must cost the machine little
        connection = http.client.HTTPConnection(
            "127.0.0.1", server.http_port, timeout=30
        )
        while True:
            item = todo.get()
            if item is None:
                connection.close()
                return
            at, call_id, event, caller, called, origin = item
            body = json.dumps(
                {
                    "event": event,
                    "call_id": call_id,
                    "caller": caller,
                    "called": called,
                    "time": time.time(),
                }
            )
            started = time.perf_counter()
            try:
                connection.request("POST", path, body, headers)
                response = connection.getresponse()
                response.read()
                code = response.status
            except (OSError, http.client.HTTPException) as error:
                # not answered: what the connection said instead
                connection.close()
                code = type(error).__name__
            ended = time.perf_counter()
            with lock:
                results.append(
                    (at, started - origin, ended - origin, code, event, call_id)
                )

    threads = [threading.Thread(target=sender, daemon=True) for _i in range(SENDERS)]
    for thread in threads:
        thread.start()
    origin = time.perf_counter() + WARMUP  # second 0 of the measured window
    marks = {0: "start", seconds: "end"}
    for at, call_id, event, caller, called in events:
        delay = origin + at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        for mark in [mark for mark in marks if at >= mark]:
            window_cpu[marks.pop(mark)] = (cpu_snapshot(server), time.process_time())
        todo.put((at, call_id, event, caller, called, origin))
    for _thread in threads:
        todo.put(None)
    for thread in threads:
        thread.join()
    return results


def baseline(server, seconds=10):
    """What the same server answers per second for an empty request
    (``/web/health``) with as many senders: the ceiling of any route on
    this machine at this moment."""
    stop = time.perf_counter() + seconds
    counts = []
    lock = threading.Lock()

    def sender():
        session = requests.Session()
        done = 0
        while time.perf_counter() < stop:
            session.get(f"{server.url}/web/health", timeout=30)
            done += 1
        with lock:
            counts.append(done)

    threads = [threading.Thread(target=sender) for _i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def gevent_works():
    """Odoo's gevent worker (websockets) starts at all in this Python: on
    setuptools < 70, pkg_resources does not find zope.interface >= 8 nor
    zope.event >= 5.1, and the worker dies at start (README, Installing)."""
    check = subprocess.run(
        [sys.executable, "-c", "import gevent.monkey; gevent.monkey.patch_all()"],
        capture_output=True,
        text=True,
        check=False,
    )
    return check.returncode == 0, check.stderr.strip().splitlines()[-1:]


def _cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            parts = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server):
    """CPU seconds so far of Odoo's processes (the server, its HTTP
    workers, its gevent worker) and of the PostgreSQL backends of its
    database, by process."""
    import psycopg2

    odoo_pids = [server.process.pid]
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.process.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    odoo_pids += [int(pid) for pid in children]
    with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [server.db])
        pg_pids = [pid for (pid,) in cr.fetchall()]
    return (
        {pid: _cpu_seconds(pid) for pid in odoo_pids},
        {pid: _cpu_seconds(pid) for pid in pg_pids},
    )


def cpu_used(before, after):
    """CPU seconds used between two snapshots of the same kind."""
    total = 0.0
    for pid, seconds in after.items():
        if seconds is not None:
            total += seconds - (before.get(pid) or 0.0)
    return total


def say_server_errors(logfile, limit=20):
    """The server's ERROR lines (and the lines after them), to say why an
    event failed."""
    if not os.path.exists(logfile):
        return
    with open(logfile) as log:
        lines = log.readlines()
    shown = 0
    for index, line in enumerate(lines):
        if " ERROR " in line or " CRITICAL " in line:
            for follow in lines[index : index + 6]:
                sys.stdout.write(f"  odoo.log: {follow}")
            shown += 1
            if shown == limit:
                break
    if not shown:
        say("  odoo.log: no ERROR line")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def check_database(db, events):
    """Every call sent is one call with exactly the events sent."""
    import psycopg2

    sent = {}
    for _at, call_id, event, _caller, _called in events:
        sent.setdefault(call_id, set()).add(event)
    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute(
            """
            SELECT live_call_key, live_ringing_date IS NOT NULL,
                   live_answered_date IS NOT NULL, live_ended_date IS NOT NULL
              FROM phone_call WHERE live_call_key LIKE 'bench-%%'
            """
        )
        stored = {}
        for key, ringing, answered, ended in cr.fetchall():
            stored[key] = {
                name
                for name, present in (
                    ("ringing", ringing),
                    ("answered", answered),
                    ("hangup", ended),
                )
                if present
            }
    lost = sum(
        len(expected - stored.get(call_id, set())) for call_id, expected in sent.items()
    )
    extra = len(set(stored) - set(sent))
    return len(sent), len(stored), lost, extra


POPUP_WAIT_JS = """new Promise((resolve) => {
    const wanted = %s;
    const seen = () => [...document.querySelectorAll('.o_phone_live_popup')]
        .some((el) => el.textContent.includes(wanted));
    const done = () => requestAnimationFrame(() => resolve(Date.now()));
    if (seen()) { done(); return; }
    const observer = new MutationObserver(() => {
        if (seen()) { observer.disconnect(); done(); }
    });
    observer.observe(document.body, {childList: true, subtree: true});
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 15000);
})"""


def measure_popups(server, system_id, key, count, workdir):
    """Ringing posted -> screen-pop painted in the callee's browser."""
    session = requests.Session()
    answer = session.post(
        f"{server.gevent_url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": server.db, "login": POPUP_LOGIN, "password": POPUP_LOGIN},
        },
        timeout=60,
    ).json()
    if answer.get("error"):
        raise RuntimeError(answer["error"])
    browser = Browser(free_port(9322), 1280, 800, os.path.join(workdir, "chrome"))
    try:
        browser.set_cookie(
            server.gevent_url, "session_id", session.cookies["session_id"]
        )
        browser.navigate(
            f"{server.gevent_url}/odoo/action-phone_policy.phone_call_action"
        )
        connected = (
            "(() => { const s = odoo.__WOWL_DEBUG__.root.env.services.bus_service;"
            " return s.workerState; })()"
        )
        deadline = time.time() + 60
        while browser.evaluate(connected) != "CONNECTED":
            if time.time() > deadline:
                raise RuntimeError("the browser never connected to the bus")
            time.sleep(0.2)
        url = f"{server.url}/phone_policy/live/{system_id}/events"
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
        latencies = []
        for index in range(count):
            caller = json.dumps(f"Screen-pop Caller {index:02d}")
            browser.evaluate(f"window.__popup = {POPUP_WAIT_JS % caller}; 0")
            time.sleep(0.2)
            posted = time.time()
            response = requests.post(
                url,
                data=json.dumps(
                    {
                        "event": "ringing",
                        "call_id": f"popup-{index}",
                        "caller": f"0955300{index:03d}",
                        "called": POPUP_EXTENSION,
                        "time": posted,
                    }
                ),
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
            shown = browser.evaluate("window.__popup")
            if shown < 0:
                raise RuntimeError(f"screen-pop {index} was never shown")
            latencies.append(shown / 1000.0 - posted)
            browser.evaluate(
                "document.querySelectorAll('.o_phone_live_popup .o_notification_close')"
                ".forEach((b) => b.click()); 0"
            )
            time.sleep(0.3)
        return latencies
    finally:
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rate", type=float, default=240, help="events per second sent"
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--popups", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    works, error = gevent_works()
    if not works:
        say(f"Odoo's gevent worker cannot start in this Python: {error}")
        say("See README.md, 'Installing Odoo 18.0' (zope.interface, zope.event).")
        sys.exit(2)
    work = tempfile.mkdtemp(prefix="phone_policy_live_bench_")
    addons_dir = os.path.join(work, "addons")
    os.makedirs(addons_dir)
    os.symlink(ROOT, os.path.join(addons_dir, ADDON))
    addons_path = f"{odoo_addons()},{addons_dir}"
    db = f"phone_policy_live_bench_{os.getpid()}"
    say(f"==> throwaway database {db}")
    prepare_database(db, addons_path)
    server = None
    ok = False
    try:
        system_id, key = populate(db, addons_path, args.popups)
        server = Server(db, addons_path, args.workers, os.path.join(work, "odoo.log"))
        server.wait_ready()
        say(
            f"==> Odoo with --workers={args.workers} (HTTP {server.http_port}, "
            f"gevent {server.gevent_port}); {EMPLOYEES} employees, {CONTACTS} contacts"
        )
        load = os.getloadavg()[0]
        say(
            f"==> this machine: {os.cpu_count()} CPUs, load average {load:.1f} "
            "before the run"
        )
        say(f"empty requests (/web/health) per second: {baseline(server):.0f}")
        events = schedule(args.rate, args.seconds)
        say(
            f"==> sending {len(events)} events: {WARMUP} s warm-up, "
            f"{args.seconds} s measured at {args.rate:.0f} events/s, then the "
            "calls in progress end"
        )
        window_cpu = {}
        results = run_load(server, system_id, key, events, args.seconds, window_cpu)
        window = [r for r in results if 0 <= r[0] < args.seconds]
        # answered within the measured window, whenever they were sent
        handled = [r for r in results if r[3] == 200 and 0 <= r[2] < args.seconds]
        latencies = [r[2] - r[1] for r in window]
        lateness = [r[1] - r[0] for r in window]
        failed = [r for r in results if r[3] != 200]
        rate = len(handled) / args.seconds
        p95 = percentile(latencies, 0.95)
        say(f"events in the measured {args.seconds} s: {len(window)} sent")
        say(f"events handled per second: {rate:.1f} (target >= {TARGET_RATE})")
        median, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        say(
            f"latency per event: median {median * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms "
            f"(target p95 < {TARGET_P95 * 1000:.0f} ms)"
        )
        say(
            f"load generator lateness: p95 {percentile(lateness, 0.95) * 1000:.1f} "
            f"ms, max {max(lateness) * 1000:.1f} ms"
        )
        if {"start", "end"} <= set(window_cpu):
            (odoo0, pg0), own0 = window_cpu["start"]
            (odoo1, pg1), own1 = window_cpu["end"]
            count = len(handled) or 1
            say(
                "CPU per event handled in the measured window: Odoo "
                f"{cpu_used(odoo0, odoo1) / count * 1000:.1f} ms, PostgreSQL "
                f"{cpu_used(pg0, pg1) / count * 1000:.1f} ms (the backends of "
                "this database; not the bus's short connections), the load "
                f"generator {(own1 - own0) / count * 1000:.1f} ms"
            )
        calls_sent, calls_stored, lost, extra = check_database(db, events)
        say(
            f"events refused or failed: {len(failed)} of {len(results)}; "
            f"calls sent {calls_sent}, stored {calls_stored}; events lost {lost}; "
            f"calls not sent {extra}"
        )
        for at, started, ended, code, event, call_id in failed[:10]:
            say(
                f"  failed: {event} of {call_id} (scheduled at {at:.1f} s, sent at "
                f"{started:.1f} s: {code} after {ended - started:.1f} s)"
            )
        if failed:
            say_server_errors(os.path.join(work, "odoo.log"))
        popups = measure_popups(server, system_id, key, args.popups, work)
        say(
            f"ringing posted -> screen-pop shown ({len(popups)} runs): "
            f"median {statistics.median(popups) * 1000:.0f} ms, "
            f"worst {max(popups) * 1000:.0f} ms"
        )
        ok = (
            rate >= TARGET_RATE
            and p95 < TARGET_P95
            and not failed
            and not lost
            and not extra
            and calls_stored == calls_sent
        )
        say("==> targets met" if ok else "==> TARGETS MISSED")
    except Exception:
        log = os.path.join(work, "odoo.log")
        if os.path.exists(log):
            with open(log) as lines:
                sys.stderr.write("".join(lines.readlines()[-40:]))
        raise
    finally:
        if server:
            server.stop()
        if args.keep:
            say(f"kept database {db}")
        else:
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
