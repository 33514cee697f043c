# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The live call events endpoint: the phone system posts each call's
``ringing``, ``answered`` and ``hangup`` as they happen (README, "Live
calls"; ``tools/kamailio/live_calls.cfg`` does it for Kamailio)."""

import json
import logging
import urllib.parse
from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields, http
from odoo.http import request
from odoo.tools import SQL, mute_logger

from ..cdr.live import MAX_BODY_BYTES, LiveEvent, LiveEventRefused
from ..models.phone_call_live import COMPANY_FNAMES
from ..models.phone_guard import phone_workflow
from ..utils.orm_cache import cache_columns, column_sql
from .push_auth import PUSH_SYSTEM_FIELDS, push_system, read_body

_logger = logging.getLogger(__name__)

# a concurrent event of the same call may create it first: start again
ATTEMPTS = 3


class PhoneLiveController(http.Controller):
    @http.route(
        "/phone_policy/live/<int:system_id>/events",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def live_event(self, system_id, **kwargs):
        """One event of a call, as a JSON object (or a form): ``event``
        (ringing, answered, hangup), ``call_id``, ``caller``, ``called``,
        ``time`` (seconds since 1970 or ISO 8601) and optionally
        ``caller_name``.
        The phone system authenticates with its push key (``Authorization:
        Bearer``). Answers 200 with the call, or a 4xx with ``error`` (a
        stable code) and ``message``; a refused event changes nothing."""
        # superuser: the caller is a phone system, authenticated below by the
        # key of the one system named in the URL, not an Odoo user
        env = api.Environment(request.env.cr, SUPERUSER_ID, {})
        try:
            return self._receive(env, system_id)
        except LiveEventRefused as refusal:
            # never the key: only what the phone system's administrator needs
            _logger.warning(
                "Live call event refused (phone system %s, from %s): %s %s: %s",
                system_id,
                request.httprequest.remote_addr,
                refusal.status,
                refusal.code,
                refusal.message,
            )
            return request.make_json_response(
                {"error": refusal.code, "message": refusal.message},
                status=refusal.status,
            )

    def _receive(self, env, system_id):
        lang, tz = self._prefetch(env, system_id)
        system, refusal = push_system(env, system_id)
        if refusal:
            raise LiveEventRefused(
                401,
                "unauthorized",
                env._(
                    "The push key of this phone system is required "
                    "(Authorization: Bearer)."
                )
                if refusal == "missing"
                else env._("The push key is not valid for this phone system."),
            )
        # the company's language for the answers and its time zone for the
        # call references; no chatter tracking of the phone system's facts
        env = env(
            context={
                "lang": lang or "en_US",
                "tz": tz or "UTC",
                "allowed_company_ids": [system.company_id.id],
                "tracking_disable": True,
            }
        )
        system = system.with_env(env)
        body = read_body(MAX_BODY_BYTES)
        if body is None:
            if request.httprequest.content_length is None:
                raise LiveEventRefused(
                    411,
                    "length_required",
                    env._("Send the Content-Length of the request."),
                )
            raise LiveEventRefused(
                413,
                "too_large",
                env._(
                    "An event is at most %(limit)s bytes long.", limit=MAX_BODY_BYTES
                ),
            )
        payload = self._payload(body, env)
        event = LiveEvent.parse(
            payload,
            system.tz,
            fields.Datetime.now(),
            timedelta(minutes=system.live_max_age_minutes),
            env,
        )
        call_id, state = self._apply(env, system, event)
        return request.make_json_response(
            {
                "call": call_id,
                "reference": state["name"],
                "event": event.event,
                "state": state["live_state"],
            }
        )

    def _prefetch(self, env, system_id):
        """In one query, what every event reads first: the columns of the
        phone system that the push key check reads, those of its company
        that the call's rules read (put in the ORM's cache, where
        ``fetch()`` then finds them), and the language and time zone of the
        company (its partner's, a wide record). Returns (language, time
        zone), or (None, None) without such a system: the push key check
        then refuses the event as it would any other."""
        System, Company = env["phone.system"], env["res.company"]
        env.cr.execute(
            SQL(
                "SELECT %s, %s, p.lang, p.tz FROM phone_system s "
                "JOIN res_company c ON c.id = s.company_id "
                "JOIN res_partner p ON p.id = c.partner_id WHERE s.id = %s",
                column_sql("s", System, ["id", *PUSH_SYSTEM_FIELDS]),
                column_sql("c", Company, ["id", *COMPANY_FNAMES]),
                system_id,
            )
        )
        row = env.cr.fetchone()
        if row is None:
            return None, None
        system_values = row[: len(PUSH_SYSTEM_FIELDS) + 1]
        company_values = row[len(system_values) : -2]
        cache_columns(
            System.browse(system_values[0]), PUSH_SYSTEM_FIELDS, system_values[1:]
        )
        cache_columns(
            Company.browse(company_values[0]), COMPANY_FNAMES, company_values[1:]
        )
        return row[-2], row[-1]

    def _payload(self, body, env):
        """The event as a JSON object, or as a form (what Asterisk's CURL()
        posts): ``event=ringing&call_id=...``."""
        content_type = request.httprequest.mimetype
        if content_type == "application/x-www-form-urlencoded":
            # Odoo parsed it already (werkzeug reads a form's body)
            return request.httprequest.form.to_dict()
        if not content_type and not body.lstrip().startswith(b"{"):
            try:
                return dict(
                    urllib.parse.parse_qsl(
                        body.decode(), keep_blank_values=True, strict_parsing=True
                    )
                )
            except ValueError as error:  # also invalid UTF-8
                raise LiveEventRefused(
                    400,
                    "bad_form",
                    env._("Not a valid form: %(error)s", error=str(error)),
                ) from error
        try:
            return json.loads(body)
        except ValueError as error:  # also invalid UTF-8
            raise LiveEventRefused(
                400, "bad_json", env._("Not valid JSON: %(error)s", error=str(error))
            ) from error

    def _apply(self, env, system, event):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                # quiet: the phone system's facts are no chatter news (the
                # context's tracking_disable alone is dropped by the guard)
                with phone_workflow(quiet=True), mute_logger("odoo.sql_db"):
                    return env["phone.call"]._live_receive(system, event)
            except LiveEventRefused:
                # a refused event changes nothing: the transaction holds this
                # event only, so all of it goes (rather than a savepoint
                # around every event accepted)
                env.cr.rollback()
                env.reset()
                raise
            except psycopg2.errors.UniqueViolation:
                if attempt == ATTEMPTS:
                    raise
                # a concurrent event of the same call created it after this
                # transaction began: start again where it is visible
                env.cr.rollback()
                env.reset()
        raise AssertionError("unreachable")
