# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one check of a phone system's push key, shared by the routes a phone
system posts to (call-detail records, live call events)."""

from odoo.exceptions import MissingError
from odoo.http import request

PUSH_SYSTEM_FIELDS = [
    "active",
    "name",
    "company_id",
    "tz",
    "cdr_push_key_index",
    "cdr_push_key_hash",
    "cdr_push_max_kb",
    "cdr_extension_digits",
    "live_max_age_minutes",
]


def request_push_key():
    """The key the request carries: ``Authorization: Bearer <key>``, or the
    ``X-Api-Key`` header."""
    header = request.httprequest.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.httprequest.headers.get("X-Api-Key", "").strip()


def push_system(env, system_id):
    """(the phone system ``system_id``, None) when the request carries its
    push key; else (None, "missing") or (None, "invalid"), the same answer
    for an unknown system, an archived one, a revoked key and a wrong one.
    ``env`` may read the phone systems (the superuser's)."""
    key = request_push_key()
    if not key:
        return None, "missing"
    system = env["phone.system"].browse(system_id)
    try:
        # the columns the routes use, not the whole (wide) record
        system.fetch(PUSH_SYSTEM_FIELDS)
        valid = system._check_push_key(key)
    except MissingError:  # no such system: read once, no extra query
        valid = False
    if not valid:
        return None, "invalid"
    return system, None


def read_body(limit):
    """The request body, or None when it is larger than ``limit`` or its
    length is not announced: refused on its announced length, before
    anything is read."""
    length = request.httprequest.content_length
    if length is None or length > limit:
        return None
    # exactly ``length`` bytes, cached should Odoo retry the request
    return request.httprequest.get_data()
