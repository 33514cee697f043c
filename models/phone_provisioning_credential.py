# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class PhoneProvisioningCredential(models.Model):
    """The digest credential of a new password on its way to the phone
    system: HA1 = MD5(user:realm:password) and HA1b (the same with
    user@realm), computed while the password was in memory. A password
    equivalent for the PBX, so:

    - nobody reads this model: its access rows grant nothing and it has no
      view; only provisioning code running as superuser reaches it, and its
      create refuses anyone else even where access rows would let them;
    - it lives only until its job is delivered (or superseded), then it is
      deleted. Odoo keeps no password equivalent afterwards."""

    _name = "phone.provisioning.credential"
    _description = "Phone Credential Pending Delivery"
    _inherit = ["phone.guard.mixin"]
    _order = "id"
    _rec_name = "job_id"

    job_id = fields.Many2one(
        "phone.provisioning.job", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    ha1 = fields.Char("HA1", required=True, copy=False, prefetch=False)
    ha1b = fields.Char("HA1b", required=True, copy=False, prefetch=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                _("Pending phone credentials are only written by provisioning.")
            )
        return super().create(vals_list)

    def write(self, vals):
        # a credential only moves to the job that replaces its own
        if not self.env.su or set(vals) - {"job_id"}:
            raise AccessError(_("A pending phone credential is never rewritten."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_provisioning(self):
        if not self.env.su:
            raise AccessError(_("A pending phone credential is never rewritten."))
