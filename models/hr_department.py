# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    phone_greeting_script = fields.Char(
        "Phone greeting",
        translate=True,
        help="Overrides the company's greeting script for this department.",
    )
    phone_closing_script = fields.Char(
        "Phone closing",
        translate=True,
        help="Overrides the company's closing script for this department.",
    )
    phone_message_taker_id = fields.Many2one(
        "hr.employee",
        "Message-taker",
        check_company=True,
        help="Answers the department's phones and takes messages when the "
        "colleagues are away (policy §2.1).",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_call_archive(self):
        self.env["phone.call"]._check_no_archived_reference(self, ["department_id"])
