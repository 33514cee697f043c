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
from odoo.tools import SQL
from odoo.tools.misc import clean_context

from ..cdr.live import LiveEventRefused, LiveMatcher
from ..utils import call_rules
from ..utils.orm_cache import cache_columns, column_sql
from ..utils.reference import next_reference
from .phone_call import COMPLETE_DEPENDS
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
# what an event reads of its call: the times, the facts it may change, and
# what the screen-pop message says
STATE_FNAMES = (
    "live_ringing_date",
    "live_answered_date",
    "live_ended_date",
    "live_state",
    "date_start",
    "answered",
    "ring_seconds",
    "duration",
    "direction",
    "user_id",
    "name",
    "phone",
    "live_caller",
    "counterpart_name",
    "counterpart_organization",
)
COMPANY_FNAMES = [
    "partner_id",
    "phone_long_call_minutes",
    "phone_ring_count",
    "phone_ring_seconds",
    "phone_quiet_weekends",
    "phone_quiet_meal_from",
    "phone_quiet_meal_to",
    "phone_quiet_night_from",
    "phone_quiet_night_to",
]
# what writing an event's facts reads of the call (the archive's guard,
# the computes of the answer, the long call, the ring time's source and
# whether the record is complete), not its wide record
CALL_WRITE_FNAMES = list(
    dict.fromkeys(
        [
            "archive_id",
            "company_id",
            "direction",
            "date_start",
            "answered",
            "ring_seconds",
            "ring_limit_seconds",
            "duration",
            "partner_id",
            "source",
            *COMPLETE_DEPENDS,
        ]
    )
)
BUS_TYPE = "phone_policy/live_call"


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

    @api.depends(
        "live_ringing_date", "live_answered_date", "live_ended_date", "cdr_key"
    )
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

    @api.model
    def _live_receive(self, system, event):
        """Apply one checked event (``cdr.live.LiveEvent``) of ``system``.
        Idempotent per (system, call id, event): an event already received
        raises :class:`LiveEventRefused` (409) and changes nothing. Returns
        the call's id and its state (``STATE_FNAMES``)."""
        env = self.env
        time_fname = EVENT_FIELDS[event.event]
        self.flush_model()
        self.env["res.users"].flush_model(["partner_id", "active"])
        env.cr.execute(
            SQL(
                "SELECT c.id, c.cdr_key, %s, "
                "CASE WHEN u.active THEN u.partner_id END AS callee_partner_id, %s "
                "FROM phone_call c LEFT JOIN res_users u ON u.id = c.user_id "
                "WHERE c.system_id = %s "
                "AND (c.live_call_key = %s OR c.cdr_key = %s) LIMIT 1",
                SQL(", ").join(SQL.identifier("c", name) for name in STATE_FNAMES),
                # and what writing the event's facts reads, for the cache
                column_sql("c", self, CALL_WRITE_FNAMES),
                system.id,
                event.key,
                event.key,
            )
        )
        row = env.cr.fetchone()
        if row:
            cache_columns(
                self.browse(row[0]),
                CALL_WRITE_FNAMES,
                row[-len(CALL_WRITE_FNAMES) :],
            )
            row = row[: -len(CALL_WRITE_FNAMES)]
        if row and row[1]:
            raise LiveEventRefused(
                409,
                "completed",
                env._(
                    "The phone system's record of call %(call)s already completed it.",
                    call=event.key,
                ),
            )
        state = (
            dict(zip((*STATE_FNAMES, "callee_partner_id"), row[2:], strict=True))
            if row
            else None
        )
        if state and state[time_fname]:
            raise LiveEventRefused(
                409,
                "duplicate",
                env._(
                    "The %(event)s event of call %(call)s was already received.",
                    event=event.event,
                    call=event.key,
                ),
            )
        times = {
            fname: state[fname] if state else None for fname in EVENT_FIELDS.values()
        }
        times[time_fname] = event.moment
        self._live_check_chronology(times, event)
        if state is None:
            call_id, state = self._live_insert(system, event)
        else:
            call_id = row[0]
        facts = self._live_facts(times)
        changed = {
            fname: value for fname, value in facts.items() if state[fname] != value
        }
        if changed:
            # the ORM derives the rest (late answer, long call, ...), reading
            # only these columns of the company
            system.company_id.fetch(COMPANY_FNAMES)
            call = self.browse(call_id)
            call.fetch(CALL_WRITE_FNAMES)
            call.write(changed)
            state.update(changed)
        if event.event != "ringing":
            # the findings judge the call again, now that it changed
            self.env["phone.finding.check"].flush_model()
            env.cr.execute(
                "DELETE FROM phone_finding_check WHERE call_id = %s", [call_id]
            )
            self.env["phone.finding.check"].invalidate_model()
        self._live_notify(call_id, state, event.event)
        return call_id, state

    @api.model
    def _live_insert(self, system, event):
        """Create the call of a first event: its row as ``create()`` would
        store it while the phone rings, in one INSERT, the ORM told after
        (as cdr/engine.py does). Returns its id and state."""
        env = self.env
        matcher = LiveMatcher(system, [event.caller, event.called])
        parties = matcher.parties(event.caller, event.called)
        if parties is None:
            raise LiveEventRefused(
                422,
                "unknown_extension",
                env._(
                    "Neither %(caller)s nor %(called)s is the extension of an "
                    "open account on %(system)s.",
                    caller=event.caller,
                    called=event.called,
                    system=system.name,
                ),
            )
        company = system.company_id
        # what the rules below read of the company (a wide record)
        company.fetch(COMPANY_FNAMES)
        partner_tz = parties.pop("partner_tz")
        callee_partner = parties.pop("callee_partner_id")
        if not parties["partner_id"] and parties["direction"] == "inbound":
            # the name the caller's phone gives, when no contact has the number
            parties["counterpart_name"] = event.caller_name
        quiet = parties["direction"] == "outbound" and bool(
            company._phone_quiet_period(event.moment, partner_tz or company._phone_tz())
        )
        now = env.cr.now()
        values = {
            **parties,
            "name": next_reference(self, company.id),
            "company_id": company.id,
            "system_id": system.id,
            "source": "live",
            "nature": "work",
            "importance": "normal",
            "confidentiality": "normal",
            "date_start": event.moment,
            "answered": False,
            "ring_seconds": 0,
            "duration": 0,
            "ring_limit_seconds": company._phone_ring_limit(),
            "answered_in_time": False,
            "late_answer": False,
            "is_long_call": False,
            "in_quiet_hours": quiet,
            "legal_hold": False,
            "live_call_key": event.key,
            "live_state": "ringing",
            "live_ringing_date": None,
            "live_answered_date": None,
            "live_ended_date": None,
            # the first event's own time; its facts follow in _live_receive
            EVENT_FIELDS[event.event]: event.moment,
            "live_caller": event.caller,
            "live_called": event.called,
            "create_uid": env.uid,
            "create_date": now,
            "write_uid": env.uid,
            "write_date": now,
        }
        if parties["direction"] == "internal":
            # the colleague's name and department: the ORM computes them
            del values["counterpart_name"], values["counterpart_organization"]
        defaults = self._live_defaults(values)
        values.update(defaults)
        if parties["direction"] != "internal":
            # the rules of the two computes, on the row as it is stored (as
            # the PBX import does): the row is not written a second time
            values["ring_source"] = call_rules.ring_source(
                values["source"], values["ring_seconds"]
            )
            values["is_complete"] = not call_rules.missing_record_parts(values)
        env.cr.execute(
            SQL(
                "INSERT INTO phone_call (%s) VALUES %s RETURNING id",
                SQL(", ").join(SQL.identifier(name) for name in values),
                tuple(
                    self._fields[name].convert_to_column_insert(value, self)
                    if name in defaults
                    else value
                    for name, value in values.items()
                ),
            )
        )
        call = self.browse(env.cr.fetchone()[0])
        filled = set(values)
        # the new row in the cache, as create() puts it there: the computes
        # below and the called-back stamp read it without fetching it again
        for field in self._fields.values():
            if field.type in ("one2many", "many2many"):
                env.cache.set(call, field, ())
            elif field.related and not field.column_type:
                env.cache.set(call, field, field.convert_to_cache(None, call))
            elif field.name in filled:
                env.cache.set(
                    call, field, field.convert_to_cache(values[field.name], call)
                )
        with env.protecting([self._fields[name] for name in filled], call):
            call.modified(list(filled), create=True)
            for field in self._fields.values():
                if field.store and field.compute and field.name not in filled:
                    env.add_to_compute(field, call)
        # the one "called back" rule, as for a call created by hand
        call._stamp_called_back()
        state = {name: values.get(name) for name in STATE_FNAMES}
        state["callee_partner_id"] = callee_partner
        if parties["direction"] == "internal":
            state["counterpart_name"] = call.counterpart_name
            state["counterpart_organization"] = call.counterpart_organization
        return call.id, state

    @api.model
    def _live_defaults(self, values):
        """The default values of the other stored fields, as ``create()``
        would give them (columns ready for an INSERT)."""
        names = [
            name
            for name, field in self._fields.items()
            if field.store
            and field.column_type
            and not field.compute
            and name not in values
            and name != "id"
        ]
        clean = self.with_env(self.env(context=clean_context(self.env.context)))
        defaults = clean.default_get(names)
        return {
            name: self._fields[name].convert_to_write(
                self._fields[name].convert_to_cache(value, self), self
            )
            for name, value in defaults.items()
        }

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
