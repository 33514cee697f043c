# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A fault's times and service levels (policy §3.3): when it was reported,
assigned, first answered, resolved and closed, the downtime, the deadlines
of the company's service levels and the urgent faults' escalation."""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils.groups import OFFICER_GROUP
from ..utils.sentences import lang_env
from .phone_fault import DONE_STATES

# steps after which the ticket has had a response
RESPONDED_STATES = ("progress", "waiting", "resolved", "closed")


# "overdue": the SQL form of _search_is_overdue() (the compliance view
# reads it; tests/test_figures_consistency.py holds them equal)
FAULT_OVERDUE_SQL = (
    "{t}.kind = 'corrective' AND {t}.state NOT IN ('resolved', 'closed') "
    "AND ({t}.resolution_deadline < NOW() AT TIME ZONE 'UTC' "
    "OR ({t}.date_first_response IS NULL "
    "AND {t}.response_deadline < NOW() AT TIME ZONE 'UTC'))"
)


class PhoneFault(models.Model):
    _inherit = "phone.fault"

    # Times (naive UTC)
    date_reported = fields.Datetime(
        "Reported on",
        required=True,
        default=fields.Datetime.now,
        readonly=True,
        index=True,
        copy=False,
    )
    date_assigned = fields.Datetime(
        "Assigned on",
        compute="_compute_date_assigned",
        store=True,
        readonly=False,
        copy=False,
    )
    date_first_response = fields.Datetime(
        "First response on",
        compute="_compute_date_first_response",
        store=True,
        readonly=False,
        copy=False,
        help="The first public reply of a technician, or the start of the "
        "work, whichever came first.",
    )
    date_resolved = fields.Datetime(
        "Resolved on",
        compute="_compute_date_resolved",
        store=True,
        readonly=False,
        copy=False,
    )
    date_closed = fields.Datetime(
        "Closed on",
        compute="_compute_date_closed",
        store=True,
        readonly=False,
        copy=False,
    )
    downtime_hours = fields.Float(
        "Downtime (hours)",
        compute="_compute_downtime_hours",
        store=True,
        aggregator="avg",
        help="From the moment the fault happened until it was resolved.",
    )
    # Service levels (policy §3.3)
    response_deadline = fields.Datetime(
        "Respond by",
        compute="_compute_deadlines",
        store=True,
        index=True,
        help="Working hours of the company's working schedule after the "
        "report, set by the service levels of its priority.",
    )
    resolution_deadline = fields.Datetime(
        "Resolve by", compute="_compute_deadlines", store=True, index=True
    )
    is_overdue = fields.Boolean(
        "Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not responded to or not resolved within its service level.",
    )
    date_emergency_notified = fields.Datetime(
        "Officers alerted on", readonly=True, copy=False
    )

    @api.depends("technician_id")
    def _compute_date_assigned(self):
        now = fields.Datetime.now()
        for fault in self:
            fault.date_assigned = fault.date_assigned or (
                now if fault.technician_id else False
            )

    @api.depends("stage_id")
    def _compute_date_first_response(self):
        now = fields.Datetime.now()
        for fault in self:
            fault.date_first_response = fault.date_first_response or (
                now if fault.stage_id.state in RESPONDED_STATES else False
            )

    @api.depends("stage_id")
    def _compute_date_resolved(self):
        now = fields.Datetime.now()
        for fault in self:
            if fault.stage_id.state in DONE_STATES:
                fault.date_resolved = fault.date_resolved or now
            else:
                fault.date_resolved = False

    @api.depends("stage_id")
    def _compute_date_closed(self):
        now = fields.Datetime.now()
        for fault in self:
            if fault.stage_id.state == "closed":
                fault.date_closed = fault.date_closed or now
            else:
                fault.date_closed = False

    @api.depends("date_occurred", "date_reported", "date_resolved")
    def _compute_downtime_hours(self):
        for fault in self:
            start = fault.date_occurred or fault.date_reported
            if fault.date_resolved and start and fault.date_resolved > start:
                fault.downtime_hours = (
                    fault.date_resolved - start
                ).total_seconds() / 3600.0
            else:
                fault.downtime_hours = 0.0

    @api.depends("date_reported", "priority", "kind", "company_id")
    def _compute_deadlines(self):
        with_sla = self.filtered(
            lambda f: f.kind == "corrective" and f.date_reported and f.company_id
        )
        for fault in self - with_sla:
            fault.response_deadline = fault.resolution_deadline = False
        by_company = defaultdict(lambda: self.browse())
        for fault in with_sla:
            by_company[fault.company_id] |= fault
        for company, faults in by_company.items():
            requests = []
            for fault in faults:
                response, resolution = company._phone_fault_sla_hours(fault.priority)
                requests += [
                    (fault.date_reported, response),
                    (fault.date_reported, resolution),
                ]
            deadlines = iter(company._phone_fault_deadlines(requests))
            for fault in faults:
                fault.response_deadline = next(deadlines)
                fault.resolution_deadline = next(deadlines)

    def _compute_is_overdue(self):
        overdue = self.filtered_domain(self._search_is_overdue("=", True))
        for fault in self:
            fault.is_overdue = fault in overdue

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue tickets."))
        now = fields.Datetime.now()
        domain = [
            ("kind", "=", "corrective"),
            ("state", "not in", DONE_STATES),
            "|",
            "&",
            ("date_first_response", "=", False),
            ("response_deadline", "<", now),
            ("resolution_deadline", "<", now),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    def _stage_history(self):
        """The ticket's way through the stages, oldest first, for the
        printed ticket: [{date, from, to, author}]."""
        self.ensure_one()
        field = self.env["ir.model.fields"]._get(self._name, "stage_id")
        trackings = (
            self.env["mail.tracking.value"]
            # sudo: tracking values of a ticket its printer may read
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                    ("field_id", "=", field.id),
                ],
                order="id",
            )
        )
        first = trackings[:1].old_value_char or self.stage_id.name
        history = [
            {
                "date": self.date_reported,
                "from": "",
                "to": first,
                "author": self.reporter_id.name or _("Maintenance plan"),
            }
        ]
        for tracking in trackings:
            message = tracking.mail_message_id
            history.append(
                {
                    "date": message.date,
                    "from": tracking.old_value_char,
                    "to": tracking.new_value_char,
                    "author": message.author_id.name,
                }
            )
        return history

    def _notify_emergency(self):
        """An emergency alerts every Officer at once, with an activity each."""
        to_alert = self.filtered(
            lambda f: (
                f.is_emergency
                and not f.date_emergency_notified
                and f.state not in DONE_STATES
            )
        )
        if not to_alert:
            return
        impacts = dict(self._fields["impact"]._description_selection(self.env))
        groups = defaultdict(lambda: self.browse())
        for fault in to_alert:
            groups[fault.company_id, fault.impact] |= fault
        for (company, impact), faults in groups.items():
            label = impacts[impact]
            for officer in self.env["res.users"]._phone_group_users(
                OFFICER_GROUP, company
            ):
                officer_env = lang_env(faults, officer)
                faults.activity_schedule(
                    "phone_policy.mail_activity_type_fault_emergency",
                    summary=officer_env._(
                        "Emergency: %(impact)s",
                        impact=dict(
                            self._fields["impact"]._description_selection(officer_env)
                        )[impact],
                    ),
                    user_id=officer.id,
                )
            body = _(
                "Emergency (%(impact)s): every Officer has been alerted.",
                impact=label,
            )
            # a note on each ticket, written in one go (as the system)
            faults._message_log_batch({fault.id: body for fault in faults})
        # sudo: the alert time is the system's to record
        to_alert.sudo().date_emergency_notified = fields.Datetime.now()
