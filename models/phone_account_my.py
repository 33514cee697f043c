# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Calls › My phone account opens the account itself when the employee has
one (the usual case), the list when they have several."""

from odoo import api, models


class PhoneAccount(models.Model):
    _inherit = "phone.account"

    @api.model
    def action_open_my_account(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_account_action_my"
        )
        accounts = self.search([("user_id", "=", self.env.uid)])
        if len(accounts) == 1:
            action.update(
                res_id=accounts.id,
                view_mode="form",
                views=[(False, "form")],
            )
        return action
