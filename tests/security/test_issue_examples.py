# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The examples of the security issue's classes 2, 3 and 8, as an attacker
sends them: JSON-RPC as a logged-in role, with the fields, ids and context
keys the web client would never send."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestIssueExamples(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        late = env.ref("phone_policy.violation_type_late_answer")
        cls.violation_vals = {
            "company_id": cls.company.id,
            "employee_id": cls.emp_sales.id,
            "type_id": late.id,
            "source": "inspection",
            "evidence": "Answered after six rings.",
        }
        cls.draft_violation = env["phone.violation"].create(cls.violation_vals)
        cls.confirmed_violation = env["phone.violation"].create(cls.violation_vals)
        cls.confirmed_violation.with_user(cls.user_manager).action_confirm()
        cls.soon = fields.Datetime.now().replace(
            minute=0, second=0, microsecond=0
        ) + timedelta(days=3)

    def _sudo(self, record):
        """The record as it is in the database, read as superuser."""
        self.env.invalidate_all()
        return record.sudo()

    # ------------------------------------------------------------------
    # Class 2: context keys as privileges
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_class2_officer_cannot_confirm_a_draft_with_the_workflow_key(self):
        result = self.rpc(
            "pp_officer",
            "phone.violation",
            "write",
            [self.draft_violation.id],
            {"state": "confirmed"},
            context={"phone_violation_workflow": True},
        )
        self.assertFalse(result.ok, result)
        self.assertEqual(self._sudo(self.draft_violation).state, "draft")

    @mute_logger("odoo.http")
    def test_class2_manager_cannot_edit_a_confirmed_violation_with_the_key(self):
        violation = self.confirmed_violation
        points, evidence = violation.points, violation.evidence
        result = self.rpc(
            "pp_manager",
            "phone.violation",
            "write",
            [violation.id],
            {"points": points + 5, "evidence": "Rewritten after the decision."},
            context={"phone_violation_workflow": True},
        )
        self.assertFalse(result.ok, result)
        self.assertEqual(self._sudo(violation).points, points)
        self.assertEqual(self._sudo(violation).evidence, evidence)

    @mute_logger("odoo.http")
    def test_class2_manager_cannot_create_a_confirmed_violation_with_the_key(self):
        before = self.env["phone.violation"].search_count([])
        result = self.rpc(
            "pp_manager",
            "phone.violation",
            "create",
            dict(self.violation_vals, state="confirmed"),
            context={"phone_violation_workflow": True},
        )
        self.assertFalse(result.ok, result)
        self.assertEqual(self.env["phone.violation"].search_count([]), before)

    @mute_logger("odoo.http")
    def test_class2_default_state_does_not_confirm_a_new_violation(self):
        """Defaults from the context are added after ``create`` looked at
        its values: ``default_state`` skipped the check on ``state``."""
        result = self.rpc(
            "pp_manager",
            "phone.violation",
            "create",
            self.violation_vals,
            context={
                "default_state": "confirmed",
                "default_confirmed_by_id": self.user_officer.id,
            },
        )
        if result.ok:
            violation = self._sudo(self.env["phone.violation"].browse(result.value))
            self.assertEqual(violation.state, "draft")
            self.assertFalse(violation.confirmed_by_id)

    def test_class2_acknowledging_key_does_not_skip_the_acknowledgement(self):
        """Marking the message's notification done acknowledges the message;
        the key the addon used internally must not let the recipient close
        the notification while the message stays unacknowledged (and goes on
        escalating to their manager as if unseen, or the reverse)."""
        message = (
            self.env["phone.message"]
            .with_user(self.user_officer)
            .create(
                {
                    "company_id": self.company.id,
                    "recipient_employee_id": self.emp_sales.id,
                    "caller_name": "Mr Huang",
                    "body": "Call back about the invoice.",
                    "urgency": "urgent",
                }
            )
        )
        activity = message.sudo().activity_ids
        self.assertEqual(len(activity), 1)
        result = self.rpc(
            "pp_sales",
            "mail.activity",
            "action_feedback",
            activity.ids,
            feedback="Seen",
            context={"phone_message_acknowledging": True},
        )
        self.assertTrue(result.ok, result)
        message = self._sudo(message)
        self.assertEqual(message.state, "acknowledged")
        self.assertEqual(message.acknowledged_by_id, self.user_sales)

    def test_class2_decision_key_does_not_close_an_appeal(self):
        """``phone_decision_note`` closed an appealed violation with the
        decision given in the context, skipping the decision wizard."""
        violation = self.confirmed_violation
        violation.with_user(self.user_sales)._phone_appeal("Not me")
        self.assertEqual(violation.state, "appealed")
        result = self.rpc(
            "pp_manager",
            "phone.violation",
            "action_close",
            [violation.id],
            context={"phone_decision_note": "Upheld by context"},
        )
        self.assertTrue(result.ok, result)
        self.assertEqual(self._sudo(violation).state, "appealed", "closed by the key")
        self.assertEqual(
            (result.value or {}).get("res_model"),
            "phone.violation.decision.wizard",
            "the decision wizard opens",
        )
        self.assertFalse(self._sudo(violation).decision_note)

    # ------------------------------------------------------------------
    # Class 3: workflow and computed fields writable over RPC
    # ------------------------------------------------------------------
    def _commendation_vals(self, **vals):
        return dict(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_officer.id,
                "reason": "Exemplary calls",
                "source": "inspection",
                "points": 50,
                "amount": 5000,
                "promotion_recommended": True,
            },
            **vals,
        )

    @mute_logger("odoo.http")
    def test_class3_officer_cannot_confirm_their_commendation_with_write(self):
        # for themself, not even the draft (their own case: class 9)
        before = self.env["phone.commendation"].search_count([])
        own = self.rpc(
            "pp_officer", "phone.commendation", "create", self._commendation_vals()
        )
        self.assertRefused(own)
        self.assertEqual(self.env["phone.commendation"].search_count([]), before)
        # for a colleague, the draft; confirming it is HR's buttons' only
        created = self.rpc(
            "pp_officer",
            "phone.commendation",
            "create",
            self._commendation_vals(employee_id=self.emp_sales.id),
        )
        self.assertTrue(created.ok, created)
        commendation = self.env["phone.commendation"].browse(created.value)
        result = self.rpc(
            "pp_officer",
            "phone.commendation",
            "write",
            [commendation.id],
            {"state": "confirmed"},
        )
        self.assertRefused(result)
        self.assertEqual(self._sudo(commendation).state, "draft")

    @mute_logger("odoo.http")
    def test_class3_officer_cannot_make_a_commendation_confidential(self):
        """A confidential reward is hidden from HR: an officer making a
        commendation confidential takes it out of review."""
        before = self.env["phone.commendation"].search_count([])
        result = self.rpc(
            "pp_officer",
            "phone.commendation",
            "create",
            self._commendation_vals(
                employee_id=self.emp_sales.id, is_confidential=True
            ),
        )
        self.assertRefused(result)
        self.assertEqual(self.env["phone.commendation"].search_count([]), before)
        result = self.rpc(
            "pp_officer",
            "phone.commendation",
            "create",
            self._commendation_vals(employee_id=self.emp_sales.id),
            context={"default_is_confidential": True},
        )
        self.assertTrue(result.ok, result)
        commendation = self.env["phone.commendation"].browse(result.value)
        self.assertFalse(self._sudo(commendation).is_confidential)

    @mute_logger("odoo.http")
    def test_class3_manager_cannot_change_a_confirmed_commendation(self):
        commendation = self.env["phone.commendation"].create(
            self._commendation_vals(employee_id=self.emp_sales.id, points=2)
        )
        commendation.with_user(self.user_manager).action_confirm()
        result = self.rpc(
            "pp_manager",
            "phone.commendation",
            "write",
            [commendation.id],
            {"points": 200, "amount": 90000},
        )
        self.assertRefused(result, error=None)
        self.assertEqual(self._sudo(commendation).points, 2)
        self.assertEqual(self._sudo(commendation).amount, 5000)

    # ------------------------------------------------------------------
    # Class 8: writes that move a record out of the author's reach
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_class8_absence_cannot_be_moved_onto_a_colleague(self):
        created = self.rpc(
            "pp_sales",
            "phone.coverage",
            "create",
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales.id,
                "date_from": fields.Datetime.to_string(self.soon),
                "date_to": fields.Datetime.to_string(self.soon + timedelta(hours=2)),
                "cover_type": "voicemail",
                "kind": "meeting",
            },
        )
        self.assertTrue(created.ok, created)
        coverage = self.env["phone.coverage"].browse(created.value)
        result = self.rpc(
            "pp_sales",
            "phone.coverage",
            "write",
            [coverage.id],
            {
                "employee_id": self.emp_sales2.id,
                "cover_type": "colleague",
                "cover_employee_id": self.emp_sales.id,
            },
        )
        self.assertRefused(result)
        coverage = self._sudo(coverage)
        self.assertEqual(coverage.employee_id, self.emp_sales)
        self.assertFalse(coverage.cover_employee_id)
        away = self.env["phone.coverage"]._current_coverages(
            self.emp_sales2, self.soon + timedelta(hours=1)
        )
        self.assertFalse(away, "the colleague shows as away, covered by the author")

    @mute_logger("odoo.http")
    def test_class8_call_cannot_be_moved_onto_a_colleague(self):
        call = self._call(self.user_sales, subject="Mine")
        result = self.rpc(
            "pp_sales",
            "phone.call",
            "write",
            [call.id],
            {"employee_id": self.emp_sales2.id},
        )
        self.assertRefused(result)
        self.assertEqual(self._sudo(call).employee_id, self.emp_sales)

    @mute_logger("odoo.http")
    def test_class8_message_cannot_be_moved_onto_a_call_one_may_not_read(self):
        """A message's recipient reads the call it was taken on: moving one's
        message onto a confidential call of someone else opens that call."""
        secret = self._call(
            self.user_sales, subject="Salary talk", confidentiality="confidential"
        )
        message = (
            self.env["phone.message"]
            .with_user(self.user_support)
            .create(
                {
                    "company_id": self.company.id,
                    "recipient_employee_id": self.emp_dept_manager.id,
                    "caller_name": "Ms Liu",
                    "body": "Call back.",
                }
            )
        )
        result = self.rpc(
            "pp_support",
            "phone.message",
            "write",
            [message.id],
            {"call_id": secret.id},
        )
        self.assertRefused(result)
        self.assertFalse(self._sudo(message).call_id)
        read = self.rpc("pp_mgr", "phone.call", "read", [secret.id], ["subject"])
        self.assertRefused(read)
