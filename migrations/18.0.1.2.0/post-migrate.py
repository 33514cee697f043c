# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.2.0, after the module loaded (issue 15, one definition per rule).

The calls already recorded follow the rules as they are now defined
(``utils/call_rules.py``): their ring time is measured, declared or unknown
(the new ``ring_source``, which the update computes), an unknown ring time
is neither in time nor late, and every answered work call needs its record
(§5.1.1). The stored facts of the calls not yet archived are computed again
through the ORM, with the same methods as a new call; an archived call is
unalterable and keeps what it was filed with. Missed calls get their
"called back" stamp from the later calls already recorded.

The greeting and closing scripts a company never changed were the English
default, stored in English only: they are emptied, so that each user reads
the standard words in their own language (issue 16).
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

FACTS = ("answered_in_time", "late_answer", "is_complete")
# the scripts' former defaults (column names: constants)
SCRIPT_DEFAULTS = {
    "phone_greeting_script": "Hello, {company} {department}.",
    "phone_closing_script": "Thank you for calling, goodbye.",
}
BATCH = 10000


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Call = env["phone.call"].with_context(active_test=False)
    ids = Call.search([("archive_id", "=", False)], order="id").ids
    for start in range(0, len(ids), BATCH):
        calls = Call.browse(ids[start : start + BATCH])
        for fname in FACTS:
            env.add_to_compute(Call._fields[fname], calls)
        calls.flush_recordset()
        missed = calls.filtered(lambda c: c.direction == "inbound" and not c.answered)
        Call._stamp_called_back(missed.ids)
        env.invalidate_all()
    _logger.info("phone_policy 18.0.1.2.0: facts of %s calls recomputed", len(ids))
    for column, default in SCRIPT_DEFAULTS.items():
        cr.execute(
            f"""UPDATE res_company SET {column} = NULL
                 WHERE {column} = jsonb_build_object('en_US', %s::text)""",
            [default],
        )
