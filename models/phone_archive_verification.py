# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from hashlib import sha256

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..utils.archive import HASH_VERSION, chain_hash, hash_version
from ..utils.groups import MANAGER_GROUP, OFFICER_GROUP
from ..utils.reference import next_reference
from ..utils.sentences import lang_env

INTEGRITY_BATCH_SIZE = 10000


class PhoneArchiveVerification(models.Model):
    """One run of "Verify integrity" over a company's chain of archived
    calls: the range verified and the result, down to the first broken link
    (which call, and whether its content or its hash was altered, or a call
    is missing). Written by the system only; printable as a certificate."""

    _name = "phone.archive.verification"
    _description = "Archive Integrity Check"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "check_date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    check_date = fields.Datetime("Verified on", required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Verified by", readonly=True)
    state = fields.Selection(
        [
            ("intact", "Intact"),
            ("broken", "Broken"),
            ("empty", "Nothing archived"),
        ],
        "Result",
        required=True,
        readonly=True,
        tracking=True,
    )
    summary = fields.Text(readonly=True)
    records_verified = fields.Integer("Calls verified", readonly=True)
    tombstones_crossed = fields.Integer("Disposed blocks crossed", readonly=True)
    first_sequence = fields.Integer("From chain number", readonly=True)
    last_sequence = fields.Integer("To chain number", readonly=True)
    first_call_name = fields.Char("First call", readonly=True)
    last_call_name = fields.Char("Last call", readonly=True)
    first_call_date = fields.Char("First call date (UTC)", readonly=True)
    last_call_date = fields.Char("Last call date (UTC)", readonly=True)
    last_hash = fields.Char("Last verified hash", readonly=True)
    break_sequence = fields.Integer("Broken at chain number", readonly=True)
    break_kind = fields.Selection(
        [
            ("content", "Altered content"),
            ("hash", "Altered hash"),
            ("missing", "Missing record"),
        ],
        "Kind of break",
        readonly=True,
    )
    break_call_id = fields.Many2one(
        "phone.call", "Broken call", readonly=True, ondelete="set null"
    )
    break_call_name = fields.Char("Broken call reference", readonly=True)
    break_archive_id = fields.Many2one(
        "phone.archive", "Archive of the break", readonly=True, ondelete="set null"
    )
    duration = fields.Float("Duration (seconds)", readonly=True, digits=(16, 3))

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    @api.model
    def action_verify(self):
        """Verify the chain of the current company and open the result."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                _("Only Phone Policy officers and managers verify archives.")
            )
        companies = self.env.company
        checks = self._run(companies)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_archive_verification_action"
        )
        if len(checks) == 1:
            action.update(
                {"res_id": checks.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("id", "in", checks.ids)]
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _run(self, companies):
        """Verify each company's chain and record the result."""
        checks = self.browse()
        for company in companies:
            result = self._check_chain(company)
            vals = {
                key: value
                for key, value in result.items()
                if key in self._fields and key not in ("company_id",)
            }
            checks |= (
                # sudo: a result is written by the system only: no forged certificate
                self.sudo()
                .create(
                    dict(
                        vals,
                        name=next_reference(self, company.id),
                        company_id=company.id,
                        user_id=self.env.uid,
                        break_call_id=result.get("break_call_id") or False,
                        break_archive_id=result.get("break_archive_id") or False,
                    )
                )
                # sudo: back to the caller's rights for what is returned
                .sudo(False)
            )
        return checks

    @api.model
    def _check_chain(self, company, batch_size=INTEGRITY_BATCH_SIZE):
        """Stream the company's chain of archived calls in batches and check
        every link, like account's ``_check_hash_integrity``; stop at the
        first broken link and say which call it is and what kind of break:

        - altered content: the call's hash no longer matches its content
          while the next call still chains on the stored hash;
        - altered hash: the stored hash was changed (the next call, or the
          archive's seal, still matches the hash of the content);
        - missing record: a chain number is absent and no disposal (no
          tombstone) accounts for it.
        """
        started = time.perf_counter()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT phone_archive_last_sequence, phone_archive_last_hash "
                "FROM res_company WHERE id = %s",
                company.id,
            )
        )
        head_sequence, head_hash = self.env.cr.fetchone()
        # the catalogue of archives is readable by every user: no sudo()
        archives = self.env["phone.archive"].search(
            [("company_id", "=", company.id), ("state", "!=", "draft")]
        )
        walker = _ChainWalker(self, company, head_sequence or 0, head_hash, archives)
        stream = self.env["phone.call"]._archive_chain_rows(
            SQL("c.company_id = %s AND c.archive_sequence IS NOT NULL", company.id),
            batch_size,
        )
        try:
            walker.walk(row for batch in stream for row in batch)
        finally:
            stream.close()
        result = walker.result()
        result["duration"] = time.perf_counter() - started
        return result

    @api.model
    def _archive_of(self, sequence, archives):
        return archives.filtered(
            lambda a: a.first_sequence <= sequence <= a.last_sequence
        )[:1]

    @api.model
    def _kind_label(self, kind):
        return dict(self._fields["break_kind"]._description_selection(self.env))[kind]

    @api.model
    def _call_name(self, row):
        return row[3] if row is not None else "-"

    @api.model
    def _record_break(self, kind, row, archives, archive=None):
        archive = archive or self._archive_of(row[1], archives)
        return {
            "break_kind": kind,
            "break_sequence": row[1],
            "break_call_id": row[0],
            "break_call_name": self._call_name(row),
            "break_archive_id": archive.id,
            "summary": _(
                "First broken link: %(kind)s in call %(call)s (id %(id)s), chain "
                "number %(sequence)s, archive %(archive)s.",
                kind=self._kind_label(kind),
                call=self._call_name(row),
                id=row[0],
                sequence=row[1],
                archive=archive.name or "-",
            ),
        }

    @api.model
    def _missing_break(self, company, sequence, before, after, archives):
        """Chain number ``sequence`` is absent. If a call of its archive sits
        outside the archive's range, its chain number was rewritten: that
        call's content was altered. Otherwise a record is missing."""
        archive = self._archive_of(sequence, archives)
        if archive:
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM phone_call c WHERE c.archive_id = %s "
                    "AND (c.company_id IS DISTINCT FROM %s "
                    "OR c.archive_sequence IS NULL "
                    "OR c.archive_sequence NOT BETWEEN %s AND %s) "
                    "ORDER BY c.id LIMIT 1",
                    self.env["phone.call"]._archive_chain_columns(),
                    archive.id,
                    company.id,
                    archive.first_sequence,
                    archive.last_sequence,
                )
            )
            misplaced = self.env.cr.fetchone()
            if misplaced:
                return self._record_break("content", misplaced, archives, archive)
        return {
            "break_kind": "missing",
            "break_sequence": sequence,
            "break_call_id": False,
            "break_call_name": False,
            "break_archive_id": archive.id,
            "summary": _(
                "First broken link: %(kind)s, chain number %(sequence)s of "
                "archive %(archive)s, between %(before)s and %(after)s.",
                kind=self._kind_label("missing"),
                sequence=sequence,
                archive=archive.name or "-",
                before=self._call_name(before),
                after=self._call_name(after),
            ),
        }

    # ------------------------------------------------------------------
    # Cron entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_verify(self):
        """Monthly: verify every company's chain; alert its Managers when a
        link is broken. A cron: runs as the superuser, no sudo()."""
        companies = self.env["phone.archive"]._read_group(
            [("state", "!=", "draft")], ["company_id"]
        )
        checks = self._run(self.env["res.company"].union(*[c for (c,) in companies]))
        for check in checks.filtered(lambda c: c.state == "broken"):
            managers = self.env["res.users"]._phone_group_users(
                MANAGER_GROUP, check.company_id
            )
            check.message_post(
                body=check.summary,
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            for manager in managers:
                check.activity_schedule(
                    "phone_policy.mail_activity_type_archive_integrity",
                    user_id=manager.id,
                    summary=lang_env(check, manager)._(
                        "The archive integrity chain is broken"
                    ),
                    note=check.summary,
                )
        return checks


class _ChainWalker:
    """Walks one company's chain of archived calls as streamed by
    ``phone.call._archive_chain_rows``: rows of (id, chain number, stored
    hash, reference, canonical form for hash versions 1..latest)."""

    def __init__(self, checker, company, head_sequence, head_hash, archives):
        self.checker = checker
        self.env = checker.env  # for _(): the language of the user
        self.company = company
        self.head_sequence = head_sequence
        self.head_hash = head_hash
        self.archives = archives
        # tombstones: first disposed number -> (last, hash to chain on)
        self.tombstones = {
            a.first_sequence: (a.disposed_last_sequence, a.disposed_final_hash)
            for a in archives
            if a.state == "disposed" and a.disposed_count
        }
        self.seals = {a.last_sequence: a.last_hash for a in archives}
        self.expected = 1
        self.previous = ""
        self.first = self.last = None
        self.count = 0
        self.crossed = 0
        self.broken = None

    @staticmethod
    def hash_of(previous, row, version):
        """Hash of ``row`` under ``version`` (None if there is no such
        version), chained on ``previous``."""
        if not version or version > HASH_VERSION:
            return None
        return chain_hash(previous, row[3 + version], version)

    def walk(self, rows):
        """Check every link. The loop is the hot path of "Verify integrity"
        (the benchmark wants 100k rows/s): the latest hash version is
        checked inline, older ones through ``hash_of``."""
        sha = sha256
        prefix = f"${HASH_VERSION}$"
        latest = 3 + HASH_VERSION
        previous = self.previous
        previous_hex = ""
        expected = self.expected
        count = 0
        row = None
        rows = iter(rows)
        for row in rows:
            if row[1] != expected:
                self.previous, self.expected = previous, expected
                if not self._reach(row):
                    break
                previous = self.previous
                previous_hex = previous.rsplit("$", 1)[-1] if previous else ""
            stored = row[2]
            if stored and stored.startswith(prefix):
                stored_hex = stored[3:]
                good = (
                    sha((previous_hex + row[latest]).encode()).hexdigest() == stored_hex
                )
            else:
                stored_hex = stored.rsplit("$", 1)[-1] if stored else ""
                good = stored == self.hash_of(
                    previous, row, hash_version(stored) or HASH_VERSION
                )
            if not good:
                self.previous = previous
                computed = self.hash_of(
                    previous, row, hash_version(stored) or HASH_VERSION
                )
                kind = self._kind_of(row, computed, next(rows, None))
                self.broken = self.checker._record_break(kind, row, self.archives)
                break
            if not count:
                self.first = row
            count += 1
            self.last = row
            previous = stored
            previous_hex = stored_hex
            expected = row[1] + 1
        self.count = count
        if not self.broken:
            self.previous, self.expected = previous, expected
            self._finish()

    def _reach(self, row):
        """Cross the disposed blocks before ``row``; False (with the break
        recorded) when a chain number is missing."""
        sequence = row[1]
        while sequence != self.expected:
            tombstone = self.tombstones.get(self.expected)
            if tombstone and tombstone[0] < sequence:
                self.expected = tombstone[0] + 1
                self.previous = tombstone[1]
                self.crossed += 1
                continue
            if sequence < self.expected:
                # a chain number was rewritten below its place
                self.broken = self.checker._record_break("content", row, self.archives)
            else:
                self.broken = self.checker._missing_break(
                    self.company, self.expected, self.last, row, self.archives
                )
            return False
        return True

    def _kind_of(self, row, computed, following):
        """Content or hash altered? If the next call (or the archive's seal,
        or the chain head) still chains on the stored hash, the content
        changed; if it chains on the hash of the content, the hash did."""
        stored = row[2]
        if hash_version(stored) is None:
            return "hash"
        if following is not None and following[1] == row[1] + 1:
            version = hash_version(following[2]) or HASH_VERSION
            if self.hash_of(stored, following, version) == following[2]:
                return "content"
            if self.hash_of(computed, following, version) == following[2]:
                return "hash"
            return "content"
        if self.seals.get(row[1]) == computed or (
            row[1] == self.head_sequence and self.head_hash == computed
        ):
            return "hash"
        return "content"

    def _finish(self):
        """After the last row: disposed blocks at the end, then the head."""
        while self.expected in self.tombstones and self.expected <= self.head_sequence:
            last, self.previous = self.tombstones[self.expected]
            self.expected = last + 1
            self.crossed += 1
        if self.expected <= self.head_sequence:
            self.broken = self.checker._missing_break(
                self.company, self.expected, self.last, None, self.archives
            )
        elif self.head_sequence and self.previous != self.head_hash:
            self.broken = self.checker._record_break("hash", self.last, self.archives)

    def result(self):
        first, last = self.first, self.last
        dates = {}
        if first:
            # sudo: the dates of the sealed range, for the certificate
            calls = self.env["phone.call"].sudo().browse({first[0], last[0]})
            dates = {
                call.id: fields.Datetime.to_string(call.date_start) for call in calls
            }
        result = {
            "check_date": fields.Datetime.now(),
            "state": "intact",
            "records_verified": self.count,
            "tombstones_crossed": self.crossed,
            "first_sequence": first[1] if first else 0,
            "last_sequence": last[1] if last else 0,
            "first_call_name": first[3] if first else False,
            "last_call_name": last[3] if last else False,
            "first_call_date": dates.get(first[0], False) if first else False,
            "last_call_date": dates.get(last[0], False) if last else False,
            "last_hash": last[2] if last else False,
        }
        if self.broken:
            result.update(self.broken, state="broken")
        elif not self.head_sequence:
            result["state"] = "empty"
            result["summary"] = _(
                "No call of %(company)s is archived yet.", company=self.company.name
            )
        else:
            result["summary"] = _(
                "The chain of %(company)s is intact: %(count)s archived calls "
                "verified, chain numbers %(first)s to %(last)s, %(tombstones)s "
                "disposed block(s) crossed.",
                company=self.company.name,
                count=self.count,
                first=1,
                last=self.head_sequence,
                tombstones=self.crossed,
            )
        return result
