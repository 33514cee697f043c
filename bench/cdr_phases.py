# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where a PBX import's PostgreSQL works and where it waits, step by step.

Imports a month's file and a later month's (100,000 Asterisk rows each, as
``make bench-cdr``) and, between them, COPYs the first import's calls into
``phone_call`` again (the ceiling). A second process reads the state of the
importing connection's PostgreSQL backend (``/proc/<pid>/stat``: R running
or waiting for a CPU, S sleeping, i.e. waiting for Python, D disk) every
half millisecond, and the step the import is at (a byte the importing
process writes into shared memory at each step). Prints, per step, the
seconds spent and how many of them PostgreSQL was running, sleeping and on
the disk. The sampler itself takes a little CPU: the figures are for
comparing steps within one run, not for the import's speed
(``make bench-cdr``).

    bash bench/run.sh cdr_phases.py      (or: make bench-cdr-phases)
"""

import argparse
import json
import mmap
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdr_import as bench  # noqa: E402  (the same files, setup and COPY)

STEPS = {
    1: "waiting for the next batch to be read",
    2: "look at known keys",
    3: "contacts by number",
    4: "live calls",
    5: "calls logged by hand",
    6: "ids and references (nextval)",
    7: "COPY, rows streaming",
    8: "COPY, after the last row (foreign keys)",
    9: "the called-back stamp (and bookkeeping)",
    10: "rejected rows, flush, cache",
    11: "savepoint and the rest",
    12: "the COPY of the ceiling",
}
SAMPLE_SECONDS = 0.0005


def sample(pid, shared, out):
    """The sampler process: counts (step, backend state) until SIGTERM."""
    descriptor = os.open(shared, os.O_RDONLY)
    step = mmap.mmap(descriptor, 1, prot=mmap.PROT_READ)
    counts = {}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_args: stop.append(True))
    while not stop:
        key = f"{step[0]}:{bench.proc_stat(pid)[0]}"
        counts[key] = counts.get(key, 0) + 1
        time.sleep(SAMPLE_SECONDS)
    with open(out, "w", encoding="ascii") as handle:
        json.dump(counts, handle)


class Steps:
    """Marks the step the import is at, for the sampler."""

    def __init__(self, shared):
        with open(shared, "wb") as handle:
            handle.write(b"\0")
        self.descriptor = os.open(shared, os.O_RDWR)
        self.byte = mmap.mmap(self.descriptor, 1)

    def set(self, step):
        self.byte[0] = step

    def get(self):
        return self.byte[0]

    def wrap(self, cls, name, step):
        original = getattr(cls, name)

        def wrapped(*args, **kwargs):
            before = self.get()
            self.set(step)
            try:
                return original(*args, **kwargs)
            finally:
                self.set(before)

        setattr(cls, name, wrapped)

    def instrument(self, engine, readahead):
        """The steps of ``cdr/engine.py`` (by its methods)."""
        self.wrap(readahead.ReadAhead, "__next__", 1)
        self.wrap(engine.CdrImporter, "_some_known", 2)
        self.wrap(engine.CdrImporter, "_attach_partners", 3)
        self.wrap(engine.CdrImporter, "_merge_live", 4)
        self.wrap(engine.CdrImporter, "_merge_manual", 5)
        self.wrap(engine.CdrImporter, "_store_rows", 11)
        self.wrap(engine.CdrImporter, "_store_batch", 10)
        self.wrap(engine.CdrImporter, "_copy_direct", 6)
        self.wrap(engine.CdrImporter, "_tell_orm", 9)
        read = engine.CopyStream.read
        steps = self

        def read_chunk(stream, size=65536):
            if steps.get() == 6:
                steps.set(7)  # the COPY began: its first chunk is asked for
            return read(stream, size)

        engine.CopyStream.read = read_chunk
        run = engine.CdrImporter._run

        def run_batches(importer, batches):
            read_on = batches.read_on

            def last_row_sent(first=None):
                if steps.get() == 7:
                    steps.set(8)  # _copy_direct's lines() handed its last
                return read_on(first)

            batches.read_on = last_row_sent
            return run(importer, batches)

        engine.CdrImporter._run = run_batches


def sampled(pid, shared, what):
    """Run ``what()`` with the sampler on; returns (its result, seconds,
    the sampler's counts)."""
    handle, out = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    sampler = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--sample", str(pid), shared, out]
    )
    time.sleep(0.3)  # the sampler is running
    started = time.perf_counter()
    try:
        result = what()
    finally:
        seconds = time.perf_counter() - started
        sampler.terminate()
        sampler.wait()
    with open(out, encoding="ascii") as handle:
        counts = json.load(handle)
    os.unlink(out)
    return result, seconds, counts


def report(label, seconds, counts):
    """Per step: seconds, and PostgreSQL running / sleeping / on disk. The
    samples of step 0 (outside the import) are left out."""
    inside = {key: n for key, n in counts.items() if not key.startswith("0:")}
    total = sum(inside.values()) or 1
    print(f"{label}: {seconds:.2f} s")
    print(f"  {'step':<44}{'s':>7}{'running':>9}{'sleeping':>9}{'disk':>6}")
    by_step = {}
    for key, n in inside.items():
        step, state = key.split(":")
        by_step.setdefault(int(step), {})[state] = n
    sleeping = 0.0
    for step in sorted(by_step):
        states = by_step[step]
        share = {state: n / total * seconds for state, n in states.items()}
        sleeping += share.get("S", 0.0)
        print(
            f"  {STEPS.get(step, step):<44}{sum(share.values()):7.2f}"
            f"{share.get('R', 0.0):9.2f}{share.get('S', 0.0):9.2f}"
            f"{share.get('D', 0.0):6.2f}"
        )
    print(f"  {'PostgreSQL sleeping, all steps':<44}{sleeping:7.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database")
    parser.add_argument("--addons-path")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample:
        pid, shared, out = args.sample
        return sample(int(pid), shared, out)

    env = bench.open_env(args.database, args.addons_path)
    from odoo.addons.phone_policy.cdr import engine, readahead

    shared = os.path.join(tempfile.mkdtemp(), "step")
    steps = Steps(shared)
    steps.instrument(engine, readahead)
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "Master.csv")
    path_next = os.path.join(tmp, "Master-next.csv")
    externals = bench.generate(path, args.rows, more=[path_next])
    system, _employees = bench.setup_system(env, externals)
    env.cr.execute("SELECT pg_backend_pid()")
    pid = env.cr.fetchone()[0]

    bench.checkpoint(env)
    (imp, seconds, _cpu), _seconds, counts = sampled(
        pid, shared, lambda: bench.run_ours(env, system, path)
    )
    report("A  our import, a month's file", seconds, counts)

    # the ceiling: only its COPY FROM is marked (not the export before it)
    bench.checkpoint(env)
    copy_expert = env.cr.copy_expert

    def marked_copy(query, stream, *args, **kwargs):
        if not query.startswith("COPY phone_call"):
            return copy_expert(query, stream, *args, **kwargs)
        steps.set(12)
        try:
            return copy_expert(query, stream, *args, **kwargs)
        finally:
            steps.set(0)

    env.cr.copy_expert = marked_copy
    (rows, copy_s, _cpu), _seconds, counts = sampled(
        pid, shared, lambda: bench.run_copy_calls(env, imp, "#")
    )
    del env.cr.copy_expert
    report(f"B  COPY of those {rows} calls into phone_call", copy_s, counts)

    bench.checkpoint(env)
    (_imp, seconds, _cpu), _seconds, counts = sampled(
        pid, shared, lambda: bench.run_ours(env, system, path_next)
    )
    report("A  our import, a later month's file", seconds, counts)
    env.cr.rollback()
    env.cr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
