# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""phone.call, as the archive sees it (policy §5.2): legal hold, filing in
an archive, the chained integrity hash, and the guards that make an archived
call unalterable. Kept apart from models/phone_call.py so that the call log
and the archive can evolve (and merge) independently."""

from hashlib import sha256
from itertools import count

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, plaintext2html

from .archive_tools import (
    HASH_VERSION,
    MANAGER_GROUP,
    in_archive_workflow,
)

_cursor_names = count(1)


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # ------------------------------------------------------------------
    # Archive (policy §5.2)
    # ------------------------------------------------------------------
    legal_hold_reason = fields.Selection(
        [
            ("legal", "Legal matter"),
            ("decision", "Important business decision"),
        ],
        "Legal hold",
        tracking=True,
        copy=False,
        help="A call that bears on a legal matter or an important business "
        "decision is kept without limit, whatever its category's retention.",
    )
    legal_hold = fields.Boolean(
        "On legal hold", compute="_compute_legal_hold", store=True, index=True
    )
    archive_id = fields.Many2one(
        "phone.archive",
        "Archive",
        readonly=True,
        copy=False,
        index=True,
        # the ORM refuses to delete a filed archive; emptying this hashed
        # field in SQL shows as altered content in the integrity check
        ondelete="set null",
        check_company=True,
    )
    archive_sequence = fields.Integer(
        "Chain number",
        readonly=True,
        copy=False,
        aggregator=None,
        help="Position of the call in the company's chain of archived calls.",
    )
    archive_hash = fields.Char(
        "Integrity hash",
        readonly=True,
        copy=False,
        help="SHA-256 over the previous call's hash and this call's content, "
        "computed when the call was archived.",
    )
    archived_date = fields.Datetime(
        related="archive_id.archived_date", string="Archived on"
    )
    archive_access_request_ids = fields.Many2many(
        "phone.archive.access.request",
        "phone_archive_access_request_phone_call_rel",
        "phone_call_id",
        "phone_archive_access_request_id",
        string="Archive access requests",
        groups="phone_policy.group_phone_manager",
        copy=False,
    )
    archive_access_granted = fields.Boolean(
        "Archive access granted",
        compute="_compute_archive_access_granted",
        search="_search_archive_access_granted",
        help="Managers read archived calls; other people need an approved "
        "access request whose window is open.",
    )

    _sql_constraints = [
        (
            "archive_sequence_uniq",
            "unique(company_id, archive_sequence)",
            "Two archived calls cannot share a place in the integrity chain.",
        ),
    ]

    @api.depends("legal_hold_reason")
    def _compute_legal_hold(self):
        for call in self:
            call.legal_hold = bool(call.legal_hold_reason)

    @api.depends_context("uid")
    def _compute_archive_access_granted(self):
        # evaluated in memory by access checks (filtered_domain): no query
        # unless some of the calls are archived and the user no manager
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        archived = self.browse() if is_manager else self.filtered("archive_id")
        granted = self.browse()
        if archived:
            # sudo: the search below applies the grants of the current user
            # (env.uid is kept by sudo), not record rules
            granted = (
                archived.sudo()
                .with_context(active_test=False)
                .search(
                    [("id", "in", archived.ids), ("archive_access_granted", "=", True)]
                )
            )
        for call in self:
            call.archive_access_granted = is_manager or call in granted

    def _search_archive_access_granted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on archive access."))
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            domain = expression.TRUE_DOMAIN
        else:
            # subqueries of the main query: no extra round trip per search
            grant = self.env["phone.archive.access.request"]._open_grant_domain(user)
            domain = expression.OR(
                [
                    # a grant on an archive covers its non-confidential calls;
                    # confidential calls must be named one by one
                    [
                        ("archive_id.access_request_ids", "any", grant),
                        ("confidentiality", "=", "normal"),
                    ],
                    [("archive_access_request_ids", "any", grant)],
                ]
            )
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------------
    # Guards: an archived call is unalterable (policy §5.2: nobody may copy,
    # alter or destroy archived content)
    # ------------------------------------------------------------------
    def _archived_calls(self):
        # sudo: the guard holds for everyone, whatever they may read
        return self.sudo().filtered("archive_id")

    def _raise_if_archived(self, message, sealed=None):
        """Refuse, with ``message`` (placeholders %(calls)s, %(archive)s),
        if some of these calls are archived, outside the archive workflow."""
        if in_archive_workflow():
            return
        sealed = self._archived_calls() if sealed is None else sealed
        if sealed:
            raise UserError(
                message
                % {
                    "calls": ", ".join(sealed[:5].mapped("name")),
                    "archive": sealed[:1].archive_id.name,
                }
            )

    @api.model
    def _raise_if_any_archived(self, call_ids, message):
        """Same, for calls given by ids that may not exist any more (the
        documents of attachments, activities, messages): one query."""
        if call_ids and not in_archive_workflow():
            sealed = (
                self.sudo()
                .with_context(active_test=False)
                .search([("id", "in", list(call_ids)), ("archive_id", "!=", False)])
            )
            self._raise_if_archived(message, sealed)

    def write(self, vals):
        if vals:
            self._raise_if_archived(
                _(
                    "%(calls)s are archived in %(archive)s and cannot be changed "
                    "by anyone. Add a signed correction note instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self._raise_if_archived(
            _(
                "%(calls)s are archived in %(archive)s and cannot be deleted; "
                "they are disposed of at the end of their retention period."
            )
        )

    def copy(self, default=None):
        self._raise_if_archived(
            _("%(calls)s are archived in %(archive)s and cannot be copied.")
        )
        return super().copy(default=default)

    def export_data(self, fields_to_export):
        if (
            not self.env.su
            and not self.env.user.has_group(MANAGER_GROUP)
            and self._archived_calls()
        ):
            raise AccessError(
                _("Only Phone Policy managers may export archived call records.")
            )
        return super().export_data(fields_to_export)

    def _message_update_content(self, message, body, *args, **kwargs):
        self._raise_if_archived(
            _(
                "%(calls)s are archived in %(archive)s: their notes cannot be "
                "edited or deleted. Add a signed correction note instead."
            )
        )
        return super()._message_update_content(message, body, *args, **kwargs)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if not self.env.su and set(fnames) - {"id", "display_name"}:
            self._log_archive_access()
        return result

    def _log_archive_access(self):
        """Log a read of archived calls made under an approved access request
        (who, what, when, purpose). Managers read archives by right."""
        sealed = self._archived_calls()
        if not sealed or self.env.user.has_group(MANAGER_GROUP):
            return
        requests = self.env["phone.archive.access.request"]._open_grants(self.env.user)
        remaining = sealed
        log_vals = []
        for request in requests.sorted("granted_to"):
            covered = remaining.filtered(
                lambda call, request=request: (
                    call in request.call_ids
                    or (
                        call.archive_id in request.archive_ids
                        and call.confidentiality == "normal"
                    )
                )
            )
            if covered:
                log_vals.append(
                    {
                        "request_id": request.id,
                        "user_id": self.env.uid,
                        "call_ids": [fields.Command.set(covered.ids)],
                        "call_references": ", ".join(covered.mapped("name")),
                        "call_count": len(covered),
                    }
                )
                remaining -= covered
        if log_vals:
            # sudo: the log is written by the system, never by its subject
            self.env["phone.archive.access.log"].sudo().create(log_vals)

    # ------------------------------------------------------------------
    # Signed corrections
    # ------------------------------------------------------------------
    def action_add_correction_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add a correction note"),
            "res_model": "phone.call.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def _post_correction_note(self, note):
        """Append a correction to an archived call: a note signed by the
        current user (name, time, fingerprint), never an edit."""
        self.ensure_one()
        self.check_access("read")
        if not (note or "").strip():
            raise UserError(_("Write the correction first."))
        user = self.env.user
        now = fields.Datetime.now()
        fingerprint = sha256(
            "|".join([self.archive_hash or "", str(user.id), str(now), note]).encode()
        ).hexdigest()
        body = Markup(
            "<p><strong>%(title)s</strong></p>%(note)s"
            '<p class="text-muted small">%(signature)s</p>'
        ) % {
            "title": _("Correction note"),
            "note": plaintext2html(note),
            "signature": _(
                "Signed by %(name)s (%(login)s) on %(date)s UTC; record hash "
                "%(hash)s; fingerprint %(fingerprint)s",
                name=user.name,
                login=user.login,
                date=fields.Datetime.to_string(now),
                hash=self.archive_hash or "-",
                fingerprint=fingerprint,
            ),
        }
        # sudo: whoever may read the archived call may append a correction
        # without write access to it; the note is authored by that person
        return self.sudo().message_post(
            body=body,
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Integrity chain (as account.move: _get_integrity_hash_fields,
    # _calculate_hashes)
    # ------------------------------------------------------------------
    @api.model
    def _get_integrity_hash_fields(self, version=HASH_VERSION):
        """Hashed fields, by version: the facts recorded about the call and
        its place in the archive. Fields computed from other records (the
        user behind the employee, the contact's time zone) are left out as
        they may legitimately change. A new field means a new version."""
        if version == 1:
            return sorted(
                [
                    "name",
                    "company_id",
                    "direction",
                    "nature",
                    "source",
                    "employee_id",
                    "department_id",
                    "partner_id",
                    "counterpart_employee_id",
                    "counterpart_name",
                    "counterpart_organization",
                    "phone",
                    "date_start",
                    "ring_seconds",
                    "ring_limit_seconds",
                    "answered",
                    "duration",
                    "subject",
                    "key_points",
                    "importance",
                    "confidentiality",
                    "category_id",
                    "responsible_user_id",
                    "greeting_given",
                    "closing_given",
                    "apology_given",
                    "callback_datetime",
                    "callback_done_datetime",
                    "legal_hold_reason",
                    "archive_id",
                    "archive_sequence",
                ]
            )
        raise NotImplementedError(f"hash version {version} does not exist")

    @api.model
    def _archive_canonical_sql(self, version=HASH_VERSION, overrides=None):
        """SQL of the canonical form of a call (alias ``c``) for a hash
        version: the text of ``ROW(...)`` over its hashed fields in name
        order; dates as explicit ISO text, whatever the server's DateStyle.
        ``overrides`` gives SQL to use instead of some columns (the values
        a call is about to receive when it is sealed)."""
        overrides = overrides or {}
        columns = []
        for fname in self._get_integrity_hash_fields(version):
            field = self._fields[fname]
            column = overrides.get(fname) or SQL.identifier("c", fname)
            if field.type == "datetime":
                columns.append(SQL("to_char(%s, 'YYYY-MM-DD HH24:MI:SS.US')", column))
            elif field.type == "date":
                columns.append(SQL("to_char(%s, 'YYYY-MM-DD')", column))
            else:
                columns.append(column)
        return SQL("ROW(%s)::text", SQL(", ").join(columns))

    @api.model
    def _archive_digest_sql(self, version=HASH_VERSION, overrides=None):
        """SHA-256 hex digest of the canonical form, computed by the
        database (see archive_tools)."""
        return SQL(
            "encode(sha256(convert_to(%s, 'UTF8')), 'hex')",
            self._archive_canonical_sql(version, overrides),
        )

    @api.model
    def _archive_chain_columns(self):
        """(id, chain number, stored hash, reference, SHA-256 hex digest of
        the canonical form for each hash version from 1 to the latest)."""
        return SQL(
            "c.id, c.archive_sequence, c.archive_hash, c.name, %s",
            SQL(", ").join(
                self._archive_digest_sql(version)
                for version in range(1, HASH_VERSION + 1)
            ),
        )

    @api.model
    def _archive_chain_rows(self, where, batch_size):
        """Stream the ``_archive_chain_columns`` of the archived calls
        matching ``where`` (an SQL condition on alias ``c``), in chain
        order, ``batch_size`` rows at a time from a server-side cursor.
        Yields lists of rows."""
        self.env["phone.call"].flush_model()
        name = SQL.identifier(f"phone_archive_chain_{next(_cursor_names)}")
        self.env.cr.execute(
            SQL(
                "DECLARE %s NO SCROLL CURSOR FOR "
                "SELECT %s FROM phone_call c WHERE %s ORDER BY c.archive_sequence",
                name,
                self._archive_chain_columns(),
                where,
            )
        )
        try:
            while True:
                self.env.cr.execute(SQL("FETCH %s FROM %s", batch_size, name))
                rows = self.env.cr.fetchall()
                if not rows:
                    break
                yield rows
        finally:
            self.env.cr.execute(SQL("CLOSE %s", name))

    @api.model
    def _check_no_archived_reference(self, records, fnames):
        """Refuse to delete ``records`` while archived calls point at them
        through ``fnames``: the database would empty those fields and alter
        sealed content."""
        if not records or in_archive_workflow():
            return
        domain = expression.OR([[(fname, "in", records.ids)] for fname in fnames])
        # sudo: the protection holds whatever the user may read
        calls = self.sudo().search(
            expression.AND([domain, [("archive_id", "!=", False)]]), limit=1
        )
        if calls:
            raise UserError(
                _(
                    "%(records)s cannot be deleted: archived call records such "
                    "as %(call)s refer to it. Archive it instead.",
                    records=", ".join(records[:3].mapped("display_name")),
                    call=calls.name,
                )
            )
