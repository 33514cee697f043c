# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
from unittest.mock import patch

from odoo.sql_db import TestCursor

from ..utils.groups import OFFICER_GROUP
from .common import PhoneAccountCase
from .pbx_common import Kamailio, PbxDatabase, TcpGate, require_pbx_tools, sip_register
from .security.common import PhonePolicyRpcCase

REALM = "pbx.taipei.test"


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class PhoneProvisioningCase(PhonePolicyRpcCase, PhoneAccountCase):
    """The HQ PBX of ``PhoneAccountCase`` provisioned into a real Kamailio:
    a throwaway PostgreSQL database plays the PBX's (Kamailio's own tables,
    and Asterisk's PJSIP Realtime tables from its migrations), Kamailio runs
    on a free loopback UDP port with the addon's configuration, and Odoo
    reaches the database through a TCP gate that tests close to cut it off.

    As in production, what a request changes is sent to the PBX right after
    its transaction commits: the test cursor, which ignores post-commit
    hooks, runs them here. ``_commit()`` does the same for changes made in
    the test itself."""

    @classmethod
    def setUpClass(cls):
        require_pbx_tools()
        super().setUpClass()
        cls.pbx = PbxDatabase().create()
        cls.addClassCleanup(cls.pbx.drop)
        cls.pbx.load_kamailio_schema()
        cls.pbx.load_asterisk_schema()
        cls.gate = TcpGate(cls.pbx.port).start()
        cls.addClassCleanup(cls.gate.stop)
        cls.kamailio = Kamailio(cls.pbx.kamailio_url(), REALM).start()
        cls.addClassCleanup(cls.kamailio.stop)
        cls.system.write(cls._pbx_settings("kamailio"))
        # the officers are told about the PBX in Odoo's inbox
        officers = cls.env["res.users"]._phone_group_users(OFFICER_GROUP, cls.company)
        officers.notification_type = "inbox"

    @classmethod
    def _pbx_settings(cls, provisioning, realm=REALM):
        return {
            "provisioning": provisioning,
            "sip_realm": realm,
            "pbx_db_host": "127.0.0.1",
            "pbx_db_port": cls.gate.port,
            "pbx_db_name": cls.pbx.name,
            "pbx_db_user": cls.pbx.odoo_user,
            "pbx_db_password": cls.pbx.odoo_password,
            "pbx_db_sslmode": "disable",
        }

    def setUp(self):
        super().setUp()
        # the PBX's database is outside the test's transaction: empty it
        self.pbx.execute(
            "DELETE FROM subscriber; DELETE FROM location; DELETE FROM ps_endpoints; "
            "DELETE FROM ps_aors; DELETE FROM ps_auths"
        )
        self.gate.open()
        self.addCleanup(self.gate.open)
        original_commit = TestCursor.commit

        def commit(cr):
            # only the provisioning's: others need data the commit clears
            hooks = [
                hook
                for hook in cr.postcommit._funcs
                if getattr(hook, "phone_provisioning", False)
            ]
            original_commit(cr)
            for hook in hooks:
                hook()

        patcher = patch.object(TestCursor, "commit", commit)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _commit(self):
        """What committing the test's own changes would do: the pre-commit
        hooks (jobs are written), then the post-commit ones (jobs are sent)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        hooks = [
            hook
            for hook in self.env.cr.postcommit._funcs
            if getattr(hook, "phone_provisioning", False)
        ]
        for hook in hooks:
            self.env.cr.postcommit._funcs.remove(hook)
            hook()
        self.env.invalidate_all()

    def register(self, login, password):
        """The SIP status code Kamailio answers a REGISTER with."""
        return sip_register(self.kamailio.port, login, password, REALM)

    def subscribers(self):
        return self.pbx.fetchall(
            "SELECT username, domain, password, ha1, ha1b FROM subscriber ORDER BY id"
        )

    def rpc_issue(self, account, login="pp_officer", reason=None):
        """An officer issues a password over JSON-RPC as the form does;
        returns the password shown once."""
        wizard = self.rpc(
            login,
            "phone.account.issue.wizard",
            "create",
            [{"account_id": account.id, "reason": reason}],
        )
        self.assertTrue(wizard.ok, wizard)
        action = self.rpc(
            login, "phone.account.issue.wizard", "action_issue", wizard.value
        )
        self.assertTrue(action.ok, action)
        return action.value["context"]["default_password"]

    def rpc_freeze(self, account, reason="Seen on a sticky note"):
        wizard = self.rpc(
            "pp_officer",
            "phone.account.freeze.wizard",
            "create",
            [{"account_id": account.id, "mode": "freeze", "reason": reason}],
            context={"default_mode": "freeze"},
        )
        self.assertTrue(wizard.ok, wizard)
        done = self.rpc(
            "pp_officer", "phone.account.freeze.wizard", "action_confirm", wizard.value
        )
        self.assertTrue(done.ok, done)

    def rpc_change(self, account, login, current, new):
        """The employee changes their password in the wizard over JSON-RPC."""
        wizard = self.rpc(
            login,
            "phone.account.password.wizard",
            "create",
            [
                {
                    "account_id": account.id,
                    "current_password": current,
                    "new_password": new,
                    "confirm_password": new,
                }
            ],
        )
        self.assertTrue(wizard.ok, wizard)
        done = self.rpc(
            login, "phone.account.password.wizard", "action_done", wizard.value
        )
        self.assertTrue(done.ok, done)
