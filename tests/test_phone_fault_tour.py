# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReportFaultTour(HttpCase):
    def test_report_fault_then_officer_kanban(self):
        """A plain employee reports a fault in the browser; the Officer
        finds it on top of the New column of the kanban and takes it."""
        reporter = new_test_user(
            self.env, "pp_fault_reporter", groups="base.group_user", tz="Asia/Taipei"
        )
        reporter.name = "Fault Reporter"
        self.env["hr.employee"].create(
            {"name": "Fault Reporter", "user_id": reporter.id}
        )
        officer = new_test_user(
            self.env,
            "pp_fault_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
            tz="Asia/Taipei",
        )
        self.env.ref("phone_policy.phone_fault_team_main").member_ids += officer
        # an ordinary fault reported earlier: the emergency must pass it
        self.env["phone.fault"].create(
            {"symptom": "Tour: older ordinary fault", "reporter_id": officer.id}
        )

        self.start_tour(
            "/odoo/action-phone_policy.phone_fault_action_my",
            "phone_policy_report_fault_tour",
            login="pp_fault_reporter",
        )
        fault = self.env["phone.fault"].search(
            [("symptom", "=", "Headset crackles in meeting room")]
        )
        self.assertEqual(len(fault), 1)
        self.assertEqual(fault.reporter_id, reporter)
        self.assertEqual(fault.location, "Head office, 6F, meeting room B")
        self.assertEqual(fault.impact, "down")
        self.assertTrue(fault.is_emergency)
        self.assertIn(officer, fault.activity_ids.user_id)

        self.start_tour(
            "/odoo/action-phone_policy.phone_fault_action",
            "phone_policy_fault_kanban_tour",
            login="pp_fault_officer",
        )
        self.assertEqual(fault.technician_id, officer)
        self.assertEqual(
            fault.stage_id, self.env.ref("phone_policy.phone_fault_stage_assigned")
        )
