# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import is_html_empty

from .phone_guard import in_phone_workflow

IMPACTS = [
    ("normal", "Normal"),
    ("delayed", "Important work delayed"),
    ("down", "Communication down"),
]
PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent")]
IMPACT_PRIORITY = {"normal": "0", "delayed": "1", "down": "2"}
DONE_STATES = ("resolved", "closed")
# what only the technicians of the ticket and the Officers may change: a
# reporter describes the fault and confirms or reopens it, nothing more
STAFF_FIELDS = {
    "stage_id",
    "technician_id",
    "team_id",
    "priority",
    "resolution",
    "reporter_id",
    "company_id",
    "kind",
    "plan_id",
    "plan_date",
    "check_result",
    "check_id",
    "date_reported",
    "date_assigned",
    "date_first_response",
    "date_resolved",
    "date_closed",
    "date_emergency_notified",
    "reopen_count",
}


class PhoneFault(models.Model):
    _name = "phone.fault"
    _description = "Phone Fault Ticket"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "is_emergency desc, priority desc, date_reported desc, id desc"
    _rec_names_search = ["name", "symptom"]
    _check_company_auto = True
    # the account, extension and system are filled in from these: only
    # from records the reporter may read
    _phone_reach_fields = {"call_id": "read", "account_id": "read", "check_id": "read"}
    # the times of the ticket's progress and a check's result are recorded
    # by the stages and the buttons (service levels are measured on them)
    _phone_workflow_fields = frozenset(
        {
            "date_assigned",
            "date_first_response",
            "date_resolved",
            "date_closed",
            "check_result",
        }
    )

    def _default_team(self):
        return self.env["phone.fault.team"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    kind = fields.Selection(
        [("corrective", "Fault"), ("preventive", "Scheduled maintenance")],
        required=True,
        default="corrective",
        index=True,
        tracking=True,
        help="A fault reported by someone, or a check, test or upgrade created "
        "by a maintenance plan.",
    )
    # What, when, where
    symptom = fields.Char(
        required=True,
        tracking=True,
        index="trigram",
        help="What does not work, in a few words.",
    )
    description = fields.Html("Details")
    date_occurred = fields.Datetime(
        "When it happened", default=fields.Datetime.now, tracking=True
    )
    location = fields.Char(
        "Where",
        tracking=True,
        help="Building, floor and room of the faulty phone or line.",
    )
    account_id = fields.Many2one(
        "phone.account",
        "Affected account",
        compute="_compute_account_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    extension = fields.Char(
        "Affected extension",
        compute="_compute_extension",
        store=True,
        readonly=False,
        tracking=True,
    )
    system_id = fields.Many2one(
        "phone.system",
        "Affected phone system",
        compute="_compute_system_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    call_id = fields.Many2one(
        "phone.call",
        "Reported from call",
        index="btree_not_null",
        check_company=True,
        help="The call during which the fault showed.",
    )
    impact = fields.Selection(
        IMPACTS,
        required=True,
        default="normal",
        tracking=True,
        help="When important work is delayed or communication is down, the "
        "fault is an emergency: every Officer is told at once.",
    )
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Follows the impact; technicians and Officers may change it. "
        "The service levels depend on it.",
    )
    is_emergency = fields.Boolean(
        "Emergency", compute="_compute_is_emergency", store=True, index=True
    )
    # Who
    reporter_id = fields.Many2one(
        "res.users",
        "Reported by",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        "Reporter's department",
        compute="_compute_department_id",
        store=True,
        index=True,
    )
    team_id = fields.Many2one(
        "phone.fault.team",
        "Team",
        default=_default_team,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    technician_id = fields.Many2one(
        "res.users",
        "Technician",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    # Progress
    stage_id = fields.Many2one(
        "phone.fault.stage",
        "Stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
    )
    state = fields.Selection(related="stage_id.state", store=True, index=True)
    resolution = fields.Html(help="What was found and what was done.")
    reopen_count = fields.Integer("Times reopened", readonly=True, copy=False)
    _sql_constraints = [
        (
            "plan_date_uniq",
            "unique(plan_id, plan_date)",
            "A maintenance plan creates one task per due date.",
        ),
    ]

    @api.depends("name", "symptom")
    def _compute_display_name(self):
        for fault in self:
            fault.display_name = " - ".join(
                part for part in (fault.name, fault.symptom) if part
            )

    @api.depends("call_id")
    def _compute_account_id(self):
        for fault in self:
            if fault.call_id and not fault.account_id:
                fault.account_id = self.env["phone.account"].search(
                    [
                        ("employee_id", "=", fault.call_id.employee_id.id),
                        ("state", "=", "active"),
                    ],
                    limit=1,
                )

    @api.depends("account_id")
    def _compute_extension(self):
        for fault in self:
            if fault.account_id:
                fault.extension = fault.account_id.extension

    @api.depends("account_id")
    def _compute_system_id(self):
        for fault in self:
            if fault.account_id:
                fault.system_id = fault.account_id.system_id

    @api.depends("impact")
    def _compute_priority(self):
        for fault in self:
            fault.priority = IMPACT_PRIORITY.get(fault.impact, "0")

    @api.depends("impact", "kind")
    def _compute_is_emergency(self):
        for fault in self:
            fault.is_emergency = fault.kind == "corrective" and fault.impact in (
                "delayed",
                "down",
            )

    @api.depends("reporter_id", "company_id")
    def _compute_department_id(self):
        for fault in self:
            employee = fault.reporter_id.with_company(fault.company_id).employee_id
            fault.department_id = employee.department_id

    @api.depends("technician_id")
    def _compute_team_id(self):
        for fault in self:
            technician = fault.technician_id
            if technician and technician not in fault.team_id.member_ids:
                fault.team_id = self.env["phone.fault.team"].search(
                    [
                        ("member_ids", "in", technician.ids),
                        ("company_id", "=", fault.company_id.id),
                    ],
                    limit=1,
                )

    @api.depends("technician_id")
    def _compute_stage_id(self):
        new, assigned = self._stage_for("new"), self._stage_for("assigned")
        for fault in self:
            if not fault.stage_id:
                fault.stage_id = assigned if fault.technician_id else new
            elif fault.technician_id and fault.stage_id.state == "new":
                fault.stage_id = assigned

    @api.constrains("technician_id", "team_id")
    def _check_technician_in_team(self):
        for fault in self:
            fault.team_id._check_technician(fault.technician_id)

    @api.constrains("stage_id", "resolution", "check_result", "kind")
    def _check_resolution(self):
        for fault in self:
            if fault.state not in DONE_STATES:
                continue
            if fault.kind == "preventive" and not fault.check_result:
                raise ValidationError(
                    _(
                        "Record the result of %(ref)s (OK or issue found) before "
                        "completing it.",
                        ref=fault.name,
                    )
                )
            if fault.kind == "corrective" and is_html_empty(fault.resolution):
                raise ValidationError(
                    _(
                        "Describe the resolution of %(ref)s before marking it "
                        "resolved.",
                        ref=fault.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not in_phone_workflow():
            for vals in vals_list:
                self._check_staff_values(self._phone_caller_values(vals))
        faults = super().create(vals_list)
        if not self.env.su:
            for fault in faults:
                fault._check_reporter_creation()
        faults._subscribe_people()
        faults._update_technician_activity(new=True)
        faults._notify_emergency()
        return faults

    def write(self, vals):
        if STAFF_FIELDS & set(vals) and not self.env.su:
            for fault in self:
                if not fault._is_staff():
                    raise AccessError(
                        _(
                            "Only the technicians of %(ref)s and the Officers may "
                            "change its stage, technician, priority or resolution. "
                            "As its reporter, confirm the resolution or reopen it.",
                            ref=fault.name,
                        )
                    )
        old_states = {fault: fault.state for fault in self}
        old_technicians = {fault: fault.technician_id for fault in self}
        res = super().write(vals)
        if "technician_id" in vals or "reporter_id" in vals:
            self._subscribe_people()
        changed = self.filtered(
            lambda f: f.state != old_states[f] or f.technician_id != old_technicians[f]
        )
        if changed:
            changed._update_technician_activity()
        if "impact" in vals or "kind" in vals:
            self._notify_emergency()
        if "stage_id" in vals:
            self._on_stage_change(old_states)
        return res

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("phone_policy.mt_phone_fault_stage")
        return super()._track_subtype(init_values)

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            len(self) == 1
            and not self.date_first_response
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user != self.reporter_id
            and self._is_staff()
        ):
            # a technician's first public reply is the first response; the
            # field is the technician's to set, not the reporter's
            # sudo: the first response is the staff's to record, not the reporter's
            self.sudo().date_first_response = message.date
        return message

    def action_confirm_resolution(self):
        """The reporter (or the staff) confirms the fault is fixed."""
        self._check_reporter_action()
        closed = self._stage_for("closed")
        # sudo: the reporter moves the ticket only this way; checks are above
        self.sudo().write({"stage_id": closed.id})
        for fault in self:
            fault.message_post(
                body=_("%(user)s confirmed the resolution.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reopen(self):
        """The reporter (or the staff) says the fault is still there."""
        self._check_reporter_action()
        progress = self._stage_for("progress")
        for fault in self:
            # sudo: the reporter moves the ticket only this way; checks are above
            fault.sudo().write(
                {"stage_id": progress.id, "reopen_count": fault.reopen_count + 1}
            )
            fault.message_post(
                body=_(
                    "%(user)s reopened the ticket: the fault is not fixed.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=fault.technician_id.partner_id.ids,
            )
        return True

    def action_assign_to_me(self):
        self.write({"technician_id": self.env.user.id})
        return True

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """All stages in the kanban, even empty ones."""
        return stages.search([], order=stages._order)

    @api.model
    def _stage_for(self, state):
        """The first stage of a step of the workflow."""
        return self.env["phone.fault.stage"].search([("state", "=", state)], limit=1)

    def _subscribe_people(self):
        """Reporter and technician follow the ticket (one call per group of
        tickets with the same people missing)."""
        missing = defaultdict(lambda: self.browse())
        for fault in self:
            partners = (fault.reporter_id | fault.technician_id).partner_id
            partners -= fault.message_partner_ids
            if partners:
                missing[tuple(partners.ids)] |= fault
        for partner_ids, faults in missing.items():
            faults.message_subscribe(partner_ids=list(partner_ids))

    def _update_technician_activity(self, new=False):
        """The technician has a 'Fault to handle' activity while the ticket
        is open, due by the response deadline (or the check's due date).
        ``new``: the tickets were just created and have no activity yet."""
        activity_type = "phone_policy.mail_activity_type_fault_todo"
        done = self.filtered(lambda f: f.state in DONE_STATES or not f.technician_id)
        if not new:
            done.activity_unlink([activity_type])
        to_schedule = defaultdict(lambda: self.browse())
        for fault in self - done:
            deadline = fault.plan_date or fields.Date.context_today(
                fault, fault.response_deadline or fields.Datetime.now()
            )
            if new or not fault.activity_reschedule(
                [activity_type],
                date_deadline=deadline,
                new_user_id=fault.technician_id.id,
            ):
                to_schedule[fault.technician_id, deadline] |= fault
        for (technician, deadline), faults in to_schedule.items():
            faults.activity_schedule(
                activity_type, date_deadline=deadline, user_id=technician.id
            )

    def _on_stage_change(self, old_states):
        resolved = self.filtered(
            lambda f: f.state in DONE_STATES and old_states[f] not in DONE_STATES
        )
        resolved.activity_feedback(["phone_policy.mail_activity_type_fault_emergency"])
        to_confirm = resolved.filtered(
            lambda f: (
                f.state == "resolved"
                and f.kind == "corrective"
                and f.reporter_id
                and f.reporter_id != self.env.user
            )
        )
        for fault in to_confirm:
            fault.activity_schedule(
                "phone_policy.mail_activity_type_fault_confirm",
                user_id=fault.reporter_id.id,
            )
        self.filtered(lambda f: f.state != "resolved").activity_unlink(
            ["phone_policy.mail_activity_type_fault_confirm"]
        )
