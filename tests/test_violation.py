# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PhoneAssessmentCase, load_zh_tw


@tagged("post_install", "-at_install")
class TestPenaltyLadder(PhoneAssessmentCase):
    """Policy §6.2.2: repeat offences escalate. With the company's setting
    "escalate at offence no. 3 within 365 days", the third confirmed
    violation of one category proposes the next penalty on the ladder."""

    def test_third_offence_in_a_category_escalates(self):
        first = self._violation(date=date(2026, 3, 1), confirm=True)
        second = self._violation(
            violation_type=self.type_callback, date=date(2026, 6, 1), confirm=True
        )
        self.assertEqual(first.penalty, "verbal_warning")
        self.assertEqual(second.penalty, "verbal_warning")
        self.assertFalse(second.escalation_note)
        third = self._violation(date=date(2026, 9, 1))
        self.assertEqual(third.proposed_penalty, "written_warning")
        self.assertEqual(third.penalty, "written_warning")
        self.assertIn("no. 3", third.escalation_note)
        third.with_user(self.user_manager).action_confirm()
        self.assertEqual(third.penalty, "written_warning")
        # the fourth moves one step further: appraisal point deduction
        fourth = self._violation(
            violation_type=self.type_etiquette, date=date(2026, 10, 1)
        )
        self.assertEqual(fourth.penalty, "point_deduction")
        # another category starts from its own default
        usage = self._violation(
            violation_type=self.type_personal, date=date(2026, 10, 2)
        )
        self.assertEqual(usage.penalty, "verbal_warning")
        self.assertFalse(usage.escalation_note)

    def test_window_and_cancelled_offences_do_not_count(self):
        self._violation(date=date(2025, 6, 1), confirm=True)  # outside 365 days
        cancelled = self._violation(date=date(2026, 5, 1), confirm=True)
        cancelled.with_user(self.user_manager)._phone_cancel("Wrong employee")
        self._violation(date=date(2026, 6, 1), confirm=True)
        self._violation(date=date(2026, 7, 1))  # a draft does not count either
        new = self._violation(date=date(2026, 9, 1))
        self.assertEqual(new.penalty, "verbal_warning")

    def test_batch_confirmation_counts_each_one(self):
        drafts = (
            self._violation(date=date(2026, 1, 5))
            | self._violation(date=date(2026, 2, 5))
            | self._violation(date=date(2026, 3, 5))
        )
        self.assertEqual(set(drafts.mapped("penalty")), {"verbal_warning"})
        drafts.with_user(self.user_manager).action_confirm()
        self.assertEqual(
            drafts.sorted("date").mapped("penalty"),
            ["verbal_warning", "verbal_warning", "written_warning"],
        )

    def test_hr_may_choose_the_penalty(self):
        self._violation(date=date(2026, 1, 5), confirm=True)
        self._violation(date=date(2026, 2, 5), confirm=True)
        third = self._violation(date=date(2026, 3, 5))
        with Form(third.with_user(self.user_manager)) as form:
            self.assertEqual(form.penalty, "written_warning")
            form.penalty = "fine"
            form.fine_amount = 1500
        third.with_user(self.user_manager).action_confirm()
        self.assertEqual(third.penalty, "fine")
        self.assertIn("1,500", third._phone_penalty_label())

    def test_fine_needs_an_amount(self):
        violation = self._violation()
        violation.penalty = "fine"
        with self.assertRaisesRegex(UserError, "needs an amount"):
            violation.with_user(self.user_manager).action_confirm()

    def test_ladder_tops_out_at_termination(self):
        harassment = self.env.ref("phone_policy.violation_type_harassment_fraud")
        for month in (1, 2):
            self._violation(
                violation_type=harassment, date=date(2026, month, 1), confirm=True
            )
        third = self._violation(violation_type=harassment, date=date(2026, 3, 1))
        self.assertEqual(third.penalty, "termination")


@tagged("post_install", "-at_install")
class TestViolationWorkflow(PhoneAssessmentCase):
    """Confirmed violations cannot be edited, only cancelled with a reason;
    the employee acknowledges or appeals; HR decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls._call(cls.user_sales)
        cls.violation = cls._violation(
            call_ids=[Command.set(cls.call.ids)],
            evidence="Rang 30 seconds",
            confirm=True,
        )

    def test_confirmation(self):
        self.assertEqual(self.violation.state, "confirmed")
        self.assertEqual(self.violation.confirmed_by_id, self.user_manager)
        self.assertTrue(self.violation.name.startswith("VIO/"))
        activity = self.violation.activity_ids
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("phone_policy.mail_activity_type_violation_acknowledge"),
        )
        draft = self._violation()
        for user in (self.user_sales, self.user_officer):
            with self.assertRaisesRegex(AccessError, "managers"):
                draft.with_user(user).action_confirm()

    def test_confirmed_violation_is_immutable(self):
        violation = self.violation.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            violation.write({"points": 0})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            violation.write({"penalty": "written_warning"})
        with self.assertRaisesRegex(UserError, "buttons"):
            violation.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "Only draft"):
            violation.unlink()
        with self.assertRaisesRegex(UserError, "as a draft"):
            self._violation(state="confirmed")
        self.assertEqual(self.violation.points, 1)
        self.assertEqual(self.violation.penalty, "verbal_warning")
        # chatter still works on it
        violation.message_post(body="Discussed with the employee.")

    def test_cancel_with_tracked_reason(self):
        violation = self.violation.with_user(self.user_manager).with_context(
            tracking_disable=False
        )
        wizard = (
            self.env["phone.violation.decision.wizard"]
            .with_user(self.user_manager)
            .create({"violation_id": violation.id, "mode": "cancel", "reason": ""})
        )
        with (
            self.assertRaisesRegex(UserError, "with a reason"),
            self.env.cr.savepoint(),
        ):
            violation._phone_cancel("  ")
        wizard.reason = "The call was the receptionist's."
        wizard.with_context(tracking_disable=False).action_confirm()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self.violation.state, "cancelled")
        self.assertEqual(
            self.violation.cancel_reason, "The call was the receptionist's."
        )
        tracked = self.violation.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "cancel_reason"
        )
        self.assertEqual(tracked.new_value_text, "The call was the receptionist's.")
        self.assertFalse(self.violation.activity_ids)
        # a plain employee cannot cancel their own violation
        other = self._violation(confirm=True)
        with self.assertRaises(AccessError):
            other.with_user(self.user_sales)._phone_cancel("I disagree")

    def test_employee_acknowledges(self):
        with (
            self.assertRaisesRegex(AccessError, "Only pp_sales"),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.violation.with_user(self.user_dept_manager).action_acknowledge()
        self.violation.with_user(self.user_sales).action_acknowledge()
        self.assertEqual(self.violation.state, "acknowledged")
        self.assertTrue(self.violation.acknowledged_date)
        self.assertFalse(self.violation.activity_ids)
        with self.assertRaisesRegex(UserError, "Only a confirmed"):
            self.violation.with_user(self.user_sales).action_acknowledge()
        self.violation.with_user(self.user_manager).action_close()
        self.assertEqual(self.violation.state, "closed")

    def test_employee_appeals_and_hr_decides(self):
        action = self.violation.with_user(self.user_sales).action_appeal()
        self.assertEqual(action["res_model"], "phone.violation.appeal.wizard")
        wizard = (
            self.env["phone.violation.appeal.wizard"]
            .with_user(self.user_sales)
            .with_context(**action["context"])
            .create({"statement": "The line was forwarded to me while ringing."})
        )
        wizard.action_confirm()
        self.assertEqual(self.violation.state, "appealed")
        self.assertEqual(
            self.violation.appeal_statement,
            "The line was forwarded to me while ringing.",
        )
        activity = self.violation.activity_ids
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("phone_policy.mail_activity_type_violation_appeal"),
        )
        # the employee cannot decide, nor edit their statement afterwards
        with self.assertRaises(AccessError):
            self.violation.with_user(self.user_sales).action_close()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.violation.with_user(self.user_sales).write({"appeal_statement": "x"})
        # HR upholds it with a decision
        action = self.violation.with_user(self.user_manager).action_close()
        self.assertEqual(action["res_model"], "phone.violation.decision.wizard")
        decision = (
            self.env["phone.violation.decision.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create(
                {"reason": "The ring log shows 30 seconds on the employee's extension."}
            )
        )
        decision.action_confirm()
        self.assertEqual(self.violation.state, "closed")
        self.assertIn("ring log", self.violation.decision_note)
        self.assertFalse(self.violation.activity_ids)

    def test_employee_sees_own_decided_violations_only(self):
        draft = self._violation()
        Violation = self.env["phone.violation"]
        mine = Violation.with_user(self.user_sales).search([])
        self.assertIn(self.violation, mine)
        self.assertNotIn(draft, mine, "drafts are HR's until confirmed")
        self.assertFalse(Violation.with_user(self.user_sales2).search([]))
        # the department manager sees the team's, the support colleague nothing
        self.assertIn(
            self.violation, Violation.with_user(self.user_dept_manager).search([])
        )
        self.assertFalse(Violation.with_user(self.user_support).search([]))

    def test_create_draft_api(self):
        """The entry point other parts of the addon use."""
        violation = self.env["phone.violation"]._create_draft(
            self.emp_support,
            "phone_policy.violation_type_missed_callback",
            source="finding",
            calls=self.call,
            evidence="No call-back within the promised day.",
        )
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.type_id, self.type_callback)
        self.assertEqual(violation.company_id, self.company)
        self.assertEqual(violation.department_id, self.dept_support)
        self.assertEqual(violation.source, "finding")
        self.assertEqual(violation.call_ids, self.call)
        self.assertEqual(violation.points, self.type_callback.default_points)


@tagged("post_install", "-at_install")
class TestWrittenInTheReadersLanguage(PhoneAssessmentCase):
    """What the system writes for someone is in their language (issue 16):
    an HR Manager working in English confirms a violation; the employee,
    who works in Chinese, finds a to-do in Chinese."""

    def test_acknowledge_activity_in_the_employees_language(self):
        load_zh_tw(self.env)
        violation = self._violation(date=date(2026, 9, 1))
        violation.user_id.lang = "zh_TW"
        self.user_manager.lang = "en_US"
        violation.with_user(self.user_manager).with_context(
            lang="en_US"
        ).action_confirm()
        activity = violation.activity_ids.filtered(
            lambda a: a.user_id == violation.user_id
        )
        self.assertEqual(activity.summary, f"確認收悉或申訴 {violation.name}")
