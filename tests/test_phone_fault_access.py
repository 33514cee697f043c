# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import closing
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .fault_common import PhoneFaultCase

ROLES = (
    "plain",
    "other_dept",
    "dept_manager",
    "technician",
    "officer",
    "manager",
    "other_company",
    "portal",
)


@tagged("post_install", "-at_install")
class TestFaultAccess(PhoneFaultCase):
    """Who reads, changes, creates and deletes fault tickets, stages, teams,
    maintenance plans and the faults analysis: every employee reports and
    sees their own tickets, technicians theirs and their team's, Officers
    all of their company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "plain": cls.user_sales,  # the reporter of cls.ticket
            "other_dept": cls.user_support,
            "dept_manager": cls.user_dept_manager,  # manages Sales
            "technician": cls.user_tech,  # of cls.team
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "portal": cls.user_portal,
        }
        cls.ticket = cls._fault(cls.user_sales)
        cls.user_branch_tech, _employee = cls._make_employee_user(
            "pp_branch_tech", cls.dept_support
        )
        cls.other_team = cls.env["phone.fault.team"].create(
            {
                "name": "Branch technicians",
                "company_id": cls.company.id,
                "member_ids": [(6, 0, cls.user_branch_tech.ids)],
            }
        )
        # reported by Support, handled by the branch team
        cls.branch_ticket = cls._fault(
            cls.user_support,
            team_id=cls.other_team.id,
            technician_id=cls.user_branch_tech.id,
        )
        cls.stage = cls.env["phone.fault.stage"].create(
            {"name": "Parts ordered", "state": "waiting", "sequence": 4}
        )
        cls.plan = cls.env["phone.maintenance.plan"].create(
            {
                "name": "Test the trunk lines",
                "company_id": cls.company.id,
                "system_id": cls.system.id,
                "next_date": date(2026, 12, 1),
                "technician_id": cls.user_tech.id,
            }
        )
        cls.env.flush_all()

    # helpers ----------------------------------------------------------

    def _allowed(self, operation):
        """Whether ``operation`` goes through; always rolled back."""
        self.env.invalidate_all()
        try:
            with (
                closing(self.env.cr.savepoint()),
                mute_logger(
                    "odoo.addons.base.models.ir_rule",
                    "odoo.addons.base.models.ir_model",
                ),
            ):
                operation()
                self.env.flush_all()
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()
        return True

    def assertMatrix(self, record, create_values, write_values, matrix):
        """``matrix``: role -> (read, write, create, unlink) expected."""
        Model = self.env[record._name]
        for role in ROLES:
            user = self.roles[role]
            got = (
                self._allowed(
                    lambda u=user: record.with_user(u).read(["display_name"])
                ),
                self._allowed(lambda u=user: record.with_user(u).write(write_values)),
                self._allowed(
                    lambda u=user: (
                        Model.with_user(u)
                        .with_company(self.company)
                        .create(create_values(u))
                    )
                ),
                self._allowed(lambda u=user: record.with_user(u).unlink()),
            )
            self.assertEqual(
                got,
                matrix[role],
                f"{record._name}, {role}: (read, write, create, unlink)",
            )

    # matrices ---------------------------------------------------------

    def test_fault_ticket_matrix(self):
        def create_values(user):
            return {
                "symptom": "My phone is dead",
                "company_id": self.company.id,
                "reporter_id": user.id,
            }

        #                  read   write  create unlink
        matrix = {
            "plain": (True, True, True, False),
            "other_dept": (False, False, True, False),
            "dept_manager": (False, False, True, False),
            "technician": (True, True, True, False),
            "officer": (True, True, True, True),
            "manager": (True, True, True, True),
            "other_company": (False, False, False, False),
            "portal": (False, False, False, False),
        }
        self.assertMatrix(self.ticket, create_values, {"symptom": "Still dead"}, matrix)

    def test_who_sees_which_ticket(self):
        tickets = self.ticket | self.branch_ticket
        expected = {
            "plain": self.ticket,  # reported it
            "other_dept": self.branch_ticket,  # reported it
            "dept_manager": self.env["phone.fault"],
            "technician": self.ticket,  # their team's
            "officer": tickets,
            "manager": tickets,
            "other_company": self.env["phone.fault"],
        }
        for role, visible in expected.items():
            found = (
                self.env["phone.fault"]
                .with_user(self.roles[role])
                .search([("id", "in", tickets.ids)])
            )
            self.assertEqual(found, visible, role)
        # the branch technician sees the ticket assigned to them
        self.assertEqual(
            self.env["phone.fault"]
            .with_user(self.user_branch_tech)
            .search([("id", "in", tickets.ids)]),
            self.branch_ticket,
        )
        # an officer of another company sees nothing of ours
        self.user_other_company.groups_id += self.env.ref(
            "phone_policy.group_phone_officer"
        )
        self.assertFalse(
            self.env["phone.fault"]
            .with_user(self.user_other_company)
            .search([("id", "in", tickets.ids)])
        )

    def test_stage_matrix(self):
        #                  read   write  create unlink
        matrix = {
            "plain": (True, False, False, False),
            "other_dept": (True, False, False, False),
            "dept_manager": (True, False, False, False),
            "technician": (True, False, False, False),
            "officer": (True, False, False, False),
            "manager": (True, True, True, True),
            "other_company": (True, False, False, False),
            "portal": (False, False, False, False),
        }
        self.assertMatrix(
            self.stage,
            lambda user: {"name": "Escalated", "state": "progress"},
            {"name": "Renamed"},
            matrix,
        )

    def test_team_matrix(self):
        #                  read   write  create unlink
        matrix = {
            "plain": (True, False, False, False),
            "other_dept": (True, False, False, False),
            "dept_manager": (True, False, False, False),
            "technician": (True, False, False, False),
            "officer": (True, True, True, True),
            "manager": (True, True, True, True),
            "other_company": (False, False, False, False),
            "portal": (False, False, False, False),
        }
        self.assertMatrix(
            self.other_team,
            lambda user: {"name": "Night shift", "company_id": self.company.id},
            {"name": "Renamed"},
            matrix,
        )

    def test_maintenance_plan_matrix(self):
        #                  read   write  create unlink
        matrix = {
            "plain": (False, False, False, False),
            "other_dept": (False, False, False, False),
            "dept_manager": (False, False, False, False),
            "technician": (True, False, False, False),
            "officer": (True, True, True, True),
            "manager": (True, True, True, True),
            "other_company": (False, False, False, False),
            "portal": (False, False, False, False),
        }
        self.assertMatrix(
            self.plan,
            lambda user: {
                "name": "Upgrade the firmware",
                "company_id": self.company.id,
                "system_id": self.system.id,
            },
            {"interval_number": 2},
            matrix,
        )

    def test_faults_analysis_matrix(self):
        row = self.env["phone.fault.report"].browse(self.ticket.id)
        for role in ROLES:
            readable = self._allowed(
                lambda u=self.roles[role]: row.with_user(u).read(["name"])
            )
            self.assertEqual(
                readable, role in ("officer", "manager"), f"analysis, {role}"
            )
            self.assertFalse(
                self._allowed(
                    lambda u=self.roles[role]: row.with_user(u).write({"name": "x"})
                ),
                f"analysis is read-only, {role}",
            )
