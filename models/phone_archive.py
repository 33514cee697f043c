# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.groups import MANAGER_GROUP
from .phone_guard import archive_workflow, in_archive_workflow


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

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("archive_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

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
            return pytz.timezone(company._phone_tz())
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @api.model
    def _utc_midnight(self, company, day):
        """Naive UTC datetime of the start of ``day`` in the company's zone
        (the one definition: ``res.company._phone_utc_bounds``)."""
        return company._phone_utc_bounds(day, day)[0]

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
