# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import PhonePolicyPdfCase


@tagged("post_install", "-at_install")
class TestFaultTicketPdf(PhonePolicyPdfCase):
    def _track(self):
        """Write the pending tracking messages, as a commit would."""
        self.env.flush_all()
        self.env.cr.flush()

    def test_fault_ticket_pdf(self):
        """The printed ticket carries the reporter, the symptom, the time,
        the place, the history of its stages and the resolution."""
        reporter = new_test_user(self.env, "pp_pdf_reporter", groups="base.group_user")
        reporter.name = "陳美玲"
        department = self.env["hr.department"].create({"name": "Customer Care"})
        self.env["hr.employee"].create(
            {"name": "陳美玲", "user_id": reporter.id, "department_id": department.id}
        )
        technician = new_test_user(self.env, "pp_pdf_tech", groups="base.group_user")
        technician.name = "Wu Chun-chieh"
        team = self.env["phone.fault.team"].create(
            {"name": "PDF telephony team", "member_ids": [Command.set(technician.ids)]}
        )
        system = self.env["phone.system"].create({"name": "Tower PBX"})
        fault = (
            self.env["phone.fault"]
            .with_user(reporter)
            .create(
                {
                    "symptom": "Handset dead after the power cut",
                    "location": "Tower B, 7F, room 702",
                    "extension": "2301",
                    "system_id": system.id,
                    "impact": "delayed",
                    "date_occurred": datetime(2026, 11, 3, 4, 0),
                }
            )
        )
        self._track()
        work = fault.with_user(technician)
        work.write({"team_id": team.id, "technician_id": technician.id})
        self._track()
        work.stage_id = self.env.ref("phone_policy.phone_fault_stage_progress")
        self._track()
        work.write(
            {
                "resolution": "<p>Replaced the blown power adapter.</p>",
                "stage_id": self.env.ref("phone_policy.phone_fault_stage_resolved").id,
            }
        )
        self._track()
        fault.with_user(reporter).action_confirm_resolution()
        self._track()

        _pdf, text = self.render_pdf(
            "phone_policy.phone_fault_ticket_report_action", fault
        )
        for expected in (
            fault.name,
            "Fault ticket",
            "陳美玲",
            "Customer Care",
            "Handset dead after the power cut",
            "11/03/2026",
            "Tower B, 7F, room 702",
            "Tower PBX",
            "2301",
            "Important work delayed",
            "Wu Chun-chieh",
            "History of stages",
            "Replaced the blown power adapter.",
        ):
            self.assertIn(expected, text)
        # the stages in the order the ticket went through them
        history = text[text.index("History of stages") : text.index("Resolution\n")]
        order = [
            history.index(stage)
            for stage in ("New", "Assigned", "In progress", "Resolved", "Closed")
        ]
        self.assertEqual(order, sorted(order), history)
