# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's call archive settings and the head of its integrity chain
(policy §5.2)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .phone_guard import check_workflow_fields

# the head of the company's archive chain (see phone.archive._seal)
ARCHIVE_CHAIN_HEAD = ("phone_archive_last_sequence", "phone_archive_last_hash")


class ResCompany(models.Model):
    _inherit = "res.company"

    # Call records archive (policy §5.2)
    phone_archive_retention_years = fields.Integer(
        "Default retention of call archives (years)",
        default=5,
        help="Years archived calls are kept after their period when their "
        "business category has no retention policy of its own.",
    )
    phone_archive_last_sequence = fields.Integer(
        "Archive chain length",
        readonly=True,
        copy=False,
        help="Chain number of the company's last archived call.",
    )
    phone_archive_last_hash = fields.Char(
        "Archive chain head",
        readonly=True,
        copy=False,
        help="Integrity hash of the company's last archived call.",
    )

    @api.constrains("phone_archive_retention_years")
    def _check_phone_archive_retention(self):
        for company in self:
            if company.phone_archive_retention_years < 1:
                raise ValidationError(
                    _("Call archives must be kept for at least one year.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(self, ARCHIVE_CHAIN_HEAD, vals)
        return super().create(vals_list)

    def write(self, vals):
        # the head of the archive chain moves with filing only (in SQL)
        check_workflow_fields(self, ARCHIVE_CHAIN_HEAD, vals)
        return super().write(vals)
