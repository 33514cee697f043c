# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.phone_fault import IMPACTS, PRIORITIES
from ..models.phone_fault_stage import STAGE_STATES


class PhoneFaultReport(models.Model):
    """Faults analysis: time to respond and time to repair, per phone system,
    priority and month, computed by the database over the fault tickets."""

    _name = "phone.fault.report"
    _description = "Faults Analysis"
    _auto = False
    _order = "date_reported desc"
    _rec_name = "name"

    name = fields.Char("Reference", readonly=True)
    fault_id = fields.Many2one("phone.fault", "Fault ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    system_id = fields.Many2one("phone.system", "Phone system", readonly=True)
    team_id = fields.Many2one("phone.fault.team", "Team", readonly=True)
    technician_id = fields.Many2one("res.users", "Technician", readonly=True)
    department_id = fields.Many2one(
        "hr.department", "Reporter's department", readonly=True
    )
    stage_id = fields.Many2one("phone.fault.stage", "Stage", readonly=True)
    state = fields.Selection(STAGE_STATES, "Step", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    impact = fields.Selection(IMPACTS, readonly=True)
    is_emergency = fields.Boolean("Emergency", readonly=True)
    date_reported = fields.Datetime("Reported on", readonly=True)
    response_hours = fields.Float(
        "Time to respond (hours)",
        readonly=True,
        aggregator="avg",
        help="From the report to the first response; the average is the mean "
        "time to respond.",
    )
    repair_hours = fields.Float(
        "Time to repair (hours)",
        readonly=True,
        aggregator="avg",
        help="From the report to the resolution; the average is the mean time "
        "to repair (MTTR).",
    )
    downtime_hours = fields.Float("Downtime (hours)", readonly=True, aggregator="sum")
    late_response_count = fields.Integer(
        "Responses late", readonly=True, aggregator="sum"
    )
    late_resolution_count = fields.Integer(
        "Resolutions late", readonly=True, aggregator="sum"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT
                        f.id AS id,
                        f.id AS fault_id,
                        f.name AS name,
                        f.company_id AS company_id,
                        f.system_id AS system_id,
                        f.team_id AS team_id,
                        f.technician_id AS technician_id,
                        f.department_id AS department_id,
                        f.stage_id AS stage_id,
                        f.state AS state,
                        f.priority AS priority,
                        f.impact AS impact,
                        f.is_emergency AS is_emergency,
                        f.date_reported AS date_reported,
                        EXTRACT(EPOCH FROM f.date_first_response - f.date_reported)
                            / 3600.0 AS response_hours,
                        EXTRACT(EPOCH FROM f.date_resolved - f.date_reported)
                            / 3600.0 AS repair_hours,
                        CASE WHEN f.date_resolved IS NOT NULL
                            THEN f.downtime_hours END AS downtime_hours,
                        CASE WHEN COALESCE(
                                f.date_first_response, NOW() AT TIME ZONE 'UTC'
                            ) > f.response_deadline
                            THEN 1 ELSE 0 END AS late_response_count,
                        CASE WHEN COALESCE(
                                f.date_resolved, NOW() AT TIME ZONE 'UTC'
                            ) > f.resolution_deadline
                            THEN 1 ELSE 0 END AS late_resolution_count
                    FROM phone_fault f
                    WHERE f.kind = 'corrective'
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
