# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live call events (ringing, answered, hangup) as the phone system posts
them: reading one event, and finding who is on the call.

The parties of a live call are matched by the import engine's own rules
(``cdr/engine.py``): what is one of our extensions, the E.164 form of a
number, which contact has it. :class:`LiveMatcher` reuses those methods of
:class:`~.engine.CdrImporter` for a single call, without an import record,
so that a call that rang live and its later call-detail record always agree.
"""

import math
import re
import zoneinfo
from datetime import datetime, timedelta, timezone

from .engine import CdrImporter

EVENTS = ("ringing", "answered", "hangup")
MAX_BODY_BYTES = 8 * 1024
MAX_KEY_CHARS = 128
MAX_NUMBER_CHARS = 64
MAX_NAME_CHARS = 128
# a number or extension as SIP user parts and dial strings write them
NUMBER = re.compile(r"^[0-9A-Za-z+*#._-]+$")
# later than this in the future is a clock error, not a call
FUTURE_TOLERANCE = timedelta(minutes=5)


class LiveEventRefused(Exception):
    """An event the endpoint refuses: the HTTP ``status``, a stable
    machine-readable ``code``, and a sentence for the phone system's log
    (in the language of the phone system's company)."""

    def __init__(self, status, code, message):
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message


class LiveEvent:
    """One event, checked: ``event``, ``key`` (the PBX's call id),
    ``caller``, ``called``, ``caller_name`` and ``moment`` (naive UTC,
    whole seconds)."""

    __slots__ = ("event", "key", "caller", "called", "caller_name", "moment")

    @classmethod
    def parse(cls, payload, tz_name, now, max_age, env):
        """Check a decoded JSON body; raise :class:`LiveEventRefused` with a
        sentence in the language of ``env``."""
        if not isinstance(payload, dict):
            raise LiveEventRefused(
                400, "bad_payload", env._("Send one event as a JSON object.")
            )
        self = cls()
        self.event = payload.get("event")
        if self.event not in EVENTS:
            raise LiveEventRefused(
                422,
                "bad_event",
                env._("The event must be one of %(events)s.", events=", ".join(EVENTS)),
            )
        self.key = cls._text(payload, "call_id", MAX_KEY_CHARS, env)
        self.caller = cls._number(payload, "caller", env)
        self.called = cls._number(payload, "called", env)
        self.caller_name = None
        if payload.get("caller_name") not in (None, ""):
            self.caller_name = cls._text(payload, "caller_name", MAX_NAME_CHARS, env)
        self.moment = cls._moment(payload.get("time"), tz_name, env)
        if self.moment > now + FUTURE_TOLERANCE or self.moment < now - max_age:
            raise LiveEventRefused(
                422,
                "stale",
                env._(
                    "The event's time %(time)s UTC is not within %(minutes)s "
                    "minutes of now: a replayed or delayed event is not a live "
                    "call (its call-detail record will bring it).",
                    time=self.moment.isoformat(" "),
                    minutes=int(max_age.total_seconds() // 60),
                ),
            )
        return self

    @staticmethod
    def _text(payload, name, limit, env):
        value = payload.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise LiveEventRefused(
                422,
                "missing",
                env._("The field %(field)s is missing or empty.", field=name),
            )
        value = value.strip()
        if len(value) > limit:
            raise LiveEventRefused(
                422,
                "too_long",
                env._(
                    "The field %(field)s is longer than %(limit)s characters.",
                    field=name,
                    limit=limit,
                ),
            )
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise LiveEventRefused(
                422,
                "bad_value",
                env._("The field %(field)s contains control characters.", field=name),
            )
        return value

    @classmethod
    def _number(cls, payload, name, env):
        value = cls._text(payload, name, MAX_NUMBER_CHARS, env)
        if not NUMBER.match(value):
            raise LiveEventRefused(
                422,
                "bad_value",
                env._(
                    "The field %(field)s is not a phone number or extension.",
                    field=name,
                ),
            )
        return value

    @staticmethod
    def _moment(value, tz_name, env):
        """Seconds since the epoch (a JSON number, or digits), or an ISO
        8601 date; without an offset, in the phone system's time zone."""
        moment = None
        if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value.strip()):
            value = float(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value) and 0 < value < 1e11:
                moment = datetime.fromtimestamp(value, timezone.utc)
        elif isinstance(value, str) and len(value) <= 40:
            try:
                moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is None:
                try:
                    zone = zoneinfo.ZoneInfo(tz_name or "UTC")
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    zone = timezone.utc
                moment = moment.replace(tzinfo=zone)
        if moment is None:
            raise LiveEventRefused(
                422,
                "bad_time",
                env._(
                    "The field time must be seconds since 1970 or an ISO 8601 "
                    "date, e.g. 2026-11-02T08:40:10+08:00."
                ),
            )
        return moment.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


class LiveMatcher(CdrImporter):
    """The matching part of the importer, for the parties of one live call
    of ``system`` (an environment that may read the system's accounts and
    the company's contacts). Only the phone system's open accounts say who
    has an extension now; the numbering plan is read only when a number is
    nobody's extension."""

    def __init__(self, system, numbers):  # pylint: disable=super-init-not-called
        env = system.env
        self.env = env
        self.cr = env.cr
        self.system = system
        self.company = system.company_id
        # the company's country is its partner's: the two columns the
        # matching reads, not the wide partner and country records
        env.cr.execute(
            "SELECT co.code, co.phone_code FROM res_company c "
            "JOIN res_partner p ON p.id = c.partner_id "
            "LEFT JOIN res_country co ON co.id = p.country_id WHERE c.id = %s",
            [self.company.id],
        )
        code, phone_code = env.cr.fetchone()
        self.country_code = code or None
        self.country_phone_code = phone_code or None
        self.people = system._live_extension_of(numbers)
        self.accounts = {ext: person[0] for ext, person in self.people.items()}
        self.ext_digits = system.cdr_extension_digits
        self.ext_cache = {}
        self.e164_cache = {}
        self.partner_cache = {}
        self.partners = {}
        self._numbering = None

    @property
    def numbering(self):
        if self._numbering is None:
            self.env["phone.system.numbering"].flush_model()
            self.cr.execute(
                """
                SELECT rule, COALESCE(prefix, ''), extension_length, range_start,
                       range_end
                  FROM phone_system_numbering
                 WHERE system_id = %s
                 ORDER BY sequence, id
                """,
                [self.system.id],
            )
            self._numbering = self.cr.fetchall()
        return self._numbering

    def parties(self, caller, called):
        """The stored values of the call between ``caller`` and ``called``
        from our side, or None when neither is the extension of one of our
        people. The employee is the one whose extension rings (inbound and
        internal calls), or who dials out. The contact is found by the
        E.164 form of the number, people before companies."""
        caller_person = self.people.get(caller)
        called_person = self.people.get(called)
        if called_person:
            person, other, external = called_person, caller, caller
            direction = "inbound"
        elif caller_person:
            person, other, external = caller_person, called, called
            direction = "outbound"
        else:
            return None
        employee, user, department, user_partner = person
        values = {
            "direction": direction,
            "employee_id": employee,
            "user_id": user,
            "department_id": department,
            "partner_id": None,
            "counterpart_employee_id": None,
            "counterpart_name": None,
            "counterpart_organization": None,
            "partner_tz": None,
            "callee_partner_id": user_partner,
        }
        if other in self.people or self._is_extension(other):
            colleague = self.people.get(other)
            values.update(
                direction="internal",
                counterpart_employee_id=colleague[0] if colleague else None,
                phone=other,
            )
            return values
        phone = self._e164(external)
        values["phone"] = phone
        if phone:
            self._lookup_partners([phone])
            partner = self.partner_cache.get(phone)
            if partner:
                name, organization, tz = self.partners[partner]
                values.update(
                    partner_id=partner,
                    counterpart_name=name,
                    counterpart_organization=organization,
                    partner_tz=tz,
                )
        return values
