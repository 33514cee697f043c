# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PhoneArchiveAccessLog(models.Model):
    """One read of archived calls made under an approved access request:
    who, what, when and for what purpose (policy §5.2.3). Written by the
    system when the calls are read; nobody edits or deletes it."""

    _name = "phone.archive.access.log"
    _description = "Archive Access Log"
    _inherit = ["phone.guard.mixin"]
    _order = "access_date desc, id desc"
    _rec_name = "request_id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "phone.archive.access.request",
        "Access request",
        required=True,
        readonly=True,
        index=True,
        # only undecided requests can be deleted, and they have no log
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", "Who", required=True, readonly=True, index=True
    )
    access_date = fields.Datetime(
        "When", required=True, readonly=True, default=fields.Datetime.now
    )
    call_ids = fields.Many2many("phone.call", string="Calls", readonly=True)
    call_references = fields.Text(
        "What",
        readonly=True,
        help="References of the calls read, kept after their disposal.",
    )
    call_count = fields.Integer("Calls read", readonly=True)
    purpose = fields.Text(related="request_id.purpose")
