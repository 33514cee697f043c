# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.phone_guard import phone_workflow
from ..utils.groups import MANAGER_GROUP

# how far ahead the gaps are looked for: the work is one calendar of working
# intervals per company and the coverages of the window
MAX_GAP_DAYS = 92


class PhoneCoverageGap(models.TransientModel):
    """A window of working time when a whole department is away from the
    phone and nobody covers: computed on request for department managers."""

    _name = "phone.coverage.gap"
    _description = "Phone Coverage Gap"
    _inherit = ["phone.guard.mixin"]
    _order = "date_from, department_id"

    department_id = fields.Many2one("hr.department", "Department", readonly=True)
    date_from = fields.Datetime("From", readonly=True)
    date_to = fields.Datetime("To", readonly=True)
    hours = fields.Float(compute="_compute_hours")

    @api.model_create_multi
    def create(self, vals_list):
        # only for a department one may see (Odoo 18 checks nothing on transients)
        self.env["hr.department"].browse(
            [vals["department_id"] for vals in vals_list if vals.get("department_id")]
        ).check_access("read")
        return super().create(vals_list)

    @api.depends("date_from", "date_to")
    def _compute_hours(self):
        for gap in self:
            gap.hours = (
                (gap.date_to - gap.date_from).total_seconds() / 3600
                if gap.date_from and gap.date_to
                else 0.0
            )

    @api.model
    def action_open_gaps(self, days=14):
        """Gaps of the next ``days`` days in the departments the user
        manages (all departments for Phone Policy managers)."""
        if isinstance(days, bool) or not isinstance(days, int):
            days = None
        if days is None or not 1 <= days <= MAX_GAP_DAYS:
            raise UserError(
                _(
                    "Look for coverage gaps from 1 to %(max)s days ahead.",
                    max=MAX_GAP_DAYS,
                )
            )
        if self.env.user.has_group(MANAGER_GROUP):
            departments = self.env["hr.department"].search([])
        else:
            departments = self.env["hr.department"].search(
                [("manager_id.user_id", "=", self.env.uid)]
            )
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        gaps = self.env["phone.coverage"]._coverage_gaps(
            departments, now, now + timedelta(days=days)
        )
        # the gaps are computed, not typed in
        with phone_workflow():
            records = self.create(
                [
                    {
                        "department_id": department.id,
                        "date_from": start,
                        "date_to": stop,
                    }
                    for department, windows in gaps.items()
                    for start, stop in windows
                ]
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Coverage gaps"),
            "res_model": self._name,
            "view_mode": "list,calendar",
            "domain": [("id", "in", records.ids)],
            "context": {"create": False, "search_default_group_department": 1},
            "help": _(
                "<p class='o_view_nocontent_smiling_face'>No coverage gap</p>"
                "<p>In the next %(days)s days your departments always have "
                "someone answering the phone during working hours.</p>",
                days=days,
            ),
        }
