# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security incidents the reconciliation of a phone system opens (policy
§3.1.3): a credential on the PBX that no active account explains. The facts
are stored (which PBX, which SIP user and realm, what was wrong, that the
credential was removed); the sentence describing them is written when read,
in the reader's language."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .phone_guard import in_phone_workflow, phone_workflow

PBX_INCIDENT_FIELDS = {"pbx_system_id", "pbx_login", "pbx_realm", "pbx_anomaly"}


class PhoneSecurityIncident(models.Model):
    _inherit = "phone.security.incident"

    pbx_system_id = fields.Many2one(
        "phone.system", "Found on", readonly=True, index=True, check_company=True
    )
    pbx_login = fields.Char("SIP user found", readonly=True)
    pbx_realm = fields.Char("Realm found", readonly=True)
    pbx_anomaly = fields.Selection(
        [
            ("unknown", "Credential no account explains"),
            ("inactive", "Credential of an account that is not active"),
        ],
        "Anomaly on the phone system",
        readonly=True,
    )
    pbx_summary = fields.Text("Found by reconciliation", compute="_compute_pbx_summary")

    @api.depends_context("lang")
    @api.depends("pbx_anomaly", "pbx_login", "pbx_realm", "pbx_system_id", "account_id")
    def _compute_pbx_summary(self):
        states = (
            self.env["phone.account"]._fields["state"]._description_selection(self.env)
        )
        for incident in self:
            if not incident.pbx_anomaly:
                incident.pbx_summary = False
            elif incident.pbx_anomaly == "unknown":
                incident.pbx_summary = _(
                    "The reconciliation found a credential for %(login)s (realm "
                    "%(realm)s) in the database of %(system)s that no phone "
                    "account explains. It was removed from the phone system: "
                    "find out who created it and whether it was used.",
                    login=incident.pbx_login,
                    realm=incident.pbx_realm or "-",
                    system=incident.pbx_system_id.name,
                )
            else:
                # its readers (officers, managers) read every account
                account = incident.account_id
                incident.pbx_summary = _(
                    "The reconciliation found the credential of %(login)s still "
                    "active in the database of %(system)s while the account "
                    "%(account)s is %(state)s in Odoo. It was removed from the "
                    "phone system: find out how it came back and whether it was "
                    "used.",
                    login=incident.pbx_login,
                    system=incident.pbx_system_id.name,
                    account=account.name or "-",
                    state=dict(states).get(account.state, "-"),
                )

    def _check_pbx_incident_write(self, vals):
        if PBX_INCIDENT_FIELDS & {k for k, v in vals.items() if v} and not (
            self.env.su or in_phone_workflow()
        ):
            raise AccessError(
                _("What the reconciliation found is recorded by the reconciliation.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_pbx_incident_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        if PBX_INCIDENT_FIELDS & set(vals) and not (self.env.su or in_phone_workflow()):
            raise AccessError(
                _("What the reconciliation found is recorded by the reconciliation.")
            )
        return super().write(vals)

    @api.model
    def _pbx_open_anomaly(self, system, login, realm, account):
        """The incident of a credential found on ``system``'s PBX that no
        active account explains (``account``: the frozen, closed or draft
        account it belongs to, if any). Already removed from the PBX."""
        if account and account.company_id != system.company_id:
            account = None  # another company's system sharing the database
        with phone_workflow():
            incident = self.create(
                {
                    "kind": "account_anomaly",
                    "company_id": system.company_id.id,
                    "account_id": account.id if account else False,
                    # the facts, in no language; pbx_summary says them
                    "description": f"sip:{login}@{realm} ({system.name})",
                    "pbx_system_id": system.id,
                    "pbx_login": login,
                    "pbx_realm": realm,
                    "pbx_anomaly": "inactive" if account else "unknown",
                }
            )
        return incident
