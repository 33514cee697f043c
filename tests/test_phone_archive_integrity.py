# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.phone_policy.utils.archive import chain_hash

from .common import PhoneArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveIntegrityChain(PhoneArchiveCase):
    """Tamper evidence in the style of account's
    test_account_inalterable_hash: alter the database behind the ORM's back
    and check that "Verify integrity" finds the first broken link, what it
    is, and where."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_calls = cls._march_calls(3)
        cls.support_calls = cls._march_calls(
            2,
            cls.category_support,
            user=cls.user_support,
            counterpart_name="Mr Lin",
            importance="important",
            responsible_user_id=cls.user_support.id,
            callback_datetime="2026-03-09 01:00:00",
        )
        cls.sales = cls._file(cls.category_sales)
        cls.support = cls._file(cls.category_support)
        cls.chain = (cls.sales_calls | cls.support_calls).sorted("archive_sequence")
        # the middle of the chain: the last call of the Sales archive
        cls.middle = cls.chain[2]

    def _sql_update(self, call, fname, value):
        self.env.cr.execute(
            SQL(
                "UPDATE phone_call SET %s = %s WHERE id = %s",
                SQL.identifier(fname),
                value,
                call.id,
            )
        )
        call.invalidate_recordset()

    def _other_value(self, call, fname):
        """A different value of the right type for ``fname``."""
        field = call._fields[fname]
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM phone_call WHERE id = %s",
                SQL.identifier(fname),
                call.id,
            )
        )
        current = self.env.cr.fetchone()[0]
        if field.type == "many2one":
            comodel = self.env[field.comodel_name].with_context(active_test=False)
            return comodel.search([("id", "!=", current or 0)], limit=1).id
        if field.type == "selection":
            values = [v for v, _label in field._description_selection(self.env)]
            return next((v for v in values if v != current), f"{current}_altered")
        if field.type == "boolean":
            return not current
        if fname == "archive_sequence":
            return current + 1000  # chain numbers are unique per company
        if field.type == "integer":
            return (current or 0) + 1
        if field.type == "datetime":
            return (current or self.middle.date_start) + timedelta(minutes=1)
        return (current or "") + " (altered)"

    def test_chain_intact_across_archives(self):
        result = self.assertIntact()
        self.assertEqual(result["records_verified"], 5)
        self.assertEqual((result["first_sequence"], result["last_sequence"]), (1, 5))
        self.assertEqual(result["first_call_name"], self.chain[0].name)
        self.assertEqual(result["last_call_name"], self.chain[-1].name)
        self.assertEqual(result["last_hash"], self.company.phone_archive_last_hash)
        # each hash chains on the previous one
        self.assertEqual(
            self.chain[1].archive_hash,
            self._recompute(self.chain[1], self.chain[0].archive_hash),
        )

    def _recompute(self, call, previous):
        rows = next(
            self.env["phone.call"]._archive_chain_rows(SQL("c.id = %s", call.id), 1)
        )
        return chain_hash(previous, rows[0][-1])

    def test_each_hashed_field_altered_in_sql(self):
        """Changing any hashed field directly in the database is detected
        and located on that call; putting the value back heals the chain."""
        fnames = self.env["phone.call"]._get_integrity_hash_fields()
        self.assertGreaterEqual(len(fnames), 30)
        for fname in fnames:
            with self.subTest(field=fname):
                self.env.cr.execute(
                    SQL(
                        "SELECT %s FROM phone_call WHERE id = %s",
                        SQL.identifier(fname),
                        self.middle.id,
                    )
                )
                original = self.env.cr.fetchone()[0]
                self._sql_update(
                    self.middle, fname, self._other_value(self.middle, fname)
                )
                result = self.assertBroken("content", self.middle)
                self.assertEqual(result["break_archive_id"], self.sales.id)
                self._sql_update(self.middle, fname, original)
                self.assertIntact()

    def test_altered_hash(self):
        self._sql_update(self.middle, "archive_hash", "$1$" + "a" * 64)
        self.assertBroken("hash", self.middle)
        self._sql_update(self.middle, "archive_hash", "not a hash")
        self.assertBroken("hash", self.middle)

    def test_altered_last_hash_and_content(self):
        """The last call has no successor: the company's chain head and the
        archive's seal tell which of its hash or content changed."""
        last = self.chain[-1]
        hashed = last.archive_hash
        self._sql_update(last, "archive_hash", "$1$" + "b" * 64)
        self.assertBroken("hash", last)
        self._sql_update(last, "archive_hash", hashed)
        self._sql_update(last, "subject", "Rewritten")
        self.assertBroken("content", last)

    def test_deleted_middle_record(self):
        self.env.cr.execute("DELETE FROM phone_call WHERE id = %s", [self.middle.id])
        result = self.assertBroken("missing", sequence=3)
        self.assertEqual(result["break_archive_id"], self.sales.id)
        self.assertIn(self.chain[1].name, result["summary"])
        self.assertIn(self.chain[3].name, result["summary"])

    def test_deleted_last_record(self):
        self.env.cr.execute("DELETE FROM phone_call WHERE id = %s", [self.chain[-1].id])
        result = self.assertBroken("missing", sequence=5)
        self.assertEqual(result["break_archive_id"], self.support.id)

    def test_first_broken_link_wins_across_batches(self):
        """With two alterations, the earlier one is reported, and the kind is
        right even when the next call comes in the next batch."""
        self._sql_update(self.chain[3], "duration", 999)
        self._sql_update(self.chain[1], "archive_hash", "$1$" + "c" * 64)
        for batch_size in (1, 2, 10000):
            with self.subTest(batch_size=batch_size):
                self.assertBroken("hash", self.chain[1], batch_size=batch_size)

    def test_chain_number_moved(self):
        """A call moved to another place of the chain (or another company)
        is found by its archive, not reported as missing."""
        self._sql_update(self.middle, "archive_sequence", 1000)
        self.assertBroken("content", self.middle, sequence=1000)
        self._sql_update(self.middle, "archive_sequence", 3)
        self._sql_update(self.middle, "company_id", self.other_company.id)
        self.assertBroken("content", self.middle)

    def test_tampering_after_a_tombstone(self):
        """Disposal leaves a verifiable chain; tampering after it is still
        caught."""
        self.env["phone.retention.policy"].create(
            {
                "company_id": self.company.id,
                "category_id": self.category_sales.id,
                "retention_years": 1,
            }
        )
        with freeze_time("2027-04-02"):
            self.Archive._cron_list_expired()
            self.sales.with_user(self.user_manager).action_approve_disposal()
        result = self.assertIntact()
        self.assertEqual(result["tombstones_crossed"], 1)
        self.assertEqual(result["records_verified"], 2)
        self._sql_update(self.chain[3], "key_points", "Other points")
        self.assertBroken("content", self.chain[3])

    def test_monthly_check_alerts_managers(self):
        check = self.Verification._cron_verify().filtered(
            lambda c: c.company_id == self.company
        )
        self.assertEqual(check.state, "intact")
        self.assertFalse(check.activity_ids)
        self._sql_update(self.middle, "phone", "+886200000000")
        check = self.Verification._cron_verify().filtered(
            lambda c: c.company_id == self.company
        )
        self.assertEqual(check.state, "broken")
        self.assertEqual(check.break_call_id, self.middle)
        self.assertEqual(check.break_kind, "content")
        self.assertIn(self.user_manager, check.activity_ids.user_id)
        self.assertNotIn(self.user_officer, check.activity_ids.user_id)
        self.assertIn(self.middle.name, check.message_ids[0].body)
        self.assertIn(self.user_manager.partner_id, check.message_ids[0].partner_ids)

    def test_verify_button(self):
        action = (
            self.Verification.with_user(self.user_officer)
            .with_company(self.company)
            .action_verify()
        )
        check = self.Verification.browse(action["res_id"])
        self.assertEqual(check.state, "intact")
        self.assertEqual(check.user_id, self.user_officer)
        self.assertEqual(check.records_verified, 5)
        self.assertEqual(self.sales.date_from, date(2026, 3, 1))
