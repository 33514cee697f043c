# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where the parts of the policy meet: security incidents escalate to
violations for HR to decide on (policy §3.2 → §6.2.2)."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PhonePolicyCase


@tagged("post_install", "-at_install")
class TestIncidentEscalation(PhonePolicyCase):
    def _incident(self, **vals):
        values = {
            "kind": "fraud",
            "company_id": self.company.id,
            "employee_ids": [Command.set((self.emp_sales | self.emp_sales2).ids)],
            "description": "Asked a customer for a card number by phone.",
        }
        values.update(vals)
        return self.env["phone.security.incident"].create(values)

    def test_escalation_drafts_a_violation_per_employee(self):
        call = self._call(self.user_sales)
        incident = self._incident(call_id=call.id)
        violations = incident.with_user(self.user_officer).action_escalate()
        self.assertEqual(violations.employee_id, self.emp_sales | self.emp_sales2)
        self.assertEqual(set(violations.mapped("state")), {"draft"})
        self.assertEqual(set(violations.mapped("source")), {"incident"})
        self.assertEqual(violations.incident_id, incident)
        self.assertEqual(violations.call_ids, call)
        self.assertEqual(
            violations.type_id,
            self.env.ref("phone_policy.violation_type_harassment_fraud"),
        )
        self.assertIn("card number", violations[0].evidence)
        self.assertTrue(incident.action_escalated)
        self.assertEqual(incident.with_user(self.user_officer).violation_count, 2)
        self.assertIn(
            violations[0].display_name,
            incident.message_ids[0].body,
            "the incident's chatter names the violations",
        )

    def test_disclosure_escalates_to_information_security(self):
        incident = self._incident(kind="confidential_disclosure")
        violation = incident.with_user(self.user_officer).action_escalate()[:1]
        self.assertEqual(violation.type_id.category, "information_security")

    def test_nothing_to_escalate(self):
        with self.assertRaisesRegex(UserError, "employees concerned"):
            self._incident(employee_ids=False).with_user(
                self.user_officer
            ).action_escalate()
        dismissed = self._incident(state="dismissed")
        with self.assertRaisesRegex(UserError, "dismissed"):
            dismissed.with_user(self.user_officer).action_escalate()


@tagged("post_install", "-at_install")
class TestDisposalOfInspectedCalls(PhonePolicyCase):
    """An inspected call is still disposed of at the end of its retention;
    the inspection keeps what it judged (policy §5.2.2 and §6.1.1)."""

    def test_inspection_outlives_the_disposed_call(self):
        sales = self.env.ref("phone_policy.phone_call_category_sales")
        call = self._call(
            self.user_sales,
            date_start=datetime(2026, 3, 2, 2, 0),
            category_id=sales.id,
            ring_seconds=25,
            key_points="Price agreed.",
        )
        inspection = self.env["phone.inspection"].create(
            {
                "company_id": self.company.id,
                "department_id": self.dept_sales.id,
                "user_id": self.user_officer.id,
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "sample_size": 1,
                "seed": 1,
            }
        )
        inspection.action_draw_sample()
        line = inspection.line_ids
        self.assertEqual(line.call_id, call)
        score, reference = line.score, call.name
        archive = (
            self.env["phone.archive"]
            .with_user(self.user_officer)
            .create(
                {
                    "company_id": self.company.id,
                    "period_type": "month",
                    "period_date": date(2026, 3, 1),
                    "category_id": sales.id,
                }
            )
        )
        archive.action_file()
        with freeze_time("2032-04-02"):
            self.env["phone.archive"]._cron_list_expired()
            archive.with_user(self.user_manager).action_approve_disposal()
        self.assertFalse(call.exists())
        self.assertEqual(archive.state, "disposed")
        # the inspection still says who, when and how well
        self.assertTrue(line.exists())
        self.assertFalse(line.call_id)
        self.assertEqual(line.call_name, reference)
        self.assertEqual(line.employee_id, self.emp_sales)
        self.assertEqual(line.call_date, datetime(2026, 3, 2, 2, 0))
        self.assertEqual(line.score, score)
