# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Filing an archive (policy §5.2): sealing its period's calls into the
company's integrity chain, and the monthly cron that files the previous
months."""

from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..utils.archive import chain_hash
from .phone_guard import archive_workflow

SEAL_BATCH_SIZE = 10000


class PhoneArchive(models.Model):
    _inherit = "phone.archive"

    def action_file(self):
        """File the period's calls of the category into this archive."""
        self.check_access("write")
        for archive in self:
            if archive.state != "draft":
                raise UserError(
                    _("%(archive)s is already filed.", archive=archive.display_name)
                )
            # sudo: an archive seals every call of its period, confidential ones too
            calls = self.env["phone.call"].sudo().search(archive._candidate_domain())
            if not calls:
                raise UserError(
                    _(
                        "No call of %(period)s in %(category)s is ready to be filed.",
                        period=archive.period_label,
                        category=archive.category_id.name or _("Uncategorised"),
                    )
                )
            archive._seal(calls)
        return True

    def _seal(self, calls):
        """File ``calls`` into this draft archive: give them the next places
        of the company's chain (calls on legal hold last, so that disposal
        removes one contiguous block), hash each over the previous hash and
        its canonical content, and move the company's chain head.

        The writes go through SQL in batches: the values differ per call,
        and one ORM write per call would make filing 100k calls take
        minutes. The guard on phone.call.write is thereby not involved."""
        self.ensure_one()
        company = self.company_id
        cr = self.env.cr
        self.env.flush_all()
        # the chain head of the company, locked until the end of the
        # transaction: a concurrent filing waits (or is retried)
        cr.execute(
            SQL(
                "SELECT phone_archive_last_sequence, phone_archive_last_hash "
                "FROM res_company WHERE id = %s FOR UPDATE",
                company.id,
            )
        )
        head_sequence, head_hash = cr.fetchone()
        head_sequence = head_sequence or 0
        cr.execute(
            SQL(
                "SELECT id, legal_hold_reason IS NOT NULL FROM phone_call "
                "WHERE id = ANY(%s) AND archive_id IS NULL "
                "ORDER BY legal_hold_reason IS NOT NULL, date_start, id",
                list(calls.ids),
            )
        )
        ordered = cr.fetchall()
        ids = [row[0] for row in ordered]
        held_count = sum(1 for row in ordered if row[1])
        Call = self.env["phone.call"]
        # the digest of each call as it will be once filed: its archive and
        # its place in the chain are part of what is hashed
        digest = Call._archive_digest_sql(
            overrides={
                "archive_id": SQL("%s", self.id),
                "archive_sequence": SQL("v.seq"),
            }
        )
        previous = head_hash or ""
        for offset in range(0, len(ids), SEAL_BATCH_SIZE):
            batch = ids[offset : offset + SEAL_BATCH_SIZE]
            cr.execute(
                SQL(
                    "SELECT c.id, v.seq, %s FROM phone_call c JOIN "
                    "(SELECT id, %s + ord AS seq FROM unnest(%s::int[]) "
                    "WITH ORDINALITY AS u(id, ord)) v ON v.id = c.id "
                    "ORDER BY v.seq",
                    digest,
                    head_sequence + offset,
                    batch,
                )
            )
            sequences, hashes = [], []
            for _call_id, sequence, content_digest in cr.fetchall():
                previous = chain_hash(previous, content_digest)
                sequences.append(sequence)
                hashes.append(previous)
            cr.execute(
                SQL(
                    "UPDATE phone_call c SET archive_id = %s, "
                    "archive_sequence = v.seq, archive_hash = v.h, "
                    "write_uid = %s, write_date = (now() at time zone 'UTC') "
                    "FROM unnest(%s::int[], %s::int[], %s::varchar[]) "
                    "AS v(id, seq, h) WHERE c.id = v.id",
                    self.id,
                    self.env.uid,
                    batch,
                    sequences,
                    hashes,
                )
            )
        last_sequence = head_sequence + len(ids)
        cr.execute(
            SQL(
                "UPDATE res_company SET phone_archive_last_sequence = %s, "
                "phone_archive_last_hash = %s WHERE id = %s",
                last_sequence,
                previous,
                company.id,
            )
        )
        company.invalidate_recordset(
            ["phone_archive_last_sequence", "phone_archive_last_hash"]
        )
        Call.invalidate_model(
            ["archive_id", "archive_sequence", "archive_hash", "write_date"]
        )
        self.invalidate_recordset(["call_ids"])
        with archive_workflow():
            self.write(
                {
                    "state": "archived",
                    "call_count": len(ids),
                    "held_count": held_count,
                    "first_sequence": head_sequence + 1,
                    "last_sequence": last_sequence,
                    "last_hash": previous,
                    "archived_date": fields.Datetime.now(),
                    "archived_by_id": self.env.uid,
                }
            )
        self.message_post(
            body=_(
                "%(count)s calls filed (%(held)s on legal hold), chain numbers "
                "%(first)s to %(last)s, seal %(seal)s.",
                count=len(ids),
                held=held_count,
                first=head_sequence + 1,
                last=last_sequence,
                seal=previous,
            )
        )

    @api.model
    def _cron_file_previous_months(self):
        """Monthly: file every ready call dated before this month, one
        archive per month and business category. Idempotent: a filed call
        is never filed again, so a second run files nothing. Like every
        cron, it runs as the superuser (base.user_root): no sudo()."""
        archives = self.browse()
        for company in self.env["res.company"].search([]):
            tz = self._company_tz(company)
            today = datetime.now(pytz.utc).astimezone(tz).date()
            cutoff = self._utc_midnight(company, today.replace(day=1))
            Call = self.env["phone.call"].with_context(tz=tz.zone)
            groups = Call._read_group(
                [
                    ("company_id", "=", company.id),
                    ("archive_id", "=", False),
                    ("date_start", "<", cutoff),
                    ("activity_ids", "=", False),
                ],
                ["date_start:month", "category_id"],
                ["__count"],
            )
            for month, category, _count in sorted(
                groups, key=lambda g: (g[0], g[1].sequence, g[1].id)
            ):
                archive = self.create(
                    {
                        "company_id": company.id,
                        "period_type": "month",
                        "period_date": month.date()
                        if isinstance(month, datetime)
                        else month,
                        "category_id": category.id,
                    }
                )
                calls = Call.search(archive._candidate_domain())
                if calls:
                    archive._seal(calls)
                    archives |= archive
                else:
                    with archive_workflow():
                        archive.unlink()
        return archives
