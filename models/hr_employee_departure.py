# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models

from ..utils.sentences import lang_env
from .phone_guard import phone_workflow


# one concern per file, as addons/account/models/account_journal_dashboard.py
class HrEmployee(models.Model):
    """A departure hands the phone work still open to someone who stays:
    the promised call-backs and the messages not yet acknowledged go to the
    employee's manager (or the department's manager, or its message-taker),
    each with an activity; the calls and messages keep who they were for."""

    _inherit = "hr.employee"

    def _phone_departure(self):
        result = super()._phone_departure()
        for employee in self:
            employee._phone_hand_over()
        return result

    # Business methods

    def _phone_successor(self):
        """Who takes over the departing employee's phone work: their manager
        in HR's data, else their department's manager, else its
        message-taker; an empty recordset when nobody with a user is left."""
        self.ensure_one()
        department = self.department_id
        for candidate in (
            self.parent_id,
            department.manager_id,
            department.phone_message_taker_id,
        ):
            if (
                candidate
                and candidate != self
                and candidate.active
                and candidate.user_id
            ):
                return candidate
        return self.browse()

    def _phone_hand_over(self):
        """Open call-backs and unacknowledged messages of this (departing)
        employee to their successor. Called by the departure (HR archiving
        the employee), which Odoo's access rights already checked."""
        self.ensure_one()
        successor = self._phone_successor()
        user = self.user_id
        # sudo: the departure is HR's decision; the work it hands over lies
        # on calls and messages that HR does not otherwise read
        Call = self.env["phone.call"].sudo()
        Message = self.env["phone.message"].sudo()
        callback_type = self.env.ref("phone_policy.mail_activity_type_callback")
        message_type = self.env.ref("phone_policy.mail_activity_type_phone_message")
        calls = Call.search(
            [
                ("employee_id", "=", self.id),
                ("callback_datetime", "!=", False),
                ("callback_done_datetime", "=", False),
            ]
        )
        if user:
            calls |= Call.search(
                [
                    ("activity_ids.user_id", "=", user.id),
                    ("activity_ids.activity_type_id", "=", callback_type.id),
                ]
            )
        messages = Message.search(
            [("recipient_employee_id", "=", self.id), ("state", "=", "new")]
        )
        if user:
            # the call-backs promised on messages taken without a call
            messages |= Message.search([("activity_ids.user_id", "=", user.id)])
        if not calls and not messages:
            return
        if not successor:
            note = _(
                "%(employee)s left the company and nobody takes over their phone "
                "work: set a manager or a message-taker and hand it over by hand.",
                employee=self.name,
            )
            for record in (*calls, *messages):
                record.message_post(body=note, subtype_xmlid="mail.mt_note")
            return
        heir = successor.user_id
        note = _(
            "%(employee)s left the company: handed over to %(successor)s.",
            employee=self.name,
            successor=successor.name,
        )
        today = fields.Date.context_today(self.with_user(heir))
        for call in calls:
            mine = call.activity_ids.filtered(lambda a: user and a.user_id == user)
            mine.write({"user_id": heir.id})
            if (
                call.callback_datetime
                and not call.callback_done_datetime
                and not (
                    call.activity_ids.filtered(
                        lambda a: (
                            a.activity_type_id == callback_type and a.user_id == heir
                        )
                    )
                )
            ):
                call._schedule_callback(call.callback_datetime, heir)
            with phone_workflow():
                call.write({"responsible_user_id": heir.id})
            call.message_subscribe(partner_ids=heir.partner_id.ids)
            call.message_post(
                body=note, subtype_xmlid="mail.mt_note", partner_ids=heir.partner_id.ids
            )
        for message in messages:
            if message.state == "new":
                with phone_workflow():
                    message.write(
                        {
                            "escalated_to_user_id": heir.id,
                            "date_escalated": fields.Datetime.now(),
                        }
                    )
            message.activity_ids.filtered(lambda a: user and a.user_id == user).write(
                {"user_id": heir.id}
            )
            if message.state == "new" and not message.activity_ids.filtered(
                lambda a: a.user_id == heir and a.activity_type_id == message_type
            ):
                message.activity_schedule(
                    "phone_policy.mail_activity_type_phone_message",
                    date_deadline=today,
                    summary=lang_env(message, heir)._(
                        "Message for %(employee)s, who left",
                        employee=self.name,
                    ),
                    note=message.body,
                    user_id=heir.id,
                )
            message.message_subscribe(partner_ids=heir.partner_id.ids)
            message.message_post(
                body=note, subtype_xmlid="mail.mt_note", partner_ids=heir.partner_id.ids
            )
