# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one "called back" rule (policy §2.2.5, phone_call_callback.py) as
the PBX import reaches it: a missed call is called back by the first later
outbound call of the company to its number or its contact within 30 days,
whatever the order and the batches in which the phone system reports them;
and the import's queries read their indexes whatever the table's
statistics say, without waiting for another session that holds the table."""

import re
from datetime import datetime, timedelta

from odoo.sql_db import Cursor, db_connect
from odoo.tests import tagged
from odoo.tools import SQL

from .common import PhoneCdrCase, call_line

DAY = "2026-11-02"  # a Monday, Taipei time (UTC+8)
# the index a plan reads (by probes or by a bitmap)
INDEX_READ = r"(?:Index (?:Only )?Scan using|Bitmap Index Scan on) (\w+)"


def taipei(text):
    """Naive UTC of a Taipei 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.fromisoformat(text) - timedelta(hours=8)


@tagged("post_install", "-at_install")
class TestCalledBackStamp(PhoneCdrCase):
    def _import_lines(self, lines, batch_size=None):
        return self._import_bytes("\n".join(lines).encode(), batch_size=batch_size)

    def _by_key(self):
        return {call.cdr_key: call for call in self._calls()}

    def test_each_way_a_missed_call_is_called_back(self):
        tsai = self.env["res.partner"].create(
            {
                "name": "Ms Tsai",
                "country_id": self.taiwan.id,
                "phone": "02-2345-7000",
                "mobile": "0911-222-333",
            }
        )
        lines = [
            # 1. a later call to the number; of two, the first counts
            call_line(
                "a.miss", "0223456789", "1002", f"{DAY} 10:00:00", answered=False
            ),
            call_line("a.back2", "1004", "0223456789", f"{DAY} 12:00:00"),
            call_line("a.back1", "1002", "0223456789", f"{DAY} 11:30:00"),
            # 2. reported out of order: the call-back comes first in the
            # file, and in another batch than the missed call
            call_line("b.back", "2001", "0955000111", "2026-11-03 09:00:00"),
            # 3. the same contact on another of her numbers
            call_line(
                "c.miss", "0911222333", "2001", f"{DAY} 14:00:00", answered=False
            ),
            call_line("c.back", "2002", "0223457000", f"{DAY} 15:00:00"),
            # 4. too late: 31 days after
            call_line(
                "d.miss", "0966000222", "2001", f"{DAY} 09:00:00", answered=False
            ),
            call_line("d.back", "2001", "0966000222", "2026-12-03 09:30:00"),
            # 5. answered: nothing to call back; an inbound call is no call-back
            call_line("e.ok", "0977000333", "1002", f"{DAY} 09:00:00"),
            call_line("e.out", "1002", "0977000333", f"{DAY} 10:00:00"),
            call_line(
                "f.miss", "0988000444", "1002", f"{DAY} 09:00:00", answered=False
            ),
            call_line("f.in", "0988000444", "1004", f"{DAY} 10:00:00"),
            # the missed call of 2., last in the file
            call_line(
                "b.miss", "0955000111", "1002", f"{DAY} 16:00:00", answered=False
            ),
        ]
        imp = self._import_lines(lines, batch_size=2)
        self.assertCounts(imp, 13, 13, 0, 0)
        calls = self._by_key()
        self.assertEqual(calls["c.miss"].partner_id, tsai)
        self.assertEqual(calls["c.back"].partner_id, tsai)
        stamped = {
            key: call.callback_done_datetime
            for key, call in calls.items()
            if call.callback_done_datetime
        }
        self.assertEqual(
            stamped,
            {
                "a.miss": taipei(f"{DAY} 11:30:00"),
                "b.miss": taipei("2026-11-03 09:00:00"),
                "c.miss": taipei(f"{DAY} 15:00:00"),
            },
        )
        # what the Officer's filter and the compliance figures read
        not_called_back = self.env["phone.call"].search(
            [
                ("system_id", "=", self.system.id),
                ("direction", "=", "inbound"),
                ("answered", "=", False),
                ("callback_done_datetime", "=", False),
            ]
        )
        self.assertEqual(set(not_called_back.mapped("cdr_key")), {"d.miss", "f.miss"})

    def test_another_company_calling_the_number_calls_nothing_back(self):
        imp = self._import_lines(
            [call_line("miss", "0223456789", "1002", f"{DAY} 10:00:00", answered=False)]
        )
        self.assertCounts(imp, 1, 1, 0, 0)
        missed = self._calls()
        other = self._call(
            self.user_other_company,
            company_id=self.other_company.id,
            employee_id=self.user_other_company.employee_ids.id,
            partner_id=False,
            phone=missed.phone,
            date_start=taipei(f"{DAY} 11:00:00"),
        )
        self.assertEqual(other.phone, missed.phone)
        self.assertFalse(missed.callback_done_datetime)
        # the company's own call, logged by hand, does
        mine = self._call(
            self.user_sales,
            partner_id=False,
            phone=missed.phone,
            date_start=taipei(f"{DAY} 11:15:00"),
        )
        self.assertEqual(missed.callback_done_datetime, mine.date_start)

    def _statistics_rows(self):
        self.env.cr.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'phone_call'::regclass"
        )
        return self.env.cr.fetchone()[0]

    def _many_lines(self, count):
        start = datetime.fromisoformat(f"{DAY} 08:00:00")
        return [
            call_line(
                f"bulk.{index}",
                f"09{index:08d}" if index % 2 else "1002",
                "1004" if index % 2 else f"09{max(index - 1, 1):08d}",
                (start + timedelta(seconds=30 * index)).isoformat(" "),
                answered=bool(index % 3),
            )
            for index in range(count)
        ]

    def _explain_the_imports_queries(self):
        """Patch the cursor so that each query of the import that reads
        phone_call is explained first, as it runs (same settings, same
        transaction); returns {query: plans}."""
        plans = {}
        execute = Cursor.execute

        def explain(cr, query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else query
            text = " ".join(code.split())
            if text.startswith("SELECT") and "FROM phone_call " in text:
                if isinstance(query, SQL):
                    execute(cr, SQL("EXPLAIN %s", query))
                else:
                    execute(cr, "EXPLAIN " + query, params)
                plan = "\n".join(row[0] for row in cr.fetchall())
                plans.setdefault(text, []).append(plan)
            return execute(cr, query, params, log_exceptions)

        self.patch(Cursor, "execute", explain)
        return plans

    def test_the_imports_queries_read_their_index_whatever_the_statistics(self):
        """The import does not analyse phone_call (autovacuum does, once
        it has committed): statistics taken when the phone system had no
        call must not lead any of its queries off its index. With such
        statistics ``make bench-cdr`` saw the look for live calls read all
        the system's calls through a unique key led by the system (87 ms a
        batch at 100k calls)."""
        cr = self.env.cr
        # a call logged by hand, for the look at hand-logged calls to run
        self.env["phone.call"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales.id,
                "direction": "outbound",
                "phone": "0911000999",
                "date_start": taipei(f"{DAY} 07:00:00"),
            }
        )
        cr.execute("ANALYZE phone_call")
        known = self._statistics_rows()
        plans = self._explain_the_imports_queries()
        imp = self._import_lines(self._many_lines(1200), batch_size=400)
        self.assertCounts(imp, 1200, 1200, 0, 0)
        # the import left the statistics alone
        self.assertEqual(self._statistics_rows(), known)
        # each look, and the index it reads
        reads = {
            "live calls": "phone_call_live_call_key_uniq",
            "calls logged by hand": "phone_call_manual_unmatched_idx",
            "known keys": "phone_call_cdr_key_uniq",
        }
        seen = dict.fromkeys(reads, 0)
        for text, explained in plans.items():
            look = (
                "live calls"
                if "live_call_key IS NOT NULL" in text
                else "calls logged by hand"
                if "source = 'manual'" in text or "counterpart_employee_id" in text
                else "known keys"
                if "cdr_key" in text
                else None
            )
            for plan in explained:
                self.assertNotIn("Seq Scan on phone_call", plan, text)
                if look:
                    seen[look] += 1
                    used = set(re.findall(INDEX_READ, plan))
                    self.assertIn(reads[look], used, plan)
                    # the known keys: by key, then by content hash
                    self.assertLessEqual(
                        used - {"phone_call_cdr_hash_uniq"}, {reads[look]}, plan
                    )
        # the live calls looked for once (none), the others each batch
        self.assertEqual(seen["live calls"], 1, plans.keys())
        self.assertGreaterEqual(seen["calls logged by hand"], 3, plans.keys())
        self.assertGreaterEqual(seen["known keys"], 3, plans.keys())

    def test_work_beside_a_large_stamp_gets_its_own_answers(self):
        """A batch of the PBX import is stamped in a thread of its own while
        the import does its bookkeeping (``_execute_beside``): should that
        bookkeeping query the database, its query waits for the stamp, and
        each gets its own rows."""
        imp = self._import_lines(self._many_lines(300))
        self.assertCounts(imp, 300, 300, 0, 0)
        calls = self._calls()
        expected = {
            call.id: call.callback_done_datetime
            for call in calls
            if call.callback_done_datetime
        }
        self.assertGreater(len(expected), 40)
        self.env.cr.execute(
            "UPDATE phone_call SET callback_done_datetime = NULL WHERE id = ANY(%s)",
            [list(expected)],
        )
        calls.invalidate_recordset(["callback_done_datetime"])
        seen = []

        def beside():
            self.env.cr.execute(
                "SELECT count(*) FROM phone_call WHERE id = ANY(%s)", [calls.ids]
            )
            seen.append(self.env.cr.fetchone()[0])

        stamped = self.env["phone.call"]._stamp_called_back(calls.ids, beside=beside)
        self.assertEqual(sorted(stamped), sorted(expected))
        self.assertEqual(seen, [len(calls)])
        self.assertEqual(
            {
                call.id: call.callback_done_datetime
                for call in calls
                if call.id in expected
            },
            expected,
        )

    def test_an_import_does_not_wait_for_a_session_holding_the_table(self):
        """Another session analyses or vacuums phone_call and holds the
        table's maintenance lock: the import goes on and loses nothing
        (an import that analysed the table waited for that lock; a wait
        would hang this test: the other session lets go only after it)."""
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("LOCK TABLE phone_call IN SHARE UPDATE EXCLUSIVE MODE")
            imp = self._import_lines(self._many_lines(1200))
            other.rollback()
        self.assertCounts(imp, 1200, 1200, 0, 0)
        self.assertEqual(len(self._calls()), 1200)

    def _stamp_plans(self):
        """Import 1,200 calls in three batches; the plan of each batch's
        stamp, explained as it runs (same settings, same transaction)."""
        plans = []
        execute = Cursor.execute

        def explain_the_stamp(cr, query, params=None, log_exceptions=True):
            if isinstance(query, SQL) and "WITH fresh AS MATERIALIZED" in query.code:
                execute(cr, SQL("EXPLAIN %s", query))
                plans.append("\n".join(row[0] for row in cr.fetchall()))
            return execute(cr, query, params, log_exceptions)

        self.patch(Cursor, "execute", explain_the_stamp)
        # a batch's stamp runs on a cursor of its own (_execute_beside):
        # explained on the transaction's cursor before it runs
        beside = type(self.env["phone.call"])._execute_beside

        def explain_beside(model, query, work):
            execute(model.env.cr, SQL("EXPLAIN %s", query))
            plans.append("\n".join(row[0] for row in model.env.cr.fetchall()))
            return beside(model, query, work)

        self.patch(type(self.env["phone.call"]), "_execute_beside", explain_beside)
        imp = self._import_lines(self._many_lines(1200), batch_size=400)
        self.assertCounts(imp, 1200, 1200, 0, 0)
        self.assertEqual(len(plans), 3)
        # and the stamp found what it looks for: the missed call bulk.3
        # called back by bulk.4, its next outbound call to the number
        calls = self._by_key()
        self.assertEqual(
            calls["bulk.3"].callback_done_datetime, calls["bulk.4"].date_start
        )
        return plans

    def assertProbes(self, plans):
        """Each plan probes the (number or contact, date) indexes once per
        fresh call and joins by nested loops: no scan of the table, of a
        month of missed calls, of all calls of a direction or a company."""
        probes = {
            "phone_call_pkey",
            "phone_call_missed_phone_idx",
            "phone_call_missed_partner_idx",
            "phone_call_outbound_phone_idx",
            "phone_call_partner_date_idx",
        }
        for plan in plans:
            self.assertNotIn("Seq Scan on phone_call", plan)
            self.assertNotIn("Bitmap", plan)
            self.assertNotIn("Hash Join", plan)
            self.assertNotIn("Merge Join", plan)
            used = set(re.findall(r"Index (?:Only )?Scan using (\w+)", plan))
            self.assertEqual(used, probes, plan)

    def test_a_batch_is_stamped_by_index_probes_whatever_the_statistics(self):
        """Statistics taken when the table was nearly empty: the stamp of
        each batch still probes the (number or contact, date) indexes once
        per fresh call, never scans the table or a month of missed calls
        (with statistics that misjudged the contacts' calls, ``make
        bench-cdr`` saw 1.4 s a batch at 30,000 calls, growing with the
        table; 19 ms with the probes)."""
        self.env.cr.execute("ANALYZE phone_call")
        self.assertProbes(self._stamp_plans())

    def test_a_batch_is_stamped_by_index_probes_in_a_table_never_analysed(self):
        """The first import into a table PostgreSQL has never analysed
        (a new database; TRUNCATE gives the same state): every estimate is
        a guess, the direction's index looked as cheap as the probes, and
        the first batch of ``make bench-cdr``'s data read all inbound or
        outbound calls through phone_call__direction_index for each fresh
        call (6 of 6 first imports). The stamp keeps to its probes."""
        self.env.cr.execute("TRUNCATE phone_call CASCADE")
        self.env.invalidate_all()
        self.assertEqual(self._statistics_rows(), -1)
        self.assertProbes(self._stamp_plans())
