# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        callback_type = self.env.ref(
            "phone_policy.mail_activity_type_callback", raise_if_not_found=False
        )
        call_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "phone.call"
            and activity.activity_type_id == callback_type
        ]
        message_type = self.env.ref(
            "phone_policy.mail_activity_type_phone_message", raise_if_not_found=False
        )
        message_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "phone.message"
            and activity.activity_type_id == message_type
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if message_ids:
            # marking the message's notification done acknowledges it (the
            # acknowledgement itself closes them once acknowledged: no loop)
            messages = self.env["phone.message"].browse(message_ids)
            messages.filtered(lambda m: m.state == "new")._mark_acknowledged()
        if call_ids:
            # sudo: the assignee marks the call-back done without write on the call
            self.env["phone.call"].sudo().browse(call_ids)._mark_called_back()
        return result

    # ------------------------------------------------------------------
    # Archive (policy §5.2): activities of an archived call are frozen
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._check_not_on_archived_call()
        return activities

    def write(self, vals):
        # Odoo's own check first: who may not write the activity hears what
        # a wrong id would say, not that its call is archived (class 5)
        self.check_access("write")
        self._check_not_on_archived_call()
        res = super().write(vals)
        if {"res_model_id", "res_model", "res_id"} & set(vals):
            self._check_not_on_archived_call()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_archived_call(self):
        self._check_not_on_archived_call()

    def _check_not_on_archived_call(self):
        self.env["phone.call"]._raise_if_documents_archived(
            self,
            _(
                "%(calls)s are archived in %(archive)s: nothing about them can "
                "be added, changed or deleted, their activities included."
            ),
        )
