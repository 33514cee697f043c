# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The four areas the policy appraises (§6.1.3)
VIOLATION_CATEGORIES = [
    ("usage", "Usage"),
    ("etiquette", "Etiquette"),
    ("information_security", "Information security"),
    ("records", "Records"),
]
# The penalty ladder (§6.2.2), lightest first: a repeat offence proposes
# the next step
PENALTIES = [
    ("verbal_warning", "Verbal warning"),
    ("written_warning", "Written warning"),
    ("point_deduction", "Appraisal point deduction"),
    ("fine", "Fine"),
    ("termination", "Proposal to terminate the contract"),
]
PENALTY_RANK = {key: rank for rank, (key, _label) in enumerate(PENALTIES)}
SEVERITIES = [
    ("minor", "Minor"),
    ("major", "Major"),
    ("serious", "Serious"),
]


class PhoneViolationType(models.Model):
    _name = "phone.violation.type"
    _description = "Phone Violation Type"
    _inherit = ["phone.guard.mixin"]
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True, index="trigram")
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the type with every company.",
    )
    category = fields.Selection(
        VIOLATION_CATEGORIES, required=True, default="usage", index=True
    )
    severity = fields.Selection(SEVERITIES, required=True, default="minor")
    default_penalty = fields.Selection(
        PENALTIES,
        string="Default penalty",
        required=True,
        default="verbal_warning",
        help="Penalty proposed for a first offence; repeat offences in the "
        "same category move up the ladder.",
    )
    default_points = fields.Integer(
        "Points deducted",
        default=1,
        help="Appraisal points a confirmed violation of this type deducts.",
    )
    policy_clause = fields.Char(
        string="Policy clause", help="The clause of the policy this type breaks."
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A violation type code must be unique per company.",
        ),
    ]

    @api.constrains("default_points")
    def _check_default_points(self):
        for violation_type in self:
            if violation_type.default_points < 0:
                raise ValidationError(
                    _(
                        "The points of %(type)s cannot be negative.",
                        type=violation_type.display_name,
                    )
                )
