# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta, timezone
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import TestCursor
from odoo.tests import HttpCase

from odoo.addons.bus.models.bus import dispatch, hashable
from odoo.addons.bus.websocket import WebsocketConnectionHandler

from .common import PhoneCdrCase

BUS_TYPE = "phone_policy/live_call"


def epoch(moment):
    """Seconds since 1970 of a naive UTC datetime, as a PBX sends them."""
    return moment.replace(tzinfo=timezone.utc).timestamp()


class PhoneLiveCase(PhoneCdrCase, HttpCase):
    """The CDR test company (extensions 1002, 1004, 2001, 2002 on its phone
    system), the system's push key, and the events posted over real HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.system._set_push_key()
        cls.now = fields.Datetime.now().replace(microsecond=0)
        # numbers no demo contact has
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Keelung Harbour Trading",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "02 2771 0001",
            }
        )
        cls.customer_contact = Partner.create(
            {
                "name": "Ms Chen",
                "parent_id": cls.customer.id,
                "country_id": cls.taiwan.id,
                "phone": "0955 123 001",
            }
        )
        cls.supplier = Partner.create(
            {
                "name": "Mr Lai",
                "country_id": cls.taiwan.id,
                "mobile": "0955-123-002",
            }
        )

    def post_event(
        self,
        event,
        call_id,
        caller="0227710001",
        called="1002",
        at=0,
        key=None,
        system=None,
        raw=None,
        headers=None,
        **extra,
    ):
        """Post one event ``at`` seconds after ``self.now``; returns
        (HTTP status, decoded answer)."""
        payload = {
            "event": event,
            "call_id": call_id,
            "caller": caller,
            "called": called,
            "time": epoch(self.now + timedelta(seconds=at)),
            **extra,
        }
        body = raw if raw is not None else json.dumps(payload).encode()
        all_headers = {"Content-Type": "application/json"}
        key = self.key if key is None else key
        if key:
            all_headers["Authorization"] = f"Bearer {key}"
        all_headers.update(headers or {})
        response = self.url_open(
            f"/phone_policy/live/{(system or self.system).id}/events",
            data=body,
            headers=all_headers,
        )
        try:
            answer = response.json()
        except ValueError:
            answer = {"body": response.text}
        return response.status_code, answer

    def live_calls(self, system=None):
        return self.env["phone.call"].search(
            [("system_id", "=", (system or self.system).id)]
        )

    def bus_messages(self, partner=None):
        """The screen-pop messages sent, for ``partner`` or for anyone:
        [(channel, payload)]."""
        messages = []
        for bus in self.env["bus.bus"].sudo().search([], order="id"):
            message = json.loads(bus.message)
            if message["type"] != BUS_TYPE:
                continue
            channel = json.loads(bus.channel)
            if partner is None or channel == [
                self.env.cr.dbname,
                "res.partner",
                partner.id,
            ]:
                messages.append((channel, message["payload"]))
        return messages


class LiveBusMixin:
    """Lets the browser of an HttpCase receive bus notifications: Odoo
    refuses websockets while tests run, and the test cursor drops the
    post-commit hook that wakes the websockets up. Here they are allowed,
    and each commit of a request wakes up the websockets subscribed to the
    channels it sent to (as ``bus.tests.common.WebsocketCase`` does by
    hand)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(
            patch.object(
                WebsocketConnectionHandler, "websocket_allowed", return_value=True
            )
        )
        commit = TestCursor.commit

        def commit_and_dispatch(cursor):
            pending = cursor.postcommit.data.get("bus.bus.channels")
            channels = list(pending) if pending else []
            result = commit(cursor)
            sockets = set()
            for channel in channels:
                sockets.update(dispatch._channels_to_ws.get(hashable(channel), []))
            for socket in sockets:
                socket.trigger_notification_dispatching()
            return result

        cls.startClassPatcher(patch.object(TestCursor, "commit", commit_and_dispatch))
