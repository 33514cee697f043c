# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import sys
import threading
import time
import traceback

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import data_path

WATCH_SECONDS = 5
_figures = logging.getLogger("phone_policy.figures")


@tagged("post_install", "-at_install")
class TestCdrConcurrentImports(TransactionCase):
    """Two imports of the same file at the same time, each in its own
    database connection and thread. The second one really waits on the
    first one's uncommitted rows (checked in pg_stat_activity); when the
    first commits, the unique keys make every row of the second a
    duplicate. Data is committed here, and removed afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self, system_id):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["phone.call"].search([("system_id", "=", system_id)]).unlink()
            imports = env["phone.cdr.import"].search([("system_id", "=", system_id)])
            imports.unlink()
            env["phone.system"].browse(system_id).unlink()

    def _import(self, env, system_id, data_file):
        system = env["phone.system"].browse(system_id)
        imp = env["phone.cdr.import"]._start(
            system, "upload", "asterisk", file_name="Master.csv"
        )
        with open(data_file, "rb") as stream:
            imp._run_stream(stream)
        return imp

    def test_same_file_twice_at_the_same_time(self):
        with self.registry.cursor() as cr:
            system_id = (
                self._env(cr)["phone.system"]
                .create({"name": "Concurrency PBX", "tz": "Asia/Taipei"})
                .id
            )
        self.addCleanup(self._cleanup, system_id)
        data_file = data_path("asterisk_Master.csv")
        cr_a = self.registry.cursor()
        cr_b = self.registry.cursor()
        self.addCleanup(cr_a.close)
        self.addCleanup(cr_b.close)
        cr_b.execute("SET lock_timeout = '60s'")
        pid_b = cr_b.connection.get_backend_pid()
        outcome = {}

        def second_import():
            try:
                imp = self._import(self._env(cr_b), system_id, data_file)
                outcome["reasons"] = imp.error_ids[:3].mapped("reason")
                outcome["counts"] = (
                    imp.count_read,
                    imp.count_created,
                    imp.count_duplicate,
                    imp.count_rejected,
                )
                cr_b.commit()
            except Exception as error:  # reported by the assertion below
                outcome["error"] = error
                cr_b.rollback()

        first = self._import(self._env(cr_a), system_id, data_file)
        first_counts = (
            first.count_read,
            first.count_created,
            first.count_duplicate,
            first.count_rejected,
        )
        thread = threading.Thread(target=second_import)
        thread.start()
        # The second import must not finish while the first is open. Watched
        # from a connection of its own, a transaction per look, until it is
        # seen waiting on a lock or for WATCH_SECONDS (a 500-line import
        # takes 0.1 s); what it was seen doing is printed with the figures
        # of the run (states, with the second each was first seen at)
        waiting = None
        seen = {}
        start = time.monotonic()
        with self.registry.cursor() as cr_watch:
            while time.monotonic() < start + WATCH_SECONDS and thread.is_alive():
                cr_watch.execute(
                    """
                    SELECT activity.wait_event_type, activity.wait_event,
                           activity.state, left(activity.query, 40),
                           EXISTS (SELECT FROM pg_locks
                                    WHERE pid = activity.pid AND NOT granted)
                      FROM pg_stat_activity activity WHERE activity.pid = %s
                    """,
                    [pid_b],
                )
                state = cr_watch.fetchone()
                cr_watch.rollback()
                seen.setdefault(state[:4], round(time.monotonic() - start, 2))
                if state[0] == "Lock" and state[4]:
                    waiting = state[1]
                    break
                time.sleep(0.02)
            unfinished = thread.is_alive()
            stack = None
            if unfinished and not waiting:
                stack = traceback.format_stack(sys._current_frames()[thread.ident])
        cr_a.commit()
        thread.join(120)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertTrue(
            unfinished,
            "the second import finished while the first was open: seen %s, "
            "outcome %s" % (seen, outcome),
        )
        _figures.info(
            "two imports of one file at once: the second %s; seen %s%s",
            f"waited on a lock ({waiting}) until the first committed"
            if waiting
            else f"had not finished after {WATCH_SECONDS} s, not seen on a lock",
            seen,
            ""
            if waiting
            else "; its thread: "
            + " | ".join(
                line.strip().replace("\n", " ") for line in (stack or [])[-4:]
            ),
        )
        self.assertEqual(first_counts, (500, 500, 0, 0))
        self.assertEqual(outcome["counts"], (500, 0, 500, 0), outcome.get("reasons"))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT cdr_key) FROM phone_call "
                "WHERE system_id = %s",
                [system_id],
            )
            self.assertEqual(cr.fetchone(), (500, 500))
