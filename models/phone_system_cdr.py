# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import binascii
import hashlib
import hmac
import os

from passlib.context import CryptContext

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..utils.groups import OFFICER_GROUP
from ..utils.limits import MAX_PUSH_KB

# the way Odoo keeps API keys: random keys need no slow hash, a short index
# finds the candidate without revealing anything
PUSH_KEY_CRYPT = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=6000)
PUSH_KEY_BYTES = 20
PUSH_KEY_INDEX = 8
# keys this process verified: (database, system id, stored hash) -> SHA-256
# of the key. A phone system posts many events a second; the slow hash is
# checked once per key and process. A new or revoked key changes the stored
# hash, so an old entry never matches again.
_VERIFIED_KEYS = {}
_VERIFIED_KEYS_MAX = 1000


class PhoneSystem(models.Model):
    _inherit = "phone.system"
    # the push key is generated and revoked with the buttons
    _phone_workflow_fields = frozenset({"cdr_push_key_index", "cdr_push_key_hash"})

    cdr_format = fields.Selection(
        [
            ("asterisk", "Asterisk Master.csv"),
            ("freepbx", "FreePBX CDR export"),
            ("3cx", "3CX CDR"),
        ],
        "Record format",
        compute="_compute_cdr_format",
        store=True,
        readonly=False,
        help="Format of the call-detail record files this phone system writes.",
    )
    cdr_profile_id = fields.Many2one(
        "phone.cdr.profile",
        "3CX field order",
        check_company=True,
        help="The fields a 3CX system writes, in the order its administrator chose.",
    )
    cdr_encoding = fields.Selection(
        [
            ("utf-8", "UTF-8"),
            ("big5", "Big5 (Traditional Chinese)"),
            ("gb18030", "GB18030 (Simplified Chinese)"),
        ],
        "Text encoding",
        required=True,
        default="utf-8",
        help="Lines that are not valid text in this encoding are rejected.",
    )
    cdr_extension_digits = fields.Integer(
        "Extension length",
        default=4,
        help="A number with this many digits is one of our extensions, even "
        "without an account. Accounts and the numbering plan are always "
        "recognised. 0: only accounts and the numbering plan.",
    )
    cdr_merge_minutes = fields.Integer(
        "Merge tolerance (minutes)",
        default=10,
        help="A call logged by hand by the same employee with the same number "
        "that started within this many minutes of the phone system's record "
        "is completed by the record instead of being duplicated.",
    )
    cdr_directory = fields.Char(
        "Pick-up directory",
        groups="base.group_system",
        help="Directory on the Odoo server where the phone system drops its "
        "record files; a scheduled action imports them and moves them to "
        "its 'imported' subdirectory.",
    )
    cdr_push_url = fields.Char(
        "Push address",
        compute="_compute_cdr_push_url",
        help="The phone system posts its records as JSON to this address, "
        "with the header 'Authorization: Bearer' followed by its push key.",
    )
    cdr_push_max_kb = fields.Integer(
        "Push size limit (KB)",
        default=1024,
        help="Largest request the phone system may push at once.",
    )
    cdr_push_key_index = fields.Char(
        "Push key index", groups="base.group_system", copy=False
    )
    cdr_push_key_hash = fields.Char(
        "Push key hash", groups="base.group_system", copy=False
    )
    cdr_push_key_hint = fields.Char(
        "Push key",
        readonly=True,
        copy=False,
        help="The first characters of the phone system's push key; the key "
        "itself is shown once, when it is generated.",
    )
    cdr_import_ids = fields.One2many(
        "phone.cdr.import",
        "system_id",
        "PBX imports",
        groups=OFFICER_GROUP,
    )
    cdr_import_count = fields.Integer(
        "Number of PBX imports",
        compute="_compute_cdr_import_count",
        groups=OFFICER_GROUP,
    )

    # live calls (models/phone_call_live.py): the same push key
    live_events_url = fields.Char(
        "Live events address",
        compute="_compute_live_events_url",
        help="The phone system posts each call's ringing, answered and hangup "
        "events as JSON to this address, with the header 'Authorization: "
        "Bearer' followed by its push key (the same key as for its records).",
    )
    live_max_age_minutes = fields.Integer(
        "Live events accepted for (minutes)",
        default=60,
        help="An event whose time is older than this is refused: a replayed or "
        "long-delayed event is no live call. The call-detail record still "
        "brings the call.",
    )

    @api.depends("kind")
    def _compute_cdr_format(self):
        formats = {"asterisk": "asterisk", "freepbx": "freepbx", "3cx": "3cx"}
        for system in self:
            system.cdr_format = formats.get(system.kind, "asterisk")

    def _compute_cdr_push_url(self):
        for system in self:
            system.cdr_push_url = (
                "%s/phone_policy/cdr/push/%s" % (system.get_base_url(), system.id)
                if system.id
                else False
            )

    def _compute_live_events_url(self):
        for system in self:
            system.live_events_url = (
                "%s/phone_policy/live/%s/events" % (system.get_base_url(), system.id)
                if system.id
                else False
            )

    def _compute_cdr_import_count(self):
        counts = dict(
            self.env["phone.cdr.import"]._read_group(
                [("system_id", "in", self.ids)], ["system_id"], ["__count"]
            )
        )
        for system in self:
            system.cdr_import_count = counts.get(system, 0)

    @api.constrains(
        "cdr_extension_digits", "cdr_merge_minutes", "cdr_push_max_kb", "cdr_format"
    )
    def _check_cdr_settings(self):
        for system in self:
            if system.cdr_extension_digits < 0 or system.cdr_merge_minutes < 0:
                raise ValidationError(
                    _("Extension length and merge tolerance cannot be negative.")
                )
            if not 1 <= system.cdr_push_max_kb <= MAX_PUSH_KB:
                raise ValidationError(
                    _(
                        "The push size limit lies between 1 and %(max)s KB.",
                        max=MAX_PUSH_KB,
                    )
                )

    @api.constrains("cdr_directory")
    def _check_cdr_directory(self):
        # sudo: the directory is an administrator's field; a check, no read
        for system in self.sudo():
            path = system.cdr_directory
            if path and not (os.path.isabs(path) and os.path.isdir(path)):
                raise ValidationError(
                    _(
                        "The pick-up directory %(path)s is not an existing "
                        "absolute directory on the server.",
                        path=path,
                    )
                )

    @api.constrains("live_max_age_minutes")
    def _check_live_max_age(self):
        for system in self:
            if system.live_max_age_minutes < 1:
                raise ValidationError(
                    _("Live events are accepted for at least one minute.")
                )

    def action_view_cdr_imports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_cdr_import_action"
        )
        action["domain"] = [("system_id", "=", self.id)]
        action["context"] = {"default_system_id": self.id}
        return action

    def action_import_cdr(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_cdr_import_wizard_action"
        )
        action["context"] = {"default_system_id": self.id}
        return action

    def action_generate_push_key(self):
        """Give the phone system a new push key, shown once; the old one
        stops working."""
        self.ensure_one()
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(_("Only phone policy officers manage push keys."))
        self.check_access("write")
        key = self._set_push_key()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Push key of %(system)s", system=self.name),
                "message": _(
                    "Copy it now into the phone system; it will not be shown "
                    "again: %(key)s",
                    key=key,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    def _set_push_key(self):
        self.ensure_one()
        key = binascii.hexlify(os.urandom(PUSH_KEY_BYTES)).decode()
        # sudo: officers renew the key; hash and index are admin-only fields
        self.sudo().write(
            {
                "cdr_push_key_index": key[:PUSH_KEY_INDEX],
                "cdr_push_key_hash": PUSH_KEY_CRYPT.hash(key),
                "cdr_push_key_hint": key[:PUSH_KEY_INDEX] + "…",
            }
        )
        self.message_post(body=_("A new push key was generated."))
        return key

    def action_revoke_push_key(self):
        self.ensure_one()
        self.check_access("write")
        # sudo: officers revoke the key; hash and index are admin-only fields
        self.sudo().write(
            {
                "cdr_push_key_index": False,
                "cdr_push_key_hash": False,
                "cdr_push_key_hint": False,
            }
        )
        self.message_post(body=_("The push key was revoked."))

    def _check_push_key(self, key):
        """True when ``key`` is this phone system's push key."""
        self.ensure_one()
        # called by the push controller, as the superuser: no sudo()
        system = self
        if not (key and system.active and system.cdr_push_key_hash):
            return False
        if key[:PUSH_KEY_INDEX] != system.cdr_push_key_index:
            return False
        digest = hashlib.sha256(key.encode()).digest()
        cache_key = (self.env.cr.dbname, system.id, system.cdr_push_key_hash)
        known = _VERIFIED_KEYS.get(cache_key)
        if known is not None:
            return hmac.compare_digest(known, digest)
        if not PUSH_KEY_CRYPT.verify(key, system.cdr_push_key_hash):
            return False
        if len(_VERIFIED_KEYS) >= _VERIFIED_KEYS_MAX:
            _VERIFIED_KEYS.clear()
        _VERIFIED_KEYS[cache_key] = digest
        return True

    def _cdr_extension_of(self):
        """{extension: employee id} of the system's accounts: open accounts
        first, then the most recent closed one for older records."""
        self.ensure_one()
        self.env["phone.account"].flush_model(
            ["system_id", "extension", "employee_id", "state"]
        )
        self.env.cr.execute(
            """
            SELECT extension, employee_id
              FROM phone_account
             WHERE system_id = %s
             ORDER BY (state = 'closed') DESC, id
            """,
            [self.id],
        )
        # later rows win: open accounts come last
        return dict(self.env.cr.fetchall())

    def _cdr_field_order(self):
        self.ensure_one()
        if self.cdr_profile_id:
            return self.cdr_profile_id._field_list()
        return None

    def _live_extension_of(self, extensions):
        """{extension: (employee id, user id, department id, the user's
        partner id if the user is active)} of the system's open accounts
        among ``extensions``: who has an extension now, when it rings."""
        self.ensure_one()
        self.env["phone.account"].flush_model(
            ["system_id", "extension", "employee_id", "state"]
        )
        self.env["hr.employee"].flush_model(["user_id", "department_id"])
        self.env["res.users"].flush_model(["partner_id", "active"])
        self.env.cr.execute(
            """
            SELECT a.extension, e.id, e.user_id, e.department_id,
                   CASE WHEN u.active THEN u.partner_id END
              FROM phone_account a
              JOIN hr_employee e ON e.id = a.employee_id
              LEFT JOIN res_users u ON u.id = e.user_id
             WHERE a.system_id = %s AND a.state != 'closed'
               AND a.extension = ANY(%s)
            """,
            [self.id, list(extensions)],
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}
