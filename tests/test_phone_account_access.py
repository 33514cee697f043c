# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .phone_account_common import PhoneAccountCase

# Who may read (r), write (w), create (c) and unlink (u) each record, for
# every model of phone systems, accounts, passwords and incidents. The
# records: a head office PBX and its Sales numbering line; pp_sales's
# account and one hash of its password history; an account anomaly pp_sales
# reported on their own account. "create" creates a similar record in the
# head office. Anything allowed beyond this table fails the test.
EXPECTED = """
model                  |user|other|dept_mgr|officer|manager|admin|other_co|portal
phone.system           |r   |r    |r       |rwcu   |rwcu   |rwcu |-       |-
phone.system.numbering |r   |r    |r       |rwcu   |rwcu   |rwcu |-       |-
phone.account          |r   |-    |-       |rwc    |rwcu   |rwcu |-       |-
phone.account.password |-   |-    |-       |-      |-      |-    |-       |-
phone.security.incident|rc  |c    |c       |rwc    |rwcu   |rwcu |-       |-
"""


class _Undo(Exception):
    """Rolls an allowed operation back."""


@tagged("post_install", "-at_install")
class TestAccountAccessMatrix(PhoneAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids += cls.company
        cls.roles = {
            "user": cls.user_sales,
            "other": cls.user_support,
            "dept_mgr": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "admin": cls.admin,
            "other_co": cls.user_other_company,
            "portal": cls.user_portal,
        }
        cls._issue(cls.acc_sales)
        # a system without accounts, which may be deleted
        cls.spare_system = cls.env["phone.system"].create(
            {
                "name": "Spare PBX",
                "company_id": cls.company.id,
                "numbering_ids": [
                    (0, 0, {"department_id": cls.dept_sales.id, "prefix": "10"})
                ],
            }
        )
        cls.incident = (
            cls.env["phone.security.incident"]
            .with_user(cls.user_sales)
            .create(
                {
                    "kind": "account_anomaly",
                    "account_id": cls.acc_sales.id,
                    "description": "A call I did not make.",
                }
            )
            .sudo()
        )
        cls.subjects = {
            "phone.system": (
                cls.spare_system,
                {"name": "Renamed PBX"},
                {"name": "Branch PBX", "company_id": cls.company.id},
            ),
            "phone.system.numbering": (
                cls.spare_system.numbering_ids,
                {"prefix": "11"},
                {
                    "system_id": cls.spare_system.id,
                    "department_id": cls.dept_support.id,
                    "prefix": "30",
                    "extension_length": 4,
                },
            ),
            "phone.account": (
                cls.acc_sales,
                {"login": "renamed"},
                {
                    "system_id": cls.system.id,
                    "employee_id": cls.emp_sales2.id,
                    "extension": "1009",
                    "company_id": cls.company.id,
                },
            ),
            "phone.account.password": (
                cls._history(cls.acc_sales),
                {"kind": "change"},
                {
                    "account_id": cls.acc_sales.id,
                    "kind": "change",
                    "password_hash": "$pbkdf2-sha512$600000$forged",
                },
            ),
            "phone.security.incident": (
                cls.incident,
                {"description": "Edited"},
                {
                    "kind": "fraud",
                    "description": "Fake bank call.",
                    "company_id": cls.company.id,
                },
            ),
        }

    def _allowed(self, operation):
        """Whether ``operation`` succeeds; an allowed change is undone."""
        self.env.invalidate_all()
        try:
            with (
                self.env.cr.savepoint(),
                mute_logger(
                    "odoo.addons.base.models.ir_rule",
                    "odoo.addons.base.models.ir_model",
                ),
            ):
                operation()
                self.env.flush_all()
                raise _Undo
        except _Undo:
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def _actual(self, model, user):
        record, write_vals, create_vals = self.subjects[model]
        record = record.with_user(user).sudo(False)
        Model = self.env[model].with_user(user)
        operations = {
            "r": lambda: record.read(list(write_vals)),
            "w": lambda: record.write(write_vals),
            "c": lambda: Model.create(create_vals),
            "u": lambda: record.unlink(),
        }
        return (
            "".join(op for op, call in operations.items() if self._allowed(call)) or "-"
        )

    def test_access_matrix(self):
        lines = [line.split("|") for line in EXPECTED.strip().splitlines()]
        roles = [cell.strip() for cell in lines[0][1:]]
        self.assertEqual(set(roles), set(self.roles))
        self.assertEqual(
            {line[0].strip() for line in lines[1:]},
            set(self.subjects),
            "every model of the area is in the table",
        )
        mismatches = []
        for line in lines[1:]:
            model = line[0].strip()
            for role, expected in zip(roles, line[1:], strict=True):
                actual = self._actual(model, self.roles[role])
                if actual != expected.strip():
                    mismatches.append(
                        f"{model} / {role}: expected {expected.strip()}, got {actual}"
                    )
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_search_shows_the_same_records(self):
        """What a role finds by searching agrees with what it may read."""
        Account = self.env["phone.account"]
        Incident = self.env["phone.security.incident"]
        self.assertEqual(Account.with_user(self.user_sales).search([]), self.acc_sales)
        self.assertEqual(
            Account.with_user(self.user_support).search([]), self.acc_support
        )
        self.assertEqual(
            Account.with_user(self.user_officer).search([]),
            self.acc_sales | self.acc_support,
        )
        self.assertEqual(Incident.with_user(self.user_sales).search([]), self.incident)
        self.assertFalse(Incident.with_user(self.user_support).search([]))
        self.assertFalse(Incident.with_user(self.user_other_company).search([]))
