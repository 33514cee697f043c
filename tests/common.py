# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import subprocess
import unicodedata
from contextlib import contextmanager
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger


class PhonePolicyCase(TransactionCase):
    """A Taipei head office with two departments and one person per role,
    plus a second company, independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.taiwan = env.ref("base.tw")
        cls.company = env["res.company"].create(
            {"name": "Taipei HQ", "country_id": cls.taiwan.id}
        )
        cls.company.partner_id.tz = "Asia/Taipei"
        cls.other_company = env["res.company"].create(
            {"name": "Other Co", "country_id": cls.taiwan.id}
        )
        cls.dept_sales = env["hr.department"].create(
            {"name": "Sales TW", "company_id": cls.company.id}
        )
        cls.dept_support = env["hr.department"].create(
            {"name": "Support TW", "company_id": cls.company.id}
        )
        cls.user_sales, cls.emp_sales = cls._make_employee_user(
            "pp_sales", cls.dept_sales
        )
        cls.user_sales2, cls.emp_sales2 = cls._make_employee_user(
            "pp_sales2", cls.dept_sales
        )
        cls.user_support, cls.emp_support = cls._make_employee_user(
            "pp_support", cls.dept_support
        )
        cls.user_dept_manager, cls.emp_dept_manager = cls._make_employee_user(
            "pp_mgr", cls.dept_support
        )
        cls.dept_sales.manager_id = cls.emp_dept_manager
        cls.user_officer, cls.emp_officer = cls._make_employee_user(
            "pp_officer", cls.dept_support, groups="phone_policy.group_phone_officer"
        )
        cls.user_manager, cls.emp_manager = cls._make_employee_user(
            "pp_manager", cls.dept_support, groups="phone_policy.group_phone_manager"
        )
        cls.user_other_company = new_test_user(
            env,
            "pp_other_co",
            groups="base.group_user",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        env["hr.employee"].create(
            {
                "name": "Other Co employee",
                "user_id": cls.user_other_company.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.user_portal = new_test_user(
            env,
            "pp_portal",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.partner_tw = env["res.partner"].create(
            {
                "name": "Formosa Trading",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "02 2345 6789",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_tw_contact = env["res.partner"].create(
            {
                "name": "Mr Huang",
                "parent_id": cls.partner_tw.id,
                "country_id": cls.taiwan.id,
                "phone": "0912 345 678",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_us = env["res.partner"].create(
            {
                "name": "Jennifer Smith",
                "country_id": env.ref("base.us").id,
                "phone": "(415) 555-0123",
                "tz": "America/Los_Angeles",
            }
        )
        cls.category_sales = env.ref("phone_policy.phone_call_category_sales")
        # the roles of the access matrix (tests/test_access_matrix.py)
        cls.roles = {
            "user": cls.user_sales,
            "other_dept": cls.user_support,
            "dept_manager": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "portal": cls.user_portal,
        }

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Like Odoo's assertRaises (rolled back to a savepoint, so a refused
        record leaves nothing behind), and the message must match."""
        with self.assertRaises(expected_exception, msg=msg) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), expected_regex)

    # ------------------------------------------------------------------
    # access: what a user may do, tried and rolled back
    # ------------------------------------------------------------------
    def _allowed(self, operation, label="the operation"):
        """Whether ``operation()`` goes through; False when it is refused
        (an access error, or a business rule that refuses, e.g. deleting a
        published record). Rolled back either way. Any other error fails
        the test: the values tried must be valid."""
        self.env.flush_all()
        self.env.invalidate_all()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            with mute_logger(
                "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"
            ):
                operation()
                self.env.flush_all()
        except (AccessError, UserError):
            return False
        except Exception as error:
            raise AssertionError(
                f"{label} failed for another reason: {error!r}"
            ) from error
        finally:
            self.env.invalidate_all()
            self.env.transaction.clear()
            savepoint.close(rollback=True)
        return True

    def _rights(self, record, user, write_vals, create_vals, read_field):
        """What ``user`` may do with ``record``: r(ead ``read_field``),
        w(rite ``write_vals``), c(reate a record of ``create_vals``, a dict
        or a function of the user), u(nlink); '-' for each refusal."""
        Model = self.env[record._name].with_user(user)
        record = record.with_user(user)
        operations = (
            ("r", lambda: record.read([read_field])),
            ("w", lambda: record.write(dict(write_vals))),
            (
                "c",
                lambda: Model.create(
                    create_vals(user) if callable(create_vals) else dict(create_vals)
                ),
            ),
            ("u", lambda: record.unlink()),
        )
        return "".join(
            letter
            if self._allowed(operation, f"{record._name} {letter} as {user.login}")
            else "-"
            for letter, operation in operations
        )

    def assertRights(
        self, record, table, write_vals, create_vals, read_field="display_name"
    ):
        """``table``: {user: 'rwcu' letters, '-' where refused}, every cell
        checked (see :meth:`_rights`)."""
        mismatches = [
            f"{user.login}: expected {expected}, got {actual}"
            for user, expected in table.items()
            if (
                actual := self._rights(
                    record, user, write_vals, create_vals, read_field
                )
            )
            != expected
        ]
        self.assertFalse(mismatches, f"{record._name}: " + "; ".join(mismatches))

    def assertReaders(self, record, readers, users=None):
        """Exactly ``readers`` among ``users`` (default: every role) may read
        ``record``."""
        users = users or self.env["res.users"].union(*self.roles.values())
        readers = self.env["res.users"].union(*readers)
        actual = users.filtered(
            lambda user: self._allowed(
                lambda: record.with_user(user).read(["display_name"]),
                f"read {record._name} as {user.login}",
            )
        )
        self.assertEqual(
            sorted(actual.mapped("login")),
            sorted((readers & users).mapped("login")),
            f"who reads {record.display_name}",
        )

    @classmethod
    def _make_employee_user(cls, login, department, groups="base.group_user"):
        """A user of the Taipei company and their employee record."""
        if groups != "base.group_user":
            groups = f"base.group_user,{groups}"
        user = new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            tz="Asia/Taipei",
        )
        employee = cls.env["hr.employee"].create(
            {
                "name": login,
                "user_id": user.id,
                "department_id": department.id,
                "company_id": cls.company.id,
            }
        )
        return user, employee

    @classmethod
    def _call(cls, user=None, **vals):
        """Create a call as the superuser, handled by ``user``'s employee."""
        user = user or cls.user_sales
        values = {
            "company_id": cls.company.id,
            "employee_id": cls.env["hr.employee"]
            .search([("user_id", "=", user.id), ("company_id", "=", cls.company.id)])
            .id,
            "direction": "outbound",
            "partner_id": cls.partner_tw.id,
            "date_start": datetime(2026, 11, 3, 2, 0),
            "subject": "Quotation",
        }
        values.update(vals)
        return cls.env["phone.call"].create(values)


class PhonePolicyPdfCase(HttpCase):
    """Renders PDFs for real: wkhtmltopdf fetches the report's assets from
    Odoo's HTTP server, so this needs an HttpCase (a TransactionCase
    deadlocks), and Odoo renders HTML instead of PDF in tests unless told
    otherwise."""

    def render_pdf(self, report_ref, records):
        """Return (pdf bytes, text of the PDF) of ``report_ref`` for ``records``."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf did not produce a PDF")
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        # pdftotext maps some Noto CJK glyphs to Kangxi radicals (U+2F00...);
        # NFKC gives back the ideographs people read
        return pdf, unicodedata.normalize("NFKC", text)
