# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A call in the archive (policy §5.2): its archive, legal hold and who may
read it; the guards that keep an archived call unaltered (nobody may copy,
alter or destroy it) and the signed correction notes that are the only way
to add to it."""

from hashlib import sha256

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import plaintext2html

from ..utils.groups import MANAGER_GROUP
from .phone_guard import in_archive_workflow


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # Archive (policy §5.2)
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
        "On legal hold", compute="_compute_legal_hold", store=True
    )
    archive_id = fields.Many2one(
        "phone.archive",
        "Archive",
        readonly=True,
        copy=False,
        index="btree_not_null",
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
        groups=MANAGER_GROUP,
        copy=False,
    )
    archive_access_granted = fields.Boolean(
        "Archive access granted",
        compute="_compute_archive_access_granted",
        search="_search_archive_access_granted",
        help="Managers read archived calls; other people need an approved "
        "access request whose window is open.",
    )

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
            granted = (
                # sudo: applies the user's own grants (uid kept), not record rules
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

    # Guards: an archived call is unalterable (policy §5.2: nobody may copy,
    # alter or destroy archived content)
    def _archived_calls(self):
        # no prefetch: a sudo read would put the calls' content in the cache,
        # where a later read as the user (an export, a report) finds it
        # without any access check
        # sudo: the archive's guard holds whatever the user may read
        return self.sudo().with_context(prefetch_fields=False).filtered("archive_id")

    def _check_access_before_guard(self, operation):
        """Who may not read these calls hears what a wrong id would say (the
        access error of ``operation``), never that they are archived: the
        archive's guards answer only those who may read the calls
        (SECURITY.md, class 5). Every call is checked, live ones too: the
        tracking of a write reads the old values first, and would answer
        with the read access error (it only did not while the guard's sudo
        read had put them in the cache)."""
        if self.env.su:
            return
        if self._filtered_access("read") != self:
            self.check_access(operation)

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
                # sudo: the archive's guard holds whatever the user may read
                self.sudo()
                .with_context(active_test=False)
                .search([("id", "in", list(call_ids)), ("archive_id", "!=", False)])
            )
            self._raise_if_archived(message, sealed)

    @api.model
    def _raise_if_documents_archived(self, documents, message):
        """Same, for what hangs on calls (attachments, activities,
        messages: ``res_model`` or ``model``, and ``res_id``): the files,
        to-dos and notes of an archived call are sealed with it."""
        model_field = "model" if documents._name == "mail.message" else "res_model"
        call_ids = {
            document.res_id
            # sudo: the freeze of archived calls holds whatever the user may read
            for document in documents.sudo()
            if document[model_field] == self._name and document.res_id
        }
        self._raise_if_any_archived(call_ids, message)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self._raise_if_archived(
            _(
                "%(calls)s are archived in %(archive)s and cannot be deleted; "
                "they are disposed of at the end of their retention period."
            )
        )

    def unlink(self):
        # mail.thread deletes the notes (as superuser) before Odoo checks the
        # access: the access check must answer first here too
        self._check_access_before_guard("unlink")
        return super().unlink()

    def copy(self, default=None):
        self._check_access_before_guard("read")
        self._raise_if_archived(
            _("%(calls)s are archived in %(archive)s and cannot be copied.")
        )
        return super().copy(default=default)

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
        # the records read, also when read through a new record (onchange)
        sealed = self._origin._archived_calls()
        if not sealed or self.env.user.has_group(MANAGER_GROUP):
            return
        # one line per call and user per transaction, whichever ways it was read
        logged = self.env.cr.postcommit.data.setdefault(
            "phone_policy.archive_logged", set()
        )
        sealed = sealed.filtered(lambda call: (self.env.uid, call.id) not in logged)
        if not sealed:
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
            logged.update((self.env.uid, call.id) for call in sealed - remaining)

    # Signed corrections
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

    def _check_correctable(self):
        """Correction notes are for archived calls: the others are edited
        by who may edit them (the note is posted as superuser)."""
        # sudo: whether archived, whatever the user may read of the archive
        if self.sudo().filtered(lambda call: not call.archive_id):
            raise UserError(
                _("Only an archived call gets correction notes: edit the call.")
            )

    def _post_correction_note(self, note):
        """Append a correction to an archived call: a note signed by the
        current user (name, time, fingerprint), never an edit."""
        self.ensure_one()
        self.check_access("read")
        self._check_correctable()
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
        # sudo: a reader appends a signed correction without write access
        return self.sudo().message_post(
            body=body,
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _check_no_archived_reference(self, records, fnames):
        """Refuse to delete ``records`` while archived calls point at them
        through ``fnames``: the database would empty those fields and alter
        sealed content."""
        if not records or in_archive_workflow():
            return
        domain = expression.OR([[(fname, "in", records.ids)] for fname in fnames])
        # sudo: the archive's protection holds whatever the user may read
        calls = self.sudo().search(
            expression.AND([domain, [("archive_id", "!=", False)]]), limit=1
        )
        if calls:
            # no call named: the refusal must not show a sealed call's reference
            raise UserError(
                _(
                    "%(records)s cannot be deleted: archived call records refer "
                    "to it. Archive it instead.",
                    records=", ".join(records[:3].mapped("display_name")),
                )
            )
