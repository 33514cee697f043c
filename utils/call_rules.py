# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one definition of each rule a call is judged by (STYLE.md, "One
definition per rule"), on plain values, so that the ORM (the stored fields
of ``phone.call``), the PBX import (``cdr/engine.py``, which writes rows
with COPY) and live calls give the same answer. The SQL forms of the rules
that the compliance view reads sit next to the methods they mirror
(``phone_call_callback.py``, ``phone_fault_sla.py``) and
``tests/test_figures_consistency.py`` holds every consumer to them.

Measured, declared, unknown (README, "How each figure is computed"): a
ring time the phone system measured is *measured*; one typed by the
employee is *declared*; a call logged by hand without one is *unknown*,
and an unknown ring time is never "in time" nor "late"."""

RING_SOURCES = [
    ("measured", "Measured by the phone system"),
    ("declared", "Declared by the employee"),
    ("unknown", "Unknown"),
]

# calls whose facts come from the phone system
MEASURED_SOURCES = ("pbx", "live")


def ring_source(source, ring_seconds):
    """Where the ring time of a call comes from."""
    if source in MEASURED_SOURCES:
        return "measured"
    return "declared" if ring_seconds else "unknown"


def late_answer(answered, ring_seconds, ring_limit, source="measured"):
    """Answered after the ring limit, on a known ring time."""
    return bool(answered and source != "unknown" and ring_seconds > ring_limit)


def answered_in_time(answered, ring_seconds, ring_limit, source="measured"):
    """Answered within the ring limit, on a known ring time."""
    return bool(answered and source != "unknown" and ring_seconds <= ring_limit)


def long_call(duration, long_call_minutes):
    """Longer than the company's long-call threshold."""
    return (duration or 0) > (long_call_minutes or 0) * 60


def record_required(nature, answered):
    """Whether the policy asks for a record of the call (§5.1.1): every
    work call that took place; a missed call has nothing to record."""
    return nature == "work" and bool(answered)


def missing_record_parts(call):
    """What the record of a call still lacks (§5.1.1, and §2.2.4 for
    important calls), as codes (``RECORD_PARTS``); empty when complete.
    ``call`` is a ``phone.call`` record or a dict of its column values
    (the PBX import), read through ``call[name]``."""
    if not record_required(call["nature"], call["answered"]):
        return []
    missing = []
    if not (call["key_points"] or "").strip():
        missing.append("key_points")
    if not call["responsible_user_id"] and (
        call["importance"] == "important" or call["callback_datetime"]
    ):
        missing.append("responsible")
    if not call["employee_id"] or not (call["counterpart_name"] or "").strip():
        missing.append("names")
    if (
        not call["department_id"]
        or not (call["counterpart_organization"] or "").strip()
    ):
        missing.append("departments")
    if call["direction"] != "internal" and not call["phone"]:
        missing.append("number")
    return missing


def quiet_kind(settings, local):
    """The quiet period of the local time ``local`` (a datetime in the
    contact's time zone, naive or aware): 'weekend', 'meal', 'rest' or
    False, under the company's ``settings``
    (``res.company._phone_quiet_settings()``: weekends, meal from / to,
    night from / to, in hours)."""
    weekends, meal_from, meal_to, night_from, night_to = settings
    if weekends and local.weekday() >= 5:
        return "weekend"
    hour = local.hour + local.minute / 60.0 + local.second / 3600.0
    for kind, start, end in (
        ("meal", meal_from, meal_to),
        ("rest", night_from, night_to),
    ):
        if start == end:
            continue
        inside = start <= hour < end if start < end else hour >= start or hour < end
        if inside:
            return kind
    return False
