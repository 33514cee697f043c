# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark scripts of bench/ share: output, psql, the throwaway
database with the addon installed."""

import os
import subprocess
import sys

ADDON = "phone_policy"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def say(message=""):
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


def psql(*args, db="postgres"):
    return subprocess.run(
        ["psql", "-d", db, "-Atqc", *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def backend_cpu_seconds(cr):
    """CPU time used so far by this connection's PostgreSQL backend (same
    machine only), to tell the cost of the work from waiting for a core."""
    cr.execute("SELECT pg_backend_pid()")
    pid = cr.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            parts = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def odoo_addons():
    import odoo

    source = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
    return os.path.join(source, "addons")


def prepare_database(db, addons_path):
    """A database with the addon installed, from the cached test template
    when there is one (see tools/tasks.sh), else from scratch."""
    template = psql(
        "select datname from pg_database where datname like 'pptest-%' "
        "order by 1 desc limit 1"
    )
    if template:
        subprocess.run(["createdb", "-T", template, db], check=True)
    else:
        subprocess.run(["createdb", db], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "-i",
            ADDON,
            "--stop-after-init",
            "--log-level=warn",
            "--without-demo=all",
        ],
        check=True,
    )
