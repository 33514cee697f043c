# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..cdr.parsers import THREECX_COLUMNS, THREECX_DEFAULT_ORDER, THREECX_REQUIRED


class PhoneCdrProfile(models.Model):
    _name = "phone.cdr.profile"
    _description = "3CX Record Field Order"
    _inherit = ["phone.guard.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    field_order = fields.Text(
        "Field order",
        required=True,
        default=THREECX_DEFAULT_ORDER,
        help="The 3CX CDR fields, separated by commas, in the order the "
        "administrator set them in 3CX (Settings › CDR). Unused columns still "
        "take their place.",
    )
    field_count = fields.Integer("Columns", compute="_compute_field_count")
    system_ids = fields.One2many("phone.system", "cdr_profile_id", "Phone systems")

    @api.depends("field_order")
    def _compute_field_count(self):
        for profile in self:
            profile.field_count = len(profile._field_list())

    def _field_list(self):
        self.ensure_one()
        return [
            name.strip().lower()
            for name in (self.field_order or "").replace("\n", ",").split(",")
            if name.strip()
        ]

    @api.constrains("field_order")
    def _check_field_order(self):
        for profile in self:
            names = profile._field_list()
            unknown = [name for name in names if name not in THREECX_COLUMNS]
            if unknown:
                raise ValidationError(
                    _(
                        "Unknown 3CX fields: %(unknown)s. Known fields: %(known)s.",
                        unknown=", ".join(unknown),
                        known=", ".join(THREECX_COLUMNS),
                    )
                )
            missing = [name for name in THREECX_REQUIRED if name not in names]
            if missing:
                raise ValidationError(
                    _(
                        "A 3CX field order needs at least %(missing)s.",
                        missing=", ".join(missing),
                    )
                )
            if len(set(names)) != len(names):
                raise ValidationError(_("A 3CX field appears twice."))
