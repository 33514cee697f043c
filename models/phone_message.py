# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.groups import MANAGER_GROUP
from ..utils.sentences import lang_env
from .phone_guard import phone_workflow


class PhoneMessage(models.Model):
    """A message taken for a colleague who could not come to the phone
    (policy §2.1: when the person is away a message is taken and passed on)."""

    _name = "phone.message"
    _description = "Phone Message"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # the recipient reads the call: only the people on it take a message on it
    _phone_reach_fields = {"call_id": "_phone_check_handover"}
    # what the caller said is kept as it was taken; the recipient reads the
    # call the message was taken on: one its author may read, never moved
    _phone_workflow_fields = frozenset({"state"})
    _phone_create_only_fields = frozenset(
        {
            "call_id",
            "company_id",
            "date",
            "partner_id",
            "body",
            "urgency",
            "callback_requested",
            "callback_by",
        }
    )

    recipient_employee_id = fields.Many2one(
        "hr.employee",
        "For",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    recipient_user_id = fields.Many2one(
        "res.users",
        "Recipient user",
        related="recipient_employee_id.user_id",
        store=True,
        index=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        "Department",
        related="recipient_employee_id.department_id",
        store=True,
        index=True,
    )
    taken_by_user_id = fields.Many2one(
        "res.users",
        "Taken by",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    call_id = fields.Many2one(
        "phone.call", "Call", index=True, ondelete="set null", check_company=True
    )
    # from whom: a contact, or what the caller said
    partner_id = fields.Many2one("res.partner", "Caller contact", index=True)
    caller_name = fields.Char(
        "Caller name", compute="_compute_caller", store=True, readonly=False
    )
    caller_company = fields.Char(
        "Caller's company", compute="_compute_caller", store=True, readonly=False
    )
    caller_phone = fields.Char(
        "Caller's number", compute="_compute_caller", store=True, readonly=False
    )
    date = fields.Datetime(
        "Received on", required=True, default=fields.Datetime.now, index=True
    )
    body = fields.Text("Message", required=True)
    urgency = fields.Selection(
        [("normal", "Normal"), ("urgent", "Urgent")],
        required=True,
        default="normal",
        tracking=True,
        index=True,
    )
    callback_requested = fields.Boolean("Call-back requested", tracking=True)
    callback_by = fields.Datetime("Call back by", tracking=True)
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged")],
        required=True,
        default="new",
        tracking=True,
        copy=False,
        index=True,
    )
    date_acknowledged = fields.Datetime("Acknowledged on", readonly=True, copy=False)
    acknowledged_by_id = fields.Many2one(
        "res.users", "Acknowledged by", readonly=True, copy=False
    )
    escalation_deadline = fields.Datetime(
        "Escalates at",
        compute="_compute_escalation_deadline",
        store=True,
        index=True,
        help="An urgent message not acknowledged by then (counted in the "
        "company's working hours) goes to the recipient's manager or to the "
        "colleague covering for them.",
    )
    date_escalated = fields.Datetime("Escalated on", readonly=True, copy=False)
    escalated_to_user_id = fields.Many2one(
        "res.users", "Escalated to", readonly=True, copy=False, index=True
    )
    # the Acknowledge button shows only to those who may press it
    may_acknowledge = fields.Boolean(
        string="May acknowledge", compute="_compute_may_acknowledge"
    )

    @api.depends("partner_id")
    def _compute_caller(self):
        for message in self:
            partner = message.partner_id
            if partner:
                message.caller_name = partner.name
                message.caller_company = (
                    partner.parent_id.name or partner.company_name or False
                )
                message.caller_phone = partner.phone or partner.mobile

    @api.depends_context("uid")
    @api.depends(
        "recipient_user_id", "escalated_to_user_id", "department_id.manager_id"
    )
    def _compute_may_acknowledge(self):
        for message in self:
            message.may_acknowledge = message._may_acknowledge()

    @api.depends("date", "urgency", "company_id")
    def _compute_escalation_deadline(self):
        for message in self:
            if message.urgency != "urgent" or not message.date:
                message.escalation_deadline = False
                continue
            company = message.company_id or self.env.company
            hours = company.phone_message_escalation_hours
            calendar = company.resource_calendar_id
            deadline = (
                calendar.plan_hours(hours, message.date, compute_leaves=True)
                if calendar
                else False
            )
            message.escalation_deadline = deadline or message.date + timedelta(
                hours=hours
            )

    @api.constrains("partner_id", "caller_name", "caller_phone")
    def _check_caller(self):
        for message in self:
            if not (message.partner_id or message.caller_name or message.caller_phone):
                raise ValidationError(
                    _("Say who called: a contact, a name or a number.")
                )

    @api.constrains("callback_requested", "callback_by")
    def _check_callback(self):
        for message in self:
            if message.callback_requested and not message.callback_by:
                raise ValidationError(
                    _("The caller asked for a call-back: say by when.")
                )

    @api.constrains("recipient_employee_id")
    def _check_recipient(self):
        for message in self:
            if not message.recipient_employee_id.user_id:
                raise ValidationError(
                    _(
                        "%(employee)s has no user account, so the message cannot "
                        "reach them here: pass it on in person.",
                        employee=message.recipient_employee_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        for message in messages:
            if message.caller_phone:
                country = message.partner_id.country_id or message.company_id.country_id
                normalized = message._phone_format_number(
                    message.caller_phone, country=country
                )
                if normalized and normalized != message.caller_phone:
                    message.caller_phone = normalized
        messages._notify_recipient()
        messages.filtered("callback_requested")._schedule_callback_activity()
        return messages

    def write(self, vals):
        if (
            "recipient_employee_id" in vals
            and "call_id" not in vals
            and self._phone_reach_active()
        ):
            # a new recipient reads the call the message was taken on
            self.call_id._phone_check_handover()
        return super().write(vals)

    def action_acknowledge(self):
        for message in self:
            if message.state != "new":
                continue
            if not message._may_acknowledge():
                raise UserError(
                    _(
                        "Only %(employee)s, their manager or the colleague the "
                        "message was escalated to can acknowledge it.",
                        employee=message.recipient_employee_id.name,
                    )
                )
        self.filtered(lambda m: m.state == "new")._mark_acknowledged()

    # Business methods

    def _today_of(self, user):
        """Today in ``user``'s time zone (else the company's), whoever runs
        the code: an activity due "today" is the reader's today, not the
        message-taker's nor the server's (UTC)."""
        self.ensure_one()
        tz_name = user.tz or (self.company_id or self.env.company)._phone_tz()
        return fields.Date.context_today(self.with_context(tz=tz_name))

    def _caller_label(self):
        self.ensure_one()
        parts = [self.caller_name, self.caller_company, self.caller_phone]
        return ", ".join(part for part in parts if part) or _("unknown caller")

    def _may_acknowledge(self):
        self.ensure_one()
        user = self.env.user
        return (
            user in (self.recipient_user_id, self.escalated_to_user_id)
            or user == self.department_id.manager_id.user_id
            or user.has_group(MANAGER_GROUP)
        )

    def _mark_acknowledged(self):
        """Record who acknowledged and close the message's notifications."""
        message_type = self.env.ref("phone_policy.mail_activity_type_phone_message")
        with phone_workflow():
            self.write(
                {
                    "state": "acknowledged",
                    "date_acknowledged": fields.Datetime.now(),
                    "acknowledged_by_id": self.env.user.id,
                }
            )
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == message_type
        )
        if activities:
            # the messages are acknowledged already: closing their
            # notifications does not acknowledge them again
            activities.action_feedback(
                feedback=_("Acknowledged by %(user)s", user=self.env.user.name)
            )

    def _notify_recipient(self):
        """Tell the recipient at once: an activity and a chatter message."""
        for message in self:
            user = message.recipient_user_id
            message.message_subscribe(partner_ids=user.partner_id.ids)
            urgent = message.urgency == "urgent"
            summary = (
                _("Urgent message from %(caller)s", caller=message._caller_label())
                if urgent
                else _("Message from %(caller)s", caller=message._caller_label())
            )
            message.activity_schedule(
                "phone_policy.mail_activity_type_phone_message",
                date_deadline=message._today_of(user),
                summary=summary,
                note=message.body,
                user_id=user.id,
            )
            message.message_post(
                body=_(
                    "%(summary)s, taken by %(taker)s: %(body)s",
                    summary=summary,
                    taker=message.taken_by_user_id.name,
                    body=message.body,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=user.partner_id.ids,
            )

    def _schedule_callback_activity(self):
        """A requested call-back becomes the recipient's call activity: on the
        call when the message was taken on one, on the message otherwise."""
        for message in self:
            user = message.recipient_user_id
            note = _("Message %(ref)s: %(body)s", ref=message.name, body=message.body)
            if message.call_id:
                # sudo: the promised call-back belongs on a call the taker only reads
                message.call_id.sudo()._schedule_callback(
                    message.callback_by, user, note
                )
                continue
            local = message.company_id._phone_localize(
                message.callback_by, user.tz or "UTC"
            )
            message.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=local.date(),
                summary=lang_env(message, user)._(
                    "Call back %(who)s by %(time)s",
                    who=message._caller_label(),
                    time=local.strftime("%H:%M"),
                ),
                note=note,
                user_id=user.id,
            )

    def _escalation_target(self):
        """The colleague covering for the recipient right now, else their
        manager; False when there is nobody."""
        self.ensure_one()
        # the escalation cron runs as the superuser: no sudo()
        employee = self.recipient_employee_id
        coverage = (
            self.env["phone.coverage"]._current_coverages(employee).get(employee.id)
        )
        if coverage and coverage.cover_employee_id.user_id:
            return coverage.cover_employee_id.user_id
        manager = employee.parent_id
        if not manager or manager == employee:
            manager = employee.department_id.manager_id
        if manager and manager != employee and manager.user_id:
            return manager.user_id
        return self.env["res.users"]

    def _escalate(self):
        now = fields.Datetime.now()
        for message in self:
            target = message._escalation_target()
            with phone_workflow():
                message.write(
                    {"date_escalated": now, "escalated_to_user_id": target.id}
                )
            if not target:
                message.message_post(
                    body=_(
                        "This urgent message was not acknowledged in time and "
                        "nobody covers for %(employee)s or manages them.",
                        employee=message.recipient_employee_id.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            message.message_subscribe(partner_ids=target.partner_id.ids)
            message.activity_schedule(
                "phone_policy.mail_activity_type_phone_message",
                date_deadline=message._today_of(target),
                summary=lang_env(message, target)._(
                    "Urgent message for %(employee)s not acknowledged",
                    employee=message.recipient_employee_id.name,
                ),
                note=message.body,
                user_id=target.id,
            )
            message.message_post(
                body=_(
                    "Not acknowledged within %(hours)s working hours: escalated "
                    "to %(user)s.",
                    hours=message.company_id.phone_message_escalation_hours,
                    user=target.name,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=target.partner_id.ids,
            )

    @api.model
    def _cron_escalate_urgent(self, batch_size=100):
        """Escalate urgent messages left unacknowledged past their deadline.
        Idempotent: an escalated message is not escalated again."""
        domain = [
            ("urgency", "=", "urgent"),
            ("state", "=", "new"),
            ("date_escalated", "=", False),
            ("escalation_deadline", "<=", fields.Datetime.now()),
        ]
        messages = self.search(domain, limit=batch_size, order="escalation_deadline")
        messages._escalate()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(messages), remaining=remaining)
