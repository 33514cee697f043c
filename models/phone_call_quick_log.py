# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Logging a call on a phone (policy §2.2.4): the short form of
``views/phone_call_quick_views.xml`` asks for direction, counterpart,
subject, key points and a to-do; everything else is folded. The to-do
becomes an activity of the call, the way to-dos are kept."""

from odoo import _, api, fields, models


class PhoneCall(models.Model):
    _inherit = "phone.call"

    todo_summary = fields.Char(
        "To-do",
        compute="_compute_todo_summary",
        inverse="_inverse_todo_summary",
        help="What is to be done after the call: it becomes a to-do (an "
        "activity) of the person responsible for the to-dos, you by default.",
    )

    def _compute_todo_summary(self):
        # written once, kept as an activity: nothing to show back
        for call in self:
            call.todo_summary = False

    def _inverse_todo_summary(self):
        for call in self.filtered("todo_summary"):
            call._schedule_todo(call.todo_summary)

    @api.model_create_multi
    def create(self, vals_list):
        # the to-do is scheduled once the call exists with its followers
        todos = [vals.pop("todo_summary", False) for vals in vals_list]
        calls = super().create(vals_list)
        for call, todo in zip(calls, todos, strict=True):
            if todo:
                call._schedule_todo(todo)
        return calls

    def _schedule_todo(self, summary):
        self.ensure_one()
        if not self.responsible_user_id:
            self.responsible_user_id = self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            user_id=self.responsible_user_id.id,
        )

    def action_quick_saved(self):
        """The short form's big Save button: the web client has saved the
        call; say so, with its reference."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Call %(reference)s logged.", reference=self.name),
            },
        }

    @api.model
    def _quick_log_action(self, partner):
        """The short form, on a new call with ``partner``."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Log a Call"),
            "res_model": "phone.call",
            "view_mode": "form",
            "views": [
                (self.env.ref("phone_policy.phone_call_view_form_quick").id, "form")
            ],
            "target": "current",
            "context": {
                "default_partner_id": partner.id,
                "default_direction": "outbound",
            },
        }
