# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .archive_common import PhoneArchiveCase

ROLES = (
    "user",
    "other_dept_user",
    "dept_manager",
    "officer",
    "manager",
    "other_company",
    "portal",
)


@tagged("post_install", "-at_install")
class TestArchiveRoleMatrix(PhoneArchiveCase):
    """Who may read, write, create and delete each model of the archive.
    Each table gives, per role, the allowed operations among r(ead),
    w(rite), c(reate), u(nlink); any other outcome fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "user": cls.user_sales,
            "other_dept_user": cls.user_support,
            "dept_manager": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "portal": cls.user_portal,
        }
        cls._march_calls(1)
        cls.filed = cls._file(cls.category_sales)

    def _allowed(self, operation):
        """Whether ``operation`` passes the access rights; rolled back."""
        savepoint = self.env.cr.savepoint()
        try:
            with mute_logger(
                "odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule"
            ):
                operation()
                self.env.flush_all()
        except AccessError:
            return False
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        return True

    def _check_matrix(self, record, matrix, read_field, write_vals, create_vals):
        Model = self.env[record._name]
        for role in ROLES:
            user = self.users[role]
            expected = matrix[role]
            outcome = "".join(
                letter if self._allowed(operation) else "-"
                for letter, operation in (
                    ("r", lambda u=user: record.with_user(u).read([read_field])),
                    ("w", lambda u=user: record.with_user(u).write(write_vals)),
                    ("c", lambda u=user: Model.with_user(u).create(dict(create_vals))),
                    ("u", lambda u=user: record.with_user(u).unlink()),
                )
            )
            self.assertEqual(outcome, expected, f"{record._name} as {role}")

    def test_archive(self):
        draft = self.Archive.create(
            {"company_id": self.company.id, "category_id": self.category_support.id}
        )
        self._check_matrix(
            draft,
            {
                "user": "r---",
                "other_dept_user": "r---",
                "dept_manager": "r---",
                "officer": "rwcu",
                "manager": "rwcu",
                "other_company": "----",
                "portal": "----",
            },
            "period_label",
            {"note": "Paper copies in room 3"},
            {"company_id": self.company.id, "category_id": self.category_legal.id},
        )
        # the filed archive: everyone of the company reads the catalogue
        for role in ("user", "officer", "manager"):
            self.assertEqual(self.filed.with_user(self.users[role]).call_count, 1, role)

    def test_retention_policy(self):
        policy = self.env["phone.retention.policy"].create(
            {"company_id": self.company.id, "category_id": self.category_sales.id}
        )
        self._check_matrix(
            policy,
            {
                "user": "r---",
                "other_dept_user": "r---",
                "dept_manager": "r---",
                "officer": "r---",
                "manager": "rwcu",
                "other_company": "----",
                "portal": "----",
            },
            "retention_years",
            {"retention_years": 7},
            {"company_id": self.company.id, "category_id": self.category_legal.id},
        )

    def test_access_request(self):
        """A draft request of the Sales user: theirs to manage; officers read
        all requests; managers decide on all; anyone may make their own."""
        request = (
            self.env["phone.archive.access.request"]
            .with_user(self.user_sales)
            .create(
                {
                    "company_id": self.company.id,
                    "archive_ids": [(6, 0, self.filed.ids)],
                    "purpose": "Dispute",
                }
            )
        )
        self._check_matrix(
            request,
            {
                "user": "rwcu",
                "other_dept_user": "--c-",
                "dept_manager": "--c-",
                "officer": "r-c-",
                "manager": "rwcu",
                "other_company": "----",
                "portal": "----",
            },
            "purpose",
            {"purpose": "Dispute with the customer"},
            {
                "company_id": self.company.id,
                "archive_ids": [(6, 0, self.filed.ids)],
                "purpose": "Audit",
            },
        )

    def test_access_log(self):
        """Written by the system only; read by the person it is about, by
        officers and by managers."""
        request = self.env["phone.archive.access.request"].create(
            {
                "company_id": self.company.id,
                "requester_id": self.user_sales.id,
                "archive_ids": [(6, 0, self.filed.ids)],
                "purpose": "Dispute",
            }
        )
        log = self.env["phone.archive.access.log"].create(
            {"request_id": request.id, "user_id": self.user_sales.id}
        )
        self._check_matrix(
            log,
            {
                "user": "r---",
                "other_dept_user": "----",
                "dept_manager": "----",
                "officer": "r---",
                "manager": "r---",
                "other_company": "----",
                "portal": "----",
            },
            "call_references",
            {"call_references": "forged"},
            {"request_id": request.id, "user_id": self.user_support.id},
        )

    def test_integrity_check(self):
        """Results are written by the system only, so no certificate can be
        forged; officers and managers read them."""
        check = self.Verification._run(self.company)
        self.assertEqual(check.state, "intact")
        self._check_matrix(
            check,
            {
                "user": "----",
                "other_dept_user": "----",
                "dept_manager": "----",
                "officer": "r---",
                "manager": "r---",
                "other_company": "----",
                "portal": "----",
            },
            "summary",
            {"state": "intact"},
            {
                "name": "Forged",
                "company_id": self.company.id,
                "check_date": "2026-01-01 00:00:00",
                "state": "intact",
            },
        )
        with (
            self.assertRaisesRegex(AccessError, "officers and managers verify"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.Verification.with_user(self.user_sales).action_verify()
