# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..utils.groups import USER_GROUP
from .phone_guard import check_workflow_fields


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    phone_call_count = fields.Integer(
        "Calls",
        compute="_compute_phone_call_count",
        groups=USER_GROUP,
    )

    phone_account_ids = fields.One2many(
        "phone.account", "employee_id", "Phone accounts", groups="hr.group_hr_user"
    )
    phone_extension = fields.Char(
        "Extension",
        compute="_compute_phone_extension",
        store=True,
        index=True,
        help="Extension of the employee's open phone-system account.",
    )

    @api.depends("phone_account_ids.extension", "phone_account_ids.state")
    def _compute_phone_extension(self):
        accounts = (
            self.env["phone.account"]
            # sudo: an extension is directory information; accounts are their owner's
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("state", "in", ("active", "frozen", "draft")),
                ],
                order="state, id",
            )
        )
        # an active account wins over a frozen or draft one
        rank = {"active": 0, "frozen": 1, "draft": 2}
        best = {}
        for account in accounts.sorted(lambda a: (rank[a.state], a.id)):
            best.setdefault(account.employee_id.id, account.extension)
        for employee in self:
            employee.phone_extension = best.get(employee.id, False)

    def _compute_phone_call_count(self):
        groups = self.env["phone.call"]._read_group(
            [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
        )
        counts = {employee.id: count for employee, count in groups}
        for employee in self:
            employee.phone_call_count = counts.get(employee.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(self, ("phone_extension",), vals)
        return super().create(vals_list)

    def write(self, vals):
        # the extension comes from the employee's phone account
        check_workflow_fields(self, ("phone_extension",), vals)
        return super().write(vals)

    def action_phone_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_call_archive(self):
        self.env["phone.call"]._check_no_archived_reference(
            self, ["employee_id", "counterpart_employee_id"]
        )
