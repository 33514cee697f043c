# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The extension of a call, as the phone system reported it: the internal
side of its record (who was called for an inbound call, who called
otherwise). A column of the calls list, so that an Officer sees at once
which extension a call of no employee came from."""

from odoo import api, fields, models


class PhoneCall(models.Model):
    _inherit = "phone.call"

    extension = fields.Char(
        compute="_compute_extension",
        help="The extension of the call in the phone system's record.",
    )

    @api.depends("direction", "cdr_src", "cdr_dst")
    def _compute_extension(self):
        for call in self:
            call.extension = (
                call.cdr_dst if call.direction == "inbound" else call.cdr_src
            ) or False
