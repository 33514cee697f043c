# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import unittest

import psycopg2

from .pbx_common import Kamailio, PbxDatabase, TcpGate, sip_options, sip_register


def _md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class TestPbxHarness(unittest.TestCase):
    """The shipped Kamailio configuration against Kamailio's own tables, and
    the pieces other tests build on: a REGISTER answered with the right
    digest is saved, anything else refused; a local configuration file is
    included and its route runs first; the TCP gate cuts the database off
    and lets it back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = PbxDatabase().create()
        cls.addClassCleanup(cls.db.drop)
        cls.db.load_kamailio_schema()
        cls.db.execute(
            "INSERT INTO subscriber (username, domain, ha1, ha1b) "
            "VALUES (%s, %s, %s, %s)",
            (
                "1002",
                "pbx.test",
                _md5("1002:pbx.test:Secret#42"),
                _md5("1002@pbx.test:pbx.test:Secret#42"),
            ),
        )

    def test_shipped_config_registers_with_the_ha1_only(self):
        with Kamailio(self.db.kamailio_url(), "pbx.test") as kamailio:
            self.assertEqual(
                sip_register(kamailio.port, "1002", "Wrong#42", "pbx.test"), 401
            )
            self.assertEqual(
                sip_register(kamailio.port, "1003", "Secret#42", "pbx.test"), 401
            )
            self.assertEqual(
                self.db.fetchall("SELECT count(*) FROM location")[0][0],
                0,
                "a refused REGISTER left a binding",
            )
            self.assertEqual(
                sip_register(kamailio.port, "1002", "Secret#42", "pbx.test"), 200
            )
            self.assertEqual(
                self.db.fetchall("SELECT username, domain FROM location"),
                [("1002", "pbx.test")],
            )
        self.db.execute("DELETE FROM location")

    def test_local_config_and_route(self):
        local = (
            'loadmodule "cfgutils.so"\n'
            "route[LOCAL] {\n"
            '\tif (is_method("OPTIONS") && $rU == $null) {\n'
            '\t\tsl_send_reply("299", "Local route");\n'
            "\t\texit;\n"
            "\t}\n"
            "}\n"
        )
        with Kamailio(
            self.db.kamailio_url(), "pbx.test", local_cfg=local, local_route=True
        ) as kamailio:
            self.assertEqual(sip_options(kamailio.port), 299)
            self.assertEqual(
                sip_register(kamailio.port, "1002", "Secret#42", "pbx.test"), 200
            )
        self.db.execute("DELETE FROM location")
        # included but not routed to: the shipped behaviour
        with Kamailio(self.db.kamailio_url(), "pbx.test", local_cfg=local) as plain:
            self.assertEqual(sip_options(plain.port), 200)

    def test_gate_cuts_and_restores_the_database(self):
        gate = TcpGate(self.db.port).start()
        self.addCleanup(gate.stop)

        def connect():
            return psycopg2.connect(
                host="127.0.0.1",
                port=gate.port,
                dbname=self.db.name,
                user=self.db.odoo_user,
                password=self.db.odoo_password,
                connect_timeout=3,
            )

        cnx = connect()
        with cnx.cursor() as cr:
            cr.execute("SELECT username FROM subscriber")
            self.assertEqual(cr.fetchall(), [("1002",)])
        gate.close()
        with self.assertRaises(psycopg2.OperationalError):
            with cnx.cursor() as cr:
                cr.execute("SELECT 1")
        with self.assertRaises(psycopg2.OperationalError):
            connect()
        gate.open()
        cnx = connect()
        self.addCleanup(cnx.close)
        with cnx.cursor() as cr:
            cr.execute("SELECT count(*) FROM subscriber")
            self.assertEqual(cr.fetchone()[0], 1)
