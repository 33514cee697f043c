# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import data_path


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
        waited = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and thread.is_alive():
            cr_a.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid_b]
            )
            if cr_a.fetchone()[0] == "Lock":
                waited = True
                break
            time.sleep(0.05)
        cr_a.commit()
        thread.join(120)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertTrue(waited, "the second import never waited for the first")
        self.assertEqual(first_counts, (500, 500, 0, 0))
        self.assertEqual(outcome["counts"], (500, 0, 500, 0), outcome.get("reasons"))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT cdr_key) FROM phone_call "
                "WHERE system_id = %s",
                [system_id],
            )
            self.assertEqual(cr.fetchone(), (500, 500))
