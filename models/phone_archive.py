# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date, datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils.archive import chain_hash
from ..utils.groups import MANAGER_GROUP
from .phone_guard import archive_workflow, in_archive_workflow

SEAL_BATCH_SIZE = 10000


class PhoneArchive(models.Model):
    """A batch of call records filed for one period (month or quarter) and
    one business category (policy §5.2.1). Once filed, its calls are sealed
    in the company's integrity chain; at the end of retention a Manager
    approves their disposal and the archive stays as a tombstone."""

    _name = "phone.archive"
    _description = "Call Records Archive"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, category_id, id desc"
    _check_company_auto = True

    # fields a Manager may still change once the archive is filed
    _FILED_WRITABLE = frozenset(
        {"legal_hold", "legal_hold_reason", "message_main_attachment_id"}
    )
    # what an officer sets on a draft; the rest is written by the workflow
    _DRAFT_FIELDS = frozenset(
        {
            "company_id",
            "period_type",
            "period_date",
            "category_id",
            "note",
            "message_main_attachment_id",
        }
    )

    def _default_period_date(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")],
        "Period",
        required=True,
        default="month",
        tracking=True,
    )
    period_date = fields.Date(
        "Date in the period",
        required=True,
        default=_default_period_date,
        help="Any day of the month or quarter to file.",
    )
    date_from = fields.Date(
        "From", compute="_compute_period", store=True, index=True, readonly=True
    )
    date_to = fields.Date("To", compute="_compute_period", store=True, readonly=True)
    period_label = fields.Char(
        "Period label", compute="_compute_period", store=True, readonly=True
    )
    category_id = fields.Many2one(
        "phone.call.category",
        "Business category",
        tracking=True,
        index=True,
        ondelete="set null",  # the category refuses deletion while filed
        check_company=True,
        help="Leave empty for the calls that have no business category.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("archived", "Archived"),
            ("expired", "Disposal due"),
            ("disposed", "Disposed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    note = fields.Text()
    call_ids = fields.One2many("phone.call", "archive_id", "Calls", readonly=True)
    access_request_ids = fields.Many2many(
        "phone.archive.access.request",
        "phone_archive_phone_archive_access_request_rel",
        "phone_archive_id",
        "phone_archive_access_request_id",
        string="Access requests",
        groups=MANAGER_GROUP,
        copy=False,
    )
    candidate_count = fields.Integer(
        "Calls ready to file", compute="_compute_candidate_count"
    )
    waiting_count = fields.Integer(
        "Calls with open to-dos",
        compute="_compute_candidate_count",
        help="Calls of the period whose activities are still open: they are "
        "filed once their to-dos are done.",
    )
    call_count = fields.Integer("Calls filed", readonly=True, copy=False)
    held_count = fields.Integer("Calls on legal hold", readonly=True, copy=False)
    archived_date = fields.Datetime("Archived on", readonly=True, copy=False)
    archived_by_id = fields.Many2one(
        "res.users", "Archived by", readonly=True, copy=False
    )
    first_sequence = fields.Integer(
        "First chain number", readonly=True, copy=False, aggregator=None
    )
    last_sequence = fields.Integer(
        "Last chain number", readonly=True, copy=False, aggregator=None
    )
    last_hash = fields.Char(
        "Seal",
        readonly=True,
        copy=False,
        help="Integrity hash of the archive's last call when it was filed.",
    )
    # Retention (policy §5.2.2)
    retention_permanent = fields.Boolean(
        "Kept permanently", compute="_compute_retention"
    )
    retention_years = fields.Integer("Retention (years)", compute="_compute_retention")
    retention_until = fields.Date("Kept until", compute="_compute_retention")
    legal_hold = fields.Boolean(
        "Legal hold",
        tracking=True,
        copy=False,
        help="Keeps the whole archive without limit, whatever its retention.",
    )
    legal_hold_reason = fields.Char(
        "Reason of the legal hold", tracking=True, copy=False
    )
    # Disposal and tombstone
    disposal_due_date = fields.Date("Disposal listed on", readonly=True, copy=False)
    disposed_date = fields.Datetime("Disposed on", readonly=True, copy=False)
    disposal_approver_id = fields.Many2one(
        "res.users", "Disposal approved by", readonly=True, copy=False
    )
    disposed_count = fields.Integer("Calls disposed of", readonly=True, copy=False)
    disposed_last_sequence = fields.Integer(
        "Last disposed chain number", readonly=True, copy=False, aggregator=None
    )
    disposed_final_hash = fields.Char(
        "Final hash",
        readonly=True,
        copy=False,
        help="Integrity hash of the last disposed call: the chain goes on from it.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "An archive reference must be unique per company.",
        ),
    ]

    @api.depends("period_type", "period_date")
    def _compute_period(self):
        for archive in self:
            start, stop = self._period_of(archive.period_type, archive.period_date)
            archive.date_from = start
            archive.date_to = stop - relativedelta(days=1) if stop else False
            if not start:
                archive.period_label = False
            elif archive.period_type == "quarter":
                archive.period_label = _(
                    "%(year)s Q%(quarter)s",
                    year=start.year,
                    quarter=(start.month - 1) // 3 + 1,
                )
            else:
                archive.period_label = start.strftime("%Y-%m")

    @api.depends("name", "period_label", "category_id")
    def _compute_display_name(self):
        for archive in self:
            archive.display_name = " - ".join(
                part
                for part in (
                    archive.name,
                    archive.category_id.name or _("Uncategorised"),
                    archive.period_label,
                )
                if part
            )

    @api.depends("state", "period_type", "period_date", "category_id", "company_id")
    def _compute_candidate_count(self):
        # sudo: a count of the calls it will seal, confidential ones too
        Call = self.env["phone.call"].sudo()
        for archive in self:
            if archive.state != "draft" or not archive.date_from:
                archive.candidate_count = archive.waiting_count = 0
                continue
            # counted as superuser (Call above): confidential ones included
            domain = archive._candidate_domain(ready=False)
            archive.candidate_count = Call.search_count(
                domain + [("activity_ids", "=", False)]
            )
            archive.waiting_count = Call.search_count(
                domain + [("activity_ids", "!=", False)]
            )

    @api.depends("company_id", "category_id", "date_to")
    def _compute_retention(self):
        Policy = self.env["phone.retention.policy"]
        for archive in self:
            years, permanent = Policy._retention_for(
                archive.company_id or self.env.company, archive.category_id
            )
            archive.retention_permanent = permanent
            archive.retention_years = 0 if permanent else years
            archive.retention_until = (
                archive.date_to + relativedelta(years=years)
                if archive.date_to and not permanent
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        for given in vals_list:
            # what the record gets: the values and the context's defaults
            vals = self._phone_caller_values(given)
            if not self.env.su and not in_archive_workflow():
                if set(vals) - self._DRAFT_FIELDS - {"name"} or vals.get(
                    "name", _("New")
                ) != _("New"):
                    raise UserError(
                        _(
                            "An archive starts as a draft with its period and "
                            "category; the rest is filled in by filing it."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not in_archive_workflow():
            self._check_write_outside_workflow(vals)
        res = super().write(vals)
        if vals.get("legal_hold"):
            # a hold takes an archive off the disposal list
            expired = self.filtered(lambda a: a.state == "expired")
            if expired:
                with archive_workflow():
                    expired.write({"state": "archived", "disposal_due_date": False})
                expired._close_disposal_activities()
        return res

    def _check_write_outside_workflow(self, vals):
        """Outside its workflow, a draft archive is edited (by those the
        access rights allow) for its period, category and notes; a filed one,
        by anyone including the superuser, only for its legal hold, and that
        by a Manager."""
        if "state" in vals:
            raise UserError(_("The state of an archive follows its workflow."))
        filed = self.filtered(lambda a: a.state != "draft")
        if not filed:
            if set(vals) - self._DRAFT_FIELDS:
                raise UserError(
                    _(
                        "Only the period, category and notes of a draft archive "
                        "are edited by hand."
                    )
                )
            return
        if set(vals) - self._FILED_WRITABLE:
            raise UserError(
                _(
                    "A filed archive cannot be changed; only a Manager may "
                    "put it on legal hold or lift the hold."
                )
            )
        if {"legal_hold", "legal_hold_reason"} & set(vals):
            if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(_("Only a Phone Policy manager sets legal holds."))
            if any(archive.state == "disposed" for archive in filed):
                raise UserError(_("A disposed archive has nothing left to hold."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_filed(self):
        # unlink() checked the access first: the records are readable
        if not in_archive_workflow() and any(a.state != "draft" for a in self):
            raise UserError(
                _(
                    "A filed archive cannot be deleted, not even after "
                    "disposal: it is the tombstone that keeps the chain "
                    "verifiable."
                )
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
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

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("archive_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_approve_disposal(self):
        """A Manager approves the disposal of expired archives."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a Phone Policy manager approves disposal."))
        self.check_access("write")
        for archive in self:
            archive._dispose()
        return True

    def action_verify_integrity(self):
        company = self.company_id[:1] or self.env.company
        return (
            self.env["phone.archive.verification"].with_company(company).action_verify()
        )

    def action_request_access(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Request access"),
            "res_model": "phone.archive.access.request",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_archive_ids": self.ids,
                "default_company_id": self[:1].company_id.id,
            },
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _period_of(self, period_type, any_date):
        """(first day, first day after) of the month or quarter of a date."""
        if not any_date:
            return False, False
        if period_type == "quarter":
            start = date(any_date.year, 3 * ((any_date.month - 1) // 3) + 1, 1)
            return start, start + relativedelta(months=3)
        start = any_date.replace(day=1)
        return start, start + relativedelta(months=1)

    @api.model
    def _company_tz(self, company):
        try:
            return pytz.timezone(company.partner_id.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @api.model
    def _utc_midnight(self, company, day):
        """Naive UTC datetime of the start of ``day`` in the company's zone."""
        local = self._company_tz(company).localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _candidate_domain(self, ready=True):
        """Calls to file in this archive: the company's unfiled calls of the
        period (in the company's time zone) and category; ``ready`` leaves
        out calls whose activities (to-dos, call-backs) are still open."""
        self.ensure_one()
        stop = self.date_to + relativedelta(days=1)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("archive_id", "=", False),
            ("date_start", ">=", self._utc_midnight(self.company_id, self.date_from)),
            ("date_start", "<", self._utc_midnight(self.company_id, stop)),
            ("category_id", "=", self.category_id.id),
        ]
        if ready:
            domain.append(("activity_ids", "=", False))
        return domain

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

    def _dispose(self):
        """Dispose of an expired archive: remove the content of its calls
        not on legal hold and keep the archive as a tombstone (reference,
        period, category, number of records, disposal date, approver and
        the hash of the last disposed call, from which the chain goes on)."""
        self.ensure_one()
        if self.state != "expired":
            raise UserError(
                _(
                    "%(archive)s is not due for disposal.",
                    archive=self.display_name,
                )
            )
        if self.legal_hold:
            raise UserError(
                _("%(archive)s is on legal hold.", archive=self.display_name)
            )
        if not self.retention_until or self.retention_until >= fields.Date.today():
            raise UserError(
                _(
                    "The retention period of %(archive)s has not ended.",
                    archive=self.display_name,
                )
            )
        result = self.env["phone.archive.verification"]._check_chain(self.company_id)
        if result["state"] == "broken":
            raise UserError(
                _(
                    "The integrity chain of %(company)s is broken (%(summary)s): "
                    "investigate before disposing of anything.",
                    company=self.company_id.name,
                    summary=result["summary"],
                )
            )
        calls = (
            self.env["phone.call"]
            # sudo: disposal reaches every call of the archive, after its checks
            .sudo()
            .search(
                # the hold's reason is hashed, and the chain was verified
                [("archive_id", "=", self.id), ("legal_hold_reason", "=", False)],
                order="archive_sequence",
            )
        )
        if calls:
            expected = list(
                range(self.first_sequence, self.first_sequence + len(calls))
            )
            if calls.mapped("archive_sequence") != expected:
                raise UserError(
                    _(
                        "The calls of %(archive)s to dispose of are not one "
                        "block of the chain.",
                        archive=self.display_name,
                    )
                )
        final_hash = calls[-1:].archive_hash
        count = len(calls)
        last_sequence = calls[-1:].archive_sequence
        approver = self.env.user
        with archive_workflow():
            calls.unlink()
            self.write(
                {
                    "state": "disposed",
                    "disposed_date": fields.Datetime.now(),
                    "disposal_approver_id": approver.id,
                    "disposed_count": count,
                    "disposed_last_sequence": last_sequence,
                    "disposed_final_hash": final_hash,
                }
            )
        self._close_disposal_activities()
        self.message_post(
            body=_(
                "Disposal approved by %(approver)s: %(count)s calls removed "
                "(%(held)s kept on legal hold). Final hash %(hash)s.",
                approver=approver.name,
                count=count,
                held=self.held_count,
                hash=final_hash or "-",
            )
        )

    def _close_disposal_activities(self):
        self.activity_unlink(["phone_policy.mail_activity_type_archive_disposal"])

    # ------------------------------------------------------------------
    # Cron entry points
    # ------------------------------------------------------------------
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

    @api.model
    def _cron_list_expired(self):
        """List the archives whose retention has ended and ask the Managers
        to approve their disposal. Archives on legal hold, permanent ones
        and those whose calls are all on legal hold are never listed."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [("state", "=", "archived"), ("legal_hold", "=", False)]
        )
        expired = candidates.filtered(
            lambda a: (
                a.retention_until
                and a.retention_until < today
                and a.call_count > a.held_count
            )
        )
        if not expired:
            return expired
        with archive_workflow():
            expired.write({"state": "expired", "disposal_due_date": today})
        by_company = defaultdict(lambda: self.browse())
        for archive in expired:
            by_company[archive.company_id] |= archive
        for company, archives in by_company.items():
            for archive in archives:
                for manager in self.env["res.users"]._phone_group_users(
                    MANAGER_GROUP, company
                ):
                    archive.activity_schedule(
                        "phone_policy.mail_activity_type_archive_disposal",
                        user_id=manager.id,
                        summary=_(
                            "Approve the disposal of %(archive)s",
                            archive=archive.display_name,
                        ),
                    )
        return expired
