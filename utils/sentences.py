# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sentences the system writes about a call (issue 16: store the facts,
render the sentence). A finding stores its facts (``phone.finding.facts``:
a code and plain values); whoever reads it gets the sentence in their own
language, whatever language the hourly job ran in. The call's own quiet
hours warning is the same sentence."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

SENTENCES = {
    "late_answer": _lt(
        "Answered after %(ring)s seconds; the ring limit is %(limit)s seconds."
    ),
    "missed_callback": _lt(
        "Missed call from %(number)s not called back within %(hours)s working hours."
    ),
    "personal_number": _lt(
        "Call to %(number)s on a business line: a personal or "
        "non-business number (%(pattern)s)."
    ),
    "quiet_hours": _lt(
        "It is %(time)s on %(day)s in %(tz)s for the contact: "
        "%(period)s. The policy asks to call at decent hours."
    ),
    "long_call": _lt(
        "The call lasted %(minutes)s minutes; the threshold is %(limit)s minutes."
    ),
    "no_key_points": _lt(
        "No key points were logged %(days)s days after this work call."
    ),
}
# the quiet periods (%(period)s above)
PERIODS = {
    "weekend": _lt("a weekend"),
    "meal": _lt("the meal break"),
    "rest": _lt("rest hours"),
}


def render(env, facts):
    """The sentence of ``facts`` ({"code": ..., values}) in ``env``'s
    language; False for no facts or an unknown code."""
    if not isinstance(facts, dict):
        return False
    template = SENTENCES.get(facts.get("code"))
    if not template:
        return False
    values = {key: value for key, value in facts.items() if key != "code"}
    if "period" in values:
        period = PERIODS.get(values["period"])
        values["period"] = env._(period) if period else values["period"]
    try:
        return env._(template) % values
    except (KeyError, TypeError, ValueError):
        # a translation that lost a placeholder: the English sentence
        return template._source % values


def quiet_hours_facts(local, tz_name, period):
    """The facts of a call made in a quiet period: ``local`` is the aware
    time of the call in the contact's time zone ``tz_name``."""
    return {
        "code": "quiet_hours",
        "time": local.strftime("%H:%M"),
        "day": local.strftime("%Y-%m-%d"),
        "tz": tz_name,
        "period": period,
    }


def lang_env(record, user):
    """The environment of ``record`` in the language of ``user``: what the
    system writes for someone (an activity's summary) is in their language,
    not in the language of whoever or whatever (a cron) wrote it."""
    return record.with_context(lang=user.lang or record.env.lang).env
