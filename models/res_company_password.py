# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's phone-system password policy (policy §3.1)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Phone-system passwords (policy §3.1)
    phone_password_min_length = fields.Integer(
        "Minimum password length",
        default=10,
        help="A phone-system password has at least this many characters.",
    )
    phone_password_require_letters = fields.Boolean(
        "Passwords need letters", default=True
    )
    phone_password_require_digits = fields.Boolean(
        "Passwords need digits", default=True
    )
    phone_password_require_special = fields.Boolean(
        "Passwords need special characters",
        default=True,
        help="Characters other than letters, digits and spaces, such as ! # $ % & * @.",
    )
    phone_password_history = fields.Integer(
        "Passwords remembered",
        default=5,
        help="A new password may not be one of this many previous passwords "
        "of the account (at most 12: each one adds about half a second of "
        "hashing to a change).",
    )
    phone_password_grace_days = fields.Integer(
        "Grace period (working days)",
        default=3,
        help="Working days, on the company's working schedule, an employee has "
        "to replace the initial password of a phone account.",
    )
    phone_password_escalation_days = fields.Integer(
        "Officers notified after (working days)",
        default=3,
        help="Working days after the reminder to the employee before the "
        "officers are notified of an initial password still in use.",
    )

    @api.constrains(
        "phone_password_min_length",
        "phone_password_history",
        "phone_password_grace_days",
        "phone_password_escalation_days",
    )
    def _check_phone_password_policy(self):
        for company in self:
            if not 6 <= company.phone_password_min_length <= 64:
                raise ValidationError(
                    _("The minimum password length lies between 6 and 64 characters.")
                )
            if not 0 <= company.phone_password_history <= 12:
                raise ValidationError(
                    _("Between 0 and 12 previous passwords can be remembered.")
                )
            if (
                company.phone_password_grace_days < 0
                or company.phone_password_escalation_days < 0
            ):
                raise ValidationError(
                    _("The password grace periods cannot be negative.")
                )

    def _phone_password_rules(self):
        """The character classes the company's password policy requires, as
        (key, label) pairs."""
        self.ensure_one()
        rules = []
        if self.phone_password_require_letters:
            rules.append(("letters", _("letters")))
        if self.phone_password_require_digits:
            rules.append(("digits", _("digits")))
        if self.phone_password_require_special:
            rules.append(("special", _("special characters")))
        return rules
