# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The screen-pop of a live call (issue 19): the notification on the bus to
the employee whose extension rings, and what it shows about the caller."""

from odoo import api, fields, models

from ..utils.bus_notify import use_kept_connection
from .phone_call_live import BUS_TYPE

POPUP_LIMIT = 5


class PhoneCall(models.Model):
    _inherit = "phone.call"

    @api.model
    def _live_notify(self, call_id, state, event):
        """Tell the callee's web client, on their partner's bus channel
        only, that the call rings, or that it was missed. The message
        carries the call's own facts; the screen-pop asks for the rest as
        the callee (``live_popup_details``). Picked-up and ended calls send
        none: every bus message costs a wake-up of the websocket workers
        (``utils/bus_notify.py``)."""
        if state["direction"] == "outbound" or not state["callee_partner_id"]:
            return
        if event == "ringing" and state["live_state"] == "ringing":
            kind = "ringing"
        elif event == "hangup" and not state["answered"]:
            kind = "missed"
        else:
            return  # picked up, or news of a call already over
        # the bus's NOTIFY after the commit, on this process's connection to
        # the database server rather than on a new one each time
        use_kept_connection(self.env.cr)
        self.env["bus.bus"]._sendone(
            self.env["res.partner"].browse(state["callee_partner_id"]),
            BUS_TYPE,
            {
                "call_id": call_id,
                "kind": kind,
                "reference": state["name"],
                "direction": state["direction"],
                "number": state["phone"] or state["live_caller"] or False,
                "name": state["counterpart_name"] or False,
                "organization": state["counterpart_organization"] or False,
            },
        )

    def live_popup_details(self):
        """What the screen-pop shows besides the call itself, read with the
        rights of who asks (the callee's web client, over RPC): the contact,
        the last calls with them and the open to-dos and call-backs."""
        self.ensure_one()
        self.check_access("read")
        # sudo: False, never more — the rest is read with the caller's rights
        call = self.sudo(False)
        payload = {
            "call_id": call.id,
            "contact": False,
            "can_create_contact": False,
            "last_calls": [],
            "todos": [],
        }
        partner = call.partner_id
        if partner and partner.has_access("read"):
            commercial = partner.commercial_partner_id
            payload["contact"] = {
                "id": partner.id,
                "name": partner.name,
                "company": commercial.name if commercial != partner else False,
            }
        elif call.direction == "inbound":
            payload["can_create_contact"] = self.env["res.partner"].has_access("create")
        domain = False
        if partner:
            domain = [("partner_id", "child_of", partner.commercial_partner_id.id)]
        elif call.phone and call.direction != "internal":
            domain = [("phone", "=", call.phone)]
        if domain:
            earlier = call.search_read(
                [*domain, ("id", "!=", call.id)],
                ["name", "date_start", "direction", "subject", "employee_id"],
                limit=POPUP_LIMIT,
                order="date_start desc, id desc",
            )
            payload["last_calls"] = [
                {
                    "id": row["id"],
                    "reference": row["name"],
                    "date": fields.Datetime.to_string(row["date_start"]),
                    "direction": row["direction"],
                    "subject": row["subject"] or False,
                    "employee": row["employee_id"] and row["employee_id"][1],
                }
                for row in earlier
            ]
            payload["todos"] = call._live_open_todos(
                [row["id"] for row in earlier], partner
            )
        return payload

    def _live_open_todos(self, call_ids, partner):
        """Open activities (call-backs, to-dos) on the earlier calls and on
        the contact, as far as the reader may read them."""
        domain = [("res_model", "=", "phone.call"), ("res_id", "in", call_ids)]
        if partner:
            domain = [
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                "&",
                *domain,
            ]
        activities = self.env["mail.activity"].search_read(
            domain,
            ["summary", "activity_type_id", "date_deadline", "user_id", "res_name"],
            limit=POPUP_LIMIT,
            order="date_deadline, id",
        )
        return [
            {
                "id": row["id"],
                "summary": row["summary"]
                or (row["activity_type_id"] and row["activity_type_id"][1])
                or "",
                "deadline": fields.Date.to_string(row["date_deadline"]),
                "user": row["user_id"] and row["user_id"][1],
                "document": row["res_name"] or "",
            }
            for row in activities
        ]
