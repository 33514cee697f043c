# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Call-backs promised on a call (policy §2.2.5): when, by whom, whether
it is overdue, and the activity that reminds the responsible person; and
the one definition of "called back" (``_stamp_called_back``) that the
call, the findings, the compliance figures and the PBX import share."""

import logging
import threading
import time
from contextlib import nullcontext

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.sql_db import TestCursor
from odoo.tools import SQL

from ..utils.sentences import lang_env
from ..utils.settings import local_settings
from .phone_guard import phone_workflow

# the statements of _execute_beside are logged as the cursor logs its own
_sql_logger = logging.getLogger("odoo.sql_db")

# a later call to the same number or contact within this many days calls a
# missed call back (the finding rule then judges whether it was in time)
CALLBACK_WINDOW_DAYS = 30

# "missed": an inbound call nobody answered (table alias %(t)s)
MISSED_SQL = "{t}.direction = 'inbound' AND NOT COALESCE({t}.answered, FALSE)"
# "call-back overdue": promised for a time past and not done; the SQL form
# of _callback_overdue_domain() (the compliance view reads it)
CALLBACK_OVERDUE_SQL = (
    "{t}.callback_datetime < NOW() AT TIME ZONE 'UTC' "
    "AND {t}.callback_done_datetime IS NULL"
)

# The stamp: each missed call gets the time of the first later outbound
# call of the company to its number or its contact within the window.
# Both directions, so that the order in which calls are recorded (by hand,
# by the PBX, out of order, in other batches) does not matter: a new
# outbound call answers earlier missed calls, or answers them earlier than
# the call that stamped them; a new missed call may already be answered.
# Each branch probes an index per fresh call (LATERAL), so that a batch of
# the PBX import costs the same whatever the table holds and whatever the
# planner believes of it (its statistics lag during a large import). The
# window is written as a comparison of (key, date) pairs, which only an
# index on (key, date_start) can read as a range: with the dates compared
# alone, statistics that underrate the contact's calls had the planner
# walk the whole month of missed calls (phone_call_missed_idx) for each
# fresh call, 1.4 s a batch at 30,000 calls. The indexes:
# phone_call_missed_phone_idx (its condition written as the index declares
# it, phone_call_index_budget.py) and phone_call_outbound_phone_idx for the
# number, phone_call_partner_date_idx for the contact.
# a new outbound call o answers the missed calls m before it (open, or
# stamped by a later call) that share its {key}
_ANSWERS_EARLIER = """
    SELECT m.id, o.date_start AS called
      FROM fresh o CROSS JOIN LATERAL (
        SELECT m.id FROM phone_call m
         WHERE m.{key} = o.{key}
           AND (m.{key}, m.date_start) < (o.{key}, o.date_start)
           AND (m.{key}, m.date_start)
               >= (o.{key}, o.date_start - %(window)s::interval)
           AND {missed}
           AND (m.callback_done_datetime IS NULL
                OR m.callback_done_datetime > o.date_start)
           AND m.company_id = o.company_id AND m.archive_id IS NULL
         ORDER BY m.{key}, m.date_start
        OFFSET 0
      ) m
     WHERE o.direction = 'outbound' AND o.{key} IS NOT NULL"""
# a new missed call m is answered by the first later outbound call o that
# shares its {key}
_ANSWERED_LATER = """
    SELECT m.id, o.called
      FROM fresh m CROSS JOIN LATERAL (
        SELECT o.date_start AS called FROM phone_call o
         WHERE o.{key} = m.{key} AND {outbound}
           AND (o.{key}, o.date_start) > (m.{key}, m.date_start)
           AND (o.{key}, o.date_start)
               <= (m.{key}, m.date_start + %(window)s::interval)
           AND o.company_id = m.company_id
         ORDER BY o.{key}, o.date_start LIMIT 1
      ) o
     WHERE m.direction = 'inbound' AND (m.answered IS NULL OR NOT m.answered)
       AND m.{key} IS NOT NULL"""
# by number and by contact (the keys are constants)
# The number's branches state the conditions of its partial indexes as
# they declare them. The contact's outbound calls wrap their condition in
# IS TRUE (the same rows), which no index can read: else, with statistics
# that overrate a contact's calls, the planner read all inbound calls
# through the direction's index for each fresh call (91 s for 100k
# imported calls); they read phone_call_partner_date_idx. The contact's
# missed calls state the condition of their own partial index
# (phone_call_missed_partner_idx), written "answered IS NOT TRUE" (the
# same rows as _MISSED), which no other partial index declares: through
# the index of all the contact's calls, a probe read 5–11 calls of the
# month to find its missed ones (12 ms of a 55 ms stamp, 2 ms now).
_MISSED = "m.direction = 'inbound' AND (m.answered IS NULL OR NOT m.answered)"
_OUTBOUND = "o.direction = 'outbound'"
_KEYS = {
    "phone": {"missed": _MISSED, "outbound": _OUTBOUND},
    "partner_id": {
        "missed": "m.direction = 'inbound' AND m.answered IS NOT TRUE",
        "outbound": f"({_OUTBOUND}) IS TRUE",
    },
}


def _stamp_sql(branches, listed=True):
    """The stamp through ``branches`` (both, by number and by contact);
    without ``listed``, the fresh calls are every call between the bounds
    (ids that fill their range: a PBX import's batch)."""
    pairs = "\n    UNION ALL".join(
        branch.format(key=key, **conditions)
        for key, conditions in _KEYS.items()
        for branch in branches
    )
    listed = "id = ANY(string_to_array(%(ids)s, ',')::int[]) AND" if listed else ""
    return f"""
WITH fresh AS MATERIALIZED (
    SELECT id, company_id, direction, answered, phone, partner_id, date_start
      FROM phone_call
     WHERE {listed}
       -- the bounds let the primary key be read as a range: the calls of
       -- an import have neighbouring ids (else a batch of thousands of
       -- ids is planned as a scan of the whole table)
       id BETWEEN %(first)s AND %(last)s
), pairs AS ({pairs}
)
UPDATE phone_call c SET callback_done_datetime = p.called
  FROM (SELECT id, MIN(called) AS called FROM pairs GROUP BY id) p
 WHERE c.id = p.id AND c.archive_id IS NULL
   AND (c.callback_done_datetime IS NULL OR c.callback_done_datetime > p.called)
RETURNING c.id
"""


STAMP_CALLED_BACK_SQL = _stamp_sql((_ANSWERS_EARLIER, _ANSWERED_LATER))
# the calls of a PBX import's batch fill the range of their ids: checking
# each against the list of 5,000 ids cost 5 ms a batch
STAMP_RANGE_SQL = _stamp_sql((_ANSWERS_EARLIER, _ANSWERED_LATER), listed=False)
# A fresh call takes part in a branch only as what the branch's WHERE on
# the fresh rows says: a new outbound call, or a missed one (stamp_role()).
# When the ORM knows that of every fresh call, the stamp leaves out the
# branches that cannot find anything: planning the four of them costs the
# database server more than running them (a live call event, issue 19).
STAMP_SQL_BY_ROLES = {
    frozenset({"outbound"}): _stamp_sql((_ANSWERS_EARLIER,)),
    frozenset({"missed"}): _stamp_sql((_ANSWERED_LATER,)),
    frozenset({"outbound", "missed"}): STAMP_CALLED_BACK_SQL,
}


def stamp_role(direction, answered):
    """What a call is to the stamp: "outbound" (it may call missed calls
    back), "missed" (it may be called back) or None (neither): the Python
    form of the conditions on the fresh rows in ``_ANSWERS_EARLIER`` and
    ``_ANSWERED_LATER``."""
    if direction == "outbound":
        return "outbound"
    if direction == "inbound" and not answered:
        return "missed"
    return None


# from this many calls, the stamp's plan is pinned to index probes
STAMP_BULK = 100
# The pin. Each probe asks for the order of its own (number or contact,
# date) index, which no other index gives; with sorting, hashing and
# merging left to when nothing else can run, an index that serves a
# probe's other conditions (the direction's, a unique key led by the
# company, the date's) can only be read through a sort, and the fresh
# calls meet the table by nested loops on its primary key. Without it,
# statistics of a table never analysed had the first batch of an import
# read all inbound or outbound calls through phone_call__direction_index
# for each fresh call (6 of 6 first imports of make bench-cdr's data).
STAMP_PLAN_SETTINGS = {
    "enable_seqscan": "off",
    "enable_bitmapscan": "off",
    "enable_sort": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
}
# a change of these may call a missed call back
STAMP_TRIGGERS = {"direction", "answered", "phone", "partner_id", "date_start"}
# what the stamp reads
STAMP_FNAMES = [
    "company_id",
    "direction",
    "answered",
    "phone",
    "partner_id",
    "date_start",
    "callback_done_datetime",
    "archive_id",
]


class PhoneCall(models.Model):
    _inherit = "phone.call"

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

    def _callback_overdue_domain(self, now=None):
        """The one definition of an overdue call-back: promised for a time
        past, not done (the activity marked done, or a later call to the
        number: ``_stamp_called_back``). ``CALLBACK_OVERDUE_SQL`` is its
        SQL form."""
        return [
            ("callback_datetime", "<", now or fields.Datetime.now()),
            ("callback_done_datetime", "=", False),
        ]

    def _compute_callback_overdue(self):
        overdue = self.filtered_domain(self._search_callback_overdue("=", True))
        for call in self:
            call.callback_overdue = call in overdue

    def _search_callback_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue call-backs."))
        domain = self._callback_overdue_domain()
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        calls._stamp_called_back()
        return calls

    def write(self, vals):
        res = super().write(vals)
        if STAMP_TRIGGERS & set(vals):
            self._stamp_called_back()
        return res

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
                summary=lang_env(call, user)._(
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

    def _stamp_called_back(self, call_ids=None, meanwhile=nullcontext, beside=None):
        """The one definition of "called back" (policy §2.2.5): a missed
        call is called back when its call-back activity is done
        (``_mark_called_back``) or when the company records a later
        outbound call to the same number or contact within
        ``CALLBACK_WINDOW_DAYS``; ``callback_done_datetime`` then holds
        the first such call's time. Called for new or changed calls by
        ``create``/``write`` and by the PBX import (``cdr/engine.py``)
        with the ids it inserted (``meanwhile``: what Python does while the
        statement runs, e.g. read the next batch; ``beside``: what this
        thread does meanwhile, see ``_execute_beside``); returns the ids of
        the stamped calls."""
        ids = list(call_ids if call_ids is not None else self.ids)
        roles = self._stamp_roles(ids) if ids else set()
        if roles is not None and not roles:
            if beside is not None:
                beside()
            return []  # neither outbound nor missed: nothing to stamp
        self.env["phone.call"].flush_model(STAMP_FNAMES)
        first, last = min(ids), max(ids)
        params = {
            "first": first,
            "last": last,
            "window": f"{CALLBACK_WINDOW_DAYS} days",
        }
        if not roles and last - first + 1 == len(set(ids)):
            code = STAMP_RANGE_SQL  # every id of the range is one of ids
        else:
            code = (
                STAMP_SQL_BY_ROLES[frozenset(roles)] if roles else STAMP_CALLED_BACK_SQL
            )
            # one text, not an array of thousands of parameters
            params["ids"] = ",".join(map(str, ids))
        query = SQL(code, **params)
        if len(ids) < STAMP_BULK:
            self.env.cr.execute(query)
            rows = self.env.cr.fetchall()
        else:
            # many calls (a PBX import's batch, an upgrade): index probes
            # only, whatever the statistics say (see STAMP_CALLED_BACK_SQL
            # and STAMP_PLAN_SETTINGS)
            with local_settings(self.env.cr, **STAMP_PLAN_SETTINGS):
                with meanwhile():
                    if beside is not None:
                        rows = self._execute_beside(query, beside)
                        beside = None
                    else:
                        self.env.cr.execute(query)
                        rows = self.env.cr.fetchall()
        if beside is not None:
            beside()
        stamped = [row[0] for row in rows]
        if stamped:
            calls = self.env["phone.call"].browse(stamped)
            calls.invalidate_recordset(["callback_done_datetime"])
            calls.modified(["callback_done_datetime"])
        return stamped

    def _execute_beside(self, query, beside):
        """Run ``query`` in a thread of its own, on a cursor of its own of
        this transaction's connection, while this thread runs ``beside()``
        (the PBX import's bookkeeping of the batch it just stored: 7 ms a
        batch that PostgreSQL waited for). Should ``beside`` need the
        database, its query waits until ``query`` is done (one connection:
        psycopg2 runs its statements one after the other), on the
        transaction's own cursor, under the settings of ``query``. The
        statement is counted, logged and shown to the query hooks of this
        thread as the transaction's cursor does its own. Returns the rows of
        ``query``; raises its error first, else the error of ``beside``."""
        cr = self.env.cr
        outcome = {}

        def run():
            with cr._cnx.cursor() as own:
                try:
                    own.execute(query.code, query.params)
                    outcome["rows"] = own.fetchall()
                except BaseException as error:  # raised in the caller's thread
                    outcome["error"] = error

        start = time.time()
        thread = threading.Thread(target=run, name="phone-call-stamp")
        thread.start()
        try:
            beside()
        finally:
            thread.join()
            delay = time.time() - start
            # counted by the transaction's cursor (a test's cursor wraps it)
            counting = cr._cursor if isinstance(cr, TestCursor) else cr
            counting.sql_log_count += 1
            current = threading.current_thread()
            if hasattr(current, "query_count"):
                current.query_count += 1
                current.query_time += delay
            for hook in getattr(current, "query_hooks", ()):
                hook(cr, query.code, query.params, start, delay)
            if _sql_logger.isEnabledFor(logging.DEBUG):
                _sql_logger.debug(
                    "[%.3f ms] query: %s", 1000 * delay, cr._format(query)
                )
            if "error" in outcome:
                _sql_logger.error(
                    "bad query: %s\nERROR: %s", query.code, outcome["error"]
                )
                raise outcome["error"]
        return outcome["rows"]

    def _stamp_roles(self, ids):
        """The roles (``stamp_role()``) of the calls ``ids`` as the cache
        knows them (what the database holds once flushed), or None when it
        does not know them all (calls inserted in SQL by the PBX import:
        the stamp then takes every branch)."""
        env = self.env
        direction = self._fields["direction"]
        answered = self._fields["answered"]
        roles = set()
        for call in env["phone.call"].browse(ids):
            values = (
                env.cache.get(call, direction, None),
                env.cache.get(call, answered, None),
            )
            if (
                None in values
                or env.is_to_compute(direction, call)
                or env.is_to_compute(answered, call)
            ):
                return None
            role = stamp_role(*values)
            if role:
                roles.add(role)
        return roles
