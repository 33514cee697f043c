# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneCdrCase, asterisk_line


@tagged("post_install", "-at_install")
class TestCdrAccess(PhoneCdrCase):
    """What the access matrix (tests/test_access_matrix.py) cannot say of
    import logs and findings: the findings of confidential calls, and what
    a plain user learns of the PBX through their own calls (policy §3.2:
    plain users never see import logs or rejected rows)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = [
            asterisk_line(uniqueid="a.1"),
            asterisk_line(uniqueid="a.2", duration=-1),
        ]
        cls.imp = cls.env["phone.cdr.import"]._start(cls.system, "upload", "asterisk")
        cls.imp._run_stream(io.BytesIO("\n".join(lines).encode()))
        cls.call = cls.env["phone.call"].search([("cdr_key", "=", "a.1")])
        # a rule of the Taipei company (shared rules have no company)
        cls.rule = cls.env["phone.finding.rule"].create(
            {
                "name": "Long calls, Taipei",
                "kind": "long_call",
                "company_id": cls.company.id,
            }
        )
        cls.finding = cls.env["phone.finding"].create(
            {
                "rule_id": cls.rule.id,
                "call_id": cls.call.id,
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "date": cls.call.date_start,
                "description": "Long.",
            }
        )

    def test_findings_of_confidential_calls_are_for_managers(self):
        secret = self._call(self.user_sales, confidentiality="confidential")
        finding = self.env["phone.finding"].create(
            {
                "rule_id": self.rule.id,
                "call_id": secret.id,
                "company_id": self.company.id,
                "date": secret.date_start,
            }
        )
        Finding = self.env["phone.finding"]
        self.assertNotIn(finding, Finding.with_user(self.user_officer).search([]))
        self.assertIn(finding, Finding.with_user(self.user_manager).search([]))
        self.assertIn(self.finding, Finding.with_user(self.user_officer).search([]))

    def test_plain_user_sees_no_import_through_calls(self):
        user = self.user_sales
        call = self.call.with_user(user)
        # their own call from the phone system: yes
        self.assertEqual(call.read(["cdr_key"])[0]["cdr_key"], "a.1")
        self.env.invalidate_all()
        # which import brought it, the rejected rows: no
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            call.read(["cdr_import_id"])
        self.assertNotIn(
            "cdr_import_id", self.env["phone.call"].with_user(user).fields_get()
        )
        with self.assertRaises(AccessError):
            self.env["phone.cdr.import.error"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.imp.with_user(user)._rejected_csv(io.BytesIO())
        # nor run an import
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.env["phone.cdr.import.wizard"].with_user(user).create(
                {"system_id": self.system.id}
            )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.env["phone.cdr.import"].with_user(user)._start(
                self.system, "upload", "asterisk"
            )
        # the officer reads them
        officer_imp = self.imp.with_user(self.user_officer)
        self.assertEqual(officer_imp.count_rejected, 1)
        self.assertEqual(officer_imp.error_ids.code, "negative")
