# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Provisioning of a phone system: where the PBX keeps its SIP credentials
and how Odoo reaches that database (policy §3.1: Odoo is the source of
truth the phone system obeys).

The connection is psycopg2 to the PBX's own PostgreSQL database, never an
Odoo cursor. Its password is readable by Settings administrators only and
appears in no log, message, tracking value or error: every error text that
leaves this file goes through :meth:`PhoneSystem._pbx_scrub`."""

from urllib.parse import quote

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.i18n import format_list

from ..utils.groups import OFFICER_GROUP
from .pbx_targets import TARGETS
from .phone_guard import in_phone_workflow

# What only Settings administrators set: where the credentials go and how
# (a phone-policy officer must not be able to send them elsewhere).
PBX_SETTINGS_FIELDS = {
    "provisioning",
    "sip_realm",
    "pbx_db_host",
    "pbx_db_port",
    "pbx_db_name",
    "pbx_db_user",
    "pbx_db_password",
    "pbx_db_sslmode",
    "asterisk_context",
    "asterisk_codecs",
    "asterisk_transport",
}
# the settings' defaults: nobody's choice when a form sends them
PBX_DEFAULTS = {
    "provisioning": "manual",
    "pbx_db_port": 5432,
    "pbx_db_sslmode": "prefer",
    "asterisk_context": "from-internal",
    "asterisk_codecs": "ulaw,alaw",
}
# Set by the reconciliation only
PBX_WORKFLOW_FIELDS = {"pbx_date_reconciled"}
PBX_CONNECT_TIMEOUT = 5  # seconds
PBX_STATEMENT_TIMEOUT = 30_000  # milliseconds
SCRUBBED = "********"


class PbxError(Exception):
    """The PBX database refused or could not be reached. ``message`` is
    already scrubbed of the connection's secret; ``temporary`` errors
    (unreachable, connection lost) are retried, the others are not."""

    def __init__(self, message, temporary):
        super().__init__(message)
        self.message = message
        self.temporary = temporary


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneSystem(models.Model):
    _inherit = "phone.system"
    provisioning = fields.Selection(
        [
            ("manual", "Manual"),
            ("kamailio", "Kamailio subscriber table"),
            ("asterisk", "Asterisk PJSIP Realtime"),
        ],
        required=True,
        default=PBX_DEFAULTS["provisioning"],
        tracking=True,
        help="Manual: officers set passwords, freezes and closures on the phone "
        "system themselves. Otherwise Odoo writes the SIP credentials into the "
        "phone system's database after every change.",
    )
    sip_realm = fields.Char(
        "SIP realm",
        tracking=True,
        help="The realm of the digest credentials (Kamailio's domain); part of "
        "every password's HA1.",
    )
    pbx_db_host = fields.Char(
        "Database host", tracking=True, help="Empty: the local socket."
    )
    pbx_db_port = fields.Integer(
        "Database port", default=PBX_DEFAULTS["pbx_db_port"], tracking=True
    )
    pbx_db_name = fields.Char("Database name", tracking=True)
    pbx_db_user = fields.Char("Database user", tracking=True)
    # the secret: Settings administrators only, never tracked nor copied
    pbx_db_password = fields.Char(
        "Database password",
        groups="base.group_system",
        copy=False,
        prefetch=False,
    )
    pbx_db_sslmode = fields.Selection(
        [
            ("disable", "Disable"),
            ("prefer", "Prefer"),
            ("require", "Require"),
            ("verify-full", "Verify the certificate"),
        ],
        "SSL",
        required=True,
        default=PBX_DEFAULTS["pbx_db_sslmode"],
        tracking=True,
    )
    pbx_db_password_set = fields.Boolean(
        "Database password set", compute="_compute_pbx_db_password_set"
    )
    pbx_can_configure = fields.Boolean(
        "May configure provisioning", compute="_compute_pbx_can_configure"
    )
    asterisk_context = fields.Char(
        "Dial plan context",
        default=PBX_DEFAULTS["asterisk_context"],
        tracking=True,
        help="The context of the accounts' PJSIP endpoints.",
    )
    asterisk_codecs = fields.Char(
        "Codecs",
        default=PBX_DEFAULTS["asterisk_codecs"],
        tracking=True,
        help="What the accounts' endpoints allow (after disallow=all).",
    )
    asterisk_transport = fields.Char(
        "Transport", tracking=True, help="The endpoints' PJSIP transport, if any."
    )
    pbx_date_reconciled = fields.Datetime("Last reconciled", readonly=True)
    provisioning_job_ids = fields.One2many(
        "phone.provisioning.job",
        "system_id",
        "Provisioning queue",
        groups="phone_policy.group_phone_officer",
    )
    provisioning_pending_count = fields.Integer(
        "Jobs pending delivery",
        compute="_compute_provisioning_counts",
        groups="phone_policy.group_phone_officer",
    )
    provisioning_failed_count = fields.Integer(
        "Jobs failed",
        compute="_compute_provisioning_counts",
        groups="phone_policy.group_phone_officer",
    )

    def _compute_pbx_db_password_set(self):
        # from the table, not the cache: a secret read into the cache would
        # be served to the next reader of the field without its access check
        self.flush_model(["pbx_db_password"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM phone_system WHERE id = ANY(%s) "
                "AND coalesce(pbx_db_password, '') != ''",
                self.ids,
            )
        )
        with_secret = {row[0] for row in self.env.cr.fetchall()}
        for system in self:
            system.pbx_db_password_set = system.id in with_secret

    @api.depends_context("uid")
    def _compute_pbx_can_configure(self):
        allowed = self.env.su or self.env.user.has_group("base.group_system")
        for system in self:
            system.pbx_can_configure = allowed

    def _compute_provisioning_counts(self):
        counts = {
            (system.id, state): count
            for system, state, count in self.env["phone.provisioning.job"]._read_group(
                [("system_id", "in", self.ids), ("state", "in", ("pending", "failed"))],
                ["system_id", "state"],
                ["__count"],
            )
        }
        for system in self:
            system.provisioning_pending_count = counts.get((system.id, "pending"), 0)
            system.provisioning_failed_count = counts.get((system.id, "failed"), 0)

    @api.constrains("provisioning", "sip_realm", "pbx_db_name", "pbx_db_user")
    def _check_pbx_settings(self):
        for system in self:
            if system.provisioning == "manual":
                continue
            missing = [
                system._fields[name]._description_string(self.env)
                for name in ("sip_realm", "pbx_db_name", "pbx_db_user")
                if not system[name]
            ]
            if missing:
                raise ValidationError(
                    _(
                        "%(system)s writes credentials into its PBX's database: "
                        "set %(fields)s.",
                        system=system.name,
                        fields=format_list(self.env, missing),
                    )
                )
            if any(char.isspace() or char in ":@\"'" for char in system.sip_realm):
                raise ValidationError(
                    _(
                        "The SIP realm %(realm)s is a domain name: no spaces, "
                        "quotes, colons or @.",
                        realm=system.sip_realm,
                    )
                )

    def _check_pbx_settings_write(self, vals):
        """Only Settings administrators say where the credentials go; the
        reconciliation date is the reconciliation's."""
        if self.env.su:
            return
        if PBX_SETTINGS_FIELDS & set(vals) and not self.env.user.has_group(
            "base.group_system"
        ):
            raise AccessError(
                _(
                    "Only Settings administrators change how a phone system is "
                    "provisioned and the connection to its database."
                )
            )
        if PBX_WORKFLOW_FIELDS & set(vals) and not in_phone_workflow():
            raise AccessError(
                _("The reconciliation date is set by the reconciliation.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            for vals in vals_list:
                # a form sends the defaults: they are nobody's choice
                self._check_pbx_settings_write(
                    {
                        key
                        for key, value in vals.items()
                        if value and value != PBX_DEFAULTS.get(key)
                    }
                )
            # nor may a context key choose them instead
            context = {
                key: value
                for key, value in self.env.context.items()
                if key[8:] not in PBX_SETTINGS_FIELDS | PBX_WORKFLOW_FIELDS
                or not key.startswith("default_")
            }
            self = self.with_env(self.env(context=context))
        return super().create(vals_list)

    def write(self, vals):
        self._check_pbx_settings_write(vals)
        if "sip_realm" in vals:
            self._check_realm_change(vals["sip_realm"])
        return super().write(vals)

    def _check_realm_change(self, realm):
        for system in self:
            if system.sip_realm == realm:
                continue
            # sudo: counts the accounts holding a credential under the realm
            Account = self.env["phone.account"].sudo()
            delivered = Account.search_count(
                [("system_id", "=", system.id), ("pbx_login", "!=", False)]
            )
            if delivered:
                raise UserError(
                    _(
                        "%(count)s accounts of %(system)s have credentials on the "
                        "phone system under the realm %(realm)s, and the realm is "
                        "part of each one: close them, or switch to manual, before "
                        "changing it.",
                        count=delivered,
                        system=system.name,
                        realm=system.sip_realm,
                    )
                )

    def action_pbx_test_connection(self):
        """Connect, check the target's tables, count the credentials."""
        self.ensure_one()
        self._check_pbx_officer()
        count = self._pbx_run(lambda target: target.count())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Connected to the database of %(system)s: %(count)s "
                    "credentials on the phone system.",
                    system=self.name,
                    count=count,
                ),
            },
        }

    def action_view_provisioning_jobs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_provisioning_job_action"
        )
        action["domain"] = [("system_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    def _check_pbx_officer(self):
        if not (self.env.su or self.env.user.has_group(OFFICER_GROUP)):
            raise AccessError(
                _("Only phone-policy officers work on the phone system's accounts.")
            )
        for system in self:
            if system.provisioning == "manual":
                raise UserError(
                    _(
                        "%(system)s is provisioned by hand: there is no database "
                        "to reach.",
                        system=system.name,
                    )
                )

    def _pbx_secret(self):
        """The connection's password, read from the table: never through the
        ORM's cache, where the next reader of the field would find it
        without its access check."""
        self.ensure_one()
        self.flush_model(["pbx_db_password"])
        self.env.cr.execute(
            SQL("SELECT pbx_db_password FROM phone_system WHERE id = %s", self.id)
        )
        row = self.env.cr.fetchone()
        return (row and row[0]) or ""

    def _pbx_scrub(self, text):
        """``text`` without the connection's secret, in any spelling a
        driver may use (as typed, URL-encoded, quoted)."""
        text = str(text or "").strip()
        secret = self._pbx_secret()
        if secret:
            for spelling in {secret, quote(secret, safe=""), repr(secret)}:
                text = text.replace(spelling, SCRUBBED)
        return text[:1000]

    def _pbx_connect(self):
        """A psycopg2 connection to the PBX's database. Raises
        :class:`PbxError` with a scrubbed message."""
        self.ensure_one()
        params = {
            "host": self.pbx_db_host or None,
            "port": self.pbx_db_port or None,
            "dbname": self.pbx_db_name,
            "user": self.pbx_db_user,
            "password": self._pbx_secret() or None,
            "sslmode": self.pbx_db_sslmode,
            "connect_timeout": PBX_CONNECT_TIMEOUT,
            "application_name": "odoo-phone-policy",
            "options": f"-c statement_timeout={PBX_STATEMENT_TIMEOUT}",
        }
        try:
            return psycopg2.connect(**params)
        except psycopg2.Error as error:
            raise PbxError(self._pbx_error_text(error), temporary=True) from None

    def _pbx_error_text(self, error):
        """What went wrong, for officers: the driver's own words, scrubbed."""
        text = getattr(error, "pgerror", None) or str(error)
        return self._pbx_scrub(
            _(
                "Database of %(system)s: %(error)s",
                system=self.name,
                error=text,
            )
        )

    def _pbx_run(self, work):
        """Run ``work(target)`` in one transaction of the PBX's database and
        return its result; a :class:`UserError` (scrubbed) if it fails."""
        self.ensure_one()
        try:
            cnx = self._pbx_connect()
        except PbxError as error:
            raise UserError(error.message) from None
        try:
            with cnx.cursor() as cr:
                result = work(TARGETS[self.provisioning](cr))
            cnx.commit()
            return result
        except psycopg2.Error as error:
            raise UserError(self._pbx_error_text(error)) from None
        finally:
            cnx.close()
