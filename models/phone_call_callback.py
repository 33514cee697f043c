# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Call-backs promised on a call (policy §2.2.5): when, by whom, whether
it is overdue, and the activity that reminds the responsible person."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from .phone_guard import phone_workflow


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # Call-backs (policy §2.2.5)
    callback_datetime = fields.Datetime("Call back at", tracking=True, copy=False)
    callback_done_datetime = fields.Datetime(
        "Called back on", readonly=True, copy=False
    )
    callback_overdue = fields.Boolean(
        "Call-back overdue",
        compute="_compute_callback_overdue",
        search="_search_callback_overdue",
    )

    def _compute_callback_overdue(self):
        overdue = self.filtered_domain(self._search_callback_overdue("=", True))
        for call in self:
            call.callback_overdue = call in overdue

    def _search_callback_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue call-backs."))
        callback_type = self.env.ref(
            "phone_policy.mail_activity_type_callback", raise_if_not_found=False
        )
        domain = [
            ("callback_datetime", "<", fields.Datetime.now()),
            ("activity_ids.activity_type_id", "=", callback_type.id),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    def action_schedule_callback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Schedule a call-back"),
            "res_model": "phone.call.callback.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def _schedule_callback(self, when, user, note=False):
        """Promise a call-back at ``when`` (naive UTC): a call activity for
        ``user`` due on that day in the user's time zone."""
        for call in self:
            local = call.company_id._phone_localize(when, user.tz or "UTC")
            with phone_workflow():
                call.write(
                    {
                        "callback_datetime": when,
                        "callback_done_datetime": False,
                        "responsible_user_id": call.responsible_user_id.id or user.id,
                    }
                )
            call.activity_schedule(
                "phone_policy.mail_activity_type_callback",
                date_deadline=local.date(),
                summary=_(
                    "Call back %(who)s at %(time)s",
                    who=call.counterpart_name or call.phone or call.name,
                    time=local.strftime("%H:%M"),
                ),
                note=note,
                user_id=user.id,
            )

    def _mark_called_back(self):
        with phone_workflow():
            self.write({"callback_done_datetime": fields.Datetime.now()})
