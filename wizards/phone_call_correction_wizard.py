# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PhoneCallCorrectionWizard(models.TransientModel):
    _name = "phone.call.correction.wizard"
    _description = "Correction Note on an Archived Call"
    _inherit = ["phone.guard.mixin"]
    _phone_reach_fields = {"call_id": "read"}
    # the call checked when the wizard was opened
    _phone_create_only_fields = frozenset({"call_id"})

    call_id = fields.Many2one("phone.call", required=True, ondelete="cascade")
    note = fields.Text(
        "Correction",
        required=True,
        help="What is wrong in the archived record and what is right. The "
        "record itself stays as it was filed.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # only about a call one may read (Odoo 18 checks nothing on transients)
        calls = self.env["phone.call"].browse(
            [vals["call_id"] for vals in vals_list if vals.get("call_id")]
        )
        calls.check_access("read")
        calls._check_correctable()
        return super().create(vals_list)

    def action_post(self):
        self.ensure_one()
        self.call_id._post_correction_note(self.note)
        return {"type": "ir.actions.act_window_close"}
