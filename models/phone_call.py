# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A phone call (policy §2, §4, §5.1): who was on it, what it was about,
its etiquette facts and decent hours. Each further concern extends the
model in a file of its own: call-backs (``phone_call_callback.py``), PBX
records (``phone_call_cdr.py``), the archive and its guards
(``phone_call_archive.py``), the integrity chain (``phone_call_integrity.py``),
who reaches a call (``phone_call_access.py``), live calls
(``phone_call_live.py``), the index budget (``phone_call_index_budget.py``)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import call_rules, sentences

# what the record's completeness reads (call_rules.missing_record_parts)
COMPLETE_DEPENDS = (
    "nature",
    "answered",
    "key_points",
    "importance",
    "responsible_user_id",
    "callback_datetime",
    "employee_id",
    "department_id",
    "counterpart_name",
    "counterpart_organization",
    "direction",
    "phone",
)


class PhoneCall(models.Model):
    _name = "phone.call"
    _description = "Phone Call"
    _inherit = [
        "phone.document.mixin",
        "phone.employee.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # the archive access requests naming a call: their submission sets them
    _phone_workflow_fields = frozenset({"archive_access_request_ids"})

    # no index of its own: the unique (company_id, archive_sequence) index
    # serves searches by company (see phone_call_index_budget.py)
    company_id = fields.Many2one(index=False)
    direction = fields.Selection(
        [
            ("inbound", "Inbound"),
            ("outbound", "Outbound"),
            ("internal", "Internal"),
        ],
        required=True,
        default="outbound",
        tracking=True,
        # three values, yet measured: the counts of the Inbound / Outbound /
        # Internal lists use it (phone_call_index_budget.py)
        index=True,
    )
    nature = fields.Selection(
        [("work", "Work"), ("personal", "Personal")],
        required=True,
        default="work",
        tracking=True,
        help="Personal calls on business lines break the policy (§2.2.3); "
        "record them as such.",
    )
    source = fields.Selection(
        [("manual", "Logged by hand"), ("pbx", "Phone system record")],
        required=True,
        default="manual",
        readonly=True,
    )
    # Our side (user and department: phone.employee.document.mixin)
    employee_id = fields.Many2one(
        string="Handled by", default=lambda self: self._default_employee_id()
    )
    # most calls of a PBX have a user and a department; the rest are NULL
    user_id = fields.Many2one(index="btree_not_null")
    department_id = fields.Many2one(index="btree_not_null")
    # Other side
    partner_id = fields.Many2one(
        "res.partner",
        "Contact",
        tracking=True,
        # indexed with the date (phone_call_partner_date_idx)
        check_company=True,
    )
    counterpart_employee_id = fields.Many2one(
        "hr.employee",
        "Colleague",
        check_company=True,
        help="The colleague on the other end of an internal call.",
    )
    counterpart_name = fields.Char(
        "Caller / callee name",
        compute="_compute_counterpart",
        store=True,
        readonly=False,
    )
    counterpart_organization = fields.Char(
        "Their department / company",
        compute="_compute_counterpart",
        store=True,
        readonly=False,
    )
    phone = fields.Char(
        "Phone number",
        compute="_compute_phone",
        store=True,
        readonly=False,
        help="Stored in international E.164 form for external calls; the "
        "extension for internal calls.",
    )
    # The call
    date_start = fields.Datetime(
        "Start", required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    ring_seconds = fields.Integer("Ring time (seconds)")
    ring_source = fields.Selection(
        call_rules.RING_SOURCES,
        "Ring time from",
        compute="_compute_ring_source",
        store=True,
        help="Measured by the phone system, declared by the employee who "
        "logged the call, or unknown (logged by hand without a ring time): "
        "an unknown ring time is never counted as answered in time, and the "
        "shares count measured ring times only.",
    )
    answered = fields.Boolean(default=True)
    duration = fields.Integer("Duration (seconds)")
    subject = fields.Char("Subject / purpose", tracking=True)
    key_points = fields.Text("Key points")
    importance = fields.Selection(
        [("normal", "Normal"), ("important", "Important")],
        required=True,
        default="normal",
        tracking=True,
    )
    confidentiality = fields.Selection(
        [("normal", "Normal"), ("confidential", "Confidential")],
        required=True,
        default="normal",
        tracking=True,
        help="Confidential calls are visible only to the employees on the call "
        "and to Phone Policy managers.",
    )
    category_id = fields.Many2one(
        "phone.call.category",
        "Business category",
        tracking=True,
        check_company=True,
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        "Responsible for to-dos",
        tracking=True,
        help="The person responsible for the to-dos agreed on this call. To-dos "
        "themselves are activities on the call.",
    )
    is_complete = fields.Boolean(
        "Record complete",
        compute="_compute_is_complete",
        store=True,
    )
    incomplete_reason = fields.Char(compute="_compute_incomplete_reason")
    # Etiquette facts (policy §4.1)
    ring_limit_seconds = fields.Integer(
        "Ring limit (seconds)",
        compute="_compute_ring_limit_seconds",
        store=True,
        help="The company's ring limit when the call was recorded.",
    )
    answered_in_time = fields.Boolean(
        "Answered within ring limit", compute="_compute_answer_facts", store=True
    )
    late_answer = fields.Boolean(
        "Late answer", compute="_compute_answer_facts", store=True
    )
    # declared by the employee: an inspection measures them
    greeting_given = fields.Boolean(
        "Greeting given (declared)",
        help="Declared by the employee; an inspection measures it.",
    )
    closing_given = fields.Boolean(
        "Polite closing given (declared)",
        help="Declared by the employee; an inspection measures it.",
    )
    apology_given = fields.Boolean(
        "Apology given (declared)",
        help="The caller got an apology for the late answer. Declared by the "
        "employee; an inspection measures it.",
    )
    is_long_call = fields.Boolean(
        "Long call", compute="_compute_is_long_call", store=True
    )
    greeting_script = fields.Char(compute="_compute_scripts")
    closing_script = fields.Char(compute="_compute_scripts")
    # Decent hours (policy §4.2.1)
    contact_tz = fields.Selection(related="partner_id.tz", string="Contact time zone")
    in_quiet_hours = fields.Boolean(
        "In the contact's quiet hours",
        compute="_compute_in_quiet_hours",
        store=True,
    )
    quiet_hours_warning = fields.Char(compute="_compute_quiet_hours_warning")
    # Transfers and messages (policy §2.1)
    transfer_ids = fields.One2many(
        "phone.call.transfer", "call_id", "Transfers", readonly=True
    )
    phone_message_ids = fields.One2many(
        "phone.message", "call_id", "Messages taken", readonly=True
    )

    @api.depends("partner_id", "counterpart_employee_id")
    def _compute_counterpart(self):
        for call in self:
            if call.counterpart_employee_id:
                call.counterpart_name = call.counterpart_employee_id.name
                call.counterpart_organization = (
                    call.counterpart_employee_id.department_id.name
                )
            elif call.partner_id:
                partner = call.partner_id
                call.counterpart_name = partner.name
                # a company contact is its own organisation
                call.counterpart_organization = (
                    partner.parent_id.name
                    or partner.company_name
                    or (partner.is_company and partner.name)
                    or False
                )

    @api.depends("partner_id", "counterpart_employee_id", "direction")
    def _compute_phone(self):
        for call in self:
            if call.direction == "internal" and call.counterpart_employee_id:
                employee = call.counterpart_employee_id
                call.phone = employee.work_phone or employee.mobile_phone or call.phone
            elif call.partner_id:
                number = call.partner_id.phone or call.partner_id.mobile
                if number:
                    call.phone = call._normalize_phone(number) or number

    def _missing_record_parts(self):
        """What the call's record still lacks (policy §5.1.1; §2.2.4 for
        important calls): the one definition, ``call_rules``."""
        self.ensure_one()
        return call_rules.missing_record_parts(self)

    @api.model
    def _record_part_labels(self):
        return {
            "key_points": _("key points"),
            "responsible": _("a person responsible for the to-dos"),
            "names": _("both parties' names"),
            "departments": _("both parties' departments or companies"),
            "number": _("the phone number"),
        }

    @api.depends(*COMPLETE_DEPENDS)
    def _compute_is_complete(self):
        for call in self:
            call.is_complete = not call._missing_record_parts()

    @api.depends(*COMPLETE_DEPENDS)
    def _compute_incomplete_reason(self):
        labels = self._record_part_labels()
        for call in self:
            missing = call._missing_record_parts()
            call.incomplete_reason = (
                _(
                    "Work call recorded without %(missing)s.",
                    missing=_(" and ").join(labels[code] for code in missing),
                )
                if missing
                else False
            )

    @api.depends("source", "ring_seconds")
    def _compute_ring_source(self):
        for call in self:
            call.ring_source = call_rules.ring_source(call.source, call.ring_seconds)

    @api.depends("company_id")
    def _compute_ring_limit_seconds(self):
        for call in self:
            call.ring_limit_seconds = call.company_id._phone_ring_limit()

    @api.depends("answered", "ring_seconds", "ring_limit_seconds", "ring_source")
    def _compute_answer_facts(self):
        for call in self:
            facts = (
                call.answered,
                call.ring_seconds,
                call.ring_limit_seconds,
                call.ring_source,
            )
            call.late_answer = call_rules.late_answer(*facts)
            call.answered_in_time = call_rules.answered_in_time(*facts)

    @api.depends("duration", "company_id")
    def _compute_is_long_call(self):
        for call in self:
            call.is_long_call = call_rules.long_call(
                call.duration, call.company_id.phone_long_call_minutes
            )

    @api.depends("company_id", "department_id", "direction")
    @api.depends_context("lang")
    def _compute_scripts(self):
        for call in self:
            company = call.company_id or self.env.company
            department = call.department_id
            names = {
                "{company}": company.name or "",
                "{department}": department.name or "",
            }
            # the standard words in the reader's language unless the
            # department or the company wrote their own
            greeting = (
                department.phone_greeting_script
                or company.phone_greeting_script
                or _("Hello, {company} {department}.")
            )
            closing = (
                department.phone_closing_script
                or company.phone_closing_script
                or _("Thank you for calling, goodbye.")
            )
            for key, value in names.items():
                greeting = (greeting or "").replace(key, value)
                closing = (closing or "").replace(key, value)
            call.greeting_script = " ".join(greeting.split())
            call.closing_script = " ".join(closing.split())

    def _quiet_period(self):
        """(kind of quiet period or False, the contact's time zone name)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz_name = company._phone_contact_tz(self.partner_id)
        if self.direction != "outbound":
            return False, tz_name
        return company._phone_quiet_period(self.date_start, tz_name), tz_name

    @api.depends("direction", "date_start", "partner_id.tz", "company_id")
    def _compute_in_quiet_hours(self):
        for call in self:
            call.in_quiet_hours = bool(call._quiet_period()[0])

    def _quiet_hours_facts(self):
        """The facts of the call's quiet period (utils/sentences.py), or
        False when it was made at a decent hour."""
        self.ensure_one()
        period, tz_name = self._quiet_period()
        if not period:
            return False
        local = self.company_id._phone_localize(self.date_start, tz_name)
        return sentences.quiet_hours_facts(local, tz_name, period)

    @api.depends("direction", "date_start", "partner_id.tz", "company_id")
    @api.depends_context("lang")
    def _compute_quiet_hours_warning(self):
        for call in self:
            call.quiet_hours_warning = sentences.render(
                self.env, call._quiet_hours_facts()
            )

    @api.constrains("ring_seconds", "duration")
    def _check_durations(self):
        for call in self:
            if call.ring_seconds < 0 or call.duration < 0:
                raise ValidationError(
                    _(
                        "Ring time and duration of %(call)s cannot be negative.",
                        call=call.display_name,
                    )
                )

    @api.constrains("direction", "partner_id", "counterpart_employee_id")
    def _check_counterpart(self):
        for call in self:
            if call.direction == "internal" and call.partner_id:
                raise ValidationError(
                    _("An internal call is with a colleague, not with a contact.")
                )
            if call.direction != "internal" and call.counterpart_employee_id:
                raise ValidationError(
                    _("Choose a contact for an external call, not a colleague.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        for call, vals in zip(calls, vals_list, strict=True):
            if vals.get("phone"):
                call._write_normalized_phone(vals["phone"])
        return calls

    def write(self, vals):
        if vals:
            self._check_access_before_guard("write")
            # an archived call is unalterable (policy §5.2.3)
            self._raise_if_archived(
                _(
                    "%(calls)s are archived in %(archive)s and cannot be changed "
                    "by anyone. Add a signed correction note instead."
                )
            )
        res = super().write(vals)
        if vals.get("phone") or (
            "direction" in vals and any(call.phone for call in self)
        ):
            for call in self:
                if call.phone:
                    call._write_normalized_phone(call.phone)
        return res

    def _phone_country(self):
        self.ensure_one()
        return self.partner_id.country_id or self.company_id.country_id

    def _normalize_phone(self, number, raise_exception=False):
        """Return ``number`` in E.164 form, using the contact's or the
        company's country for numbers dialled nationally."""
        self.ensure_one()
        return self._phone_format_number(
            number,
            country=self._phone_country(),
            force_format="E164",
            raise_exception=raise_exception,
        )

    def _write_normalized_phone(self, number):
        """Store the E.164 form of ``number`` on an external call, or refuse
        a number that cannot be dialled with a clear error."""
        self.ensure_one()
        if self.direction == "internal":
            return
        try:
            normalized = self._normalize_phone(number, raise_exception=True)
        except UserError as error:
            raise ValidationError(
                _(
                    "The phone number %(number)s of %(call)s is not valid: %(error)s",
                    number=number,
                    call=self.display_name,
                    error=error.args[0],
                )
            ) from error
        if normalized != self.phone:
            # super() to avoid re-entering the normalisation in write()
            super().write({"phone": normalized})

    def action_transfer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Transfer the call"),
            "res_model": "phone.call.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_call_id": self.id},
        }
