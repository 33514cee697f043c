# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live calls: the phone system reports each call's ringing, answer and
hangup as they happen (see ``controllers/live.py``). The first event creates
an ordinary call (source "live"); the events set its start, its ring time as
measured and its duration; the employee whose extension rings sees who is
calling (the screen-pop, ``static/src/live_call``) and logs the call in one
click. The call-detail record of the same call later completes that call
(``cdr/engine.py``), never a second one."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..cdr.live import LiveEventRefused, LiveMatcher
from .phone_guard import in_phone_workflow

# event -> the field of its time
EVENT_FIELDS = {
    "ringing": "live_ringing_date",
    "answered": "live_answered_date",
    "hangup": "live_ended_date",
}
# the phone system's facts of a live call: set by its events only
LIVE_FNAMES = frozenset(
    {
        "live_call_key",
        "live_state",
        "live_ringing_date",
        "live_answered_date",
        "live_ended_date",
        "live_caller",
        "live_called",
    }
)
MEASURED_FNAMES = frozenset(
    {"direction", "date_start", "answered", "ring_seconds", "duration"}
)
BUS_TYPE = "phone_policy/live_call"
POPUP_LIMIT = 5


class PhoneCall(models.Model):
    _inherit = "phone.call"

    source = fields.Selection(
        selection_add=[("live", "Live call (phone system events)")],
        ondelete={"live": "set default"},
    )
    live_call_key = fields.Char(
        "PBX call id",
        readonly=True,
        copy=False,
        help="The phone system's id of the call in its live events; the same "
        "id in its call-detail record completes this call (Asterisk: the "
        "UNIQUEID of the caller's channel).",
    )
    live_state = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("answered", "In conversation"),
            ("ended", "Ended"),
        ],
        "Live status",
        readonly=True,
        copy=False,
    )
    live_ringing_date = fields.Datetime("Rang at", readonly=True, copy=False)
    live_answered_date = fields.Datetime("Picked up at", readonly=True, copy=False)
    live_ended_date = fields.Datetime("Hung up at", readonly=True, copy=False)
    live_caller = fields.Char("Calling number (live)", readonly=True, copy=False)
    live_called = fields.Char("Called number (live)", readonly=True, copy=False)
    ring_measured = fields.Boolean(
        "Ring time measured",
        compute="_compute_ring_measured",
        help="The ring time was measured by the phone system, not typed in.",
    )

    _sql_constraints = [
        (
            "live_call_key_uniq",
            "unique(system_id, live_call_key)",
            "The phone system already reported this call.",
        ),
    ]

    @api.depends("source", "live_ringing_date", "live_answered_date", "cdr_key")
    def _compute_ring_measured(self):
        for call in self:
            call.ring_measured = bool(
                call.cdr_key
                or (call.live_ringing_date and call.live_answered_date)
                or (call.live_ringing_date and call.live_ended_date)
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self._live_guarded():
            for vals in vals_list:
                self._live_check_fields(vals, vals.get("source") == "live")
            defaults = [
                key
                for key in self.env.context
                if key.startswith("default_")
                and (key[8:] in LIVE_FNAMES or key == "default_source")
            ]
            if defaults:
                context = {
                    key: value
                    for key, value in self.env.context.items()
                    if key not in defaults
                }
                self = self.with_env(self.env(context=context))
        return super().create(vals_list)

    def write(self, vals):
        if vals and self._live_guarded():
            live = any(call.source == "live" or call.live_call_key for call in self)
            self._live_check_fields(vals, live)
        if vals.get("cdr_key") and self and all(self.mapped("live_call_key")):
            # the call-detail record completes the live call: it is over
            vals = dict(vals, live_state="ended")
        return super().write(vals)

    # ------------------------------------------------------------------
    # guard: the phone system's facts come from its events only
    # ------------------------------------------------------------------
    def _live_guarded(self):
        return not self.env.su and not in_phone_workflow()

    def _live_check_fields(self, vals, live):
        refused = set(LIVE_FNAMES & set(vals))
        if vals.get("source") == "live":
            refused.add("source")
        if live:
            refused |= MEASURED_FNAMES & set(vals)
        if refused:
            raise AccessError(
                _(
                    "%(fields)s of a live call are reported by the phone "
                    "system, not typed in.",
                    fields=", ".join(
                        sorted(self._fields[name].string for name in refused)
                    ),
                )
            )

    # ------------------------------------------------------------------
    # events (called by controllers/live.py as the superuser, inside
    # phone_workflow())
    # ------------------------------------------------------------------
    @api.model
    def _live_receive(self, system, event):
        """Apply one checked event (``cdr.live.LiveEvent``) of ``system``.
        Idempotent per (system, call id, event): an event already received
        raises :class:`LiveEventRefused` (409) and changes nothing. Returns
        the call."""
        env = self.env
        time_fname = EVENT_FIELDS[event.event]
        call = self.search(
            [
                ("system_id", "=", system.id),
                "|",
                ("live_call_key", "=", event.key),
                ("cdr_key", "=", event.key),
            ],
            limit=1,
        )
        if call.cdr_key:
            raise LiveEventRefused(
                409,
                "completed",
                env._(
                    "The phone system's record of call %(call)s already completed it.",
                    call=event.key,
                ),
            )
        if call[time_fname]:
            raise LiveEventRefused(
                409,
                "duplicate",
                env._(
                    "The %(event)s event of call %(call)s was already received.",
                    event=event.event,
                    call=event.key,
                ),
            )
        times = {fname: call[fname] for fname in EVENT_FIELDS.values()}
        times[time_fname] = event.moment
        self._live_check_chronology(times, event)
        before = call.live_state
        if not call:
            call = self._live_create(system, event)
        call.write(self._live_facts(times))
        if event.event != "ringing":
            # the findings judge the call again, now that it changed
            self.env["phone.finding.check"].search([("call_id", "=", call.id)]).unlink()
        call._live_notify(event.event, before)
        return call

    @api.model
    def _live_create(self, system, event):
        values = LiveMatcher(system).parties(event.caller, event.called)
        if values is None:
            raise LiveEventRefused(
                422,
                "unknown_extension",
                self.env._(
                    "Neither %(caller)s nor %(called)s is the extension of an "
                    "open account on %(system)s.",
                    caller=event.caller,
                    called=event.called,
                    system=system.name,
                ),
            )
        values.update(
            {
                "company_id": system.company_id.id,
                "system_id": system.id,
                "source": "live",
                "nature": "work",
                "live_call_key": event.key,
                "live_caller": event.caller,
                "live_called": event.called,
                "date_start": event.moment,
                "answered": False,
                "ring_seconds": 0,
                "duration": 0,
            }
        )
        if not values["partner_id"] and event.caller_name:
            values["counterpart_name"] = event.caller_name
        return self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(values)

    @api.model
    def _live_check_chronology(self, times, event):
        ringing, answered, ended = (
            times["live_ringing_date"],
            times["live_answered_date"],
            times["live_ended_date"],
        )
        for before, after in ((ringing, answered), (answered, ended), (ringing, ended)):
            if before and after and after < before:
                raise LiveEventRefused(
                    422,
                    "chronology",
                    self.env._(
                        "The %(event)s event of call %(call)s is dated %(time)s "
                        "UTC, out of order with the call's other events.",
                        event=event.event,
                        call=event.key,
                        time=event.moment.isoformat(" "),
                    ),
                )

    @api.model
    def _live_facts(self, times):
        """The call's facts from the times of its events received so far,
        by the import engine's rule: ring time until the answer, or the
        whole call when nobody answered."""
        ringing, answered, ended = (
            times["live_ringing_date"],
            times["live_answered_date"],
            times["live_ended_date"],
        )
        start = ringing or answered or ended
        facts = dict(times)
        facts.update(
            date_start=start,
            answered=bool(answered),
            live_state="ended" if ended else "answered" if answered else "ringing",
            ring_seconds=0,
            duration=0,
        )
        if answered:
            facts["ring_seconds"] = int((answered - start).total_seconds())
            if ended:
                facts["duration"] = int((ended - answered).total_seconds())
        elif ended:
            facts["ring_seconds"] = int((ended - start).total_seconds())
        return facts

    # ------------------------------------------------------------------
    # screen-pop
    # ------------------------------------------------------------------
    def _live_callee(self):
        """The user whose extension rings: the employee of an inbound or
        internal call."""
        self.ensure_one()
        if self.direction == "outbound":
            return self.env["res.users"]
        return self.employee_id.user_id

    def _live_notify(self, event, before):
        """Tell the callee's web client (their partner's bus channel only):
        the call rings, was picked up, ended, or was missed."""
        self.ensure_one()
        user = self._live_callee()
        if not user or not user.active:
            return
        if event == "ringing":
            if self.live_state != "ringing":
                return  # its answer or hangup arrived first
            kind = "ringing"
        elif self.live_state == "ended" and not self.answered:
            kind = "missed"
        elif before in ("ringing", "answered") or event == "answered":
            kind = self.live_state
        else:
            return
        payload = self.with_user(user).with_context(lang=user.lang)._live_popup(kind)
        user.partner_id._bus_send(BUS_TYPE, payload)

    def _live_popup(self, kind):
        """What the callee's screen shows, read with the callee's own
        rights (``self`` is in their environment): who is calling, the last
        calls with them and the open to-dos and call-backs the callee may
        read."""
        self.ensure_one()
        call = self.sudo(False)
        payload = {
            "call_id": call.id,
            "kind": kind,
            "reference": call.name,
            "direction": call.direction,
            "number": call.phone or call.live_caller or False,
            "name": call.counterpart_name or False,
            "organization": call.counterpart_organization or False,
            "contact": False,
            "can_create_contact": False,
            "last_calls": [],
            "todos": [],
        }
        if kind in ("answered", "ended"):
            return payload
        partner = call.partner_id
        if partner and partner.has_access("read"):
            commercial = partner.commercial_partner_id
            payload["contact"] = {
                "id": partner.id,
                "name": partner.name,
                "company": commercial.name if commercial != partner else False,
            }
        elif call.direction == "inbound":
            payload["can_create_contact"] = self.env["res.partner"].has_access("create")
        if kind == "missed":
            return payload
        domain = False
        if partner:
            domain = [("partner_id", "child_of", partner.commercial_partner_id.id)]
        elif call.phone:
            domain = [("phone", "=", call.phone)]
        if domain:
            earlier = call.search_read(
                [*domain, ("id", "!=", call.id)],
                ["name", "date_start", "direction", "subject", "employee_id"],
                limit=POPUP_LIMIT,
                order="date_start desc, id desc",
            )
            payload["last_calls"] = [
                {
                    "id": row["id"],
                    "reference": row["name"],
                    "date": fields.Datetime.to_string(row["date_start"]),
                    "direction": row["direction"],
                    "subject": row["subject"] or False,
                    "employee": row["employee_id"] and row["employee_id"][1],
                }
                for row in earlier
            ]
            payload["todos"] = call._live_open_todos(
                [row["id"] for row in earlier], partner
            )
        return payload

    def _live_open_todos(self, call_ids, partner):
        """Open activities (call-backs, to-dos) on the earlier calls and on
        the contact, as far as the callee may read them."""
        domain = [("res_model", "=", "phone.call"), ("res_id", "in", call_ids)]
        if partner:
            domain = [
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                "&",
                *domain,
            ]
        activities = self.env["mail.activity"].search_read(
            domain,
            ["summary", "activity_type_id", "date_deadline", "user_id", "res_name"],
            limit=POPUP_LIMIT,
            order="date_deadline, id",
        )
        return [
            {
                "id": row["id"],
                "summary": row["summary"]
                or (row["activity_type_id"] and row["activity_type_id"][1])
                or "",
                "deadline": fields.Date.to_string(row["date_deadline"]),
                "user": row["user_id"] and row["user_id"][1],
                "document": row["res_name"] or "",
            }
            for row in activities
        ]
