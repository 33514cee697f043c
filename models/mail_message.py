# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models

from ..utils.groups import MANAGER_GROUP


class MailMessage(models.Model):
    _inherit = "mail.message"

    # what a message says, and about which record
    _PHONE_SEALED_FIELDS = frozenset(
        {
            "body",
            "subject",
            "attachment_ids",
            "author_id",
            "date",
            "model",
            "res_id",
            "message_type",
            "tracking_value_ids",
        }
    )

    def write(self, vals):
        if self._PHONE_SEALED_FIELDS & set(vals):
            # Odoo's own check first: who may not write the message hears
            # what a wrong id would say, not that its call is archived
            self.check_access("write")
            self._check_not_on_archived_call()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_archived_call(self):
        self._check_not_on_archived_call()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return query
        messages = self.browse(query)
        sealed = messages._phone_sealed()
        return (messages - sealed)._as_query(bool(order)) if sealed else query

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or result:
            return result
        sealed = self._phone_sealed()
        if sealed:
            return sealed, lambda: sealed._make_access_error(operation)
        return None

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if set(fnames) - {"id", "display_name", "model", "res_id"}:
            self._phone_log_archived_calls()
        return result

    def _to_store(self, store, /, **kwargs):
        # the chatter and the inbox show messages through the store
        self._phone_log_archived_calls()
        return super()._to_store(store, **kwargs)

    def _phone_sealed(self):
        """The messages on archived calls the current user may not read: an
        archived call's notes and history are part of it (policy §5.2.3),
        also for their author, their recipients and whoever was notified."""
        if not self or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return self.browse()
        # sudo: which documents the messages are about, not what they say
        messages = self.sudo().with_context(prefetch_fields=False)
        on_calls = messages.filtered(lambda m: m.model == "phone.call" and m.res_id)
        if not on_calls:
            return self.browse()
        Call = self.env["phone.call"].with_context(active_test=False)
        # sudo: which of the calls are archived, whoever may read them
        archived = Call.sudo().search(
            [
                ("id", "in", list(set(on_calls.mapped("res_id")))),
                ("archive_id", "!=", False),
            ]
        )
        if not archived:
            return self.browse()
        unreadable = set((archived - Call.search([("id", "in", archived.ids)])).ids)
        return self.browse(on_calls.filtered(lambda m: m.res_id in unreadable).ids)

    def _phone_log_archived_calls(self):
        """Reading the messages of archived calls reads the calls: logged
        for who reads them under an access request (policy §5.2.3)."""
        if self.env.su:
            return
        # as the user, who has just read these messages
        messages = self.with_context(prefetch_fields=False)
        call_ids = {
            message.res_id
            for message in messages
            if message.model == "phone.call" and message.res_id
        }
        if call_ids:
            self.env["phone.call"].browse(call_ids).exists()._phone_log_archive_read()

    def _check_not_on_archived_call(self):
        """The notes and history of an archived call are part of it: new
        notes are appended, existing ones never edited or deleted."""
        self.env["phone.call"]._raise_if_documents_archived(
            self,
            _(
                "%(calls)s are archived in %(archive)s: nothing about them can "
                "be changed or deleted, their messages included. Add a signed "
                "correction note instead."
            ),
        )
