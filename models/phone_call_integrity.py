# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The archive's integrity chain over calls (as ``account.move`` does with
``_get_integrity_hash_fields``): the canonical form of a call, its digest
in SQL and the rows of the chain in order."""

from itertools import count

from odoo import api, models
from odoo.tools import SQL

from ..utils.archive import HASH_VERSION

_cursor_names = count(1)


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # Integrity chain (as account.move: _get_integrity_hash_fields,
    # _calculate_hashes)
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
        database (see utils/archive.py)."""
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
