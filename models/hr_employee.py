# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    phone_call_count = fields.Integer(
        "Calls",
        compute="_compute_phone_call_count",
        groups="phone_policy.group_phone_user",
    )

    def _compute_phone_call_count(self):
        groups = self.env["phone.call"]._read_group(
            [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
        )
        counts = {employee.id: count for employee, count in groups}
        for employee in self:
            employee.phone_call_count = counts.get(employee.id, 0)

    def action_phone_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
