# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The index budget of the large tables (README, "Index budget"): every
index serves a query, the list filters can read their partial index, and
an older database gets exactly this set when upgraded."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

# phone_call: primary key, unique keys, field indexes, partial indexes
CALL_INDEXES = {
    "phone_call_pkey",
    "phone_call_archive_sequence_uniq",
    "phone_call_cdr_hash_uniq",
    "phone_call_cdr_key_uniq",
    "phone_call_live_call_key_uniq",
    "phone_call__archive_id_index",
    "phone_call__cdr_import_id_index",
    "phone_call__date_start_index",
    "phone_call__department_id_index",
    "phone_call__direction_index",
    "phone_call__employee_id_index",
    "phone_call__name_index",
    "phone_call__user_id_index",
    "phone_call_confidential_idx",
    "phone_call_important_idx",
    "phone_call_incomplete_idx",
    "phone_call_late_answer_idx",
    "phone_call_legal_hold_idx",
    "phone_call_long_call_idx",
    "phone_call_manual_unmatched_idx",
    "phone_call_missed_idx",
    "phone_call_missed_phone_idx",
    "phone_call_missed_partner_idx",
    "phone_call_outbound_phone_idx",
    "phone_call_partner_date_idx",
    "phone_call_personal_idx",
    "phone_call_quiet_hours_idx",
}
# (search view filter or query, domain, index the plan can read, or a
# tuple of those that serve it alike)
FILTER_INDEXES = [
    ("Personal", [("nature", "=", "personal")], "phone_call_personal_idx"),
    ("Important", [("importance", "=", "important")], "phone_call_important_idx"),
    (
        "Confidential",
        [("confidentiality", "=", "confidential")],
        "phone_call_confidential_idx",
    ),
    ("Incomplete record", [("is_complete", "=", False)], "phone_call_incomplete_idx"),
    ("Late answer", [("late_answer", "=", True)], "phone_call_late_answer_idx"),
    ("Missed", [("answered", "=", False)], "phone_call_missed_idx"),
    ("Long call", [("is_long_call", "=", True)], "phone_call_long_call_idx"),
    ("In quiet hours", [("in_quiet_hours", "=", True)], "phone_call_quiet_hours_idx"),
    ("Legal hold", [("legal_hold", "=", True)], "phone_call_legal_hold_idx"),
    (
        "called-back stamp: a later call to the number",
        [("direction", "=", "outbound"), ("phone", "in", ["+886912345678"])],
        "phone_call_outbound_phone_idx",
    ),
    (
        "called-back stamp: the missed calls from a number",
        [
            ("direction", "=", "inbound"),
            ("answered", "=", False),
            ("phone", "in", ["+886912345678"]),
        ],
        "phone_call_missed_phone_idx",
    ),
    (
        "called-back stamp, a contact's Calls button: a contact's calls by date",
        [("partner_id", "=", 3), ("date_start", ">", "2026-11-01")],
        "phone_call_partner_date_idx",
    ),
    ("My calls", [("user_id", "=", 2)], "phone_call__user_id_index"),
    ("Archived", [("archive_id", "!=", False)], "phone_call__archive_id_index"),
    ("a company's calls", [("company_id", "=", 1)], "phone_call_archive_sequence_uniq"),
    # both unique keys of a phone system start with it: either serves
    (
        "a phone system's calls",
        [("system_id", "=", 1)],
        (
            "phone_call_cdr_key_uniq",
            "phone_call_cdr_hash_uniq",
            "phone_call_live_call_key_uniq",
        ),
    ),
]


def indexes(cr, table):
    cr.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
    )
    return dict(cr.fetchall())


def fillfactor(cr, table):
    cr.execute(
        "SELECT option_value FROM pg_options_to_table("
        "(SELECT reloptions FROM pg_class WHERE oid = %s::regclass)) "
        "WHERE option_name = 'fillfactor'",
        [table],
    )
    row = cr.fetchone()
    return row and row[0]


@tagged("post_install", "-at_install")
class TestIndexBudget(TransactionCase):
    def test_call_table_carries_its_budget(self):
        found = indexes(self.env.cr, "phone_call")
        self.assertEqual(set(found), CALL_INDEXES)
        # room on each page for a stamped call's new version (HOT update)
        self.assertEqual(fillfactor(self.env.cr, "phone_call"), "90")
        for name in ("phone_call_partner_date_idx", "phone_call__user_id_index"):
            self.assertIn("IS NOT NULL", found[name])
        # findings: the unique (rule, call) key, a call's findings, the
        # list's order, a department's, a violation's (not a finding's
        # employee: the list reads the date index); finding checks: the
        # cron's queue and the unique call; rejected rows: by import
        self.assertEqual(
            set(indexes(self.env.cr, "phone_finding")),
            {
                "phone_finding_pkey",
                "phone_finding_rule_call_uniq",
                "phone_finding__call_id_index",
                "phone_finding__date_index",
                "phone_finding__department_id_index",
                "phone_finding__violation_id_index",
            },
        )
        self.assertEqual(
            set(indexes(self.env.cr, "phone_finding_check")),
            {
                "phone_finding_check_pkey",
                "phone_finding_check_call_uniq",
                "phone_finding_check_waiting_idx",
            },
        )
        self.assertEqual(
            set(indexes(self.env.cr, "phone_cdr_import_error")),
            {"phone_cdr_import_error_pkey", "phone_cdr_import_error__import_id_index"},
        )

    def test_filters_can_read_their_index(self):
        """Each filter's SQL, as the ORM writes it, matches its index (a
        partial index serves only a query that implies its condition).
        Sequential scans are switched off: on a small table the planner
        would rightly prefer them; the table is analyzed first (in this
        transaction), or the planner guesses from whatever the tests before
        left in it (e.g. the direction index for an outbound number)."""
        Call = self.env["phone.call"]
        cr = self.env.cr
        cr.execute("ANALYZE phone_call")
        cr.execute("SET LOCAL enable_seqscan = off")
        for label, domain, index in FILTER_INDEXES:
            query = Call._search(domain)
            cr.execute(
                SQL(
                    "EXPLAIN SELECT count(*) FROM %s WHERE %s",
                    query.from_clause,
                    query.where_clause,
                )
            )
            plan = "\n".join(row[0] for row in cr.fetchall())
            names = index if isinstance(index, tuple) else (index,)
            self.assertTrue(any(name in plan for name in names), f"{label}: {plan}")
        # the PBX import's look for calls logged by hand (cdr/engine.py)
        cr.execute(
            """
            EXPLAIN SELECT id FROM phone_call
             WHERE company_id = 1 AND source = 'manual' AND cdr_key IS NULL
               AND employee_id = ANY(ARRAY[1, 2]) AND date_start
               BETWEEN '2026-11-02 08:00' AND '2026-11-02 18:00'
            """
        )
        plan = "\n".join(row[0] for row in cr.fetchall())
        self.assertIn("phone_call_manual_unmatched_idx", plan)

    def test_upgrade_brings_an_older_database_to_the_budget(self):
        """An older version's indexes (full B-trees on two-value columns,
        full indexes where partial ones belong, no partial ones) become the
        budget on `-u`: the model's init(), then Odoo's own index check."""
        cr = self.env.cr
        expected = indexes(cr, "phone_call")
        cr.execute(
            """
            CREATE INDEX phone_call__nature_index ON phone_call (nature);
            CREATE INDEX phone_call__late_answer_index ON phone_call (late_answer);
            CREATE INDEX phone_call__company_id_index ON phone_call (company_id);
            DROP INDEX phone_call__user_id_index;
            CREATE INDEX phone_call__user_id_index ON phone_call (user_id);
            DROP INDEX phone_call_partner_date_idx;
            CREATE INDEX phone_call__partner_id_index ON phone_call (partner_id);
            DROP INDEX phone_call_late_answer_idx;
            CREATE INDEX phone_call_missed_open_idx ON phone_call (phone, date_start)
                WHERE direction = 'inbound' AND callback_done_datetime IS NULL;
            CREATE INDEX phone_finding_check__state_index
                ON phone_finding_check (state);
            ALTER TABLE phone_call RESET (fillfactor);
            """
        )
        for model in ("phone.call", "phone.finding.check"):
            self.env[model].init()
        self.env.registry.check_indexes(cr, ["phone.call", "phone.finding.check"])
        self.assertEqual(indexes(cr, "phone_call"), expected)
        self.assertEqual(fillfactor(cr, "phone_call"), "90")
        self.assertNotIn(
            "phone_finding_check__state_index", indexes(cr, "phone_finding_check")
        )
