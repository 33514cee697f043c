# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveFiling(PhoneArchiveCase):
    """Archives classified by period and business category (policy §5.2.1)."""

    def test_month_and_category(self):
        """An archive of March / Sales holds exactly the company's Sales calls
        of March in Taipei time, in one block of the chain."""
        march_sales = self._march_calls(3)
        # 1 March 01:00 in Taipei is still February in UTC: it is March's
        first_of_march = self._call(
            date_start=datetime(2026, 2, 28, 17, 0), category_id=self.category_sales.id
        )
        # 1 April 00:30 in Taipei is still March in UTC: it is April's
        first_of_april = self._call(
            date_start=datetime(2026, 3, 31, 16, 30),
            category_id=self.category_sales.id,
        )
        march_support = self._march_calls(1, self.category_support)
        february = self._call(
            date_start=datetime(2026, 2, 10, 2, 0), category_id=self.category_sales.id
        )
        other_company = self.env["phone.call"].create(
            {
                "company_id": self.other_company.id,
                "date_start": datetime(2026, 3, 5, 2, 0),
                "category_id": self.category_sales.id,
                "partner_id": self.partner_tw.id,
                "employee_id": False,
            }
        )
        archive = self._file(self.category_sales)
        self.assertEqual(archive.state, "archived")
        self.assertEqual(archive.period_label, "2026-03")
        self.assertEqual(
            (archive.date_from, archive.date_to), (date(2026, 3, 1), date(2026, 3, 31))
        )
        self.assertEqual(archive.call_ids, march_sales | first_of_march)
        self.assertEqual(archive.call_count, 4)
        for call in (first_of_april, march_support, february, other_company):
            self.assertFalse(call.archive_id)
        sequences = sorted(archive.call_ids.mapped("archive_sequence"))
        self.assertEqual(sequences, [1, 2, 3, 4])
        self.assertEqual((archive.first_sequence, archive.last_sequence), (1, 4))
        self.assertEqual(self.company.phone_archive_last_sequence, 4)
        self.assertEqual(self.company.phone_archive_last_hash, archive.last_hash)
        self.assertTrue(
            all(h.startswith("$1$") for h in archive.call_ids.mapped("archive_hash"))
        )
        self.assertEqual(archive.archived_by_id, self.user_officer)
        self.assertIn("Sales", archive.display_name)
        # the next archive continues the company's chain
        support = self._file(self.category_support)
        self.assertEqual(support.call_ids, march_support)
        self.assertEqual(march_support.archive_sequence, 5)
        self.assertIntact()

    def test_quarter_and_uncategorised(self):
        jan = self._call(date_start=datetime(2026, 1, 15, 2, 0))
        feb = self._call(date_start=datetime(2026, 2, 15, 2, 0))
        apr = self._call(date_start=datetime(2026, 4, 1, 2, 0))
        categorised = self._call(
            date_start=datetime(2026, 2, 16, 2, 0), category_id=self.category_sales.id
        )
        archive = self._file(None, date(2026, 2, 20), "quarter")
        self.assertEqual(archive.period_label, "2026 Q1")
        self.assertEqual(archive.date_to, date(2026, 3, 31))
        self.assertIn("Uncategorised", archive.display_name)
        self.assertEqual(archive.call_ids, jan | feb)
        self.assertFalse(apr.archive_id)
        self.assertFalse(categorised.archive_id)

    def test_calls_with_open_todos_wait(self):
        """A call whose to-dos are still open is not filed; once they are
        done, a later archive of the same period files it."""
        calls = self._march_calls(2)
        busy = calls[0]
        activity = busy.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_sales.id
        )
        draft = self.Archive.with_user(self.user_officer).create(
            {
                "company_id": self.company.id,
                "period_date": date(2026, 3, 1),
                "category_id": self.category_sales.id,
            }
        )
        self.assertEqual((draft.candidate_count, draft.waiting_count), (1, 1))
        draft.action_file()
        # the officer filed one call, and cannot read it any more
        self.assertEqual(draft.call_count, 1)
        self.assertFalse(draft.call_ids)
        self.env.invalidate_all()
        self.assertEqual(self.Archive.browse(draft.id).call_ids, calls[1])
        self.assertFalse(busy.archive_id)
        activity.action_feedback("Done")
        supplement = self._file(self.category_sales)
        self.assertEqual(supplement.call_ids, busy)
        self.assertEqual(busy.archive_sequence, 2)

    def test_nothing_to_file(self):
        with self.assertRaisesRegex(UserError, "No call of 2026-03 in Sales"):
            self._file(self.category_sales)

    def test_only_officers_file(self):
        self._march_calls(1)
        archive = self.Archive.create(
            {"company_id": self.company.id, "category_id": self.category_sales.id}
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            archive.with_user(self.user_sales).action_file()
        self.assertEqual(archive.state, "draft")

    def test_officer_files_confidential_calls_without_reading_them(self):
        secret = self._march_calls(1, confidentiality="confidential")
        archive = self._file(self.category_sales)
        self.assertEqual(archive.call_ids, secret)

    @freeze_time("2026-04-10 03:00:00")
    def test_cron_files_previous_months_idempotently(self):
        """The monthly cron files every ready call dated before this month,
        one archive per month and category; running it again files
        nothing twice."""
        march_sales = self._march_calls(2)
        march_support = self._march_calls(1, self.category_support)
        february = self._call(
            date_start=datetime(2026, 2, 10, 2, 0), category_id=self.category_sales.id
        )
        april = self._call(
            date_start=datetime(2026, 4, 2, 2, 0), category_id=self.category_sales.id
        )
        archives = self.Archive._cron_file_previous_months()
        mine = archives.filtered(lambda a: a.company_id == self.company)
        self.assertEqual(
            sorted((a.period_label, a.category_id.name, a.call_count) for a in mine),
            [
                ("2026-02", "Sales", 1),
                ("2026-03", "Sales", 2),
                ("2026-03", "Support", 1),
            ],
        )
        self.assertEqual(
            mine.filtered(lambda a: a.period_label == "2026-03").call_ids,
            march_sales | march_support,
        )
        self.assertTrue(february.archive_id)
        self.assertFalse(april.archive_id)
        hashes = (march_sales | march_support | february).mapped("archive_hash")
        count = self.Archive.search_count([("company_id", "=", self.company.id)])
        again = self.Archive._cron_file_previous_months()
        self.assertFalse(again.filtered(lambda a: a.company_id == self.company))
        self.assertEqual(
            self.Archive.search_count([("company_id", "=", self.company.id)]), count
        )
        self.assertEqual(
            (march_sales | march_support | february).mapped("archive_hash"), hashes
        )
        self.assertEqual(self.company.phone_archive_last_sequence, 4)
        self.assertIntact()

    def test_tracking_on_archiving_still_works(self):
        """Filing is recorded in the archive's chatter (state tracking and a
        summary) and a legal hold set on a call before filing is tracked."""
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        call = self._march_calls(1).with_env(env)
        # as in separate transactions: mail does not track a record's changes
        # in the transaction that created it
        self.env.flush_all()
        self.env.cr.precommit.run()
        call.legal_hold_reason = "decision"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertIn(
            "Legal hold",
            call.message_ids.tracking_value_ids.field_id.mapped("field_description"),
        )
        archive = env["phone.archive"].create(
            {
                "company_id": self.company.id,
                "category_id": self.category_sales.id,
                "period_date": date(2026, 3, 1),
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        archive.action_file()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = archive.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracked.new_value_char, "Archived")
        self.assertTrue(
            any(
                "1 calls filed (1 on legal hold)" in body
                for body in archive.message_ids.mapped("body")
            )
        )


@tagged("post_install", "-at_install")
class TestArchiveRetention(PhoneArchiveCase):
    """Retention per business category, legal hold and disposal with a
    tombstone (policy §5.2.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["phone.retention.policy"]
        cls.Policy.create(
            {
                "company_id": cls.company.id,
                "category_id": cls.category_sales.id,
                "retention_years": 2,
            }
        )
        cls.Policy.create(
            {
                "company_id": cls.company.id,
                "category_id": cls.category_legal.id,
                "retention_type": "permanent",
            }
        )
        cls.company.phone_archive_retention_years = 4

    def test_retention_per_category_and_company_default(self):
        sales = self._file_with_calls(self.category_sales)
        legal = self._file_with_calls(self.category_legal)
        support = self._file_with_calls(self.category_support)
        self.assertEqual(sales.retention_until, date(2028, 3, 31))
        self.assertTrue(legal.retention_permanent)
        self.assertFalse(legal.retention_until)
        # no policy for Support: the company's default of 4 years
        self.assertEqual(support.retention_until, date(2030, 3, 31))
        # another company keeps the same shared category its own way
        self.assertEqual(
            self.Policy._retention_for(self.other_company, self.category_sales),
            (5, False),
        )
        with self.assertRaisesRegex(ValidationError, "at least one year"):
            self.Policy.create(
                {
                    "company_id": self.company.id,
                    "category_id": self.category_support.id,
                    "retention_years": 0,
                }
            )

    def _file_with_calls(self, category, count=1, **vals):
        self._march_calls(count, category, **vals)
        return self._file(category)

    def test_legal_hold_versus_retention(self):
        """When retention ends, the listing takes archives with something to
        dispose of; calls on legal hold are kept regardless, and so are
        permanent categories and archives on hold."""
        calls = self._march_calls(3)
        held = calls[1]
        held.legal_hold_reason = "legal"
        sales = self._file(self.category_sales)
        # held calls go last in the archive's block
        self.assertEqual(held.archive_sequence, 3)
        self.assertEqual(sales.held_count, 1)
        legal = self._file_with_calls(self.category_legal)
        all_held = self._file_with_calls(
            self.category_support, 2, legal_hold_reason="decision"
        )
        on_hold = self._file_with_calls(
            self.env.ref("phone_policy.phone_call_category_finance")
        )
        on_hold.with_user(self.user_manager).write(
            {"legal_hold": True, "legal_hold_reason": "Tax audit"}
        )
        with freeze_time("2028-03-31"):
            self.assertFalse(self.Archive._cron_list_expired())
        with freeze_time("2028-04-02"):
            expired = self.Archive._cron_list_expired()
        self.assertEqual(
            expired.filtered(lambda a: a.company_id == self.company), sales
        )
        self.assertEqual(sales.state, "expired")
        self.assertEqual(sales.disposal_due_date, date(2028, 4, 2))
        for archive in (legal, all_held, on_hold):
            self.assertEqual(archive.state, "archived")
        # the managers are asked to approve
        self.assertIn(
            self.user_manager,
            sales.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("phone_policy.mail_activity_type_archive_disposal")
                )
            ).user_id,
        )
        # a hold put on while disposal is due takes the archive off the list
        sales.with_user(self.user_manager).write(
            {"legal_hold": True, "legal_hold_reason": "Claim"}
        )
        self.assertEqual(sales.state, "archived")
        self.assertFalse(sales.activity_ids)

    def test_disposal_keeps_tombstone_and_chain(self):
        calls = self._march_calls(3)
        calls[2].legal_hold_reason = "decision"
        attachment = self.env["ir.attachment"].create(
            {
                "name": "order.txt",
                "raw": b"order",
                "res_model": "phone.call",
                "res_id": calls[0].id,
            }
        )
        note = calls[0].message_post(body="Confirmed by e-mail too.")
        before = self._file_with_calls(self.category_support, 2)
        sales = self._file(self.category_sales)
        after = self._file_with_calls(self.category_legal, 2)
        disposed = (calls - calls[2]).sorted("archive_sequence")
        final_hash = disposed[-1].archive_hash
        with freeze_time("2028-04-02"):
            self.Archive._cron_list_expired()
            with self.assertRaisesRegex(AccessError, "manager approves"):
                sales.with_user(self.user_officer).action_approve_disposal()
            sales.with_user(self.user_manager).action_approve_disposal()
        self.assertFalse(disposed.exists())
        # with their files and notes
        self.assertFalse(attachment.exists())
        self.assertFalse(note.exists())
        self.assertTrue(calls[2].exists())
        # the tombstone
        self.assertEqual(sales.state, "disposed")
        self.assertEqual(sales.name[:5], "ARCH/")
        self.assertEqual(sales.period_label, "2026-03")
        self.assertEqual(sales.category_id, self.category_sales)
        self.assertEqual(sales.call_count, 3)
        self.assertEqual(sales.disposed_count, 2)
        self.assertEqual(sales.disposal_approver_id, self.user_manager)
        self.assertEqual(sales.disposed_final_hash, final_hash)
        self.assertEqual(str(sales.disposed_date)[:10], "2028-04-02")
        self.assertEqual(sales.call_ids, calls[2])
        # the chain still verifies across the tombstone, up to the newest call
        result = self.assertIntact()
        self.assertEqual(result["tombstones_crossed"], 1)
        self.assertEqual(result["records_verified"], 2 + 1 + 2)
        self.assertEqual(result["last_sequence"], after.last_sequence)
        self.assertEqual(before.state, "archived")
        # a call filed later chains on from the head of the chain
        may = self._call(
            date_start=datetime(2026, 5, 4, 2, 0), category_id=self.category_sales.id
        )
        self._file(self.category_sales, date(2026, 5, 1))
        self.assertEqual(may.archive_sequence, after.last_sequence + 1)
        self.assertEqual(self.assertIntact()["records_verified"], 6)
        # the tombstone itself stays
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            sales.unlink()

    def test_disposal_refused_early_on_hold_or_broken_chain(self):
        sales = self._file_with_calls(self.category_sales, 2)
        with freeze_time("2028-04-02"):
            self.Archive._cron_list_expired()
        with self.assertRaisesRegex(UserError, "not due for disposal"):
            self._file_with_calls(self.category_support).with_user(
                self.user_manager
            ).action_approve_disposal()
        # someone altered an archived call in the database
        self.env.cr.execute(
            "UPDATE phone_call SET subject = 'changed' WHERE id = %s",
            [sales.call_ids[0].id],
        )
        with (
            freeze_time("2028-04-02"),
            self.assertRaisesRegex(UserError, "integrity chain .* is broken"),
        ):
            sales.with_user(self.user_manager).action_approve_disposal()
        self.assertEqual(len(sales.call_ids), 2)
