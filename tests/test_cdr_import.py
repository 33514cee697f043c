# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from collections import Counter
from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import PhoneCdrCase, asterisk_line, data_path, expected


@tagged("post_install", "-at_install")
class TestCdrSamples(PhoneCdrCase):
    """The shared samples of every format give the numbers of expected.json."""

    def test_asterisk_master_csv(self):
        facts = expected()
        imp = self._import("asterisk_Master.csv")
        self.assertEqual(imp.state, "done")
        self.assertCounts(imp, 500, 500, 0, 0)
        calls = self._calls()
        self.assertEqual(len(calls), facts["rows"])
        self.assertEqual(calls.cdr_import_id, imp)
        self.assertEqual(set(calls.mapped("source")), {"pbx"})
        by_disposition = Counter(calls.mapped("cdr_disposition"))
        self.assertEqual(
            by_disposition,
            {
                "answered": facts["by_disposition"]["ANSWERED"],
                "no_answer": facts["by_disposition"]["NO ANSWER"],
                "busy": facts["by_disposition"]["BUSY"],
                "failed": facts["by_disposition"]["FAILED"],
            },
        )
        self.assertEqual(
            len(calls.filtered("answered")), facts["by_disposition"]["ANSWERED"]
        )
        kinds = facts["by_kind"]
        by_direction = Counter(calls.mapped("direction"))
        self.assertEqual(by_direction["internal"], kinds["internal"])
        self.assertEqual(by_direction["inbound"], kinds["inbound"])
        # personal calls are outbound calls to the personal numbers
        self.assertEqual(
            by_direction["outbound"], kinds["outbound"] + kinds["personal"]
        )
        personal = calls.filtered(
            lambda call: call.phone in facts["personal_numbers_e164"]
        )
        self.assertEqual(len(personal), kinds["personal"])
        self.assertEqual(set(personal.mapped("direction")), {"outbound"})
        # ring time = answer - start; 3 rings of 6 seconds
        self.assertEqual(self.company._phone_ring_limit(), 18)
        self.assertEqual(
            len(calls.filtered("late_answer")), facts["answered_after_18s"]
        )
        external = calls.filtered(lambda call: call.direction != "internal")
        self.assertEqual(
            set(external.mapped("phone")), set(facts["external_numbers_e164"])
        )

    def test_one_record_in_detail(self):
        """ "","1002","0933111222",…,"2026-11-02 08:40:10","…08:40:17",
        "…08:50:25",615,608,"ANSWERED",…,"1793608810.0" in Taipei time."""
        self._import("asterisk_Master.csv")
        call = self.env["phone.call"].search(
            [("system_id", "=", self.system.id), ("cdr_key", "=", "1793608810.0")]
        )
        self.assertEqual(call.direction, "outbound")
        self.assertEqual(call.employee_id, self.emp_sales)
        self.assertEqual(call.user_id, self.user_sales)
        self.assertEqual(call.department_id, self.dept_sales)
        self.assertEqual(call.date_start, datetime(2026, 11, 2, 0, 40, 10))
        self.assertEqual(call.cdr_answer_date, datetime(2026, 11, 2, 0, 40, 17))
        self.assertEqual(call.cdr_end_date, datetime(2026, 11, 2, 0, 50, 25))
        self.assertEqual((call.ring_seconds, call.duration), (7, 608))
        self.assertEqual(call.cdr_total_seconds, 615)
        self.assertTrue(call.answered)
        self.assertFalse(call.late_answer)
        self.assertEqual(call.phone, "+886933111222")
        self.assertIn(
            "+886933111222", (call.partner_id.phone_e164, call.partner_id.mobile_e164)
        )
        self.assertEqual(call.counterpart_name, call.partner_id.name)
        self.assertEqual((call.cdr_src, call.cdr_dst), ("1002", "0933111222"))
        self.assertEqual(call.cdr_clid, '"林志豪" <1002>')
        self.assertTrue(call.name.startswith("CALL/"))
        # a work call with no key points yet: not a complete record (§5.1.1)
        self.assertFalse(call.is_complete)
        self.assertIn("key points", call.incomplete_reason)
        # its ring time is the phone system's
        self.assertEqual(call.ring_source, "measured")

    def test_asterisk_16_columns(self):
        """Without uniqueid the key is a hash of the record: importing the
        same file again creates nothing."""
        facts = expected()["files"]["asterisk_Master_16col.csv"]
        first = self._import("asterisk_Master_16col.csv")
        self.assertCounts(first, facts["rows"], facts["rows"], 0, 0)
        self.assertTrue(
            all(key.startswith("h:") for key in self._calls().mapped("cdr_key"))
        )
        again = self._import("asterisk_Master_16col.csv")
        self.assertCounts(again, facts["rows"], 0, facts["rows"], 0)
        self.assertEqual(len(self._calls()), facts["rows"])

    def test_freepbx_any_column_order(self):
        """The FreePBX export and the same export with shuffled columns give
        the same calls."""
        rows = expected()["files"]["freepbx_cdr.csv"]["rows"]
        shuffled_system = self._new_system("Shuffled PBX")
        self.env["phone.account"].create(
            [
                {
                    "system_id": shuffled_system.id,
                    "company_id": self.company.id,
                    "employee_id": account.employee_id.id,
                    "extension": account.extension,
                    "state": "active",
                }
                for account in self.accounts
            ]
        )
        plain = self._import("freepbx_cdr.csv", "freepbx")
        shuffled = self._import(
            "freepbx_cdr_shuffled.csv", "freepbx", system=shuffled_system
        )
        self.assertCounts(plain, rows, rows, 0, 0)
        self.assertCounts(shuffled, rows, rows, 0, 0)
        fnames = [
            "cdr_key",
            "date_start",
            "direction",
            "employee_id",
            "phone",
            "ring_seconds",
            "duration",
            "answered",
            "cdr_disposition",
        ]

        def facts(system):
            return sorted(
                tuple(str(call[fname]) for fname in fnames)
                for call in self._calls(system)
            )

        self.assertEqual(facts(self.system), facts(shuffled_system))
        # and they are the first 300 calls of Master.csv, to the second
        again = self._import("asterisk_Master.csv")
        self.assertCounts(again, 500, 200, 300, 0)

    def test_same_calls_in_other_formats_are_duplicates(self):
        """Master.csv, its 16-column variant and the FreePBX export describe
        the same calls: after the first, the others add nothing."""
        self._import("asterisk_Master.csv")
        self.assertCounts(self._import("freepbx_cdr.csv", "freepbx"), 300, 0, 300, 0)
        self.assertCounts(self._import("asterisk_Master_16col.csv"), 100, 0, 100, 0)
        self.assertEqual(len(self._calls()), 500)

    def test_3cx_with_its_field_order(self):
        facts = expected()["files"]["3cx_cdr.log"]
        profile = self.env["phone.cdr.profile"].create(
            {
                "name": "3CX HQ",
                "company_id": self.company.id,
                "field_order": ",".join(facts["field_order"]),
            }
        )
        system_3cx = self._new_system("3CX", kind="3cx", cdr_profile_id=profile.id)
        self.assertEqual(system_3cx.cdr_format, "3cx")
        imp = self._import("3cx_cdr.log", "3cx", system=system_3cx)
        self.assertEqual(imp.profile_id, profile)
        self.assertCounts(imp, facts["rows"], facts["rows"], 0, 0)
        # the 3CX log holds the first 200 calls of Master.csv: same facts
        asterisk_system = self._new_system("Asterisk twin")
        self._import("asterisk_Master.csv", system=asterisk_system)
        fnames = [
            "direction",
            "phone",
            "ring_seconds",
            "duration",
            "answered",
            "cdr_total_seconds",
            "partner_id",
        ]
        twin = {
            call.date_start: tuple(call[fname] for fname in fnames)
            for call in self._calls(asterisk_system)
        }
        calls_3cx = self._calls(system_3cx)
        self.assertEqual(len(calls_3cx), 200)
        for call in calls_3cx:
            self.assertEqual(
                tuple(call[fname] for fname in fnames), twin[call.date_start]
            )
        self.assertEqual(
            len(calls_3cx.filtered("late_answer")),
            len(
                [
                    c
                    for c in self._calls(asterisk_system)
                    if c.late_answer
                    and c.date_start <= max(calls_3cx.mapped("date_start"))
                ]
            ),
        )

    def test_3cx_profile_is_checked(self):
        Profile = self.env["phone.cdr.profile"]
        with self.assertRaisesRegex(ValidationError, "Unknown 3CX fields: time-begin"):
            Profile.create({"name": "typo", "field_order": "historyid,time-begin"})
        with self.assertRaisesRegex(ValidationError, "needs at least"):
            Profile.create({"name": "short", "field_order": "historyid,from-no"})
        profile = Profile.create({"name": "default"})
        self.assertEqual(profile.field_count, 22)

    def test_malformed_sample(self):
        facts = expected()["files"]["asterisk_Master_malformed.csv"]
        imp = self._import("asterisk_Master_malformed.csv")
        read = facts["good_rows"] + facts["bad_lines"]
        self.assertCounts(imp, read, facts["good_rows"], 0, facts["bad_lines"])
        codes = {error.line_number: error.code for error in imp.error_ids}
        self.assertEqual(
            codes,
            {
                1: "disposition",
                10: "date",
                16: "field_too_long",
                18: "negative",
                24: "csv",
                25: "number",
                33: "columns",
                43: "empty",
                55: "chronology",
                63: "columns",
                66: "nul",
                67: "date",
            },
        )
        nul_error = imp.error_ids.filtered(lambda error: error.code == "nul")
        self.assertIn("\\x00", nul_error.raw_line)
        self.assertIn(
            "EXPLODED",
            imp.error_ids.filtered(lambda error: error.line_number == 1).reason,
        )
        # downloadable as CSV: a header and one line per rejected row
        target = io.BytesIO()
        imp._rejected_csv(target)
        lines = target.getvalue().decode("utf-8").splitlines()
        self.assertEqual(len(lines), 1 + facts["bad_lines"])
        self.assertTrue(lines[1].startswith("1,"))


@tagged("post_install", "-at_install")
class TestCdrIdempotency(PhoneCdrCase):
    def test_reimport_creates_nothing(self):
        first = self._import("asterisk_Master.csv")
        second = self._import("asterisk_Master.csv")
        self.assertCounts(first, 500, 500, 0, 0)
        self.assertCounts(second, 500, 0, 500, 0)
        self.assertEqual(len(self._calls()), 500)
        self.assertEqual(second.call_count, 0)

    def test_overlapping_files(self):
        with open(data_path("asterisk_Master.csv"), "rb") as handle:
            lines = handle.read().splitlines(keepends=True)
        head = self._import_bytes(b"".join(lines[:300]))
        tail = self._import_bytes(b"".join(lines[250:]))
        self.assertCounts(head, 300, 300, 0, 0)
        self.assertCounts(tail, 250, 200, 50, 0)
        # twice in the same file: the second occurrence is a duplicate
        doubled = self._import_bytes(
            b"".join(lines[:10] + lines[:10]), system=(self._new_system("Doubled"))
        )
        self.assertCounts(doubled, 20, 10, 10, 0)

    def test_queries_do_not_grow_with_the_rows(self):
        """Look-ups are batched (one query per batch for contacts, keys,
        hand-logged calls), never one per row."""
        with open(data_path("asterisk_Master.csv"), "rb") as handle:
            lines = handle.read().splitlines(keepends=True)

        def queries(data, name):
            system = self._new_system(name)
            self.env.flush_all()
            before = self.cr.sql_log_count
            imp = self._import_bytes(data, system=system)
            self.env.flush_all()
            self.assertEqual(imp.count_created, data.count(b"\n"))
            return self.cr.sql_log_count - before

        fifty = queries(b"".join(lines[:50]), "Fifty")
        five_hundred = queries(b"".join(lines), "Five hundred")
        self.assertGreater(fifty, 5)
        self.assertLessEqual(five_hundred, fifty + 3)

    def test_database_refuses_a_duplicate_key(self):
        """The key is a database constraint, not only a Python check."""
        self._import("asterisk_Master_16col.csv")
        call = self._calls()[0]
        with self.assertRaisesRegex(Exception, "cdr_key_uniq"):
            call.copy({"cdr_key": call.cdr_key, "cdr_hash": "other"})
            self.env.flush_all()

    def test_small_batches_conserve_counts(self):
        """Batches of 7 rows: good rows around bad ones all arrive."""
        imp = self._import("asterisk_Master_malformed.csv", batch_size=7)
        self.assertCounts(imp, 72, 60, 0, 12)

    def test_a_duplicate_the_first_look_misses(self):
        """The importer asks about a sample of the keys before copying a
        batch; a record known only by its content (another key, the same
        call), inside the batch, is refused by the database: the batch is
        then inserted without it, every row counted once."""
        first = [asterisk_line(uniqueid=f"a.{index}", src="1002") for index in range(3)]
        self._import_bytes("\n".join(first).encode())
        second = [
            asterisk_line(uniqueid=f"b.{index}", src="1004") for index in range(60)
        ]
        # line 30: the first file's call a.1 under another key
        second[29] = asterisk_line(
            uniqueid="b.again",
            src="1002",
            channel="PJSIP/1002-a.1",
            dstchannel="PJSIP/0933111222-a.1",
        )
        imp = self._import_bytes("\n".join(second).encode())
        self.assertCounts(imp, 60, 59, 1, 0)
        self.assertEqual(len(self._calls()), 62)
        self.assertNotIn("b.again", self._calls().mapped("cdr_key"))

    def test_an_error_while_storing_stops_the_reading_thread(self):
        """The lines are parsed in a thread while the database stores the
        batch before: a failure on either side ends both."""
        import threading
        from unittest.mock import patch

        from ..cdr import engine

        data = "\n".join(
            asterisk_line(uniqueid=f"t.{index}") for index in range(50)
        ).encode()
        failing = patch.object(
            engine.CdrImporter, "_store_rows", side_effect=RuntimeError("disk full")
        )
        with failing, self.assertRaisesRegex(RuntimeError, "disk full"):
            self._import_bytes(data, batch_size=5)
        self.assertFalse(
            [t for t in threading.enumerate() if t.name.startswith("cdr-import-")]
        )
        self.assertFalse(self._calls())


@tagged("post_install", "-at_install")
class TestCdrMatching(PhoneCdrCase):
    def test_numbers_in_any_format_find_their_contact(self):
        Partner = self.env["res.partner"]
        people = {
            number: Partner.create(
                {"name": f"Contact {index}", "country_id": self.taiwan.id, **field}
            )
            for index, (number, field) in enumerate(
                [
                    ("+886227001111", {"phone": "(02) 2700-1111"}),
                    ("+886955000111", {"mobile": "0955 000 111"}),
                    ("+8613700001111", {"phone": "+86 137 0000 1111"}),
                    ("+8613700002222", {"phone": "0086-137-0000-2222"}),
                    ("+14155550199", {"phone": "+1 415-555-0199"}),
                ]
            )
        }
        lines = [
            asterisk_line(dst=dst, uniqueid=f"m.{index}")
            for index, dst in enumerate(
                [
                    "+886227001111",  # +886…
                    "02-2700-1111",  # 02-…
                    "0955000111",  # 09…
                    "+8613700001111",  # +86…
                    "008613700002222",  # 0086…
                    "0014155550199",  # international prefix
                    "0287650000",  # nobody
                ]
            )
        ]
        imp = self._import_bytes("\n".join(lines).encode())
        self.assertCounts(imp, 7, 7, 0, 0)
        by_key = {call.cdr_key: call for call in self._calls()}
        expected_partner = [
            "+886227001111",
            "+886227001111",
            "+886955000111",
            "+8613700001111",
            "+8613700002222",
            "+14155550199",
        ]
        for index, number in enumerate(expected_partner):
            call = by_key[f"m.{index}"]
            self.assertEqual(call.phone, number)
            self.assertEqual(call.partner_id, people[number])
            self.assertEqual(call.counterpart_name, people[number].name)
        self.assertEqual(by_key["m.6"].phone, "+886287650000")
        self.assertFalse(by_key["m.6"].partner_id)

    def test_contact_of_another_company_or_archived_is_not_matched(self):
        Partner = self.env["res.partner"]
        Partner.create(
            {
                "name": "Other company's contact",
                "phone": "0277778888",
                "company_id": self.other_company.id,
                "country_id": self.taiwan.id,
            }
        )
        Partner.create(
            {
                "name": "Archived",
                "phone": "0277779999",
                "active": False,
                "country_id": self.taiwan.id,
            }
        )
        company_partner = Partner.create(
            {"name": "ACME", "is_company": True, "phone": "0277776666"}
        )
        person = Partner.create(
            {"name": "Ms Acme", "parent_id": company_partner.id, "phone": "0277776666"}
        )
        lines = [
            asterisk_line(dst=dst, uniqueid=f"c.{index}")
            for index, dst in enumerate(["0277778888", "0277779999", "0277776666"])
        ]
        self._import_bytes("\n".join(lines).encode())
        by_key = {call.cdr_key: call for call in self._calls()}
        self.assertFalse(by_key["c.0"].partner_id)
        self.assertFalse(by_key["c.1"].partner_id)
        # the person before the company
        self.assertEqual(by_key["c.2"].partner_id, person)
        self.assertEqual(by_key["c.2"].counterpart_organization, "ACME")

    def test_direction_from_both_ends(self):
        lines = [
            # our extension calls out
            asterisk_line(src="1002", dst="0287654321", uniqueid="d.out"),
            # an outside caller reaches 2001
            asterisk_line(
                src="0287654321", dst="2001", uniqueid="d.in", context="from-trunk"
            ),
            # 1004 calls 2002
            asterisk_line(src="1004", dst="2002", uniqueid="d.int"),
            # an extension without account (4 digits) calls 1002
            asterisk_line(src="3005", dst="1002", uniqueid="d.noacc"),
            # a call to a DID: the answering extension is in the channel
            asterisk_line(
                src="0287654321",
                dst="0223450000",
                uniqueid="d.did",
                context="from-trunk",
                dstchannel="PJSIP/2001-0000abcd",
            ),
            # unanswered: rang for the whole call
            asterisk_line(
                src="0287654321",
                dst="2001",
                answer="",
                end="2026-11-02 08:40:40",
                duration=30,
                billsec=0,
                disposition="NO ANSWER",
                uniqueid="d.missed",
                context="from-trunk",
            ),
        ]
        self._import_bytes("\n".join(lines).encode())
        by_key = {call.cdr_key: call for call in self._calls()}
        out, inbound, internal = by_key["d.out"], by_key["d.in"], by_key["d.int"]
        self.assertEqual((out.direction, out.employee_id), ("outbound", self.emp_sales))
        self.assertEqual(out.partner_id.phone_e164, "+886287654321")
        self.assertEqual(
            (inbound.direction, inbound.employee_id), ("inbound", self.emp_support)
        )
        self.assertEqual(inbound.phone, "+886287654321")
        self.assertEqual(internal.direction, "internal")
        self.assertEqual(internal.employee_id, self.emp_sales2)
        self.assertEqual(internal.counterpart_employee_id, self.emp_dept_manager)
        self.assertEqual(internal.counterpart_name, self.emp_dept_manager.name)
        self.assertEqual(internal.phone, "2002")
        self.assertFalse(internal.partner_id)
        no_account = by_key["d.noacc"]
        self.assertEqual(no_account.direction, "internal")
        self.assertFalse(no_account.employee_id)
        self.assertEqual(no_account.counterpart_employee_id, self.emp_sales)
        did = by_key["d.did"]
        self.assertEqual(
            (did.direction, did.employee_id), ("inbound", self.emp_support)
        )
        missed = by_key["d.missed"]
        self.assertFalse(missed.answered)
        self.assertEqual((missed.ring_seconds, missed.duration), (30, 0))
        self.assertFalse(missed.late_answer)

    def test_pbx_time_zone(self):
        """The same local time is another instant on a PBX in Los Angeles."""
        system_la = self._new_system("LA PBX", tz="America/Los_Angeles")
        line = asterisk_line(uniqueid="tz.1").encode()
        self._import_bytes(line)
        self._import_bytes(line, system=system_la)
        self.assertEqual(self._calls().date_start, datetime(2026, 11, 2, 0, 40, 10))
        self.assertEqual(
            self._calls(system_la).date_start, datetime(2026, 11, 2, 16, 40, 10)
        )
        # an explicit offset wins over the PBX time zone
        with_offset = asterisk_line(
            uniqueid="tz.2",
            start="2026-11-02T08:40:10+09:00",
            answer="2026-11-02T08:40:17+09:00",
            end="2026-11-02T08:50:25+09:00",
        )
        self._import_bytes(with_offset.encode(), system=system_la)
        call = self._calls(system_la).filtered(lambda c: c.cdr_key == "tz.2")
        self.assertEqual(call.date_start, datetime(2026, 11, 1, 23, 40, 10))

    def test_stored_values_are_what_the_orm_computes(self):
        """The importer fills computed columns itself for speed: they must
        be exactly what phone.call's own computes give."""
        self._import("asterisk_Master.csv")
        calls = self._calls()
        fnames = [
            "user_id",
            "department_id",
            "is_complete",
            "ring_limit_seconds",
            "answered_in_time",
            "late_answer",
            "is_long_call",
            "in_quiet_hours",
            "legal_hold",
        ]
        self.assertTrue(any(calls.mapped("in_quiet_hours")))
        self.assertTrue(any(calls.mapped("is_long_call")))
        imported = calls.read(fnames)
        for fname in fnames:
            self.env.add_to_compute(calls._fields[fname], calls)
        calls.flush_recordset()
        calls.invalidate_recordset()
        self.assertEqual(calls.read(fnames), imported)
        # contact-derived values, where the ORM derives them
        with_partner = calls.filtered("partner_id")
        names = with_partner.read(["counterpart_name", "counterpart_organization"])
        for fname in ("counterpart_name", "counterpart_organization"):
            self.env.add_to_compute(calls._fields[fname], with_partner)
        with_partner.flush_recordset()
        with_partner.invalidate_recordset()
        self.assertEqual(
            with_partner.read(["counterpart_name", "counterpart_organization"]), names
        )


@tagged("post_install", "-at_install")
class TestCdrEncodings(PhoneCdrCase):
    NAMES = {
        "big5": ["林志豪", "陳美玲", "黃淑芬"],
        "gb18030": ["周经理", "刘小姐", "陈美玲"],
        "utf-8": ["林志豪", "周经理", "Carol Wu"],
    }

    def _lines(self, encoding):
        return "\n".join(
            asterisk_line(uniqueid=f"{encoding}.{index}", clid=f'"""{name}"" <1002>"')
            for index, name in enumerate(self.NAMES[encoding])
        ).encode(encoding)

    def test_big5_and_gb18030_systems(self):
        for encoding in ("big5", "gb18030"):
            system = self._new_system(f"{encoding} PBX", cdr_encoding=encoding)
            imp = self._import_bytes(self._lines(encoding), system=system)
            self.assertEqual(imp.encoding, encoding)
            self.assertCounts(imp, 3, 3, 0, 0)
            self.assertEqual(
                sorted(self._calls(system).mapped("cdr_clid")),
                sorted(f'"{name}" <1002>' for name in self.NAMES[encoding]),
            )

    def test_wrong_encoding_stops_the_file_not_garbled(self):
        """Chinese text that is not UTF-8 on a UTF-8 system: the whole file
        stops (test_cdr_encoding.py has the cases one by one)."""
        imp = self._import_bytes(self._lines("gb18030") + b"\n" + self._lines("big5"))
        self.assertEqual(imp.state, "failed")
        self.assertCounts(imp, 0, 0, 0, 0)
        self.assertIn("read as UTF-8", imp.message)
        self.assertFalse(self._calls())
        # a UTF-8 byte order mark is not part of the first record
        utf8 = self._lines("utf-8")
        imp = self._import_bytes(b"\xef\xbb\xbf" + utf8, system=self._new_system("BOM"))
        self.assertCounts(imp, 3, 3, 0, 0)


@tagged("post_install", "-at_install")
class TestCdrFuzz(PhoneCdrCase):
    """Hundreds of malformed rows among good ones: none crashes the import,
    each is rejected with the reason of its defect, every good row arrives
    and the counts add up."""

    @staticmethod
    def _good(index):
        return asterisk_line(uniqueid=f"good.{index}").encode()

    def _bad_rows(self):
        """(line, expected code): 24 kinds of defects, 10 of each."""
        cases = []
        for index in range(10):
            uid = f"bad.{index}"
            base = asterisk_line(uniqueid=uid)
            fields = base.split(",")
            cut = base.index(fields[2 + index % 12]) + 1
            cases += [
                (base[:cut].encode(), None),  # truncated: csv or columns
                ((base + "," * (index + 1)).encode(), "columns"),
                (base.replace("1002", "10\x0002", 1).encode(), "nul"),
                (
                    base.encode()[:20] + "林志豪".encode("big5") + base.encode()[20:],
                    "encoding",
                ),
                (
                    base.encode()[:20] + "经理".encode("gb18030") + base.encode()[20:],
                    "encoding",
                ),
                (base.replace("Test", "Müller").encode("latin-1"), "encoding"),
                (
                    asterisk_line(
                        uniqueid=uid,
                        start=[
                            "2026-02-30 10:00:00",
                            "99/99/99",
                            "tomorrow",
                            "2026-11-02 25:00:00",
                            "1899-01-01 00:00:00",
                        ][index % 5],
                    ).encode(),
                    "date",
                ),
                (asterisk_line(uniqueid=uid, start="").encode(), "missing"),
                (asterisk_line(uniqueid=uid, duration=-1 - index).encode(), "negative"),
                (
                    asterisk_line(
                        uniqueid=uid,
                        billsec=["12.5", "abc", "--5", "5s", "0x10"][index % 5],
                    ).encode(),
                    "number",
                ),
                (
                    asterisk_line(
                        uniqueid=uid, disposition=["EXPLODED", "ANSWER", ""][index % 3]
                    ).encode(),
                    "disposition",
                ),
                (
                    asterisk_line(uniqueid=uid, end="2026-11-02 08:40:00").encode(),
                    "chronology",
                ),
                (
                    asterisk_line(uniqueid=uid, answer="2026-11-02 08:30:00").encode(),
                    "answer_outside",
                ),
                (asterisk_line(uniqueid=uid, billsec=9999).encode(), "billsec"),
                (
                    asterisk_line(uniqueid=uid, clid='"' + "x" * 5000 + '"').encode(),
                    "field_too_long",
                ),
                (asterisk_line(uniqueid=uid, src="9" * 100).encode(), "field_too_long"),
                (base.encode() + b"," + b"y" * (70 * 1024), "too_long"),
                (base.replace('"Dial"', '"Dial', 1).encode(), "csv"),
                (base.replace('"Dial"', '"Di"al"', 1).encode(), "csv"),
                (b" " * index, "empty"),
                (bytes(range(0x80 + index, 0x80 + index + 40)), "encoding"),
                (base.replace(",615,", ",6\r15,").encode(), "csv"),
                (
                    asterisk_line(
                        uniqueid=uid, start="2026-11-02 08:40:10+08:00"
                    ).encode(),
                    "mixed_dates",
                ),
                (base.replace(",", "\t").encode(), None),
            ]
        return cases

    def test_fuzz(self):
        bad = self._bad_rows()
        self.assertGreaterEqual(len(bad), 200)
        lines, expected_codes, good = [], {}, 0
        for index, (line, code) in enumerate(bad):
            lines.append(self._good(index))
            good += 1
            lines.append(line)
            expected_codes[len(lines)] = code
        data = b"\n".join(lines) + b"\n"
        imp = self._import_bytes(data)
        self.assertCounts(imp, len(lines), good, 0, len(bad))
        codes = {error.line_number: error.code for error in imp.error_ids}
        self.assertEqual(set(codes), set(expected_codes))
        self.assertNotIn("internal", codes.values())
        for number, code in expected_codes.items():
            if code is None:  # truncated or tab-separated
                self.assertIn(codes[number], ("csv", "columns"), number)
            else:
                self.assertEqual(codes[number], code, lines[number - 1][:80])
        self.assertTrue(all(imp.error_ids.mapped("reason")))
        # the same file again: the good rows are duplicates now
        again = self._import_bytes(data)
        self.assertCounts(again, len(lines), 0, good, len(bad))

    def test_random_mutations_never_crash(self):
        import random

        rng = random.Random(8)
        lines = []
        for index in range(300):
            line = bytearray(asterisk_line(uniqueid=f"r.{index}").encode())
            for _mutation in range(rng.randrange(1, 6)):
                position = rng.randrange(len(line))
                action = rng.randrange(3)
                if action == 0:
                    line[position] = rng.randrange(256)
                elif action == 1:
                    del line[position]
                else:
                    line.insert(position, rng.choice(b'",\x00\r\\\xff\xe4'))
            lines.append(bytes(line).replace(b"\n", b" "))
        imp = self._import_bytes(b"\n".join(lines))
        self.assertEqual(imp.state, "done")
        self.assertEqual(imp.count_read, 300)
        self.assertEqual(
            imp.count_created + imp.count_duplicate + imp.count_rejected, 300
        )
        self.assertNotIn("internal", imp.error_ids.mapped("code"))
        self.assertGreater(imp.count_rejected, 100)
        self.assertEqual(len(self._calls()), imp.count_created)


@tagged("post_install", "-at_install")
class TestCdrWizardAndDirectory(PhoneCdrCase):
    def test_upload_wizard(self):
        with open(data_path("asterisk_Master_malformed.csv"), "rb") as handle:
            content = handle.read()
        wizard_form = Form(
            self.env["phone.cdr.import.wizard"]
            .with_user(self.user_officer)
            .with_context(
                default_system_id=self.system.id, default_file_name="Master.csv"
            )
        )
        self.assertEqual(wizard_form.file_format, "asterisk")
        self.assertEqual(wizard_form.encoding, "utf-8")
        wizard_form.file = base64.b64encode(content)
        wizard = wizard_form.save()
        action = wizard.action_import()
        imp = self.env["phone.cdr.import"].browse(action["res_id"])
        self.assertEqual(imp.origin, "upload")
        self.assertEqual(imp.user_id, self.user_officer)
        self.assertEqual((imp.file_name, imp.file_size), ("Master.csv", len(content)))
        self.assertCounts(imp, 72, 60, 0, 12)
        self.assertGreater(imp.duration, 0)

    def test_pick_up_directory(self):
        import os
        import tempfile

        with tempfile.TemporaryDirectory() as directory:
            self.system.cdr_directory = directory
            with open(data_path("asterisk_Master_16col.csv"), "rb") as source:
                content = source.read()
            with open(os.path.join(directory, "Master-1.csv"), "wb") as target:
                target.write(content)
            with open(os.path.join(directory, ".partial"), "wb") as target:
                target.write(b"still being written")
            Import = self.env["phone.cdr.import"]
            Import._cron_import_directories(settle_seconds=0, commit=False)
            imp = Import.search([("system_id", "=", self.system.id)])
            self.assertEqual(imp.origin, "directory")
            self.assertEqual(imp.file_name, "Master-1.csv")
            self.assertCounts(imp, 100, 100, 0, 0)
            self.assertEqual(sorted(os.listdir(directory)), [".partial", "imported"])
            self.assertEqual(
                os.listdir(os.path.join(directory, "imported")), ["Master-1.csv"]
            )
            # the next run finds nothing new; the same file dropped again
            # creates nothing
            Import._cron_import_directories(settle_seconds=0, commit=False)
            self.assertEqual(
                Import.search_count([("system_id", "=", self.system.id)]), 1
            )
            with open(os.path.join(directory, "Master-1.csv"), "wb") as target:
                target.write(content)
            Import._cron_import_directories(settle_seconds=0, commit=False)
            latest = Import.search([("system_id", "=", self.system.id)], limit=1)
            self.assertCounts(latest, 100, 0, 100, 0)
            self.assertEqual(len(os.listdir(os.path.join(directory, "imported"))), 2)
            # a FreePBX system fails clearly on a file without header
            self.system.cdr_format = "freepbx"
            with open(os.path.join(directory, "broken.csv"), "wb") as target:
                target.write(content)
            Import._cron_import_directories(settle_seconds=0, commit=False)
            failed = Import.search([("file_name", "=", "broken.csv")])
            self.assertEqual(failed.state, "failed")
            self.assertIn("calldate", failed.message)
            self.assertEqual(
                os.listdir(os.path.join(directory, "failed")), ["broken.csv"]
            )

    def test_directory_must_exist(self):
        with self.assertRaisesRegex(ValidationError, "not an existing"):
            self.system.cdr_directory = "/nonexistent/cdr"
