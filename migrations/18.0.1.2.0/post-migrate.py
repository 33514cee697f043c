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
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

FACTS = ("answered_in_time", "late_answer", "is_complete")
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
