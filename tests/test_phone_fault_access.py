# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import PhoneFaultCase


@tagged("post_install", "-at_install")
class TestFaultAccess(PhoneFaultCase):
    """Which tickets each role sees, and what a technician (a member of a
    team, the technician of a plan) may do: data the access matrix
    (tests/test_access_matrix.py) does not hold. Every employee reports and
    sees their own tickets, technicians theirs and their team's, Officers
    all of their company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._fault(cls.user_sales)
        cls.user_branch_tech, _employee = cls._make_employee_user(
            "pp_branch_tech", cls.dept_support
        )
        cls.other_team = cls.env["phone.fault.team"].create(
            {
                "name": "Branch technicians",
                "company_id": cls.company.id,
                "member_ids": [Command.set(cls.user_branch_tech.ids)],
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

    def test_who_sees_which_ticket(self):
        tickets = self.ticket | self.branch_ticket
        expected = {
            self.user_sales: self.ticket,  # reported it
            self.user_support: self.branch_ticket,  # reported it
            self.user_dept_manager: self.env["phone.fault"],  # manages Sales
            self.user_tech: self.ticket,  # their team's
            self.user_officer: tickets,
            self.user_manager: tickets,
            self.user_other_company: self.env["phone.fault"],
        }
        for user, visible in expected.items():
            found = (
                self.env["phone.fault"]
                .with_user(user)
                .search([("id", "in", tickets.ids)])
            )
            self.assertEqual(found, visible, user.login)
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

    def test_a_technician(self):
        """A technician of the ticket's team handles it like its reporter;
        reads the stages, the teams and the plan assigned to them; not the
        faults analysis."""
        tech = self.user_tech
        self.assertRights(
            self.ticket,
            {tech: "rwc-"},
            {"symptom": "Still dead"},
            lambda user: {
                "symptom": "My phone is dead",
                "company_id": self.company.id,
                "reporter_id": user.id,
            },
        )
        self.assertRights(
            self.stage,
            {tech: "r---"},
            {"name": "Renamed"},
            {"name": "Escalated", "state": "progress"},
        )
        self.assertRights(
            self.other_team,
            {tech: "r---"},
            {"name": "Renamed"},
            {"name": "Night shift", "company_id": self.company.id},
        )
        self.assertRights(
            self.plan,
            {tech: "r---"},
            {"interval_number": 2},
            {
                "name": "Upgrade the firmware",
                "company_id": self.company.id,
                "system_id": self.system.id,
            },
        )
        self.assertRights(
            self.env["phone.fault.report"].browse(self.ticket.id),
            {tech: "----"},
            {"name": "x"},
            {"name": "x"},
        )
