# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The index budget of ``phone_call``.

A phone system writes hundreds of thousands of calls a month and every
index is paid on each of them; an index stays only for a query that reads
through it at 1M calls (``make bench-calls``, ``make bench-compliance``,
README "Index budget"):

- field indexes (declared on the fields of ``phone_call.py``): the
  reference (trigram: searching a reference), the date (list order,
  compliance, archives, appraisals, inspections), the employee, the
  direction (the counts of the Inbound / Outbound / Internal lists);
  ``btree_not_null`` on the relations searched by value (user,
  department, archive, PBX import), which many calls leave empty; the
  contact's is a partial index with the date (``phone_call_partner_date_idx``);
- the unique keys also serve searches by their first column: company
  (``archive_sequence_uniq``) and phone system (``cdr_key_uniq``);
- a partial index per filter that is selective only for its rare value,
  on ``date_start`` so that it reads in the list's order; a call with the
  common value only pays for the test of the condition;
- none on ``nature``, ``importance``, ``confidentiality``, ``is_complete``,
  ``late_answer``, ``is_long_call``, ``in_quiet_hours``, ``legal_hold``
  (full B-trees on two values), ``company_id``, and the relations nothing
  searches by (colleague, business category, responsible person: deleting
  one of those reads the table, as deleting a user already does for
  ``create_uid``).
"""

from odoo import models
from odoo.tools import SQL, sql

from .index_tools import apply_index_budget

# {name: (columns, condition)}: the filters selective for their rare value
CALL_PARTIAL_INDEXES = {
    # search view "Personal"
    "phone_call_personal_idx": (["date_start"], "nature = 'personal'"),
    # search view "Important"
    "phone_call_important_idx": (["date_start"], "importance = 'important'"),
    # search view "Confidential" (Managers)
    "phone_call_confidential_idx": (
        ["date_start"],
        "confidentiality = 'confidential'",
    ),
    # search view "Incomplete record" (the condition as Odoo writes is_complete = False)
    "phone_call_incomplete_idx": (
        ["date_start"],
        "is_complete IS NULL OR NOT is_complete",
    ),
    # search view "Late answer"
    "phone_call_late_answer_idx": (["date_start"], "late_answer"),
    # search view "Missed"
    "phone_call_missed_idx": (["date_start"], "answered IS NULL OR NOT answered"),
    # search view "Long call"
    "phone_call_long_call_idx": (["date_start"], "is_long_call"),
    # search view "In quiet hours"
    "phone_call_quiet_hours_idx": (["date_start"], "in_quiet_hours"),
    # search view "Legal hold"
    "phone_call_legal_hold_idx": (["date_start"], "legal_hold"),
    # PBX import: the calls logged by hand that a record may complete
    "phone_call_manual_unmatched_idx": (
        ["date_start"],
        "source = 'manual' AND cdr_key IS NULL",
    ),
    # a contact's calls in date order (the contact's Calls button), and the
    # "called back" stamp by contact (phone_call_callback.py): a date range
    # of one contact's calls; replaces the field's own index on partner_id
    "phone_call_partner_date_idx": (
        ["partner_id", "date_start"],
        "partner_id IS NOT NULL",
    ),
    # the "called back" stamp (phone_call_callback.py): a new missed call
    # looks for a later outbound call to its number
    "phone_call_outbound_phone_idx": (
        ["phone", "date_start"],
        "direction = 'outbound'",
    ),
    # the "called back" stamp: a new outbound call looks for the missed
    # calls from its number before it (open, or stamped by a later call)
    "phone_call_missed_phone_idx": (
        ["phone", "date_start"],
        "direction = 'inbound' AND (answered IS NULL OR NOT answered)",
    ),
    # the "called back" stamp: a new outbound call looks for the missed
    # calls of its contact before it (through the index of all the
    # contact's calls, 5–11 calls of the month read a probe); "answered IS
    # NOT TRUE" as the stamp writes it, which no other index declares
    "phone_call_missed_partner_idx": (
        ["partner_id", "date_start"],
        "partner_id IS NOT NULL AND direction = 'inbound' AND answered IS NOT TRUE",
    ),
}
# partial indexes of earlier versions, dropped on upgrade (a changed
# definition takes a new name: create_index keeps an existing one)
OBSOLETE_INDEXES = ("phone_call_missed_open_idx",)
# Room left on each page for a later version of its calls: a change of
# columns no index reads (the "called back" stamp, which the PBX import
# gives 8 % of its calls) is then written on the same page (PostgreSQL's
# HOT update) instead of adding an entry to each of the table's indexes.
# Measured on ``make bench-cdr``: the stamp of 100k calls 1.15 -> 0.84 s of
# PostgreSQL. Pages written before keep their fill.
CALL_FILLFACTOR = 90


# one concern per file (STYLE.md): who reaches a call lives in
# phone_call_access.py, the index budget here
class PhoneCall(models.Model):
    _inherit = "phone.call"

    def init(self):
        res = super().init()
        for name in OBSOLETE_INDEXES:
            sql.drop_index(self.env.cr, name, self._table)
        apply_index_budget(self, CALL_PARTIAL_INDEXES)
        self.env.cr.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [self._table]
        )
        options = self.env.cr.fetchone()[0] or []
        if f"fillfactor={CALL_FILLFACTOR}" not in options:
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s SET (fillfactor = %s)",
                    SQL.identifier(self._table),
                    CALL_FILLFACTOR,
                )
            )
        return res
