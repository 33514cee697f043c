# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The screen-pop's wake-up of the websocket workers (utils/bus_notify.py):
the NOTIFY that Odoo's bus sends on a new connection each time goes over a
connection kept open, and still reaches the workers that LISTEN."""

import json
import select
from contextlib import closing

import psycopg2

from odoo import sql_db
from odoo.tests import TransactionCase, tagged

from ..utils import bus_notify


@tagged("post_install", "-at_install")
class TestLiveBusNotify(TransactionCase):
    def setUp(self):
        super().setUp()
        # what the websocket workers do (bus/websocket.py, ImDispatch.loop)
        _db, info = sql_db.connection_info_for("postgres")
        self.listener = psycopg2.connect(**info)
        self.listener.autocommit = True
        self.addCleanup(self.listener.close)
        with self.listener.cursor() as cr:
            cr.execute("LISTEN imbus")
        self.channel = [self.env.cr.dbname, "res.partner", self.env.user.partner_id.id]

    def heard(self):
        """The channels of the NOTIFYs the listener received within 5 s."""
        channels = []
        if select.select([self.listener], [], [], 5) != ([], [], []):
            self.listener.poll()
            while self.listener.notifies:
                channels.extend(json.loads(self.listener.notifies.pop(0).payload))
        return channels

    def test_the_commit_wakes_the_workers_on_the_kept_connection(self):
        cr = self.env.cr
        bus_notify.use_kept_connection(cr)
        self.env["bus.bus"]._sendone(
            self.env.user.partner_id, "phone_policy/live_call", {"kind": "ringing"}
        )
        # Odoo's own announcement (a new connection) is not planned: ours is
        # the one post-commit hook
        self.assertEqual(len(cr.postcommit._funcs), 1)
        cr.precommit.run()  # the bus row, as the commit writes it
        cr.postcommit.run()
        self.assertIn(self.channel, self.heard())
        kept = bus_notify._KEPT[1]
        # the next transaction's message goes over the same connection
        bus_notify.use_kept_connection(cr)
        self.env["bus.bus"]._sendone(
            self.env.user.partner_id, "phone_policy/live_call", {"kind": "missed"}
        )
        cr.precommit.run()
        cr.postcommit.run()
        self.assertIn(self.channel, self.heard())
        self.assertIs(bus_notify._KEPT[1], kept)

    def test_a_broken_connection_is_opened_again(self):
        bus_notify.notify_channels([self.channel])
        self.assertIn(self.channel, self.heard())
        # the database server ended the kept connection (a restart, an idle
        # timeout): the next screen-pop still wakes the workers
        with closing(sql_db.db_connect("postgres").cursor()) as cr:
            cr.execute(
                "SELECT pg_terminate_backend(%s)",
                [bus_notify._KEPT[1].get_backend_pid()],
            )
        bus_notify.notify_channels([self.channel])
        self.assertIn(self.channel, self.heard())

    def test_a_message_sent_earlier_keeps_odoos_announcement(self):
        cr = self.env.cr
        self.env["bus.bus"]._sendone(
            self.env.user.partner_id, "mail.record/insert", {"id": 1}
        )
        funcs = len(cr.postcommit._funcs)
        bus_notify.use_kept_connection(cr)
        self.env["bus.bus"]._sendone(
            self.env.user.partner_id, "phone_policy/live_call", {"kind": "ringing"}
        )
        # one announcement for both, Odoo's: nothing added, nothing lost
        self.assertEqual(len(cr.postcommit._funcs), funcs)
        self.assertEqual(
            [list(channel) for channel in cr.postcommit.data["bus.bus.channels"]],
            [self.channel],
        )
        cr.precommit.clear()
        cr.postcommit.clear()
