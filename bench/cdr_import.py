# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the phone system record (CDR) import — a script, not a test.

On the same generated Asterisk Master.csv it measures, in one run:

1. our import (``phone.cdr.import``: encoding check, parse, match, insert,
   ORM bookkeeping), twice: a month's file, then a later month's;
2. PostgreSQL ``COPY`` of the calls our import produced (new ids and keys)
   into ``phone_call`` itself: the ceiling this table allows, with its
   indexes and foreign keys, twice, between the two imports (A B B A, each
   part after a ``CHECKPOINT``; ``--rounds`` N, 2 by default, of them, on
   files of later months: the ratio is the rows per second of all imports
   over those of all COPYs, so that neither side gets the machine's better
   minutes or the smaller table, and a burst of a faster or slower machine
   weighs on one round of N; each part prints the CPU time the hypervisor
   gave to other machines meanwhile);
3. PostgreSQL ``COPY`` of the raw file into a bare scratch table;
4. Odoo's generic import path, ``phone.call.load()``, on the same rows
   already converted into call values (what base_import would feed it);

and prints rows/s, the CPU seconds of the PostgreSQL backend and of this
process (on a shared machine the wall clock also counts waiting for a
core), the ratios and the targets of issue 17 (our import ≥ 20,000 rows/s
and ≥ 0.85 of COPY into phone_call); then the peak memory of an import of
10k, 100k and 300k rows (``--rows`` N: 10k, N, 3N), each in a fresh
process (memory must stay flat as the file grows). ``--profile`` adds
cProfile's view of our import (the thread that writes; the reading thread
works while it waits).

Usage (``make bench-cdr`` builds a throwaway database and runs this):
    python3 bench/cdr_import.py --database DB --addons-path PATH [--rows N]
Exits with status 1 when a target is missed.
"""

import argparse
import cProfile
import csv
import gc
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from psycopg2.errors import InsufficientPrivilege

EXTENSIONS = [f"{dept}00{n}" for dept in range(1, 6) for n in range(1, 7)]


def generate(path, rows, seed=8, more=()):
    """An Asterisk Master.csv like the PBX of the samples writes; each path
    of ``more`` gets ``rows`` more lines of the same PBX (same numbers, new
    unique ids), a month later."""
    rng = random.Random(seed)
    externals = (
        [f"09{rng.randrange(10**8):08d}" for _i in range(3000)]
        + [f"02{rng.randrange(2 * 10**7, 9 * 10**7):08d}" for _i in range(1500)]
        + [f"+86138{rng.randrange(10**8):08d}" for _i in range(300)]
        + [f"0086139{rng.randrange(10**8):08d}" for _i in range(200)]
    )
    start = datetime(2026, 1, 5, 8, 0, 0)
    names = ['"Carol Wu"', '"林志豪"', '"陳美玲"', '"王大明"', '""']
    for part, file_path in enumerate((path, *more)):
        start = _write_rows(file_path, rng, externals, names, start, part * rows, rows)
        # the next file begins after the "called back" window: its import
        # does the same work as the first one's, none on the calls before
        start += timedelta(days=31)
    return externals


def _write_rows(path, rng, externals, names, start, first, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        for index in range(first, first + rows):
            start += timedelta(seconds=rng.randrange(5, 60))
            kind = rng.random()
            ext = rng.choice(EXTENSIONS)
            if kind < 0.35:
                src, dst, context = ext, rng.choice(externals), "from-internal"
            elif kind < 0.7:
                src, dst, context = rng.choice(externals), ext, "from-trunk"
            else:
                src, dst, context = ext, rng.choice(EXTENSIONS), "from-internal"
            roll = rng.random()
            disposition = (
                "ANSWERED"
                if roll < 0.77
                else "NO ANSWER"
                if roll < 0.93
                else "BUSY"
                if roll < 0.98
                else "FAILED"
            )
            ring = rng.randrange(1, 40)
            talk = rng.randrange(5, 1500) if disposition == "ANSWERED" else 0
            answer = start + timedelta(seconds=ring) if talk else None
            end = start + timedelta(seconds=ring + talk)
            writer.writerow(
                [
                    "",
                    src,
                    dst,
                    context,
                    f"{rng.choice(names)} <{src}>",
                    f"PJSIP/{src}-{index:08x}",
                    f"PJSIP/{dst}-{index + 1:08x}",
                    "Dial",
                    f"PJSIP/{dst},30,tT",
                    start.strftime("%Y-%m-%d %H:%M:%S"),
                    answer.strftime("%Y-%m-%d %H:%M:%S") if answer else "",
                    end.strftime("%Y-%m-%d %H:%M:%S"),
                    ring + talk,
                    talk,
                    disposition,
                    "DOCUMENTATION",
                    f"{1790000000 + index}.{index}",
                    "",
                ]
            )
    return start


def open_env(database, addons_path):
    import odoo
    from odoo.tools import config

    config.parse_config(
        ["-d", database, f"--addons-path={addons_path}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Taipei"})


def setup_system(env, externals):
    """A phone system with 30 extensions and contacts for some numbers."""
    company = env.company
    company.country_id = env.ref("base.tw")
    system = env["phone.system"].create(
        {"name": "Bench PBX", "tz": "Asia/Taipei", "kind": "asterisk"}
    )
    employees = env["hr.employee"].create(
        [{"name": f"Bench {ext}"} for ext in EXTENSIONS]
    )
    env["phone.account"].create(
        [
            {
                "system_id": system.id,
                "employee_id": employee.id,
                "extension": ext,
                "state": "active",
            }
            for ext, employee in zip(EXTENSIONS, employees, strict=True)
        ]
    )
    env["res.partner"].create(
        [
            {
                "name": f"Bench contact {i}",
                "phone": number,
                "country_id": company.country_id.id,
            }
            for i, number in enumerate(externals[::3])
        ]
    )
    env.flush_all()
    return system, employees


def backend_cpu(cr, pid=None):
    """CPU seconds used so far by this connection's PostgreSQL backend
    (``pid``: the backend's, when known; else asked)."""
    if pid is None:
        cr.execute("SELECT pg_backend_pid()")
        pid = cr.fetchone()[0]
    parts = proc_stat(pid)
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def steal_seconds():
    """CPU seconds the hypervisor has given to other machines so far (all
    CPUs: the ``steal`` column of /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()
    return int(fields[8]) / os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    """The fields of ``/proc/<pid>/stat`` after the command's name: the
    state first (R, S, D, ...), user and system CPU ticks at 11 and 12."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()


@contextmanager
def stamp_cpu(env, spent):
    """Adds to ``spent[0]`` the backend CPU seconds of the "called back"
    stamps run in the block (work the import does that a COPY does not)."""
    env.cr.execute("SELECT pg_backend_pid()")
    pid = env.cr.fetchone()[0]
    model = type(env["phone.call"])
    stamp = model._stamp_called_back

    def timed(self, *args, **kwargs):
        before = backend_cpu(None, pid)
        try:
            return stamp(self, *args, **kwargs)
        finally:
            spent[0] += backend_cpu(None, pid) - before

    model._stamp_called_back = timed
    try:
        yield
    finally:
        model._stamp_called_back = stamp


def run_ours(env, system, path, profile=None, stamp_spent=None):
    imp = env["phone.cdr.import"]._start(
        system, "upload", "asterisk", file_name=os.path.basename(path)
    )
    env.flush_all()
    cpu = backend_cpu(env.cr), time.process_time()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        if profile:
            profile.enable()
        with (
            stamp_cpu(env, stamp_spent if stamp_spent is not None else [0.0]),
            gc_pauses() as pauses,
        ):
            imp._run_stream(stream)
        env.flush_all()
        if profile:
            profile.disable()
    seconds = time.perf_counter() - started
    cpu = backend_cpu(env.cr) - cpu[0], time.process_time() - cpu[1]
    print(
        f"  ({os.path.basename(path)}: Python's garbage collector ran "
        f"{pauses['count']} times, {pauses['seconds']:.2f} s, the longest "
        f"{pauses['longest'] * 1000:.0f} ms)"
    )
    return imp, seconds, cpu


@contextmanager
def gc_pauses():
    """Count the collections of Python's garbage collector in the block
    and the time they stop the process (every thread waits)."""
    pauses = {"count": 0, "seconds": 0.0, "longest": 0.0}
    began = [0.0]

    def callback(phase, _info):
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            spent = time.perf_counter() - began[0]
            pauses["count"] += 1
            pauses["seconds"] += spent
            pauses["longest"] = max(pauses["longest"], spent)

    gc.callbacks.append(callback)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(callback)


def run_load(env, system, path, limit):
    """phone.call.load() on the same rows, already converted into values."""
    employee_of = {acc.extension: acc.employee_id.id for acc in system.account_ids}
    fields = [
        "direction",
        "employee_id/.id",
        "counterpart_employee_id/.id",
        "phone",
        "date_start",
        "ring_seconds",
        "answered",
        "duration",
        "subject",
    ]
    data = []
    with open(path, encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.reader(handle)):
            if index >= limit:
                break
            src, dst = row[1], row[2]
            internal_src, internal_dst = src in employee_of, dst in employee_of
            start = datetime.fromisoformat(row[9]) - timedelta(hours=8)
            answered = row[14] == "ANSWERED"
            ring = (
                (
                    datetime.fromisoformat(row[10]) - datetime.fromisoformat(row[9])
                ).seconds
                if answered
                else int(row[12])
            )
            if internal_src and internal_dst:
                values = ["internal", employee_of[src], employee_of[dst], dst]
            elif internal_src:
                values = ["outbound", employee_of[src], "", dst]
            else:
                values = ["inbound", employee_of[dst], "", src]
            data.append(
                values
                + [
                    start.strftime("%Y-%m-%d %H:%M:%S"),
                    str(ring),
                    "1" if answered else "0",
                    row[13] if answered else "0",
                    f"CDR {row[16]}",
                ]
            )
    Call = env["phone.call"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    started = time.perf_counter()
    result = Call.load(fields, data)
    env.flush_all()
    seconds = time.perf_counter() - started
    errors = [m for m in result["messages"] if m.get("type") == "error"]
    if errors:
        raise SystemExit(f"load() refused rows: {errors[:3]}")
    return len(result["ids"]), seconds


def run_copy(env, path):
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE bench_cdr_copy ("
        + ", ".join(f"c{i} text" for i in range(18))
        + ")"
    )
    started = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        cr.copy_expert("COPY bench_cdr_copy FROM STDIN WITH (FORMAT csv)", handle)
    seconds = time.perf_counter() - started
    cr.execute("SELECT count(*) FROM bench_cdr_copy")
    return cr.fetchone()[0], seconds


def checkpoint(env):
    """Start the next measured part from a fresh checkpoint: no dirty page
    of the part before is left to write, and no checkpoint (which makes the
    first change of each page after it log the whole page) falls inside
    the part measured. A part writes 170-250 MB of WAL and a checkpoint
    comes every ~500 MB: without this, which part pays for one is chance.
    Returns False when the role may not (PostgreSQL 15: superuser or
    pg_checkpoint)."""
    try:
        with env.cr.savepoint():
            env.cr.execute("CHECKPOINT")
    except InsufficientPrivilege:
        return False
    return True


def run_copy_calls(env, imp, suffix="#"):
    """COPY the call rows our import produced, as they are (new ids, keys
    made unique with ``suffix``), into phone_call itself: the same indexes
    and foreign-key checks. The physical limit of storing these calls in
    this table."""
    assert suffix and set(suffix) == {"#"}, suffix
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'phone_call' AND column_name NOT IN "
        "('id', 'name', 'cdr_key', 'cdr_hash')"
    )
    columns = [name for (name,) in cr.fetchall()]
    select = ", ".join(f'"{name}"' for name in columns)
    buffer = io.StringIO()
    cr.copy_expert(
        f"COPY (SELECT nextval('phone_call_id_seq'), name || '{suffix}', "
        f"cdr_key || '{suffix}', cdr_hash || '{suffix}', {select} FROM phone_call "
        f"WHERE cdr_import_id = {int(imp.id)} AND strpos(cdr_key, '#') = 0) "
        "TO STDOUT",
        buffer,
    )
    rows = buffer.getvalue().count("\n")
    buffer.seek(0)
    target = ", ".join(
        ["id", "name", "cdr_key", "cdr_hash"] + [f'"{n}"' for n in columns]
    )
    cpu = backend_cpu(cr)
    started = time.perf_counter()
    cr.copy_expert(f"COPY phone_call ({target}) FROM STDIN", buffer)
    seconds = time.perf_counter() - started
    return rows, seconds, backend_cpu(cr) - cpu


def table_shape(env):
    """(indexes, foreign keys) of phone_call."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'phone_call'")
    indexes = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM pg_constraint "
        "WHERE conrelid = 'phone_call'::regclass AND contype = 'f'"
    )
    return indexes, cr.fetchone()[0]


def _status_mb(key):
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak_rss():
    """Linux: make the peak (VmHWM) start again from the current RSS."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def memory_child(args):
    """In a fresh process: peak RSS before and after importing N rows."""
    env = open_env(args.database, args.addons_path)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Master.csv")
        externals = generate(path, args.memory_child)
        system, _employees = setup_system(env, externals)
        env.invalidate_all()
        reset_peak_rss()
        before = _status_mb("VmRSS")
        imp, seconds, _cpu = run_ours(env, system, path)
        after = _status_mb("VmHWM")
        print(
            json.dumps(
                {
                    "rows": imp.count_read,
                    "created": imp.count_created,
                    "seconds": seconds,
                    "rss_before": before,
                    "rss_peak": after,
                }
            )
        )
    env.cr.rollback()
    env.cr.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--load-rows",
        type=int,
        default=5000,
        help="the first N rows of the same file go through load() (it costs "
        "about the same per row whatever N: 100k rows would take ~15 minutes)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's view of our import"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="rounds of A B B A (our import, COPY, COPY, our import)",
    )
    parser.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        return memory_child(args)

    env = open_env(args.database, args.addons_path)
    tmp = tempfile.mkdtemp()
    # two files a round (A B B A): a month's file and a later month's
    paths = [
        os.path.join(tmp, f"Master-{index + 1}.csv") for index in range(2 * args.rounds)
    ]
    externals = generate(paths[0], args.rows, more=paths[1:])
    size_mb = os.path.getsize(paths[0]) / 2**20
    print(
        f"Generated {len(paths)} x {args.rows} Asterisk rows ({size_mb:.1f} MB "
        f"each: a month's file and the months after) in {tmp}"
    )
    system, _employees = setup_system(env, externals)
    indexes, foreign_keys = table_shape(env)
    print(f"phone_call: {indexes} indexes, {foreign_keys} foreign keys")

    copied, copy_s = run_copy(env, paths[0])
    profile = cProfile.Profile() if args.profile else None
    # Rounds of A B B A (our import, COPY, COPY, our import), each part
    # after a checkpoint: the machine's drift during a round and the table
    # growing by 100k calls a part weigh the same on both sides of the
    # ratio; more rounds, so that a burst of a faster or slower machine
    # (the ceiling's two parts of a round are adjacent) weighs less.
    checkpoints = checkpoint(env)
    # side ("A": our import, "B": COPY) -> [(label, rows, seconds,
    # PostgreSQL CPU s, steal s)], in the order measured
    parts = {"A": [], "B": []}
    order = []
    imports = []
    stamps = [0.0]

    def part(side, label, run):
        checkpoint(env)
        stolen = steal_seconds()
        rows, seconds, pg = run()
        label = f"{side}{len(parts[side]) + 1:<2}{label}"
        parts[side].append((label, rows, seconds, pg, steal_seconds() - stolen))
        order.append(parts[side][-1])

    def ours(file_path, label):
        def run():
            imp, seconds, (pg, py) = run_ours(
                env, system, file_path, profile if not imports else None, stamps
            )
            imports.append((imp, py))
            return imp.count_read, seconds, pg

        part("A", label, run)

    def ceiling(label, suffix):
        imp = imports[-1][0]
        part("B", label, lambda: run_copy_calls(env, imp, suffix))

    for number in range(args.rounds):
        first, later = paths[2 * number : 2 * number + 2]
        ours(first, "our import, a month's file")
        ceiling("PostgreSQL COPY of those calls into phone_call", "#")
        ceiling("the same again", "##")
        ours(later, "our import, a later month's file")
    created = sum(imp.count_created for imp, _py in imports)
    duplicates = sum(imp.count_duplicate for imp, _py in imports)
    rejected = sum(imp.count_rejected for imp, _py in imports)
    load_rows = args.load_rows or args.rows
    loaded, load_s = run_load(env, system, paths[0], load_rows)
    env.cr.rollback()
    env.cr.close()

    ours_parts, same_parts = parts["A"], parts["B"]
    read, ours_s, ours_pg = (sum(item[i] for item in ours_parts) for i in (1, 2, 3))
    same_rows, same_s, same_pg = (
        sum(item[i] for item in same_parts) for i in (1, 2, 3)
    )
    ours_py = sum(py for _imp, py in imports)
    rates = {
        "copy": copied / copy_s,
        "same": same_rows / same_s,
        "ours": read / ours_s,
        "load": loaded / load_s,
    }
    print()
    if not checkpoints:
        print("(this role may not CHECKPOINT: the parts ran without one between)")
    print(
        f"{'path':<56}{'rows':>8}{'seconds':>9}{'rows/s':>9}{'PG CPU s':>10}"
        f"{'steal s':>9}"
    )
    print(
        f"{'PostgreSQL COPY of the file (bare scratch table)':<56}{copied:>8}"
        f"{copy_s:>9.2f}{copied / copy_s:>9.0f}"
    )
    for label, rows, seconds, pg, stolen in order:
        print(
            f"{label:<56}{rows:>8}{seconds:>9.2f}{rows / seconds:>9.0f}"
            f"{pg:>10.2f}{stolen:>9.2f}"
        )
    print(
        f"{'phone.call.load() (same rows, as call values)':<56}{loaded:>8}"
        f"{load_s:>9.2f}{loaded / load_s:>9.0f}"
    )
    print(
        "(steal s: CPU time the hypervisor gave to other machines during the "
        "part, both CPUs)"
    )
    print()
    print(f"{'our import, all files':<56}{read:>8}{ours_s:>9.2f}{rates['ours']:>9.0f}")
    print(
        f"{'COPY into phone_call, all':<56}{same_rows:>8}{same_s:>9.2f}"
        f"{rates['same']:>9.0f}"
    )
    stamp_pg = stamps[0]
    print(
        f"CPU seconds: COPY into phone_call {same_pg:.2f} (PostgreSQL); our "
        f"import {ours_pg:.2f} (PostgreSQL) + {ours_py:.2f} (Python, both threads)"
    )
    print(
        f"our import's PostgreSQL CPU: the called-back stamps {stamp_pg:.2f}, the "
        f"COPY and the rest {ours_pg - stamp_pg:.2f}; PostgreSQL waiting for "
        f"Python {max(ours_s - ours_pg, 0):.2f} s of the wall clock"
    )
    print(
        f"an import that stamps cannot beat COPY + stamp: ratio at most "
        f"{same_s / (same_s + stamp_pg):.3f}"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"our imports: {created} created, {duplicates} duplicates, {rejected} rejected"
    )
    ours = rates["ours"]
    ratio = ours / rates["same"]
    # each A beside its B: A1/B1, A2/B2, A3/B3, ...
    pairs = [
        (a[1] / a[2]) / (b[1] / b[2])
        for a, b in zip(ours_parts, same_parts, strict=True)
    ]
    print(f"ours / load()                 = {ours / rates['load']:7.1f}x")
    print(f"ours / COPY, bare table       = {ours / rates['copy']:7.3f}")
    print(
        "ours / COPY into phone_call, each pair (A1/B1, A2/B2, ...) = "
        + ", ".join(f"{pair:.3f}" for pair in pairs)
    )
    results = [
        ("our import", f"{ours:7.0f} rows/s", "(target >= 20000)", ours >= 20000),
        (
            "ours / COPY into phone_call",
            f"{ratio:7.3f}",
            "(target >= 0.85)",
            ratio >= 0.85,
        ),
    ]
    for label, figure, target, ok in results:
        print(f"{label:<30}= {figure}  {target} {'PASS' if ok else 'FAIL'}")
    if profile:
        print()
        print("cProfile of our import (the writing thread), by own time:")
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    print()
    print("Peak memory of an import in a fresh process (RSS, MB):")
    # three batches at most are in flight: 10k rows fill two, 100k and 300k
    # rows all three (flat: the same peak whatever the file size)
    for rows in (10_000, args.rows, 3 * args.rows):
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--database",
                args.database,
                "--addons-path",
                args.addons_path,
                "--memory-child",
                str(rows),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        print(
            f"  {figures['rows']:>7} rows: before {figures['rss_before']:7.1f}  "
            f"peak {figures['rss_peak']:7.1f}  growth "
            f"{figures['rss_peak'] - figures['rss_before']:6.1f}"
        )
    for file_path in paths:
        os.remove(file_path)
    os.rmdir(tmp)
    return 0 if all(ok for *_rest, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main() or 0)
