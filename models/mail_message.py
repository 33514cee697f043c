# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models


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

    def _check_not_on_archived_call(self):
        """The notes and history of an archived call are part of it: new
        notes are appended, existing ones never edited or deleted."""
        call_ids = {
            message.res_id
            # sudo: the freeze of archived calls holds whatever the user may read
            for message in self.sudo()
            if message.model == "phone.call" and message.res_id
        }
        if call_ids:
            self.env["phone.call"]._raise_if_any_archived(
                call_ids,
                _(
                    "%(calls)s are archived in %(archive)s: nothing about them can "
                    "be changed or deleted, their messages included. Add a signed "
                    "correction note instead."
                ),
            )
