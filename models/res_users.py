# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _phone_group_domain(self, group):
        """Domain of the users in ``group`` (an XML id such as
        ``OFFICER_GROUP``), those who have it through another group
        included."""
        return [("groups_id", "in", self.env.ref(group).ids)]

    @api.model
    def _phone_group_users(self, group, company):
        """The active internal users of ``company`` in ``group``: whom the
        addon's workflows notify (Officers of a fault's or an account's
        company, Managers deciding on the archive). Active whatever the
        caller's context says (``active_test``): archived users and OdooBot
        are nobody to notify."""
        return self.search(
            [
                *self._phone_group_domain(group),
                ("active", "=", True),
                ("share", "=", False),
                ("company_ids", "in", company.ids),
            ]
        )
