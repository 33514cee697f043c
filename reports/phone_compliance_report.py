# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.phone_call_callback import CALLBACK_OVERDUE_SQL, MISSED_SQL
from ..models.phone_fault_sla import FAULT_OVERDUE_SQL
from ..models.phone_violation_type import VIOLATION_CATEGORIES
from ..models.res_company import utc_bounds

RECORD_TYPES = [
    ("call", "Call"),
    ("fault", "Fault"),
    ("violation", "Violation"),
    ("commendation", "Commendation"),
    ("inspection", "Inspected call"),
]

# the SQL forms of call_rules.record_required() and of a measured answer
RECORD_REQUIRED = "c.nature = 'work' AND COALESCE(c.answered, FALSE)"
ANSWERED_MEASURED = """c.direction = 'inbound' AND c.answered
    AND c.ring_source = 'measured'"""

# One branch per source: each row of the view is one record of the source,
# every measure it does not concern is NULL. Counts are 0/1 columns (sum);
# shares are 100/0 columns and times are plain values averaged by the
# database, which skips NULLs: the average of a share or a time is then right
# at any grouping (department, month, company), not an average of averages.
# Each branch filters on its own indexed date column, so a month of a large
# table is read through the index (the WHERE of a query on the view is pushed
# into every branch).
#
# A row is its source record seen from another side: whoever may not read
# the record may not read its row either, nor count it (SECURITY.md, class
# 7). "restricted" carries, per branch, what the source's record rules keep
# from Officers (confidential and archived calls, HR's violations from
# reports, HR's own commendations); the report's rules read it, and every
# figure is computed as the user, through those rules.
BRANCHES = {
    "call": (
        "phone_call c",
        {
            "id": "c.id * 8 + 1",
            "company_id": "c.company_id",
            "department_id": "c.department_id",
            "employee_id": "c.employee_id",
            "date": "c.date_start",
            "restricted": """c.confidentiality != 'normal'
                OR c.archive_id IS NOT NULL""",
            "confidential": "c.confidentiality != 'normal'",
            "call_count": "1",
            "personal_call_count": "CASE WHEN c.nature = 'personal' THEN 1 ELSE 0 END",
            "answered_count": """CASE WHEN c.direction = 'inbound' AND c.answered
                THEN 1 ELSE 0 END""",
            # measured facts only (utils/call_rules.py): a declared or
            # unknown ring time is neither in time nor late here
            "ring_measured_count": f"""CASE WHEN {ANSWERED_MEASURED}
                THEN 1 ELSE 0 END""",
            "answered_in_time_count": f"""CASE WHEN {ANSWERED_MEASURED}
                AND c.answered_in_time THEN 1 ELSE 0 END""",
            "answered_in_time_rate": f"""CASE WHEN {ANSWERED_MEASURED}
                THEN CASE WHEN c.answered_in_time THEN 100.0 ELSE 0.0 END END""",
            "ring_seconds": f"""CASE WHEN {ANSWERED_MEASURED}
                THEN c.ring_seconds END""",
            "missed_count": f"""CASE WHEN {MISSED_SQL.format(t="c")}
                THEN 1 ELSE 0 END""",
            # called back: the stamp of phone.call._stamp_called_back()
            "missed_no_callback_count": f"""CASE WHEN {MISSED_SQL.format(t="c")}
                AND c.callback_done_datetime IS NULL THEN 1 ELSE 0 END""",
            # the calls the policy asks a record of (call_rules.record_required)
            "record_count": f"CASE WHEN {RECORD_REQUIRED} THEN 1 ELSE 0 END",
            "complete_count": f"""CASE WHEN {RECORD_REQUIRED}
                AND c.is_complete THEN 1 ELSE 0 END""",
            "complete_rate": f"""CASE WHEN {RECORD_REQUIRED} THEN
                CASE WHEN c.is_complete THEN 100.0 ELSE 0.0 END END""",
            # records and archive management (§6.2.1): of the calls to record
            # already filed in an archive, the share filed complete (a filed
            # call is unalterable: its completeness is the one it was filed
            # with)
            "filed_count": f"""CASE WHEN {RECORD_REQUIRED}
                AND c.archive_id IS NOT NULL THEN 1 ELSE 0 END""",
            "filed_complete_rate": f"""CASE WHEN {RECORD_REQUIRED}
                AND c.archive_id IS NOT NULL THEN
                CASE WHEN c.is_complete THEN 100.0 ELSE 0.0 END END""",
            "overdue_callback_count": f"""CASE WHEN
                {CALLBACK_OVERDUE_SQL.format(t="c")} THEN 1 ELSE 0 END""",
        },
        "c.date_start",
    ),
    "fault": (
        "phone_fault f",
        {
            "id": "f.id * 8 + 2",
            "company_id": "f.company_id",
            "department_id": "f.department_id",
            "employee_id": "NULL::integer",
            "date": "f.date_reported",
            "fault_count": "1",
            "fault_open_count": """CASE WHEN f.state IN ('resolved', 'closed')
                THEN 0 ELSE 1 END""",
            "fault_overdue_count": f"""CASE WHEN {FAULT_OVERDUE_SQL.format(t="f")}
                THEN 1 ELSE 0 END""",
            "fault_resolved_count": """CASE WHEN f.date_resolved IS NOT NULL
                THEN 1 ELSE 0 END""",
            "repair_hours": """EXTRACT(EPOCH FROM f.date_resolved
                - f.date_reported) / 3600.0""",
        },
        "f.date_reported",
        "f.kind = 'corrective'",
    ),
    "violation": (
        "phone_violation v",
        {
            "id": "v.id * 8 + 3",
            "company_id": "v.company_id",
            "department_id": "v.department_id",
            "employee_id": "v.employee_id",
            # noon UTC stays on the same calendar day in every time zone
            # the month grouping may convert to
            "date": "v.date + TIME '12:00'",
            "restricted": "v.source = 'report'",
            "violation_category": "v.category",
            "violation_count": "1",
            **{
                f"violation_{key}_count": f"""CASE WHEN v.category = '{key}'
                THEN 1 ELSE 0 END"""
                for key, _label in VIOLATION_CATEGORIES
            },
            "violation_points": "COALESCE(v.points, 0)",
        },
        "v.date",
        "v.state NOT IN ('draft', 'cancelled')",
    ),
    "commendation": (
        "phone_commendation m",
        {
            "id": "m.id * 8 + 4",
            "company_id": "m.company_id",
            "department_id": "m.department_id",
            "employee_id": "m.employee_id",
            "date": "m.date + TIME '12:00'",
            "restricted": "m.source != 'inspection'",
            "commendation_count": "1",
            "commendation_points": "COALESCE(m.points, 0)",
        },
        "m.date",
        # a whistle-blower's reward stays between them and HR
        "m.state = 'confirmed' AND NOT COALESCE(m.is_confidential, FALSE)",
    ),
    "inspection": (
        """phone_inspection_line l
        JOIN phone_inspection i ON i.id = l.inspection_id
        LEFT JOIN hr_employee e ON e.id = l.employee_id""",
        {
            "id": "l.id * 8 + 5",
            "company_id": "i.company_id",
            "department_id": "COALESCE(e.department_id, i.department_id)",
            "employee_id": "l.employee_id",
            "date": "l.call_date",
            "inspected_call_count": "1",
            "inspection_score": "l.score",
        },
        "l.call_date",
        "i.state = 'done' AND l.assessed",
    ),
}

MEASURES = {
    "call_count": "integer",
    "personal_call_count": "integer",
    "answered_count": "integer",
    "ring_measured_count": "integer",
    "answered_in_time_count": "integer",
    "answered_in_time_rate": "numeric",
    "ring_seconds": "numeric",
    "missed_count": "integer",
    "missed_no_callback_count": "integer",
    "record_count": "integer",
    "complete_count": "integer",
    "complete_rate": "numeric",
    "filed_count": "integer",
    "filed_complete_rate": "numeric",
    "overdue_callback_count": "integer",
    "fault_count": "integer",
    "fault_open_count": "integer",
    "fault_overdue_count": "integer",
    "fault_resolved_count": "integer",
    "repair_hours": "numeric",
    "violation_count": "integer",
    **{f"violation_{key}_count": "integer" for key, _label in VIOLATION_CATEGORIES},
    "violation_points": "integer",
    "commendation_count": "integer",
    "commendation_points": "integer",
    "inspected_call_count": "integer",
    "inspection_score": "numeric",
}


class PhoneComplianceReport(models.Model):
    """Compliance analysis (policy §6): the figures the administration
    department files every month, per department, computed by the database
    over calls, faults, violations, commendations and inspections."""

    _name = "phone.compliance.report"
    _description = "Phone Compliance Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "record_type"
    # flushed before the view is read
    _depends = {
        "phone.call": [
            "company_id",
            "department_id",
            "employee_id",
            "date_start",
            "nature",
            "direction",
            "answered",
            "answered_in_time",
            "ring_seconds",
            "ring_source",
            "callback_datetime",
            "callback_done_datetime",
            "is_complete",
            "confidentiality",
            "archive_id",
        ],
        "phone.fault": [
            "company_id",
            "department_id",
            "date_reported",
            "date_first_response",
            "date_resolved",
            "response_deadline",
            "resolution_deadline",
            "state",
            "kind",
        ],
        "phone.violation": [
            "company_id",
            "department_id",
            "employee_id",
            "date",
            "category",
            "points",
            "state",
            "source",
        ],
        "phone.commendation": [
            "company_id",
            "department_id",
            "employee_id",
            "date",
            "points",
            "state",
            "is_confidential",
            "source",
        ],
        "phone.inspection": ["company_id", "department_id", "state"],
        "phone.inspection.line": [
            "inspection_id",
            "employee_id",
            "call_date",
            "score",
            "assessed",
        ],
        "hr.employee": ["department_id"],
    }

    record_type = fields.Selection(RECORD_TYPES, "Record", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    date = fields.Datetime(readonly=True)
    restricted = fields.Boolean(
        "Managers only",
        readonly=True,
        help="A confidential or archived call, a violation from a report or a "
        "commendation HR granted: Officers neither read nor count it.",
    )
    confidential = fields.Boolean(
        "Confidential call",
        readonly=True,
        help="Read by the people on the call and Managers only: left out of "
        "the report e-mailed to department managers.",
    )
    call_count = fields.Integer("Calls", readonly=True)
    personal_call_count = fields.Integer("Personal calls", readonly=True)
    answered_count = fields.Integer("Incoming calls answered", readonly=True)
    ring_measured_count = fields.Integer(
        "Answered, ring time measured",
        readonly=True,
        help="Answered incoming calls whose ring time the phone system "
        "measured: what the share answered in time rests on.",
    )
    answered_in_time_count = fields.Integer(
        "Answered within ring limit (measured)", readonly=True
    )
    answered_in_time_rate = fields.Float(
        "Answered within ring limit (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Share of the answered incoming calls with a measured ring time "
        "picked up within the company's ring limit; declared and unknown "
        "ring times are not counted.",
    )
    ring_seconds = fields.Float(
        "Average ring time (s)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Average measured ring time of the answered incoming calls.",
    )
    missed_count = fields.Integer("Missed calls", readonly=True)
    missed_no_callback_count = fields.Integer(
        "Missed, not called back",
        readonly=True,
        help="Missed incoming calls nobody has called back yet.",
    )
    record_count = fields.Integer(
        "Work calls to record",
        readonly=True,
        help="Answered work calls: the calls the policy asks a record of.",
    )
    complete_count = fields.Integer("Complete records", readonly=True)
    complete_rate = fields.Float(
        "Complete records (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Share of the answered work calls recorded with everything the "
        "policy asks (names, departments, number, key points, responsible "
        "person).",
    )
    filed_count = fields.Integer(
        "Work calls filed",
        readonly=True,
        help="Answered work calls already filed in an archive (Managers).",
    )
    filed_complete_rate = fields.Float(
        "Filed complete (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Records and archive management (policy §6.2.1): share of the "
        "work calls filed in an archive whose record was complete when filed.",
    )
    overdue_callback_count = fields.Integer("Overdue call-backs", readonly=True)
    fault_count = fields.Integer("Faults reported", readonly=True)
    fault_open_count = fields.Integer("Faults open", readonly=True)
    fault_overdue_count = fields.Integer(
        "Faults overdue",
        readonly=True,
        help="Open faults past their response or resolution deadline.",
    )
    fault_resolved_count = fields.Integer("Faults resolved", readonly=True)
    repair_hours = fields.Float(
        "Mean time to repair (h)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
    )
    violation_category = fields.Selection(
        VIOLATION_CATEGORIES, "Violation category", readonly=True
    )
    violation_count = fields.Integer("Violations", readonly=True)
    violation_usage_count = fields.Integer("Usage violations", readonly=True)
    violation_etiquette_count = fields.Integer("Etiquette violations", readonly=True)
    violation_information_security_count = fields.Integer(
        "Information security violations", readonly=True
    )
    violation_records_count = fields.Integer("Records violations", readonly=True)
    violation_points = fields.Integer("Points deducted", readonly=True)
    commendation_count = fields.Integer("Commendations", readonly=True)
    commendation_points = fields.Integer("Bonus points", readonly=True)
    inspected_call_count = fields.Integer("Calls inspected", readonly=True)
    inspection_score = fields.Float(
        "Inspection score (%)", readonly=True, aggregator="avg", digits=(5, 1)
    )

    def _branch_query(self, record_type, source, columns, date_column, where=None):
        selects = [SQL("%s AS record_type", record_type)]
        for name in ("id", "company_id", "department_id", "employee_id", "date"):
            selects.append(SQL(f"{columns[name]} AS {name}"))  # noqa: S608
        restricted = columns.get("restricted", "FALSE")
        selects.append(SQL(f"COALESCE({restricted}, FALSE) AS restricted"))
        confidential = columns.get("confidential", "FALSE")
        selects.append(SQL(f"COALESCE({confidential}, FALSE) AS confidential"))
        category = columns.get("violation_category", "NULL::varchar")
        selects.append(SQL(f"{category} AS violation_category"))
        for name, sql_type in MEASURES.items():
            expression = columns.get(name, f"NULL::{sql_type}")
            selects.append(SQL(f"({expression})::{sql_type} AS {name}"))
        conditions = [f"{date_column} IS NOT NULL"]
        if where:
            conditions.append(where)
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            SQL(", ").join(selects),
            SQL(source),
            SQL(" AND ".join(conditions)),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        branches = [
            self._branch_query(record_type, *BRANCHES[record_type])
            for record_type, _label in RECORD_TYPES
        ]
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(branches),
            )
        )

    # The figures of the dashboard and of the monthly PDF: counts add up,
    # shares and times are averaged
    FIGURES = {
        name: "avg" if sql_type == "numeric" else "sum"
        for name, sql_type in MEASURES.items()
    }

    # what an average is taken over: without any, the average is None
    AVERAGED_OVER = {
        "answered_in_time_rate": "ring_measured_count",
        "ring_seconds": "ring_measured_count",
        "complete_rate": "record_count",
        "filed_complete_rate": "filed_count",
        "repair_hours": "fault_resolved_count",
        "inspection_score": "inspected_call_count",
    }

    @api.model
    def _month_bounds(self, month, tz_name):
        """UTC bounds (naive, as stored) of the calendar month of ``month``
        (a date) in the time zone ``tz_name``."""
        first = month.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        return utc_bounds(tz_name, first, last)

    @api.model
    def _figures(self, month, tz_name, domain=None, groupby=("department_id",)):
        """The monthly figures, one dict per group: ``{group key: {figure:
        value}}``; a share or an average is None when nothing was measured.
        With no ``groupby``, the single key is ``()``."""
        date_from, date_to = self._month_bounds(month, tz_name)
        return self._figures_between(date_from, date_to, domain, groupby)

    @api.model
    def _figures_between(self, date_from, date_to, domain=None, groupby=()):
        """The figures of [``date_from``, ``date_to``) (naive UTC), one dict
        per group, as ``_figures``: the one code path of the dashboard, the
        monthly PDF and the appraisals."""
        full_domain = [("date", ">=", date_from), ("date", "<", date_to)]
        full_domain += domain or []
        names = list(self.FIGURES)
        rows = self._read_group(
            full_domain,
            groupby=list(groupby),
            aggregates=[f"{name}:{agg}" for name, agg in self.FIGURES.items()],
        )
        result = {}
        for row in rows:
            key = row[: len(groupby)]
            values = row[len(groupby) :]
            figures = {
                name: value or 0 for name, value in zip(names, values, strict=True)
            }
            for name, over in self.AVERAGED_OVER.items():
                figures[name] = float(figures[name]) if figures[over] else None
            result[key if len(groupby) != 1 else key[0]] = figures
        return result
