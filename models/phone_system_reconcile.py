# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reconciling a phone system's provisioned accounts with what its PBX
database holds: the button, the nightly cron and the systems that share one
PBX database."""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)


class PhoneSystem(models.Model):
    _inherit = "phone.system"

    def action_pbx_reconcile(self):
        self._check_pbx_officer()
        incidents = self.env["phone.security.incident"]
        for system in self:
            incidents |= system._pbx_reconcile()
        if incidents:
            return {
                "type": "ir.actions.act_window",
                "name": _("Security incidents"),
                "res_model": "phone.security.incident",
                "view_mode": "list,form",
                "domain": [("id", "in", incidents.ids)],
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The phone system's credentials match the accounts: no anomaly."
                ),
            },
        }

    def _pbx_sharing_systems(self):
        """The phone systems (of any company) provisioned into the same
        database as this one: their credentials are expected there too."""
        self.ensure_one()
        # sudo: every system writing into the database, whatever its company
        systems = self.sudo().with_context(active_test=False)
        return systems.search(
            [
                ("provisioning", "=", self.provisioning),
                ("pbx_db_host", "=", self.pbx_db_host),
                ("pbx_db_port", "=", self.pbx_db_port),
                ("pbx_db_name", "=", self.pbx_db_name),
            ]
        )

    def _pbx_reconcile(self):
        """Compare the PBX's credential rows with the accounts. A credential
        Odoo does not know, or one of an account frozen, closed or not yet
        issued here, is an anomaly: it is removed from the PBX and a
        security incident is opened. An active account without its
        credential on the PBX is flagged for a new password. Returns the
        incidents opened."""
        self.ensure_one()
        if self.provisioning == "manual":
            return self.env["phone.security.incident"]
        # first what is already on its way, so that it is not taken for an
        # anomaly
        Job = self.env["phone.provisioning.job"]
        Job.search([("system_id", "=", self.id), ("state", "=", "pending")])._pbx_send()
        systems = self._pbx_sharing_systems()
        # sudo: the accounts of every system writing into this database
        Account = self.env["phone.account"].sudo()
        accounts = Account.search(
            [("system_id", "in", systems.ids), ("login", "!=", False)]
        )
        by_key = {}
        for account in accounts.sorted(lambda a: a.state != "closed"):
            # an open account wins over a closed one with the same login
            by_key[(account.login, account.system_id.sip_realm)] = account

        def reconcile(target):
            anomalies, seen = [], set()
            for login, realm in target.credentials():
                account = by_key.get((login, realm))
                if account and account.state == "active":
                    seen.add(account.id)
                    continue
                target.remove(login, realm)
                anomalies.append((login, realm, account))
            return anomalies, seen

        anomalies, seen = self._pbx_run(reconcile)
        incidents = self.env["phone.security.incident"]
        for login, realm, account in anomalies:
            incidents |= incidents._pbx_open_anomaly(self, login, realm, account)
        # active accounts of this system whose credential is not there, and
        # not on its way either
        missing = accounts.filtered(
            lambda a: (
                a.system_id == self
                and a.state == "active"
                and a.id not in seen
                and a.pbx_state != "pending"
            )
        )
        missing._pbx_flag_missing()
        with phone_workflow():
            self.pbx_date_reconciled = fields.Datetime.now()
        _logger.info(
            "Phone provisioning: reconciled %s: %s anomalies, %s accounts missing",
            self.name,
            len(anomalies),
            len(missing),
        )
        return incidents

    @api.model
    def _cron_pbx_reconcile(self):
        """Daily: reconcile every provisioned phone system; a PBX that cannot
        be reached is reported in the log and tried again the next day."""
        systems = self.search([("provisioning", "!=", "manual")])
        for system in systems:
            try:
                system._pbx_reconcile()
            except UserError as error:
                _logger.warning(
                    "Phone provisioning: could not reconcile %s: %s",
                    system.name,
                    error.args[0],
                )
