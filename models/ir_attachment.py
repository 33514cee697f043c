# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._check_not_on_archived_call()
        return attachments

    def write(self, vals):
        # Odoo's own check first: who may not write the file hears what a
        # wrong id would say, not that its call is archived (class 5)
        self.check("write", values=vals)
        self._check_not_on_archived_call()
        res = super().write(vals)
        if {"res_model", "res_id"} & set(vals):
            self._check_not_on_archived_call()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_archived_call(self):
        self._check_not_on_archived_call()

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if set(fnames) - {"id", "display_name", "res_model", "res_id"}:
            self._phone_log_archived_calls()
        return result

    def _phone_log_archived_calls(self):
        """Reading the files of archived calls reads the calls: logged for
        who reads them under an access request (policy §5.2.3)."""
        if self.env.su:
            return
        # no prefetch: a file's content would be served from the cache unchecked
        # sudo: which documents the files belong to, not what they hold
        attachments = self.sudo().with_context(prefetch_fields=False)
        call_ids = {
            attachment.res_id
            for attachment in attachments
            if attachment.res_model == "phone.call" and attachment.res_id
        }
        if call_ids:
            self.env["phone.call"].browse(call_ids).exists()._phone_log_archive_read()

    def _check_not_on_archived_call(self):
        """Files of an archived call are frozen with it (policy §5.2)."""
        self.env["phone.call"]._raise_if_documents_archived(
            self,
            _(
                "%(calls)s are archived in %(archive)s: nothing about them can "
                "be added, changed or deleted, their files included."
            ),
        )
