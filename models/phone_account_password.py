# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from passlib.context import CryptContext

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# The way res.users hashes passwords: slow, salted PBKDF2-SHA512 with the same
# number of rounds; only this scheme, so nothing but a real hash can verify.
PHONE_CRYPT_CONTEXT = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000)


class PhoneAccountPassword(models.Model):
    """Hashes of the passwords a phone account has had, newest first.

    Nobody reads this model: its access rows grant nothing, so only code
    running as superuser reaches it, and its create refuses anyone else even
    where access rows would let them through. Records are never rewritten;
    they go with their account."""

    _name = "phone.account.password"
    _description = "Phone Account Password Hash"
    _inherit = ["phone.guard.mixin"]
    _order = "account_id, id desc"
    _rec_name = "kind"
    # who set a password is the application's record of it
    _phone_workflow_fields = frozenset({"set_by_id"})

    account_id = fields.Many2one(
        "phone.account", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    kind = fields.Selection(
        [("initial", "Initial password"), ("change", "Changed by the employee")],
        required=True,
    )
    password_hash = fields.Char(
        string="Password hash", required=True, copy=False, prefetch=False
    )
    set_by_id = fields.Many2one(
        "res.users", "Set by", default=lambda self: self.env.uid
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                _("Phone password hashes are only written by the password wizards.")
            )
        return super().create(vals_list)

    def write(self, vals):
        # append-only, even for superuser code
        if vals:
            raise AccessError(
                _("The password history of a phone account is never rewritten.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_with_account(self):
        if not self.env.su:
            raise AccessError(
                _("The password history of a phone account is never rewritten.")
            )

    @api.model
    def _phone_hash(self, password):
        return PHONE_CRYPT_CONTEXT.hash(password)

    def _phone_matches(self, password):
        """True when ``password`` is the one of one of these hashes."""
        return any(
            PHONE_CRYPT_CONTEXT.verify(password, entry.password_hash) for entry in self
        )
