# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether an account was ever issued a password: the owner's *Change my
phone password* shows only then (there is no current password to type
otherwise); the form tells them to ask the administration department."""

from odoo import api, fields, models


class PhoneAccount(models.Model):
    _inherit = "phone.account"

    has_password = fields.Boolean(
        "Password issued",
        compute="_compute_has_password",
        help="A password was issued for this account: its owner can change it.",
    )

    @api.depends_context("uid")
    def _compute_has_password(self):
        # sudo: only whether a hash exists is read, never a hash; the
        # accounts themselves were read by the caller under their rules
        counts = dict(
            self.env["phone.account.password"]
            .sudo()
            ._read_group([("account_id", "in", self.ids)], ["account_id"], ["__count"])
        )
        for account in self:
            account.has_password = bool(counts.get(account._origin))
