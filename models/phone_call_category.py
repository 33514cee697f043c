# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PhoneCallCategory(models.Model):
    _name = "phone.call.category"
    _description = "Business Category of Calls"
    _inherit = ["phone.guard.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in archive references.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the category between companies.",
        index=True,
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a business category must be unique per company.",
        ),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_call_archive(self):
        self.env["phone.call"]._check_no_archived_reference(self, ["category_id"])
        archive = (
            self.env["phone.archive"]
            # sudo: archives classify by category, tombstones included
            .sudo()
            .search(
                [("category_id", "in", self.ids), ("state", "!=", "draft")], limit=1
            )
        )
        if archive:
            raise UserError(
                _(
                    "%(category)s classifies the archive %(archive)s and cannot "
                    "be deleted. Archive the category instead.",
                    category=archive.category_id.display_name,
                    archive=archive.name,
                )
            )
