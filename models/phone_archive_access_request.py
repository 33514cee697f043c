# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.groups import MANAGER_GROUP
from ..utils.limits import MAX_ACCESS_REFERENCES
from ..utils.sentences import lang_env


class PhoneArchiveAccessRequest(models.Model):
    """A request to read archived call records (policy §5.2.3): who, which
    archives or calls, why and for how long. A Manager approves it (possibly
    for a narrower window) or refuses it with a reason; the access holds only
    within the granted window and lapses by itself."""

    _name = "phone.archive.access.request"
    _description = "Archive Access Request"
    _inherit = ["phone.document.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # what the requester fills in while the request is a draft
    _REQUESTER_FIELDS = frozenset(
        {
            "company_id",
            "archive_ids",
            "call_references",
            "purpose",
            "date_from",
            "date_to",
        }
    )
    # what a Manager may adjust before deciding
    _DECIDER_FIELDS = frozenset({"granted_from", "granted_to", "decision_reason"})

    requester_id = fields.Many2one(
        "res.users",
        "Requested by",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    requester_department_id = fields.Many2one(
        "hr.department", "Department", compute="_compute_requester_department_id"
    )
    archive_ids = fields.Many2many(
        "phone.archive",
        "phone_archive_phone_archive_access_request_rel",
        "phone_archive_access_request_id",
        "phone_archive_id",
        string="Archives",
        check_company=True,
        domain="[('state', 'in', ('archived', 'expired', 'disposed'))]",
        help="The non-confidential calls of these archives.",
    )
    call_references = fields.Text(
        "Call references",
        help="References of individual archived calls (e.g. CALL/2026/000123), "
        "separated by commas or new lines. Confidential calls can only be "
        "requested this way.",
    )
    call_ids = fields.Many2many(
        "phone.call",
        "phone_archive_access_request_phone_call_rel",
        "phone_archive_access_request_id",
        "phone_call_id",
        string="Calls",
        readonly=True,
        copy=False,
        help="The archived calls named in the request.",
    )
    call_references_unknown = fields.Char(
        "References not found",
        compute="_compute_call_references_unknown",
        groups=MANAGER_GROUP,
        help="References of the request that name no archived call of the "
        "company. The requester is not told which.",
    )
    purpose = fields.Text(required=True, tracking=True)
    date_from = fields.Datetime(
        "Needed from", required=True, default=fields.Datetime.now, tracking=True
    )
    date_to = fields.Datetime(
        "Needed until",
        required=True,
        default=lambda self: fields.Datetime.now() + timedelta(days=7),
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    granted_from = fields.Datetime("Granted from", copy=False, tracking=True)
    granted_to = fields.Datetime("Granted until", copy=False, tracking=True)
    decision_user_id = fields.Many2one(
        "res.users", "Decided by", readonly=True, copy=False
    )
    decision_date = fields.Datetime("Decided on", readonly=True, copy=False)
    decision_reason = fields.Text("Reason of the decision", copy=False, tracking=True)
    access_open = fields.Boolean(
        "Access open now",
        compute="_compute_access_open",
        help="Approved and within the granted window.",
    )
    can_decide = fields.Boolean("May decide", compute="_compute_can_decide")
    log_ids = fields.One2many(
        "phone.archive.access.log", "request_id", "Access log", readonly=True
    )
    log_count = fields.Integer("Accesses", compute="_compute_log_count")

    def _compute_requester_department_id(self):
        for request in self:
            # public profile information: no sudo()
            employee = request.requester_id.with_company(
                request.company_id
            ).employee_ids.filtered(
                lambda e, request=request: e.company_id == request.company_id
            )[:1]
            request.requester_department_id = employee.department_id

    @api.depends("call_references", "call_ids", "state")
    def _compute_call_references_unknown(self):
        for request in self:
            if request.state == "draft":
                request.call_references_unknown = False
                continue
            names = set(request.call_ids.mapped("name"))
            unknown = [ref for ref in request._phone_references() if ref not in names]
            request.call_references_unknown = ", ".join(unknown) or False

    @api.depends_context("uid")
    def _compute_can_decide(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for request in self:
            request.can_decide = is_manager

    def _compute_access_open(self):
        now = fields.Datetime.now()
        for request in self:
            request.access_open = bool(
                request.state == "approved"
                and request.granted_from
                and request.granted_to
                and request.granted_from <= now < request.granted_to
            )

    def _compute_log_count(self):
        groups = self.env["phone.archive.access.log"]._read_group(
            [("request_id", "in", self.ids)], ["request_id"], ["__count"]
        )
        counts = {request.id: count for request, count in groups}
        for request in self:
            request.log_count = counts.get(request.id, 0)

    @api.constrains("date_from", "date_to", "granted_from", "granted_to")
    def _check_windows(self):
        for request in self:
            if request.date_to <= request.date_from:
                raise ValidationError(
                    _("The requested period must end after it starts.")
                )
            if (
                request.granted_from
                and request.granted_to
                and request.granted_to <= request.granted_from
            ):
                raise ValidationError(_("The granted window must end after it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for given in vals_list:
            # what the record gets: the values and the context's defaults
            vals = self._phone_caller_values(given)
            if not self.env.su and (
                set(vals) - self._REQUESTER_FIELDS - {"requester_id"}
                or (
                    vals.get("requester_id", self.env.uid) != self.env.uid
                    and not is_manager
                )
            ):
                raise AccessError(
                    _("A request is made in your own name and starts as a draft.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_write(vals)
        return super().write(vals)

    def _check_write(self, vals):
        fnames = set(vals) - {"message_main_attachment_id"}
        if not fnames:
            return
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        # who may not write a request hears what a wrong id would say
        self.check_access("write")
        for request in self:
            if request.state == "draft" and fnames <= self._REQUESTER_FIELDS:
                continue
            if (
                request.state == "submitted"
                and fnames <= self._DECIDER_FIELDS
                and is_manager
            ):
                continue
            raise UserError(
                _(
                    "%(request)s cannot be changed now: a request is edited "
                    "while it is a draft, and only its decision follows.",
                    request=request.name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        # unlink() checked the access first: the records are readable
        if any(r.state not in ("draft", "cancelled") for r in self):
            raise UserError(
                _("A submitted or decided access request is kept as evidence.")
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_submit(self):
        for request in self:
            request._check_requester()
            if request.state != "draft":
                raise UserError(_("Only a draft request can be submitted."))
            # references that name no archived call are kept for the
            # Manager who decides, not told to the requester: the answer is
            # the same whether a reference names a sealed call or nothing
            calls = request._resolve_call_references()
            if not request.archive_ids and not request._phone_references():
                raise UserError(_("Name at least one archive or archived call."))
            # sudo: the requester cannot read the archived calls they ask for
            request.sudo().write(
                {"state": "submitted", "call_ids": [fields.Command.set(calls.ids)]}
            )
            for manager in self.env["res.users"]._phone_group_users(
                MANAGER_GROUP, request.company_id
            ):
                # sudo: the Managers' activities on a request the requester submits
                request.sudo().activity_schedule(
                    "phone_policy.mail_activity_type_archive_access",
                    user_id=manager.id,
                    summary=lang_env(request, manager)._(
                        "Decide on the archive access request of %(user)s",
                        user=request.requester_id.name,
                    ),
                )
        return True

    def action_cancel(self):
        for request in self:
            request._check_requester()
            if request.state not in ("draft", "submitted"):
                raise UserError(_("Only an undecided request can be cancelled."))
            # sudo: the state follows the workflow; the requester's check is above
            request.sudo().write({"state": "cancelled"})
            # sudo: the Managers' activities go with the cancelled request
            request.sudo()._close_decision_activities()
        return True

    def action_approve(self):
        self._check_decider()
        now = fields.Datetime.now()
        for request in self:
            if request.state != "submitted":
                raise UserError(_("Only a submitted request can be approved."))
            granted_from = request.granted_from or request.date_from
            granted_to = request.granted_to or request.date_to
            if granted_to <= now:
                raise UserError(_("The granted window is already over."))
            # sudo: the state follows the workflow; the decider's check is above
            request.sudo().write(
                {
                    "state": "approved",
                    "granted_from": granted_from,
                    "granted_to": granted_to,
                    "decision_user_id": self.env.uid,
                    "decision_date": now,
                }
            )
            request._notify_decision()
        return True

    def action_refuse(self):
        self._check_decider()
        for request in self:
            if request.state != "submitted":
                raise UserError(_("Only a submitted request can be refused."))
            if not (request.decision_reason or "").strip():
                raise UserError(_("Give the reason of the refusal."))
            # sudo: the state follows the workflow; the decider's check is above
            request.sudo().write(
                {
                    "state": "refused",
                    "decision_user_id": self.env.uid,
                    "decision_date": fields.Datetime.now(),
                }
            )
            request._notify_decision()
        return True

    def action_view_calls(self):
        """Open the archived calls the request gives access to."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [
            "|",
            ("id", "in", self.call_ids.ids),
            "&",
            ("archive_id", "in", self.archive_ids.ids),
            ("confidentiality", "=", "normal"),
        ]
        action["context"] = {"create": False}
        return action

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_archive_access_log_action"
        )
        action["domain"] = [("request_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_requester(self):
        if self.requester_id != self.env.user and not self.env.user.has_group(
            MANAGER_GROUP
        ):
            raise AccessError(_("Only the requester acts on their own request."))

    def _check_decider(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a Phone Policy manager decides on access."))
        self.check_access("write")

    def _phone_references(self):
        """The call references the request names, in its order."""
        self.ensure_one()
        references = [
            ref for ref in re.split(r"[\s,;]+", self.call_references or "") if ref
        ]
        return list(dict.fromkeys(references))

    def _resolve_call_references(self):
        """The archived calls of the company named in ``call_references``;
        references that name none are left out, without a word."""
        self.ensure_one()
        references = self._phone_references()
        if not references:
            return self.env["phone.call"]
        if len(references) > MAX_ACCESS_REFERENCES:
            raise UserError(
                _(
                    "Name at most %(count)s calls in one request; ask for the "
                    "archive instead.",
                    count=MAX_ACCESS_REFERENCES,
                )
            )
        calls = (
            self.env["phone.call"]
            # sudo: only references are matched; nothing of the calls is shown
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("archive_id", "!=", False),
                    ("name", "in", references),
                ]
            )
        )
        return calls

    def _notify_decision(self):
        for request in self:
            # the deciding Manager may write the request and so its activities
            request._close_decision_activities()
            if request.state == "approved":
                body = _(
                    "Access approved by %(user)s from %(start)s to %(end)s (UTC).",
                    user=self.env.user.name,
                    start=fields.Datetime.to_string(request.granted_from),
                    end=fields.Datetime.to_string(request.granted_to),
                )
            else:
                body = _(
                    "Access refused by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=request.decision_reason,
                )
            request.message_post(
                body=body,
                partner_ids=request.requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _close_decision_activities(self):
        self.activity_unlink(["phone_policy.mail_activity_type_archive_access"])

    @api.model
    def _open_grant_domain(self, user):
        """Approved requests of ``user`` whose granted window is open now."""
        now = fields.Datetime.now()
        return [
            ("requester_id", "=", user.id),
            ("state", "=", "approved"),
            ("granted_from", "<=", now),
            ("granted_to", ">", now),
        ]

    @api.model
    def _open_grants(self, user):
        # ``user``'s own requests, which they may read: no sudo()
        return self.search(self._open_grant_domain(user))

    # ------------------------------------------------------------------
    # Cron entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_expire(self):
        """Revoke the requests whose granted window is over (the record
        rules already stop access at that moment; this shows it)."""
        # a cron: runs as the superuser, no sudo()
        expired = self.search(
            [("state", "=", "approved"), ("granted_to", "<=", fields.Datetime.now())]
        )
        expired.write({"state": "expired"})
        for request in expired:
            request.message_post(
                body=_("The granted window is over: access revoked."),
                partner_ids=request.requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return expired
