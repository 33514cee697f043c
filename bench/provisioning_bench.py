#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the provisioning to the phone system (not a test), on a
database with phone_policy installed (bench/run.sh makes a throwaway one):

    bash bench/run.sh provisioning_bench.py [--accounts 1000] [--freezes 20]
        [--changes 200] [--outage 300]

It starts what production runs: a PBX database (a throwaway PostgreSQL
database with Kamailio's own tables), Kamailio on a loopback UDP port with
the addon's tools/kamailio/kamailio.cfg, an Odoo server (HTTP, one cron
thread) provisioning that database through a TCP gate the benchmark can
close, and drives Odoo as an officer over JSON-RPC, as the web client does.

1. Issue and provision N accounts: the bulk wizard creates, issues and
   provisions N accounts in one request; timed until every credential is in
   Kamailio's table (5 of them are then REGISTERed). The server runs with
   --limit-time-real=7200: at about half a second per account (the PBKDF2
   hash of each initial password), 1,000 accounts do not fit in Odoo's
   default 120 s.
2. Freeze -> first refused REGISTER: an officer freezes an account that is
   registered; from the click (saving the dialog and confirming it) until
   Kamailio first refuses that account's password. A thread sends REGISTERs
   back to back meanwhile (one every ~25 ms, sipsak's round trip), so the
   figure is the time Kamailio starts refusing, within that resolution.
3. Queue drain after an outage: the gate is closed (connections to the PBX
   database refused), the officer makes M changes (half freezes, half new
   passwords), the gate stays closed for the outage's length, then opens;
   timed from the reopening until no job is pending. The Odoo server's own
   cron thread retries (backoff, then when its trigger comes due; Odoo's
   cron thread wakes at least every 60 s).
"""

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import psycopg2
import requests
from benchlib import ROOT, say

REALM = "bench.pbx.test"
PASSWORD = "Bench#Officer-2026"


def load_harness():
    path = os.path.join(ROOT, "tests", "pbx_common.py")
    spec = importlib.util.spec_from_file_location("pbx_common", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Rpc:
    """JSON-RPC as the web client speaks it, in one session."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        answer = self.session.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": db, "login": login, "password": password},
            },
            timeout=60,
        ).json()
        if "error" in answer:
            raise RuntimeError(answer["error"])

    def __call__(self, model, method, *args, **kwargs):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        answer = self.session.post(
            f"{self.url}/web/dataset/call_kw", json=payload, timeout=7200
        ).json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RuntimeError(
                f"{model}.{method}: {data.get('name')}: {data.get('message')}"
            )
        return answer["result"]


def setup_odoo(db, addons_path, args, pbx, gate):
    """Company, Sales department numbering 10000-19999, N employees, the
    officer, the phone system provisioned into the PBX database."""
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path}"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        company = env["res.company"].create({"name": "Bench Taipei"})
        company.partner_id.tz = "Asia/Taipei"
        dept = env["hr.department"].create(
            {"name": "Bench Sales", "company_id": company.id}
        )
        officer = env["res.users"].create(
            {
                "name": "Bench Officer",
                "login": "bench_officer",
                "email": "officer@bench.test",
                "password": PASSWORD,
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "notification_type": "inbox",
                "groups_id": [
                    (4, env.ref("base.group_user").id),
                    (4, env.ref("phone_policy.group_phone_officer").id),
                ],
            }
        )
        env["hr.employee"].create(
            {"name": "Bench Officer", "user_id": officer.id, "company_id": company.id}
        )
        employees = env["hr.employee"].create(
            [
                {
                    "name": f"Bench Employee {n:04d}",
                    "department_id": dept.id,
                    "company_id": company.id,
                }
                for n in range(args.accounts)
            ]
        )
        system = env["phone.system"].create(
            {
                "name": "Bench Kamailio",
                "company_id": company.id,
                "numbering_ids": [
                    (
                        0,
                        0,
                        {
                            "department_id": dept.id,
                            "rule": "range",
                            "range_start": 10000,
                            "range_end": 19999,
                        },
                    )
                ],
                "provisioning": "kamailio",
                "sip_realm": REALM,
                "pbx_db_host": "127.0.0.1",
                "pbx_db_port": gate.port,
                "pbx_db_name": pbx.name,
                "pbx_db_user": pbx.odoo_user,
                "pbx_db_password": pbx.odoo_password,
                "pbx_db_sslmode": "disable",
            }
        )
        hash_seconds = timed(lambda: env["phone.account.password"]._phone_hash("x"))[1]
        cr.commit()
        return system.id, employees.ids, hash_seconds


def timed(func):
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def start_server(db, addons_path, port, logfile):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=1",
            # one request issues every account: PBKDF2 of each initial
            # password (the history's hash) takes about half a second
            "--limit-time-real=7200",
            "--limit-time-cpu=7200",
            f"--db-filter=^{db}$",
            "--log-level=info",
            f"--logfile={logfile}",
        ],
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:
            pass
        time.sleep(1)
    server.terminate()
    raise RuntimeError("the Odoo server did not start")


def db_scalar(db, query, params=None):
    cnx = psycopg2.connect(dbname=db)
    try:
        with cnx.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchone()[0]
    finally:
        cnx.close()


def bulk_issue(rpc, system_id, employee_ids, pbx):
    wizard = rpc(
        "phone.account.bulk.wizard",
        "create",
        [{"system_id": system_id, "employee_ids": [[6, 0, employee_ids]]}],
    )
    action = rpc("phone.account.bulk.wizard", "action_create_and_issue", wizard)
    rows = [
        row.split("\t") for row in action["context"]["default_passwords"].splitlines()
    ]
    return {extension: password for extension, _name, password in rows}


def freeze(rpc, account_id):
    wizard = rpc(
        "phone.account.freeze.wizard",
        "create",
        [{"account_id": account_id, "mode": "freeze", "reason": "Benchmark"}],
    )
    rpc("phone.account.freeze.wizard", "action_confirm", wizard)


def issue(rpc, account_id):
    wizard = rpc(
        "phone.account.issue.wizard",
        "create",
        [{"account_id": account_id, "reason": "Benchmark"}],
    )
    action = rpc("phone.account.issue.wizard", "action_issue", wizard)
    return action["context"]["default_password"]


def first_refusal(harness, port, extension, password, t0, stop):
    """REGISTER back to back from t0 until refused; seconds after t0."""
    while not stop.is_set():
        code = harness.sip_register(port, extension, password, REALM)
        if code == 401:
            return time.perf_counter() - t0
    return None


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--freezes", type=int, default=20)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--outage", type=int, default=300, help="seconds")
    args = parser.parse_args(argv)
    if args.accounts < args.freezes + args.changes:
        parser.error("--accounts must cover --freezes and --changes")
    harness = load_harness()
    harness.require_pbx_tools()
    work = tempfile.mkdtemp(prefix="pp_bench_prov_")
    logfile = os.path.join(work, "odoo.log")
    db = args.database
    with harness.PbxDatabase(prefix="pp_bench_pbx") as pbx:
        pbx.load_kamailio_schema()
        gate = harness.TcpGate(pbx.port).start()
        kamailio = harness.Kamailio(pbx.kamailio_url(), REALM).start()
        say(
            f"load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())}, "
            f"{os.cpu_count()} CPUs"
        )
        system_id, employee_ids, hash_seconds = setup_odoo(
            db, args.addons_path, args, pbx, gate
        )
        server, url = start_server(
            db, args.addons_path, harness.free_tcp_port(), logfile
        )
        try:
            rpc = Rpc(url, db, "bench_officer", PASSWORD)
            run(
                args,
                harness,
                rpc,
                pbx,
                gate,
                kamailio,
                db,
                system_id,
                employee_ids,
                hash_seconds,
                logfile,
            )
        finally:
            server.terminate()
            server.wait(30)
            kamailio.stop()
            gate.stop()


def delivery_seconds(logfile, count):
    """The server's own timing of the largest delivery of ``count`` jobs."""
    pattern = re.compile(r"Phone provisioning: (\d+) delivered to .* in ([\d.]+) s")
    found = []
    with open(logfile, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = pattern.search(line)
            if match and int(match.group(1)) >= count:
                found.append(float(match.group(2)))
    return found[-1] if found else None


def run(
    args,
    harness,
    rpc,
    pbx,
    gate,
    kamailio,
    db,
    system_id,
    employee_ids,
    hash_seconds,
    logfile,
):
    port = kamailio.port
    # 1. issue and provision N accounts in one action
    say(f"\n== Issue and provision {args.accounts:,} accounts (bulk wizard, one call)")
    passwords, seconds = timed(lambda: bulk_issue(rpc, system_id, employee_ids, pbx))
    rows = pbx.fetchall("SELECT count(*) FROM subscriber WHERE domain = %s", [REALM])[
        0
    ][0]
    sample = sorted(passwords)[:: max(len(passwords) // 5, 1)][:5]
    codes = [harness.sip_register(port, ext, passwords[ext], REALM) for ext in sample]
    delivery = delivery_seconds(logfile, args.accounts)
    say(
        f"issue + provision {args.accounts:,} accounts: {seconds:.1f} s "
        f"({rows:,} credentials in Kamailio's table; REGISTER of 5 of them: {codes})"
    )
    say(
        f"  of which delivery to the PBX database (server log): {delivery:.2f} s"
        if delivery is not None
        else "  delivery time not logged"
    )
    say(
        f"  of which PBKDF2 hashing of the initial passwords (the password "
        f"history, 600,000 rounds): about {hash_seconds * args.accounts:.0f} s "
        f"({hash_seconds:.2f} s each, measured once)"
    )
    if rows != args.accounts or set(codes) != {200}:
        raise SystemExit("provisioning incomplete")
    accounts = {
        row["extension"]: row["id"]
        for row in rpc(
            "phone.account",
            "search_read",
            [["system_id", "=", system_id]],
            ["extension"],
        )
    }
    extensions = sorted(accounts)

    # 2. freeze -> first refused REGISTER
    say(f"\n== Freeze -> first refused REGISTER ({args.freezes} accounts)")
    latencies, requests_seconds = [], []
    for extension in extensions[: args.freezes]:
        password = passwords[extension]
        assert harness.sip_register(port, extension, password, REALM) == 200
        stop = threading.Event()
        result = {}
        t0 = time.perf_counter()

        def watch(ext=extension, pw=password, t=t0, result=result, stop=stop):
            result["seconds"] = first_refusal(harness, port, ext, pw, t, stop)

        watcher = threading.Thread(target=watch)
        watcher.start()
        freeze(rpc, accounts[extension])
        requests_seconds.append(time.perf_counter() - t0)
        watcher.join(60)
        stop.set()
        if result.get("seconds") is None:
            raise SystemExit(f"{extension} was never refused")
        latencies.append(result["seconds"])
    say(
        f"freeze -> first refused REGISTER, {len(latencies)} runs: median "
        f"{statistics.median(latencies) * 1000:.0f} ms, "
        f"worst {max(latencies) * 1000:.0f} ms "
        f"(the freeze request itself: median "
        f"{statistics.median(requests_seconds) * 1000:.0f} ms)"
    )

    # 3. queue drain after an outage
    changed = extensions[args.freezes : args.freezes + args.changes]
    to_freeze, to_issue = changed[: len(changed) // 2], changed[len(changed) // 2 :]
    say(
        f"\n== Queue drain after a {args.outage} s PBX outage with {len(changed)} "
        f"pending changes ({len(to_freeze)} freezes, {len(to_issue)} new passwords)"
    )
    gate.close()
    outage_start = time.perf_counter()
    new_passwords = {}
    for extension in to_freeze:
        freeze(rpc, accounts[extension])
    for extension in to_issue:
        new_passwords[extension] = issue(rpc, accounts[extension])
    changes_seconds = time.perf_counter() - outage_start
    pending = db_scalar(
        db, "SELECT count(*) FROM phone_provisioning_job WHERE state = 'pending'"
    )
    say(
        f"{len(changed)} changes made in {changes_seconds:.1f} s during the outage; "
        f"{pending} jobs pending"
    )
    time.sleep(max(args.outage - (time.perf_counter() - outage_start), 0))
    gate.open()
    back = time.perf_counter()
    say(f"PBX database reachable again after {back - outage_start:.0f} s")
    while True:
        pending = db_scalar(
            db, "SELECT count(*) FROM phone_provisioning_job WHERE state = 'pending'"
        )
        if not pending:
            break
        if time.perf_counter() - back > 1800:
            raise SystemExit(f"{pending} jobs still pending after 30 minutes")
        time.sleep(0.5)
    drained = time.perf_counter() - back
    delivery = delivery_seconds(logfile, len(changed))
    frozen_rows = pbx.fetchall(
        "SELECT count(*) FROM subscriber WHERE username = ANY(%s)", [to_freeze]
    )[0][0]
    codes = {
        harness.sip_register(port, ext, new_passwords[ext], REALM)
        for ext in to_issue[:5]
    } | {
        harness.sip_register(port, ext, passwords[ext], REALM) for ext in to_freeze[:5]
    }
    say(
        f"queue drained {drained:.1f} s after the PBX came back "
        f"({len(changed)} jobs; the delivery itself: "
        + (f"{delivery:.2f} s" if delivery is not None else "not logged")
        + f"; frozen credentials left on the PBX: {frozen_rows}; "
        f"REGISTER answers after: {sorted(codes)})"
    )
    if frozen_rows or codes != {200, 401}:
        raise SystemExit("the PBX does not follow Odoo after the outage")


if __name__ == "__main__":
    main(sys.argv[1:])
