# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.groups import MANAGER_GROUP, OFFICER_GROUP
from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)

CASE_STATES = [
    ("received", "Received"),
    ("investigating", "Investigating"),
    ("substantiated", "Substantiated"),
    ("unsubstantiated", "Unsubstantiated"),
]


class PhoneWhistleblowCase(models.Model):
    """A whistle-blowing report as investigators see it (policy §6.1.2).

    Reports are filed through ``phone.whistleblow.filing`` and created here as
    the superuser, so that ``create_uid``, the creation message and the
    followers never name the reporter. The reporter of an anonymous report
    is known only to their own filing, which nobody else can read; a
    Manager reaches it through ``action_reveal_reporter``, which is logged.
    """

    _name = "phone.whistleblow.case"
    _description = "Whistle-blowing Report"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    # evidence is linked only by who may read it
    _phone_reach_fields = {"call_ids": "read"}
    # what was reported stays as it was filed; the decision is the buttons'
    _phone_workflow_fields = frozenset({"state"})
    _phone_create_only_fields = frozenset(
        {
            "company_id",
            "accused_employee_id",
            "incident_date",
            "description",
            "evidence_file",
            "evidence_filename",
            "call_ids",
        }
    )
    _phone_open_states = ("received", "investigating")

    date_received = fields.Datetime(
        "Received on", required=True, readonly=True, default=fields.Datetime.now
    )
    accused_employee_id = fields.Many2one(
        "hr.employee",
        "Reported employee",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    incident_date = fields.Datetime("When")
    description = fields.Text("What happened", required=True)
    evidence_file = fields.Binary("Evidence", attachment=True)
    evidence_filename = fields.Char(
        string="Evidence filename",
    )
    call_ids = fields.Many2many(
        "phone.call",
        "phone_whistleblow_case_call_rel",
        "case_id",
        "call_id",
        "Calls",
        check_company=True,
    )
    is_anonymous = fields.Boolean("Anonymous", readonly=True)
    reporter_id = fields.Many2one(
        "hr.employee",
        "Reporter",
        readonly=True,
        check_company=True,
        help="Empty for an anonymous report.",
    )
    state = fields.Selection(
        CASE_STATES,
        required=True,
        default="received",
        tracking=True,
        copy=False,
        index=True,
    )
    investigator_id = fields.Many2one(
        "res.users",
        "Investigator",
        tracking=True,
        index=True,
        domain=lambda self: self.env["res.users"]._phone_group_domain(OFFICER_GROUP),
    )
    investigation_note = fields.Html("Investigation notes")
    violation_type_id = fields.Many2one(
        "phone.violation.type",
        "Violation found",
        check_company=True,
        help="The type of the violation recorded when the report is substantiated.",
    )
    decision_note = fields.Text("Decision", tracking=True)
    decision_date = fields.Datetime(string="Decision date", readonly=True, copy=False)
    violation_id = fields.Many2one("phone.violation", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    reward_points = fields.Integer(
        string="Reward points",
        default=lambda self: self.env.company.phone_report_reward_points,
        help="Bonus points for the reporter when the report is substantiated.",
    )
    reward_amount = fields.Monetary(
        string="Reward amount",
        default=lambda self: self.env.company.phone_report_reward_amount,
        help="Reward paid to the reporter when the report is substantiated.",
    )
    reward_granted = fields.Boolean(string="Reward granted", readonly=True, copy=False)
    filed_by_me = fields.Boolean(
        "Filed by me",
        compute="_compute_filed_by_me",
        search="_search_filed_by_me",
        help="Whether you filed this report; nobody learns it of anyone else.",
    )

    @api.depends_context("uid")
    def _compute_filed_by_me(self):
        mine = self._phone_my_case_ids()
        for case in self:
            case.filed_by_me = case.id in mine

    def _search_filed_by_me(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on who filed a report."))
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", self._phone_my_case_ids())]

    @api.model
    def _phone_my_case_ids(self):
        """The reports the current user filed: their own filings, which the
        record rules let them read (and the rules of phone.whistleblow.case, which
        are evaluated as superuser, reach through the user's id)."""
        filings = self.env["phone.whistleblow.filing"].search(
            [("user_id", "=", self.env.uid), ("case_id", "!=", False)]
        )
        return filings.case_id.ids

    @api.constrains("investigator_id", "accused_employee_id")
    def _check_investigator(self):
        # The reporter is not checked here: whether a candidate filed the
        # report would show in the answer (SECURITY.md, class 5). The record
        # rules keep a report away from whoever filed it instead, so an
        # investigator who is its reporter cannot reach it, and nobody but
        # them learns why.
        for case in self:
            investigator = case.investigator_id
            if investigator and investigator == case.accused_employee_id.user_id:
                raise ValidationError(
                    _("The reported employee cannot investigate the report.")
                )

    def write(self, vals):
        if {"is_anonymous", "reporter_id"} & set(vals) and not self.env.su:
            raise AccessError(_("Who filed a report cannot be changed."))
        return super().write(vals)

    def _phone_filing(self):
        """The reporter's own filing (superuser only)."""
        self.ensure_one()
        if not self.env.su:
            raise AccessError(_("The reporter's filing is sealed."))
        return self.env["phone.whistleblow.filing"].search(
            [("case_id", "=", self.id)], limit=1
        )

    def _phone_check_investigator(self):
        user = self.env.user
        for case in self:
            if not (user.has_group(MANAGER_GROUP) or case.investigator_id == user):
                raise AccessError(
                    _("Only the investigator or a Phone Policy manager may do this.")
                )

    def action_start_investigation(self):
        self._phone_check_investigator()
        for case in self:
            if case.state != "received":
                raise UserError(_("The investigation has already started."))
            with phone_workflow():
                case.write(
                    {
                        "state": "investigating",
                        "investigator_id": case.investigator_id.id or self.env.uid,
                    }
                )
        return True

    def _phone_check_decision(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Phone Policy managers decide on reports."))
        for case in self:
            if case.state != "investigating":
                raise UserError(
                    _(
                        "Investigate %(report)s before deciding on it.",
                        report=case.name,
                    )
                )
            if case.accused_employee_id.user_id == self.env.user:
                raise AccessError(_("You cannot decide on a report about yourself."))

    def action_substantiate(self):
        """The report holds: a draft violation of the reported employee for
        HR to confirm, and the reward the policy promises the reporter."""
        self._phone_check_decision()
        for case in self:
            if not case.violation_type_id:
                raise UserError(
                    _(
                        "Say which violation %(report)s substantiates.",
                        report=case.name,
                    )
                )
            violation = self.env["phone.violation"]._create_draft(
                case.accused_employee_id,
                case.violation_type_id,
                source="report",
                date=(case.incident_date or case.date_received).date(),
                calls=case.call_ids,
                evidence=case.description,
                whistleblow_case_id=case.id,
            )
            with phone_workflow():
                case.write(
                    {
                        "state": "substantiated",
                        "violation_id": violation.id,
                        "decision_date": fields.Datetime.now(),
                    }
                )
            case._phone_grant_reward()
        return True

    def action_unsubstantiate(self):
        self._phone_check_decision()
        with phone_workflow():
            self.write(
                {"state": "unsubstantiated", "decision_date": fields.Datetime.now()}
            )
        return True

    def _phone_grant_reward(self):
        """A confirmed commendation for the reporter. An anonymous reporter's
        reward is confidential (only they see it) and names no report; it is
        created as the superuser so that nothing about it points at the
        person who decided."""
        self.ensure_one()
        if self.reward_granted or not (self.reward_points or self.reward_amount):
            return self.env["phone.commendation"]
        # sudo: the sealed reporter, to reward them; nothing is returned
        reporter = self.sudo()._phone_filing().employee_id
        if not reporter:
            return self.env["phone.commendation"]
        values = {
            "company_id": self.company_id.id,
            "employee_id": reporter.id,
            "source": "report",
            "points": self.reward_points,
            "amount": self.reward_amount,
            "state": "confirmed",
            "date": fields.Date.context_today(self),
        }
        if self.is_anonymous:
            values.update(
                is_confidential=True,
                reason=_(
                    "Reward for a substantiated report (policy §6.1.2); the "
                    "report stays anonymous."
                ),
            )
            Commendation = (
                self.env["phone.commendation"]
                .with_user(SUPERUSER_ID)
                .with_context(tracking_disable=True)
            )
        else:
            values.update(
                whistleblow_case_id=self.id,
                reason=_(
                    "Reward for the substantiated report %(report)s (policy §6.1.2).",
                    report=self.name,
                ),
            )
            # sudo: the decision maker may not otherwise create rewards
            Commendation = self.env["phone.commendation"].sudo()
        # quiet for the anonymous reward: nothing on it tells who decided
        with phone_workflow(quiet=self.is_anonymous):
            commendation = Commendation.create(values)
        # sudo: reward_granted is set by the decision, not by hand
        self.sudo().reward_granted = True
        return commendation.with_env(self.env)

    def action_reveal_reporter(self):
        """The only way to learn who filed an anonymous report: Managers
        only, never the reported employee, and logged on the report."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Phone Policy managers may reveal a reporter."))
        if self.accused_employee_id.user_id == self.env.user:
            raise AccessError(
                _("You cannot reveal the reporter of a report about you.")
            )
        # sudo: the sealed filing, read for this logged disclosure only
        filing = self.sudo()._phone_filing()
        reporter = filing.employee_id.name or filing.user_id.name
        self.message_post(
            body=_(
                "The identity of the reporter was revealed to %(user)s.",
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        _logger.info(
            "Reporter of %s revealed to user %s", self.name, self.env.user.login
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Reporter of %(report)s", report=self.name),
                "message": reporter,
                "sticky": True,
                "type": "warning",
            },
        }
