# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .provisioning_common import PhoneProvisioningCase, md5

BRANCH_REALM = "branch.taipei.test"


@tagged("post_install", "-at_install")
class TestProvisioningAsterisk(PhoneProvisioningCase):
    """Asterisk PJSIP Realtime: the rows Odoo writes into ps_auths, ps_aors
    and ps_endpoints, tables created from Asterisk's own migrations
    (tests/data/asterisk_pjsip_realtime.sql)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["phone.system"].create(
            {
                "name": "Branch Asterisk",
                "company_id": cls.company.id,
                "asterisk_context": "taipei-staff",
                **cls._pbx_settings("asterisk", realm=BRANCH_REALM),
            }
        )
        cls.acc_branch = cls.env["phone.account"].create(
            {
                "system_id": cls.branch.id,
                "employee_id": cls.emp_sales2.id,
                "extension": "3101",
                "company_id": cls.company.id,
            }
        )

    def auths(self):
        return self.pbx.fetchall(
            "SELECT id, auth_type::text, md5_cred, password, username, realm "
            "FROM ps_auths ORDER BY id"
        )

    def endpoints(self):
        return self.pbx.fetchall(
            "SELECT id, aors, auth, context, disallow, allow, callerid "
            "FROM ps_endpoints ORDER BY id"
        )

    def test_the_tables_are_asterisk_own(self):
        """The fixture is what Asterisk's migrations create: md5_cred holds
        a 32-character HA1 in a varchar(40), auth_type is Asterisk's enum."""
        columns = dict(
            self.pbx.fetchall(
                "SELECT column_name, "
                "coalesce(character_maximum_length::text, udt_name) "
                "FROM information_schema.columns WHERE table_name = 'ps_auths'"
            )
        )
        self.assertEqual(columns["md5_cred"], "40")
        self.assertEqual(columns["auth_type"], "pjsip_auth_type_values_v2")
        self.assertEqual(columns["id"], "255")
        [(count,)] = self.pbx.fetchall(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'ps_endpoints'"
        )
        self.assertEqual(count, 147)

    def test_issue_writes_auth_aor_and_endpoint(self):
        password = self.rpc_issue(self.acc_branch)
        self.assertEqual(
            self.auths(),
            [
                (
                    "3101",
                    "md5",
                    md5(f"3101:{BRANCH_REALM}:{password}"),
                    None,
                    "3101",
                    BRANCH_REALM,
                )
            ],
        )
        self.assertEqual(
            self.pbx.fetchall(
                "SELECT id, max_contacts, remove_existing::text FROM ps_aors"
            ),
            [("3101", 1, "yes")],
        )
        name = self.emp_sales2.name
        self.assertEqual(
            self.endpoints(),
            [
                (
                    "3101",
                    "3101",
                    "3101",
                    "taipei-staff",
                    "all",
                    "ulaw,alaw",
                    f'"{name}" <3101>',
                )
            ],
        )
        self.assertEqual(self.acc_branch.pbx_state, "provisioned")
        # the HQ Kamailio is another phone system: untouched
        self.assertEqual(self.subscribers(), [])

    def test_name_follows_and_freeze_removes_everything(self):
        self.rpc_issue(self.acc_branch)
        self.emp_sales2.name = "Wu Mei-ling (Sales)"
        self._commit()
        [endpoint] = self.endpoints()
        self.assertEqual(endpoint[-1], '"Wu Mei-ling (Sales)" <3101>')
        self.assertEqual(self.acc_branch.pbx_job_id.reason, "update")
        self.assertEqual(len(self.auths()), 1, "the credential stays")
        self.rpc_freeze(self.acc_branch)
        self.assertEqual(self.auths(), [])
        self.assertEqual(self.endpoints(), [])
        self.assertEqual(self.pbx.fetchall("SELECT id FROM ps_aors"), [])

    def test_long_names_fit_the_callerid_column(self):
        self.emp_sales2.name = "Wu " + "Mei-ling " * 8
        self.rpc_issue(self.acc_branch)
        [endpoint] = self.endpoints()
        self.assertLessEqual(len(endpoint[-1]), 40)
        self.assertTrue(endpoint[-1].endswith(" <3101>"))

    def test_reconciliation_finds_an_unknown_auth(self):
        self.rpc_issue(self.acc_branch)
        self.pbx.execute(
            "INSERT INTO ps_auths (id, auth_type, md5_cred, username, realm) "
            "VALUES ('3999', 'md5', %s, '3999', %s)",
            (md5(f"3999:{BRANCH_REALM}:x"), BRANCH_REALM),
        )
        result = self.rpc(
            "pp_officer", "phone.system", "action_pbx_reconcile", self.branch.ids
        )
        self.assertTrue(result.ok, result)
        incident = self.env["phone.security.incident"].search(
            [("pbx_system_id", "=", self.branch.id)]
        )
        self.assertEqual(
            (incident.pbx_login, incident.pbx_anomaly), ("3999", "unknown")
        )
        self.assertEqual([row[0] for row in self.auths()], ["3101"])
