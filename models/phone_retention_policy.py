# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PhoneRetentionPolicy(models.Model):
    """How long a company keeps the archived calls of one business category
    (policy §5.2.2). Business categories may be shared between companies,
    each company keeping its own periods; categories without a policy follow
    the company's default period."""

    _name = "phone.retention.policy"
    _description = "Retention Policy of Call Archives"
    _inherit = ["phone.guard.mixin"]
    _order = "company_id, category_id"
    _rec_name = "category_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    category_id = fields.Many2one(
        "phone.call.category",
        "Business category",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    retention_type = fields.Selection(
        [("years", "Fixed period"), ("permanent", "Permanent")],
        "Retention",
        required=True,
        default="years",
    )
    retention_years = fields.Integer(
        "Years",
        default=5,
        help="Years after the end of the archived period before disposal.",
    )
    note = fields.Char(help="Why this period, e.g. the rule it follows.")

    _sql_constraints = [
        (
            "category_company_uniq",
            "unique(company_id, category_id)",
            "A business category has one retention policy per company.",
        ),
    ]

    @api.constrains("retention_type", "retention_years")
    def _check_retention_years(self):
        for policy in self:
            if policy.retention_type == "years" and policy.retention_years < 1:
                raise ValidationError(
                    _(
                        "The retention of %(category)s must be at least one "
                        "year, or permanent.",
                        category=policy.category_id.display_name,
                    )
                )

    @api.model
    def _retention_for(self, company, category):
        """(years, permanent) that apply to ``category`` in ``company``."""
        # every user reads the retention policies: no sudo()
        policy = self.search(
            [("company_id", "=", company.id), ("category_id", "=", category.id)],
            limit=1,
        )
        if policy:
            return policy.retention_years, policy.retention_type == "permanent"
        return company.phone_archive_retention_years, False
