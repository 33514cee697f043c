# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..utils.groups import MANAGER_GROUP
from .phone_violation import COUNTED_STATES


class HrEmployeeBase(models.AbstractModel):
    """Phone conduct of the current year on the employee form (and on the
    public profile other employees open): shown to the employee, their
    manager and HR only."""

    _inherit = "hr.employee.base"

    phone_conduct_visible = fields.Boolean(
        string="Phone conduct visible", compute="_compute_phone_conduct_year"
    )
    phone_violation_count = fields.Integer(
        "Violations this year", compute="_compute_phone_conduct_year"
    )
    phone_commendation_count = fields.Integer(
        "Commendations this year", compute="_compute_phone_conduct_year"
    )
    phone_net_points = fields.Integer(
        "Net phone-conduct points this year",
        compute="_compute_phone_conduct_year",
        help="Bonus points of this year's commendations minus the points "
        "deducted by this year's confirmed violations.",
    )

    def _phone_manager_users(self):
        """Who manages this employee, from HR's data and never from a field
        the caller fills in (SECURITY.md, class 6): their manager and their
        department's manager, as the record rules of violations and
        commendations say. Public fields of the employee: no sudo."""
        self.ensure_one()
        employee = self.env["hr.employee"].browse(self.id)
        return employee.parent_id.user_id | employee.department_id.manager_id.user_id

    def _phone_conduct_allowed(self):
        """The employee themselves, their manager (direct or department
        manager) and HR."""
        self.ensure_one()
        user = self.env.user
        if user.has_group("hr.group_hr_user") or user.has_group(MANAGER_GROUP):
            return True
        employee = self.env["hr.employee"].browse(self.id)
        return user in (employee.user_id | self._phone_manager_users())

    @api.depends_context("uid")
    def _compute_phone_conduct_year(self):
        allowed = self.filtered(
            lambda e: isinstance(e.id, int) and e._phone_conduct_allowed()
        )
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        violations = dict(
            (employee.id, (count, points))
            for employee, count, points in self.env["phone.violation"]
            # sudo: counted for the people allowed above only
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", allowed.ids),
                    ("state", "in", COUNTED_STATES),
                    ("date", ">=", year_start),
                ],
                ["employee_id"],
                ["__count", "points:sum"],
            )
        )
        commendations = dict(
            (employee.id, (count, points))
            for employee, count, points in self.env["phone.commendation"]
            # sudo: counted for the people allowed above only
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", allowed.ids),
                    ("state", "=", "confirmed"),
                    ("date", ">=", year_start),
                    # an anonymous reporter's reward counts for them alone
                    "|",
                    ("is_confidential", "=", False),
                    ("user_id", "=", self.env.uid),
                ],
                ["employee_id"],
                ["__count", "points:sum"],
            )
        )
        for employee in self:
            visible = employee in allowed
            v_count, v_points = violations.get(employee.id, (0, 0))
            c_count, c_points = commendations.get(employee.id, (0, 0))
            employee.phone_conduct_visible = visible
            employee.phone_violation_count = v_count
            employee.phone_commendation_count = c_count
            employee.phone_net_points = c_points - v_points

    def _phone_conduct_action(self, xmlid):
        self.ensure_one()
        if not self._phone_conduct_allowed():
            raise AccessError(_("Only the employee, their manager and HR see this."))
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_phone_view_violations(self):
        return self._phone_conduct_action("phone_policy.phone_violation_action_my")

    def action_phone_view_commendations(self):
        return self._phone_conduct_action("phone_policy.phone_commendation_action_my")
