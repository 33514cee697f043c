# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .cdr_common import PhoneCdrCase, asterisk_line


class _Allowed(Exception):
    """Leaves the savepoint of an allowed operation rolled back."""


ROLES = (
    "user",
    "other_dept",
    "dept_manager",
    "officer",
    "manager",
    "other_company",
    "other_company_officer",
    "portal",
)
# model: {role: "rwcu" letters allowed}; any unexpected allow fails. Import
# logs, their rejected rows and findings are made by the application: nobody
# types them in (the import wizard and the findings cron make them)
MATRIX = {
    "phone.cdr.import": {"officer": "r", "manager": "ru"},
    "phone.cdr.import.error": {"officer": "r", "manager": "ru"},
    "phone.cdr.profile": {"officer": "rwcu", "manager": "rwcu"},
    "phone.finding": {"officer": "rw", "manager": "rwu"},
    "phone.finding.rule": {"officer": "r", "manager": "rwcu"},
    "phone.finding.check": {"manager": "r"},
}


@tagged("post_install", "-at_install")
class TestCdrAccess(PhoneCdrCase):
    """Import logs, rejected rows, profiles, findings and rules by role
    (policy §3.2: plain users never see import logs or rejected rows)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other_company_officer = new_test_user(
            cls.env,
            "pp_other_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        cls.users = {
            "user": cls.user_sales,
            "other_dept": cls.user_support,
            "dept_manager": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "other_company_officer": cls.user_other_company_officer,
            "portal": cls.user_portal,
        }
        lines = [
            asterisk_line(uniqueid="a.1"),
            asterisk_line(uniqueid="a.2", duration=-1),
        ]
        cls.imp = cls.env["phone.cdr.import"]._start(cls.system, "upload", "asterisk")
        import io

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
        cls.check = cls.env["phone.finding.check"].create(
            {"call_id": cls.call.id, "state": "done"}
        )
        cls.profile = cls.env["phone.cdr.profile"].create(
            {"name": "3CX", "company_id": cls.company.id}
        )

    # what each operation does, on a record of the Taipei company
    def _records(self):
        return {
            "phone.cdr.import": self.imp,
            "phone.cdr.import.error": self.imp.error_ids,
            "phone.cdr.profile": self.profile,
            "phone.finding": self.finding,
            "phone.finding.rule": self.rule,
            "phone.finding.check": self.check,
        }

    def _write_values(self, model):
        return {
            "phone.cdr.import": {"message": "checked"},
            "phone.cdr.import.error": {"reason": "changed"},
            "phone.cdr.profile": {"name": "renamed"},
            "phone.finding": {"review_note": "seen"},
            "phone.finding.rule": {"sequence": 99},
            "phone.finding.check": {"state": "waiting"},
        }[model]

    def _create_values(self, model):
        return {
            "phone.cdr.import": {
                "system_id": self.system.id,
                "origin": "upload",
                "file_format": "asterisk",
                "name": "manual",
                "state": "done",
            },
            "phone.cdr.import.error": {
                "import_id": self.imp.id,
                "company_id": self.company.id,
                "line_number": 9,
                "reason": "x",
            },
            "phone.cdr.profile": {"name": "new", "company_id": self.company.id},
            "phone.finding": {
                "rule_id": self.env.ref(
                    "phone_policy.phone_finding_rule_quiet_hours"
                ).id,
                "call_id": self.call.id,
                "company_id": self.company.id,
                "date": self.call.date_start,
            },
            "phone.finding.rule": {
                "name": "new",
                "kind": "long_call",
                "company_id": self.company.id,
            },
            "phone.finding.check": {
                "call_id": self._call(self.user_sales).id,
                "state": "done",
            },
        }[model]

    def _allowed(self, model, user, operation):
        """Try the operation as ``user``; whatever happens, nothing stays."""
        env = self.env(user=user)
        record = self._records()[model]
        self.env.invalidate_all()
        try:
            with (
                mute_logger(
                    "odoo.addons.base.models.ir_model",
                    "odoo.addons.base.models.ir_rule",
                ),
                self.env.cr.savepoint(),
            ):
                if operation == "r":
                    record.with_env(env).read(["display_name"])
                elif operation == "w":
                    record.with_env(env).write(self._write_values(model))
                elif operation == "c":
                    env[model].create(self._create_values(model))
                else:
                    victim = self.env[model].create(self._create_values(model))
                    victim.with_env(env).unlink()
                env.flush_all()
                raise _Allowed()
        except AccessError:
            return False
        except _Allowed:
            return True
        finally:
            self.env.invalidate_all()

    def test_matrix(self):
        for model, allowed in MATRIX.items():
            for role in ROLES:
                for operation in "rwcu":
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(model, self.users[role], operation),
                            operation in allowed.get(role, ""),
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
            self.imp.with_user(user)._rejected_csv(__import__("io").BytesIO())
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
