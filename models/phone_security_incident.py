# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.groups import OFFICER_GROUP
from ..utils.sentences import lang_env
from .phone_guard import phone_workflow

# What only officers set on an incident; a reporter files a new report in
# their own name and follows it, nothing more.
HANDLING_FIELDS = {"state", "user_id", "resolution", "date_closed"}
# Recorded by the actions themselves (freezing, issuing a password,
# escalating to a violation), never by hand.
ACTION_FIELDS = {"action_password_reset", "action_freeze", "action_escalated"}


# the violation an incident of each kind escalates to
INCIDENT_VIOLATION_TYPES = {
    "password_leak": "phone_policy.violation_type_confidential_disclosure",
    "account_anomaly": "phone_policy.violation_type_confidential_disclosure",
    "confidential_disclosure": "phone_policy.violation_type_confidential_disclosure",
    "harassment": "phone_policy.violation_type_harassment_fraud",
    "fraud": "phone_policy.violation_type_harassment_fraud",
    "illegal_use": "phone_policy.violation_type_harassment_fraud",
}


class PhoneSecurityIncident(models.Model):
    """A suspected password leak, an account anomaly, confidential
    information disclosed on a call, or illegal use of the phones (policy
    §3.2). The reporter's identity stays with the reporter, the officers who
    are not concerned, and the managers: the employees concerned do not
    reach the incident, and the reporter is never made a follower (the
    followers of a record are readable by every employee)."""

    _name = "phone.security.incident"
    _description = "Phone Security Incident"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_reported desc, id desc"
    _check_company_auto = True
    # a reporter names only a call they may read; any account of the
    # company may be reported (its status is shown to who may read it)
    _phone_reach_fields = {"call_id": "read"}
    # reporters add information in the chatter of their own report
    _mail_post_access = "read"
    # the status moves with the buttons
    _phone_workflow_fields = frozenset({"state"})

    kind = fields.Selection(
        [
            ("password_leak", "Password leak"),
            ("account_anomaly", "Account anomaly"),
            ("confidential_disclosure", "Confidential information disclosed on a call"),
            ("harassment", "Harassment"),
            ("fraud", "Fraud"),
            ("illegal_use", "Other illegal use"),
        ],
        required=True,
        tracking=True,
        index=True,
    )
    reporter_id = fields.Many2one(
        "res.users",
        "Reported by",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    date_reported = fields.Datetime(
        "Reported on", required=True, readonly=True, default=fields.Datetime.now
    )
    account_id = fields.Many2one(
        "phone.account",
        "Phone account",
        index=True,
        tracking=True,
        check_company=True,
    )
    # as the reader: a reporter does not learn the status of an account
    # someone else named on their report
    account_state = fields.Selection(
        lambda self: (
            self.env["phone.account"]._fields["state"]._description_selection(self.env)
        ),
        string="Account status",
        compute="_compute_account_state",
    )
    call_id = fields.Many2one("phone.call", "Call", index=True, check_company=True)
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees concerned",
        check_company=True,
        help="Employees whose conduct the incident is about.",
    )
    concerned_user_ids = fields.Many2many(
        "res.users",
        "phone_security_incident_concerned_user_rel",
        "incident_id",
        "user_id",
        string="Users concerned",
        compute="_compute_concerned_user_ids",
        store=True,
        help="Users of the employees concerned, of the account and of the call: "
        "they do not reach the incident, even as officers.",
    )
    description = fields.Text("What happened", required=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("investigating", "Investigating"),
            ("resolved", "Resolved"),
            ("dismissed", "Dismissed"),
        ],
        required=True,
        default="new",
        tracking=True,
        copy=False,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Handled by",
        tracking=True,
        domain=lambda self: self.env["res.users"]._phone_group_domain(OFFICER_GROUP),
    )
    resolution = fields.Html("Investigation and outcome", groups=OFFICER_GROUP)
    date_closed = fields.Datetime("Closed on", readonly=True, copy=False)
    # Actions taken (policy §3.2: change the password, freeze the account;
    # policy §6: escalate to a violation, recorded by phone.violation)
    action_password_reset = fields.Boolean(
        "Password reset", readonly=True, copy=False, tracking=True
    )
    action_freeze = fields.Boolean(
        "Account frozen", readonly=True, copy=False, tracking=True
    )
    action_escalated = fields.Boolean(
        "Escalated to a violation", readonly=True, copy=False, tracking=True
    )
    violation_ids = fields.One2many(
        "phone.violation",
        "incident_id",
        "Violations",
        groups=OFFICER_GROUP,
    )
    violation_count = fields.Integer(
        string="Violation count",
        compute="_compute_violation_count",
        groups=OFFICER_GROUP,
    )

    @api.depends("account_id.state")
    def _compute_account_state(self):
        readable = self.account_id._filtered_access("read")
        for incident in self:
            account = incident.account_id
            incident.account_state = account in readable and account.state

    @api.depends("violation_ids")
    def _compute_violation_count(self):
        for incident in self:
            incident.violation_count = len(incident.violation_ids)

    @api.depends("employee_ids.user_id", "account_id.user_id", "call_id.user_id")
    def _compute_concerned_user_ids(self):
        for incident in self:
            incident.concerned_user_ids = (
                incident.employee_ids.user_id
                | incident.account_id.user_id
                | incident.call_id.user_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        officer = self.env.su or self.env.user.has_group(OFFICER_GROUP)
        for given in vals_list:
            # what the record gets: the values and the context's defaults
            vals = self._phone_caller_values(given)
            if ACTION_FIELDS & {key for key, value in vals.items() if value}:
                if not self.env.su:
                    raise AccessError(
                        _(
                            "The actions taken on an incident are recorded by the "
                            "actions."
                        )
                    )
            if not officer:
                # create() does not check field groups: a report is filed as
                # a new report, in the reporter's own name
                handling = {key for key, value in vals.items() if value} & (
                    HANDLING_FIELDS - {"state"}
                )
                if (
                    handling
                    or vals.get("state", "new") != "new"
                    or vals.get("reporter_id", self.env.uid) != self.env.uid
                ):
                    raise AccessError(
                        _(
                            "Employees file incident reports in their own name; "
                            "officers handle them."
                        )
                    )
        # the reporter is not made a follower: followers are public to employees
        incidents = super(
            PhoneSecurityIncident, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)
        incidents = incidents.with_env(self.env)
        incidents._notify_officers()
        return incidents

    def write(self, vals):
        if not self.env.su:
            if "reporter_id" in vals:
                raise AccessError(_("The reporter of an incident is never changed."))
            if ACTION_FIELDS & set(vals):
                raise AccessError(
                    _("The actions taken on an incident are recorded by the actions.")
                )
        if vals.get("state") in ("resolved", "dismissed"):
            vals = dict(vals, date_closed=fields.Datetime.now())
        elif vals.get("state") in ("new", "investigating"):
            vals = dict(vals, date_closed=False)
        return super().write(vals)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        # never the reporter: anybody may read the followers of a record
        reporters = self.reporter_id.partner_id
        if partner_ids and reporters:
            partner_ids = [pid for pid in partner_ids if pid not in reporters.ids]
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    # ------------------------------------------------------------------
    # Buttons

    def action_investigate(self):
        for incident in self:
            incident._phone_set_state(
                "investigating", user_id=incident.user_id.id or self.env.uid
            )

    def action_resolve(self):
        self._phone_set_state("resolved")

    def action_dismiss(self):
        self._phone_set_state("dismissed")

    def action_reopen(self):
        self._phone_set_state("investigating")

    def action_freeze_account(self):
        for incident in self:
            if not incident.account_id:
                raise UserError(_("Name the phone account to freeze first."))
            incident.account_id._phone_officer_freeze(
                _(
                    "Security incident %(incident)s: %(kind)s",
                    incident=incident.name,
                    kind=incident._kind_label(),
                )
            )
            incident._phone_record_action("action_freeze")

    def action_reset_password(self):
        self.ensure_one()
        if not self.account_id:
            raise UserError(_("Name the phone account whose password to reset first."))
        action = self.account_id.action_open_issue_wizard()
        action["context"] = dict(
            action["context"],
            default_incident_id=self.id,
            default_reason=_(
                "Security incident %(incident)s: %(kind)s",
                incident=self.name,
                kind=self._kind_label(),
            ),
        )
        return action

    # ------------------------------------------------------------------
    # Business methods

    def _phone_set_state(self, state, **vals):
        """Move the incidents on (the write keeps the access rules)."""
        with phone_workflow():
            self.write(dict(vals, state=state))

    def _kind_label(self):
        self.ensure_one()
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _phone_record_action(self, field_name):
        """Record an action taken on the incident (password reset, freeze,
        escalation); callers check the right to take it."""
        assert field_name in ACTION_FIELDS
        # sudo: these flags are written only by the actions themselves
        self.sudo().write({field_name: True})

    def _notify_officers(self):
        """An activity for each officer of the company who may handle the
        incident (not the ones it concerns)."""
        for incident in self:
            officers = self.env["res.users"]._phone_group_users(
                OFFICER_GROUP, incident.company_id
            )
            officers -= incident.concerned_user_ids
            for officer in officers:
                if not incident.with_user(officer).has_access("read"):
                    continue
                # sudo: a reporter only reads the report; the officer becomes follower
                incident.sudo().activity_schedule(
                    "phone_policy.mail_activity_type_phone_incident",
                    user_id=officer.id,
                    summary=lang_env(incident, officer)._(
                        "%(kind)s: %(incident)s",
                        kind=incident.with_env(
                            lang_env(incident, officer)
                        )._kind_label(),
                        incident=incident.name,
                    ),
                )

    # ------------------------------------------------------------------
    # Escalation to a violation (policy §6, model phone.violation)

    def _phone_violation_values(self):
        """Values of the phone.violation records escalating this incident
        creates: one per employee concerned (or the account's employee)."""
        self.ensure_one()
        employees = self.employee_ids or self.account_id.employee_id
        return [
            {
                "employee_id": employee.id,
                "company_id": self.company_id.id,
                "date": fields.Date.to_date(self.date_reported),
                "source": "incident",
                "incident_id": self.id,
                "call_ids": [fields.Command.set(self.call_id.ids)],
                "description": self.description,
            }
            for employee in employees
        ]

    def _phone_mark_escalated(self, violations=None):
        """To be called by phone.violation when violations are created from
        these incidents: records the action and names them in the chatter."""
        self._phone_record_action("action_escalated")
        names = ", ".join(violations.mapped("display_name")) if violations else ""
        for incident in self:
            incident.message_post(
                body=_("Escalated to a violation: %(violations)s", violations=names)
                if names
                else _("Escalated to a violation."),
                subtype_xmlid="mail.mt_note",
            )

    def action_escalate(self):
        """Escalate to draft violations of the employees concerned, for HR to
        confirm (policy §3.2, §6.2.2); never a penalty by itself."""
        Violation = self.env["phone.violation"]
        created = Violation
        for incident in self:
            if incident.state == "dismissed":
                raise UserError(_("A dismissed incident is not escalated."))
            values = incident._phone_violation_values()
            if not values:
                raise UserError(
                    _("Name the employees concerned or the account before escalating.")
                )
            violation_type = self.env.ref(INCIDENT_VIOLATION_TYPES[incident.kind])
            violations = Violation
            for vals in values:
                violations |= Violation._create_draft(
                    self.env["hr.employee"].browse(vals["employee_id"]),
                    violation_type,
                    source="incident",
                    date=vals["date"],
                    calls=incident.call_id,
                    evidence=vals["description"],
                    incident_id=incident.id,
                )
            incident._phone_mark_escalated(violations)
            created |= violations
        return created

    def action_view_violations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Violations"),
            "res_model": "phone.violation",
            "view_mode": "list,form",
            "domain": [("incident_id", "=", self.id)],
        }
