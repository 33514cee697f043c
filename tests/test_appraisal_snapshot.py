# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A decided appraisal does not move: confirmed over JSON-RPC by HR, its
Phone conduct is frozen with its date; a violation confirmed late, new
calls, a changed setting and closing the appraisal leave it as it was; the
annex PDF prints the snapshot; nobody writes the snapshot by hand; a
self-reported leak is not held against the reporter."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import pdf_text
from .security.common import PhonePolicyRpcCase

FIGURES = [
    "phone_conduct_visible",
    "phone_call_count",
    "phone_inbound_count",
    "phone_ring_measured_count",
    "phone_in_time_count",
    "phone_record_count",
    "phone_complete_count",
    "phone_incident_count",
    "phone_incident_reported_count",
    "phone_violation_count",
    "phone_violation_points",
    "phone_net_score",
    "phone_date_from",
    "phone_date_to",
    "phone_snapshot_date",
]


@tagged("post_install", "-at_install")
class TestAppraisalSnapshot(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.groups_id += cls.env.ref(
            "hr_appraisal_oca.group_appraisal_hr_officer"
        )
        cls.emp_sales.parent_id = cls.emp_dept_manager
        cls.type_late = cls.env.ref("phone_policy.violation_type_late_answer")
        cls.appraisal = cls.env["hr.appraisal"].create(
            {
                "employee_id": cls.emp_sales.id,
                "manager_ids": [Command.set(cls.emp_dept_manager.ids)],
                "date_close": date(2026, 12, 31),
            }
        )
        # measured by the phone system: one answered within the ring limit
        cls._call(
            cls.user_sales,
            direction="inbound",
            ring_seconds=5,
            source="pbx",
            date_start=datetime(2026, 11, 3, 2, 0),
        )
        cls.violation = cls._new_violation(date(2026, 11, 4))
        cls.violation.with_user(cls.user_manager).action_confirm()
        Incident = cls.env["phone.security.incident"]
        # a leak pp_sales reported at once (§3.1.3), and one somebody else
        # reported about them
        for reporter in (cls.user_sales, cls.user_officer):
            Incident.create(
                {
                    "kind": "password_leak",
                    "company_id": cls.company.id,
                    "reporter_id": reporter.id,
                    "employee_ids": [Command.set(cls.emp_sales.ids)],
                    "date_reported": datetime(2026, 11, 5, 2, 0),
                    "description": "Password written on a sticky note.",
                }
            )

    @classmethod
    def _new_violation(cls, when):
        return cls.env["phone.violation"].create(
            {
                "company_id": cls.company.id,
                "employee_id": cls.emp_sales.id,
                "type_id": cls.type_late.id,
                "source": "inspection",
                "date": when,
            }
        )

    def _read(self, login="pp_manager"):
        result = self.rpc(login, "hr.appraisal", "read", self.appraisal.ids, FIGURES)
        self.assertTrue(result.ok, result)
        return result.value[0]

    def test_confirmed_appraisal_does_not_move(self):
        live = self._read()
        self.assertFalse(live["phone_snapshot_date"])
        self.assertEqual(live["phone_violation_count"], 1)
        # the self-reported leak is shown, not held against the reporter
        self.assertEqual(live["phone_incident_count"], 1)
        self.assertEqual(live["phone_incident_reported_count"], 1)
        # before confirmation: live
        self._call(self.user_sales, date_start=datetime(2026, 11, 6, 2, 0))
        self.assertEqual(self._read()["phone_call_count"], live["phone_call_count"] + 1)

        confirmed = self.rpc(
            "pp_manager", "hr.appraisal", "action_confirm", self.appraisal.ids
        )
        self.assertTrue(confirmed.ok, confirmed)
        frozen = self._read()
        self.assertTrue(frozen["phone_snapshot_date"])
        self.assertEqual(frozen["phone_call_count"], live["phone_call_count"] + 1)

        # later: a violation confirmed late, calls, a setting, the closing
        late = self._new_violation(date(2026, 11, 20))
        late.with_user(self.user_manager).action_confirm()
        self._call(
            self.user_sales,
            direction="inbound",
            ring_seconds=12,
            source="pbx",
            date_start=datetime(2026, 11, 21, 2, 0),
        )
        self.company.phone_ring_count = 1
        self.env["phone.call"].search([("employee_id", "=", self.emp_sales.id)]).write(
            {"key_points": False}
        )
        self.assertTrue(
            self.rpc("pp_manager", "hr.appraisal", "action_done", self.appraisal.ids).ok
        )
        self.assertEqual(self._read(), frozen)

        # nobody writes the snapshot, whatever the context says
        for context in ({}, {"phone_workflow": True, "install_mode": True}):
            forged = self.rpc(
                "pp_manager",
                "hr.appraisal",
                "write",
                self.appraisal.ids,
                {"phone_snapshot": {"phone_violation_count": 0}},
                context=context,
            )
            self.assertRefused(forged)
        self.assertEqual(self._read(), frozen)
        # the appraised employee reads neither the figures nor the snapshot
        mine = self.rpc(
            "pp_sales", "hr.appraisal", "read", self.appraisal.ids, ["phone_snapshot"]
        )
        self.assertRefused(mine)

        # the annex prints the frozen figures
        report = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
        )
        pdf, kind = report._render_qweb_pdf(
            "phone_policy.hr_appraisal_phone_annex_report_action", self.appraisal.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("Figures frozen when the appraisal was confirmed", text)
        self.assertIn(self.violation.name, text)
        self.assertNotIn(late.name, text)
        self.assertRegex(text, r"Violations\s+%s\b" % frozen["phone_violation_count"])

        # sent back to "To Confirm": live again
        self.assertTrue(
            self.rpc("pp_manager", "hr.appraisal", "action_back", self.appraisal.ids).ok
        )
        again = self._read()
        self.assertFalse(again["phone_snapshot_date"])
        self.assertEqual(
            again["phone_violation_count"], frozen["phone_violation_count"] + 1
        )
