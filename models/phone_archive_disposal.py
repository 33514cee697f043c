# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retention and disposal of an archive (policy §5.2): how long it is kept,
legal holds that keep it for good, the approved disposal that removes the
calls' content while the chain stays verifiable, and the cron that lists
what has expired."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.groups import MANAGER_GROUP
from ..utils.sentences import lang_env
from .phone_guard import archive_workflow


class PhoneArchive(models.Model):
    _inherit = "phone.archive"

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

    def action_approve_disposal(self):
        """A Manager approves the disposal of expired archives."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a Phone Policy manager approves disposal."))
        self.check_access("write")
        for archive in self:
            archive._dispose()
        return True

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
            managers = self.env["res.users"]._phone_group_users(MANAGER_GROUP, company)
            for archive in archives:
                for manager in managers:
                    archive.activity_schedule(
                        "phone_policy.mail_activity_type_archive_disposal",
                        user_id=manager.id,
                        summary=lang_env(archive, manager)._(
                            "Approve the disposal of %(archive)s",
                            archive=archive.display_name,
                        ),
                    )
        return expired
