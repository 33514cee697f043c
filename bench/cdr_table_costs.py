# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What each index and each foreign key of ``phone_call`` costs a PBX
import — a script, not a test.

Imports the generated Asterisk rows of ``cdr_import.py`` (100k by default)
with our importer and commits them, then COPYs the same calls again (new
ids and keys) into ``phone_call``:

- with everything in place (the ceiling ``make bench-cdr`` compares with);
- bare: no field index (only the primary key and the unique keys) and no
  foreign key;
- bare plus one index, or plus one foreign key, for each of them;
- two other ways of checking the foreign keys: deferred to the end of the
  transaction (``SET CONSTRAINTS ALL IMMEDIATE`` fires the queued checks
  inside the measure, as a commit would), and in bulk: the indexes, no
  foreign-key trigger, then per key one statement that locks the distinct
  referenced rows (``FOR KEY SHARE``, as the per-row check does) and one
  anti-join that finds a missing reference — what a batched check costs.

Each configuration is set up and rolled back inside a transaction; the
table is vacuumed between runs. Prints the CPU seconds of the PostgreSQL
backend (the wall clock of a shared machine also counts waiting for a
core) and what each index or key adds to the bare table.

    bash bench/run.sh cdr_table_costs.py [--rows N] [--repeat N]
"""

import argparse
import io
import os
import re
import sys
import tempfile
import time

from cdr_import import backend_cpu, generate, open_env, run_ours, setup_system


def copy_source(cr, import_id):
    """(COPY text of the imported calls with new ids and keys, columns)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'phone_call' AND column_name NOT IN "
        "('id', 'name', 'cdr_key', 'cdr_hash')"
    )
    columns = [name for (name,) in cr.fetchall()]
    select = ", ".join(f'"{name}"' for name in columns)
    buffer = io.StringIO()
    cr.copy_expert(
        "COPY (SELECT nextval('phone_call_id_seq'), name || '#', "
        f"cdr_key || '#', cdr_hash || '#', {select} FROM phone_call "
        f"WHERE cdr_import_id = {int(import_id)}) TO STDOUT",
        buffer,
    )
    target = ", ".join(
        ["id", "name", "cdr_key", "cdr_hash"] + [f'"{n}"' for n in columns]
    )
    return buffer.getvalue(), target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    env = open_env(args.database, args.addons_path)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Master.csv")
        system, _employees = setup_system(env, generate(path, args.rows))
        imp, _seconds, _cpu = run_ours(env, system, path)
    env.cr.commit()
    data, target = copy_source(env.cr, imp.id)
    rows = data.count("\n")
    env.cr.commit()
    cr = env.cr
    cr.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'phone_call' "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = 'phone_call'::regclass) ORDER BY indexname"
    )
    indexes = cr.fetchall()
    cr.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'phone_call'::regclass AND contype = 'f' ORDER BY conname"
    )
    foreign_keys = cr.fetchall()
    bare = ";".join(
        [f'DROP INDEX "{name}"' for name, _definition in indexes]
        + [
            f'ALTER TABLE phone_call DROP CONSTRAINT "{name}"'
            for name, _definition in foreign_keys
        ]
    )

    def run(setup, after=None):
        """[CPU seconds of the COPY] of each repetition, and its wall time;
        ``after`` (SQL) runs inside the measure, after the COPY."""
        cpus, walls = [], []
        for _repeat in range(args.repeat):
            cr.execute(setup)
            cpu = backend_cpu(cr)
            started = time.perf_counter()
            cr.copy_expert(f"COPY phone_call ({target}) FROM STDIN", io.StringIO(data))
            if after:
                cr.execute(after)
            walls.append(time.perf_counter() - started)
            cpus.append(backend_cpu(cr) - cpu)
            cr.rollback()
            cr._cnx.autocommit = True
            cr.execute("VACUUM phone_call")
            cr._cnx.autocommit = False
        return cpus, walls

    def show(label, cpus, walls, base=None):
        best = min(cpus)
        added = f"{best - base:+7.2f}" if base is not None else " " * 7
        print(
            f"{label:<48}{best:7.2f}{added}   "
            f"CPU {' '.join(f'{c:.2f}' for c in cpus)}; "
            f"wall {' '.join(f'{w:.2f}' for w in walls)}",
            flush=True,
        )
        return best

    print(
        f"COPY of {rows} imported PBX calls into phone_call ({len(indexes)} field "
        f"and partial indexes, {len(foreign_keys)} foreign keys); PostgreSQL CPU "
        f"seconds, best of {args.repeat}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"{'configuration':<48}{'CPU s':>7}{'added':>7}")
    everything = show("everything (as installed)", *run("SELECT 1"))
    base = show("bare: primary and unique keys only", *run(bare))
    print(f"{'indexes and foreign keys together':<48}{everything - base:+14.2f}")
    for name, definition in indexes:
        show(f"+ index {name}", *run(f"{bare}; {definition}"), base=base)
    for name, definition in foreign_keys:
        show(
            f"+ foreign key {name}",
            *run(
                f"{bare}; ALTER TABLE phone_call ADD CONSTRAINT {name} "
                f"{definition} NOT VALID"
            ),
            base=base,
        )
    deferred = ";".join(
        f'ALTER TABLE phone_call ALTER CONSTRAINT "{name}" '
        "DEFERRABLE INITIALLY DEFERRED"
        for name, _definition in foreign_keys
    )
    show(
        "foreign keys deferred to commit (vs everything)",
        *run(deferred, after="SET CONSTRAINTS ALL IMMEDIATE"),
        base=everything,
    )
    cr.execute("SELECT max(id) FROM phone_call")
    last_id = cr.fetchone()[0]
    no_keys = ";".join(
        f'ALTER TABLE phone_call DROP CONSTRAINT "{name}"'
        for name, _definition in foreign_keys
    )
    checks = []
    for _name, definition in foreign_keys:
        column, table = re.match(
            r"FOREIGN KEY \((\w+)\) REFERENCES (\w+)\(id\)", definition
        ).groups()
        new_refs = (
            f"SELECT DISTINCT {column} FROM phone_call "
            f"WHERE id > {last_id} AND {column} IS NOT NULL"
        )
        checks.append(
            f"SELECT 1 FROM {table} WHERE id IN ({new_refs}) FOR KEY SHARE; "
            f"SELECT 1 FROM ({new_refs}) AS ref(id) WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} WHERE {table}.id = ref.id) LIMIT 1"
        )
    show(
        "foreign keys checked in bulk (vs everything)",
        *run(no_keys, after="; ".join(checks)),
        base=everything,
    )
    print(f"{rows} rows; rows/s = {rows} / seconds")
    env.cr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
