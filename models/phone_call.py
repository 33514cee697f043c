# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from hashlib import sha256
from itertools import count

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, plaintext2html

from ..utils.archive import HASH_VERSION
from ..utils.groups import MANAGER_GROUP, OFFICER_GROUP
from .phone_guard import in_archive_workflow, phone_workflow

_cursor_names = count(1)


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
        index="btree_not_null",
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
    greeting_given = fields.Boolean("Greeting given")
    closing_given = fields.Boolean("Polite closing given")
    apology_given = fields.Boolean(
        "Apology given", help="The caller got an apology for the late answer."
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
    # Call-backs (policy §2.2.5)
    callback_datetime = fields.Datetime("Call back at", tracking=True, copy=False)
    callback_done_datetime = fields.Datetime(
        "Called back on", readonly=True, copy=False
    )
    callback_overdue = fields.Boolean(
        "Call-back overdue",
        compute="_compute_callback_overdue",
        search="_search_callback_overdue",
    )
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
                call.counterpart_name = call.partner_id.name
                call.counterpart_organization = (
                    call.partner_id.parent_id.name or call.partner_id.company_name
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
        """What an important call's record still lacks (policy §2.2.4)."""
        self.ensure_one()
        missing = []
        if self.importance == "important":
            if not (self.key_points or "").strip():
                missing.append(_("key points"))
            if not self.responsible_user_id:
                missing.append(_("a person responsible for the to-dos"))
        return missing

    @api.depends("importance", "key_points", "responsible_user_id")
    def _compute_is_complete(self):
        for call in self:
            call.is_complete = not call._missing_record_parts()

    @api.depends("importance", "key_points", "responsible_user_id")
    def _compute_incomplete_reason(self):
        for call in self:
            missing = call._missing_record_parts()
            call.incomplete_reason = (
                _(
                    "Important call without %(missing)s.",
                    missing=_(" and ").join(missing),
                )
                if missing
                else False
            )

    @api.depends("company_id")
    def _compute_ring_limit_seconds(self):
        for call in self:
            call.ring_limit_seconds = call.company_id._phone_ring_limit()

    @api.depends("answered", "ring_seconds", "ring_limit_seconds")
    def _compute_answer_facts(self):
        for call in self:
            late = call.answered and call.ring_seconds > call.ring_limit_seconds
            call.late_answer = late
            call.answered_in_time = call.answered and not late

    @api.depends("duration", "company_id")
    def _compute_is_long_call(self):
        for call in self:
            call.is_long_call = (
                call.duration > call.company_id.phone_long_call_minutes * 60
            )

    @api.depends("company_id", "department_id", "direction")
    def _compute_scripts(self):
        for call in self:
            company = call.company_id or self.env.company
            department = call.department_id
            names = {
                "{company}": company.name or "",
                "{department}": department.name or "",
            }
            greeting = department.phone_greeting_script or company.phone_greeting_script
            closing = department.phone_closing_script or company.phone_closing_script
            for key, value in names.items():
                greeting = (greeting or "").replace(key, value)
                closing = (closing or "").replace(key, value)
            call.greeting_script = " ".join(greeting.split())
            call.closing_script = " ".join(closing.split())

    def _quiet_period(self):
        """(kind of quiet period or False, the contact's time zone name)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz_name = self.partner_id.tz or company.partner_id.tz or "UTC"
        if self.direction != "outbound":
            return False, tz_name
        return company._phone_quiet_period(self.date_start, tz_name), tz_name

    @api.depends("direction", "date_start", "partner_id.tz", "company_id")
    def _compute_in_quiet_hours(self):
        for call in self:
            call.in_quiet_hours = bool(call._quiet_period()[0])

    @api.depends("direction", "date_start", "partner_id.tz", "company_id")
    def _compute_quiet_hours_warning(self):
        labels = {
            "weekend": _("a weekend"),
            "meal": _("the meal break"),
            "rest": _("rest hours"),
        }
        for call in self:
            period, tz_name = call._quiet_period()
            if not period:
                call.quiet_hours_warning = False
                continue
            local = call.company_id._phone_localize(call.date_start, tz_name)
            call.quiet_hours_warning = _(
                "It is %(time)s on %(day)s in %(tz)s for the contact: "
                "%(period)s. The policy asks to call at decent hours.",
                time=local.strftime("%H:%M"),
                day=local.strftime("%Y-%m-%d"),
                tz=tz_name,
                period=labels[period],
            )

    def _compute_callback_overdue(self):
        overdue = self.filtered_domain(self._search_callback_overdue("=", True))
        for call in self:
            call.callback_overdue = call in overdue

    def _search_callback_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue call-backs."))
        callback_type = self.env.ref(
            "phone_policy.mail_activity_type_callback", raise_if_not_found=False
        )
        domain = [
            ("callback_datetime", "<", fields.Datetime.now()),
            ("activity_ids.activity_type_id", "=", callback_type.id),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

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

    def action_schedule_callback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Schedule a call-back"),
            "res_model": "phone.call.callback.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_call_id": self.id},
        }

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

    def _schedule_callback(self, when, user, note=False):
        """Promise a call-back at ``when`` (naive UTC): a call activity for
        ``user`` due on that day in the user's time zone."""
        for call in self:
            local = call.company_id._phone_localize(when, user.tz or "UTC")
            with phone_workflow():
                call.write(
                    {
                        "callback_datetime": when,
                        "callback_done_datetime": False,
                        "responsible_user_id": call.responsible_user_id.id or user.id,
                    }
                )
            call.activity_schedule(
                "phone_policy.mail_activity_type_callback",
                date_deadline=local.date(),
                summary=_(
                    "Call back %(who)s at %(time)s",
                    who=call.counterpart_name or call.phone or call.name,
                    time=local.strftime("%H:%M"),
                ),
                note=note,
                user_id=user.id,
            )

    def _mark_called_back(self):
        with phone_workflow():
            self.write({"callback_done_datetime": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # Calls from the phone system's call-detail records (policy §5.1)
    # ------------------------------------------------------------------
    # no index of its own: the unique (system_id, cdr_key) index serves
    # searches by phone system (fewer indexes, faster imports)
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        readonly=True,
        check_company=True,
    )
    cdr_import_id = fields.Many2one(
        "phone.cdr.import",
        "PBX import",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=OFFICER_GROUP,
    )
    cdr_key = fields.Char(
        "PBX record key",
        readonly=True,
        copy=False,
        help="The PBX's unique id of the record (or a hash of the record when "
        "the PBX gives none). One call per key and phone system.",
    )
    cdr_hash = fields.Char(
        "PBX record hash",
        readonly=True,
        copy=False,
        help="Hash of the record's content: the same call exported in another "
        "format is recognised as a duplicate.",
    )
    cdr_src = fields.Char("Calling number (PBX)", readonly=True, copy=False)
    cdr_dst = fields.Char("Called number (PBX)", readonly=True, copy=False)
    cdr_disposition = fields.Selection(
        [
            ("answered", "Answered"),
            ("no_answer", "No answer"),
            ("busy", "Busy"),
            ("failed", "Failed to connect"),
        ],
        "Outcome (PBX)",
        readonly=True,
        copy=False,
    )
    cdr_answer_date = fields.Datetime("Answered at", readonly=True, copy=False)
    cdr_end_date = fields.Datetime("Ended at", readonly=True, copy=False)
    cdr_total_seconds = fields.Integer(
        "Total time (seconds)",
        readonly=True,
        copy=False,
        help="From the first ring to hanging up.",
    )
    cdr_context = fields.Char("Dial context", readonly=True, copy=False)
    cdr_clid = fields.Char("Caller ID", readonly=True, copy=False)
    cdr_channel = fields.Char("Channel", readonly=True, copy=False)
    cdr_dst_channel = fields.Char("Destination channel", readonly=True, copy=False)
    cdr_account_code = fields.Char("Account code", readonly=True, copy=False)
    cdr_merged = fields.Boolean(
        "Logged by hand, completed from the PBX",
        readonly=True,
        copy=False,
        help="This call was logged by hand before the phone system's record "
        "arrived; the record completed it instead of creating a second call.",
    )
    finding_ids = fields.One2many(
        "phone.finding",
        "call_id",
        "Findings",
        groups=OFFICER_GROUP,
    )
    finding_count = fields.Integer(
        "Number of findings",
        compute="_compute_finding_count",
        groups=OFFICER_GROUP,
    )

    _sql_constraints = [
        (
            "cdr_key_uniq",
            "unique(system_id, cdr_key)",
            "This phone system record was already imported.",
        ),
        (
            "cdr_hash_uniq",
            "unique(system_id, cdr_hash)",
            "This phone system record was already imported.",
        ),
        (
            "archive_sequence_uniq",
            "unique(company_id, archive_sequence)",
            "Two archived calls cannot share a place in the integrity chain.",
        ),
    ]

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        counts = dict(
            self.env["phone.finding"]._read_group(
                [("call_id", "in", self.ids)], ["call_id"], ["__count"]
            )
        )
        for call in self:
            call.finding_count = counts.get(call, 0)

    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_finding_action"
        )
        action["domain"] = [("call_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Archive (policy §5.2)
    # ------------------------------------------------------------------
    legal_hold_reason = fields.Selection(
        [
            ("legal", "Legal matter"),
            ("decision", "Important business decision"),
        ],
        "Legal hold",
        tracking=True,
        copy=False,
        help="A call that bears on a legal matter or an important business "
        "decision is kept without limit, whatever its category's retention.",
    )
    legal_hold = fields.Boolean(
        "On legal hold", compute="_compute_legal_hold", store=True
    )
    archive_id = fields.Many2one(
        "phone.archive",
        "Archive",
        readonly=True,
        copy=False,
        index="btree_not_null",
        # the ORM refuses to delete a filed archive; emptying this hashed
        # field in SQL shows as altered content in the integrity check
        ondelete="set null",
        check_company=True,
    )
    archive_sequence = fields.Integer(
        "Chain number",
        readonly=True,
        copy=False,
        aggregator=None,
        help="Position of the call in the company's chain of archived calls.",
    )
    archive_hash = fields.Char(
        "Integrity hash",
        readonly=True,
        copy=False,
        help="SHA-256 over the previous call's hash and this call's content, "
        "computed when the call was archived.",
    )
    archived_date = fields.Datetime(
        related="archive_id.archived_date", string="Archived on"
    )
    archive_access_request_ids = fields.Many2many(
        "phone.archive.access.request",
        "phone_archive_access_request_phone_call_rel",
        "phone_call_id",
        "phone_archive_access_request_id",
        string="Archive access requests",
        groups=MANAGER_GROUP,
        copy=False,
    )
    archive_access_granted = fields.Boolean(
        "Archive access granted",
        compute="_compute_archive_access_granted",
        search="_search_archive_access_granted",
        help="Managers read archived calls; other people need an approved "
        "access request whose window is open.",
    )

    @api.depends("legal_hold_reason")
    def _compute_legal_hold(self):
        for call in self:
            call.legal_hold = bool(call.legal_hold_reason)

    @api.depends_context("uid")
    def _compute_archive_access_granted(self):
        # evaluated in memory by access checks (filtered_domain): no query
        # unless some of the calls are archived and the user no manager
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        archived = self.browse() if is_manager else self.filtered("archive_id")
        granted = self.browse()
        if archived:
            granted = (
                # sudo: applies the user's own grants (uid kept), not record rules
                archived.sudo()
                .with_context(active_test=False)
                .search(
                    [("id", "in", archived.ids), ("archive_access_granted", "=", True)]
                )
            )
        for call in self:
            call.archive_access_granted = is_manager or call in granted

    def _search_archive_access_granted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on archive access."))
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            domain = expression.TRUE_DOMAIN
        else:
            # subqueries of the main query: no extra round trip per search
            grant = self.env["phone.archive.access.request"]._open_grant_domain(user)
            domain = expression.OR(
                [
                    # a grant on an archive covers its non-confidential calls;
                    # confidential calls must be named one by one
                    [
                        ("archive_id.access_request_ids", "any", grant),
                        ("confidentiality", "=", "normal"),
                    ],
                    [("archive_access_request_ids", "any", grant)],
                ]
            )
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------------
    # Guards: an archived call is unalterable (policy §5.2: nobody may copy,
    # alter or destroy archived content)
    # ------------------------------------------------------------------
    def _archived_calls(self):
        # no prefetch: a sudo read would put the calls' content in the cache,
        # where a later read as the user (an export, a report) finds it
        # without any access check
        # sudo: the archive's guard holds whatever the user may read
        return self.sudo().with_context(prefetch_fields=False).filtered("archive_id")

    def _check_access_before_guard(self, operation):
        """Who may not read these calls hears what a wrong id would say (the
        access error of ``operation``), never that they are archived: the
        archive's guards answer only those who may read the calls
        (SECURITY.md, class 5). Every call is checked, live ones too: the
        tracking of a write reads the old values first, and would answer
        with the read access error (it only did not while the guard's sudo
        read had put them in the cache)."""
        if self.env.su:
            return
        if self._filtered_access("read") != self:
            self.check_access(operation)

    def _raise_if_archived(self, message, sealed=None):
        """Refuse, with ``message`` (placeholders %(calls)s, %(archive)s),
        if some of these calls are archived, outside the archive workflow."""
        if in_archive_workflow():
            return
        sealed = self._archived_calls() if sealed is None else sealed
        if sealed:
            raise UserError(
                message
                % {
                    "calls": ", ".join(sealed[:5].mapped("name")),
                    "archive": sealed[:1].archive_id.name,
                }
            )

    @api.model
    def _raise_if_any_archived(self, call_ids, message):
        """Same, for calls given by ids that may not exist any more (the
        documents of attachments, activities, messages): one query."""
        if call_ids and not in_archive_workflow():
            sealed = (
                # sudo: the archive's guard holds whatever the user may read
                self.sudo()
                .with_context(active_test=False)
                .search([("id", "in", list(call_ids)), ("archive_id", "!=", False)])
            )
            self._raise_if_archived(message, sealed)

    @api.model
    def _raise_if_documents_archived(self, documents, message):
        """Same, for what hangs on calls (attachments, activities,
        messages: ``res_model`` or ``model``, and ``res_id``): the files,
        to-dos and notes of an archived call are sealed with it."""
        model_field = "model" if documents._name == "mail.message" else "res_model"
        call_ids = {
            document.res_id
            # sudo: the freeze of archived calls holds whatever the user may read
            for document in documents.sudo()
            if document[model_field] == self._name and document.res_id
        }
        self._raise_if_any_archived(call_ids, message)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self._raise_if_archived(
            _(
                "%(calls)s are archived in %(archive)s and cannot be deleted; "
                "they are disposed of at the end of their retention period."
            )
        )

    def unlink(self):
        # mail.thread deletes the notes (as superuser) before Odoo checks the
        # access: the access check must answer first here too
        self._check_access_before_guard("unlink")
        return super().unlink()

    def copy(self, default=None):
        self._check_access_before_guard("read")
        self._raise_if_archived(
            _("%(calls)s are archived in %(archive)s and cannot be copied.")
        )
        return super().copy(default=default)

    def _message_update_content(self, message, body, *args, **kwargs):
        self._raise_if_archived(
            _(
                "%(calls)s are archived in %(archive)s: their notes cannot be "
                "edited or deleted. Add a signed correction note instead."
            )
        )
        return super()._message_update_content(message, body, *args, **kwargs)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if not self.env.su and set(fnames) - {"id", "display_name"}:
            self._log_archive_access()
        return result

    def _log_archive_access(self):
        """Log a read of archived calls made under an approved access request
        (who, what, when, purpose). Managers read archives by right."""
        # the records read, also when read through a new record (onchange)
        sealed = self._origin._archived_calls()
        if not sealed or self.env.user.has_group(MANAGER_GROUP):
            return
        # one line per call and user per transaction, whichever ways it was read
        logged = self.env.cr.postcommit.data.setdefault(
            "phone_policy.archive_logged", set()
        )
        sealed = sealed.filtered(lambda call: (self.env.uid, call.id) not in logged)
        if not sealed:
            return
        requests = self.env["phone.archive.access.request"]._open_grants(self.env.user)
        remaining = sealed
        log_vals = []
        for request in requests.sorted("granted_to"):
            covered = remaining.filtered(
                lambda call, request=request: (
                    call in request.call_ids
                    or (
                        call.archive_id in request.archive_ids
                        and call.confidentiality == "normal"
                    )
                )
            )
            if covered:
                log_vals.append(
                    {
                        "request_id": request.id,
                        "user_id": self.env.uid,
                        "call_ids": [fields.Command.set(covered.ids)],
                        "call_references": ", ".join(covered.mapped("name")),
                        "call_count": len(covered),
                    }
                )
                remaining -= covered
        if log_vals:
            # sudo: the log is written by the system, never by its subject
            self.env["phone.archive.access.log"].sudo().create(log_vals)
            logged.update((self.env.uid, call.id) for call in sealed - remaining)

    # ------------------------------------------------------------------
    # Signed corrections
    # ------------------------------------------------------------------
    def action_add_correction_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add a correction note"),
            "res_model": "phone.call.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def _check_correctable(self):
        """Correction notes are for archived calls: the others are edited
        by who may edit them (the note is posted as superuser)."""
        # sudo: whether archived, whatever the user may read of the archive
        if self.sudo().filtered(lambda call: not call.archive_id):
            raise UserError(
                _("Only an archived call gets correction notes: edit the call.")
            )

    def _post_correction_note(self, note):
        """Append a correction to an archived call: a note signed by the
        current user (name, time, fingerprint), never an edit."""
        self.ensure_one()
        self.check_access("read")
        self._check_correctable()
        if not (note or "").strip():
            raise UserError(_("Write the correction first."))
        user = self.env.user
        now = fields.Datetime.now()
        fingerprint = sha256(
            "|".join([self.archive_hash or "", str(user.id), str(now), note]).encode()
        ).hexdigest()
        body = Markup(
            "<p><strong>%(title)s</strong></p>%(note)s"
            '<p class="text-muted small">%(signature)s</p>'
        ) % {
            "title": _("Correction note"),
            "note": plaintext2html(note),
            "signature": _(
                "Signed by %(name)s (%(login)s) on %(date)s UTC; record hash "
                "%(hash)s; fingerprint %(fingerprint)s",
                name=user.name,
                login=user.login,
                date=fields.Datetime.to_string(now),
                hash=self.archive_hash or "-",
                fingerprint=fingerprint,
            ),
        }
        # sudo: a reader appends a signed correction without write access
        return self.sudo().message_post(
            body=body,
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Integrity chain (as account.move: _get_integrity_hash_fields,
    # _calculate_hashes)
    # ------------------------------------------------------------------
    @api.model
    def _get_integrity_hash_fields(self, version=HASH_VERSION):
        """Hashed fields, by version: the facts recorded about the call and
        its place in the archive. Fields computed from other records (the
        user behind the employee, the contact's time zone) are left out as
        they may legitimately change. A new field means a new version."""
        if version == 1:
            return sorted(
                [
                    "name",
                    "company_id",
                    "direction",
                    "nature",
                    "source",
                    "employee_id",
                    "department_id",
                    "partner_id",
                    "counterpart_employee_id",
                    "counterpart_name",
                    "counterpart_organization",
                    "phone",
                    "date_start",
                    "ring_seconds",
                    "ring_limit_seconds",
                    "answered",
                    "duration",
                    "subject",
                    "key_points",
                    "importance",
                    "confidentiality",
                    "category_id",
                    "responsible_user_id",
                    "greeting_given",
                    "closing_given",
                    "apology_given",
                    "callback_datetime",
                    "callback_done_datetime",
                    "legal_hold_reason",
                    "archive_id",
                    "archive_sequence",
                ]
            )
        raise NotImplementedError(f"hash version {version} does not exist")

    @api.model
    def _archive_canonical_sql(self, version=HASH_VERSION, overrides=None):
        """SQL of the canonical form of a call (alias ``c``) for a hash
        version: the text of ``ROW(...)`` over its hashed fields in name
        order; dates as explicit ISO text, whatever the server's DateStyle.
        ``overrides`` gives SQL to use instead of some columns (the values
        a call is about to receive when it is sealed)."""
        overrides = overrides or {}
        columns = []
        for fname in self._get_integrity_hash_fields(version):
            field = self._fields[fname]
            column = overrides.get(fname) or SQL.identifier("c", fname)
            if field.type == "datetime":
                columns.append(SQL("to_char(%s, 'YYYY-MM-DD HH24:MI:SS.US')", column))
            elif field.type == "date":
                columns.append(SQL("to_char(%s, 'YYYY-MM-DD')", column))
            else:
                columns.append(column)
        return SQL("ROW(%s)::text", SQL(", ").join(columns))

    @api.model
    def _archive_digest_sql(self, version=HASH_VERSION, overrides=None):
        """SHA-256 hex digest of the canonical form, computed by the
        database (see utils/archive.py)."""
        return SQL(
            "encode(sha256(convert_to(%s, 'UTF8')), 'hex')",
            self._archive_canonical_sql(version, overrides),
        )

    @api.model
    def _archive_chain_columns(self):
        """(id, chain number, stored hash, reference, SHA-256 hex digest of
        the canonical form for each hash version from 1 to the latest)."""
        return SQL(
            "c.id, c.archive_sequence, c.archive_hash, c.name, %s",
            SQL(", ").join(
                self._archive_digest_sql(version)
                for version in range(1, HASH_VERSION + 1)
            ),
        )

    @api.model
    def _archive_chain_rows(self, where, batch_size):
        """Stream the ``_archive_chain_columns`` of the archived calls
        matching ``where`` (an SQL condition on alias ``c``), in chain
        order, ``batch_size`` rows at a time from a server-side cursor.
        Yields lists of rows."""
        self.env["phone.call"].flush_model()
        name = SQL.identifier(f"phone_archive_chain_{next(_cursor_names)}")
        self.env.cr.execute(
            SQL(
                "DECLARE %s NO SCROLL CURSOR FOR "
                "SELECT %s FROM phone_call c WHERE %s ORDER BY c.archive_sequence",
                name,
                self._archive_chain_columns(),
                where,
            )
        )
        try:
            while True:
                self.env.cr.execute(SQL("FETCH %s FROM %s", batch_size, name))
                rows = self.env.cr.fetchall()
                if not rows:
                    break
                yield rows
        finally:
            self.env.cr.execute(SQL("CLOSE %s", name))

    @api.model
    def _check_no_archived_reference(self, records, fnames):
        """Refuse to delete ``records`` while archived calls point at them
        through ``fnames``: the database would empty those fields and alter
        sealed content."""
        if not records or in_archive_workflow():
            return
        domain = expression.OR([[(fname, "in", records.ids)] for fname in fnames])
        # sudo: the archive's protection holds whatever the user may read
        calls = self.sudo().search(
            expression.AND([domain, [("archive_id", "!=", False)]]), limit=1
        )
        if calls:
            # no call named: the refusal must not show a sealed call's reference
            raise UserError(
                _(
                    "%(records)s cannot be deleted: archived call records refer "
                    "to it. Archive it instead.",
                    records=", ".join(records[:3].mapped("display_name")),
                )
            )
