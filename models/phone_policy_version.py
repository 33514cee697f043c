# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import html_translate

from ..utils.groups import MANAGER_GROUP
from ..utils.sentences import lang_env
from .phone_guard import phone_workflow


class PhonePolicyVersion(models.Model):
    _name = "phone.policy.version"
    _description = "Phone Policy Version"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "effective_date desc, id desc"
    _check_company_auto = True
    # published: what employees acknowledged stays as it was
    _phone_workflow_fields = frozenset({"state"})
    _phone_open_states = ("draft",)
    _phone_decided_fields = frozenset({"name", "effective_date"})

    name = fields.Char(
        "Title",
        required=True,
        translate=True,
        default=lambda self: _("Telephone System Communication Policy"),
    )
    version = fields.Char(required=True, tracking=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    body = fields.Html("Policy text", translate=html_translate, sanitize_style=True)
    effective_date = fields.Date(
        string="Effective date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        index=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("withdrawn", "Withdrawn")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    published_by_id = fields.Many2one(
        "res.users", "Published by", readonly=True, copy=False
    )
    published_date = fields.Datetime("Published on", readonly=True, copy=False)
    acknowledgement_ids = fields.One2many(
        "phone.policy.acknowledgement", "version_id", "Acknowledgements"
    )
    in_force = fields.Boolean(
        string="In force", compute="_compute_in_force", search="_search_in_force"
    )
    acknowledged_count = fields.Integer(
        "Acknowledged",
        compute="_compute_pending",
        groups=MANAGER_GROUP,
    )
    pending_employee_ids = fields.Many2many(
        "hr.employee",
        string="Not acknowledged yet",
        compute="_compute_pending",
        groups=MANAGER_GROUP,
    )
    pending_count = fields.Integer(
        "Not acknowledged",
        compute="_compute_pending",
        groups=MANAGER_GROUP,
    )
    my_acknowledgement_date = fields.Datetime(
        "You acknowledged on", compute="_compute_my_acknowledgement_date"
    )

    _sql_constraints = [
        (
            "version_company_uniq",
            "unique(version, company_id)",
            "A version number is used once per company.",
        ),
    ]

    @api.model
    def _in_force_ids(self):
        """The version in force of each allowed company: the latest
        published one whose effective date has come."""
        today = fields.Date.context_today(self)
        # only published versions, which everyone may read: no sudo()
        groups = self._read_group(
            [
                ("state", "=", "published"),
                ("effective_date", "<=", today),
                ("company_id", "in", self.env.companies.ids),
            ],
            ["company_id"],
            ["effective_date:max"],
        )
        ids = []
        for company, last_date in groups:
            version = self.search(
                [
                    ("state", "=", "published"),
                    ("company_id", "=", company.id),
                    ("effective_date", "=", last_date),
                ],
                order="id desc",
                limit=1,
            )
            ids.append(version.id)
        return ids

    def _compute_in_force(self):
        in_force = set(self._in_force_ids())
        for version in self:
            version.in_force = version.id in in_force

    def _search_in_force(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the version in force."))
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", self._in_force_ids())]

    def _expected_employees(self):
        """Employees who must acknowledge: the company's employees with a
        user account (they are the ones who can click)."""
        self.ensure_one()
        return (
            self.env["hr.employee"]
            # sudo: the employees expected to acknowledge, no private HR data
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("user_id", "!=", False),
                    ("user_id.share", "=", False),
                ]
            )
        )

    @api.depends("acknowledgement_ids")
    def _compute_pending(self):
        for version in self:
            done = version.acknowledgement_ids.employee_id
            pending = (
                version._expected_employees() - done
                if version.state == "published"
                else []
            )
            version.acknowledged_count = len(done)
            version.pending_employee_ids = pending
            version.pending_count = len(pending)

    @api.depends_context("uid")
    @api.depends("acknowledgement_ids")
    def _compute_my_acknowledgement_date(self):
        acks = self.env["phone.policy.acknowledgement"].search(
            [("version_id", "in", self.ids), ("user_id", "=", self.env.uid)]
        )
        dates = {ack.version_id.id: ack.date for ack in acks}
        for version in self:
            version.my_acknowledgement_date = dates.get(version.id, False)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(version.state != "draft" for version in self):
            raise UserError(
                _(
                    "A published policy version and its acknowledgements are kept; "
                    "withdraw it instead."
                )
            )

    def action_publish(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Phone Policy managers publish the policy."))
        for version in self:
            if version.state != "draft":
                raise UserError(_("Only a draft version can be published."))
            if not version.body:
                raise UserError(_("Write the policy text before publishing it."))
        with phone_workflow():
            self.write(
                {
                    "state": "published",
                    "published_by_id": self.env.uid,
                    "published_date": fields.Datetime.now(),
                }
            )

    def action_withdraw(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Phone Policy managers withdraw the policy."))
        with phone_workflow():
            self.write({"state": "withdrawn"})

    def action_acknowledge(self):
        """One click: the current user has read the version and follows it."""
        self.ensure_one()
        if self.state != "published":
            raise UserError(_("Only a published version can be acknowledged."))
        employee = self.env.user.employee_ids.filtered(
            lambda e: e.company_id == self.company_id
        )[:1]
        if not employee:
            raise UserError(
                _(
                    "You have no employee record in %(company)s to acknowledge "
                    "its policy with.",
                    company=self.company_id.name,
                )
            )
        Ack = self.env["phone.policy.acknowledgement"]
        ack = Ack.search(
            [("version_id", "=", self.id), ("employee_id", "=", employee.id)]
        )
        if not ack:
            ack = Ack.create({"version_id": self.id, "employee_id": employee.id})
        # the reminders to acknowledge are done
        self.activity_ids.filtered(
            lambda a: (
                a.user_id == self.env.user
                and a.activity_type_id
                == self.env.ref("phone_policy.mail_activity_type_policy_ack")
            )
        ).action_feedback(feedback=_("Acknowledged."))
        return ack

    @api.model
    def action_open_in_force(self):
        """Menu entry for everyone: the version in force of the current company."""
        version = self.browse(self._in_force_ids()).filtered(
            lambda v: v.company_id == self.env.company
        )
        if not version:
            raise UserError(_("No version of the phone policy is in force yet."))
        return {
            "type": "ir.actions.act_window",
            "name": version.name,
            "res_model": self._name,
            "res_id": version.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("phone_policy.phone_policy_version_view_form").id, "form")
            ],
            "target": "current",
        }

    @api.model
    def _cron_remind_acknowledgements(self):
        """Remind, once, everyone who has not acknowledged the version in force
        N days after it took effect (company setting)."""
        activity_type = self.env.ref("phone_policy.mail_activity_type_policy_ack")
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([])
        versions = self.with_context(allowed_company_ids=companies.ids).browse(
            self.with_context(allowed_company_ids=companies.ids)._in_force_ids()
        )
        for version in versions:
            delay = version.company_id.phone_policy_ack_days
            if version.effective_date + timedelta(days=delay) > today:
                continue
            reminded = version.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).user_id
            done = version.acknowledgement_ids.employee_id
            for employee in version._expected_employees() - done:
                if employee.user_id in reminded:
                    continue
                version.activity_schedule(
                    "phone_policy.mail_activity_type_policy_ack",
                    user_id=employee.user_id.id,
                    summary=lang_env(version, employee.user_id)._(
                        "Acknowledge the phone policy %(version)s",
                        version=version.version,
                    ),
                )


class PhonePolicyAcknowledgement(models.Model):
    _name = "phone.policy.acknowledgement"
    _description = "Acknowledgement of the Phone Policy"
    _inherit = ["phone.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    version_id = fields.Many2one(
        "phone.policy.version", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="version_id.company_id", store=True, index=True
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="cascade", check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True)
    department_id = fields.Many2one(related="employee_id.department_id", store=True)
    date = fields.Datetime(
        "Acknowledged on", required=True, default=fields.Datetime.now, readonly=True
    )

    _sql_constraints = [
        (
            "version_employee_uniq",
            "unique(version_id, employee_id)",
            "An employee acknowledges a version once.",
        ),
    ]

    @api.depends("employee_id", "version_id")
    def _compute_display_name(self):
        for ack in self:
            ack.display_name = f"{ack.employee_id.name} - {ack.version_id.version}"
