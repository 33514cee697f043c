# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Findings are reviewed before they become violations (README, "Automatic
findings"): the seeded rules put their findings in the Officers' review
queue; an Officer dismisses them with a reason or converts them, in
batches, over JSON-RPC; the same call never yields two drafts; a rule that
opted in drafts at once."""

from datetime import datetime

from odoo.tests import tagged

from .security.common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestFindingReview(PhonePolicyRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # answered after 30 s and 20 minutes long: two rules find it
        cls.both = cls._call(
            cls.user_sales,
            direction="inbound",
            ring_seconds=30,
            duration=1200,
            date_start=datetime(2026, 11, 3, 2, 0),
        )
        cls.long = cls._call(
            cls.user_sales, duration=1800, date_start=datetime(2026, 11, 3, 3, 0)
        )
        cls._evaluate()

    @classmethod
    def _evaluate(cls):
        cls.env["phone.finding.rule"]._cron_evaluate(
            commit=False, now=datetime(2026, 11, 9, 4, 0)
        )

    def _findings(self, call):
        return self.env["phone.finding"].search([("call_id", "=", call.id)])

    def test_seeded_rules_fill_the_review_queue(self):
        both = self._findings(self.both)
        self.assertEqual(set(both.mapped("kind")), {"late_answer", "long_call"})
        self.assertEqual(set(both.mapped("state")), {"new"})
        self.assertFalse(both.violation_id)
        # HR's violation queue holds no unreviewed draft
        drafts = self.rpc(
            "pp_manager",
            "phone.violation",
            "search",
            [("call_ids", "in", [self.both.id, self.long.id])],
        )
        self.assertEqual(drafts.value, [])
        # the Officers' queue ("To review") lists them
        queue = self.rpc(
            "pp_officer",
            "phone.finding",
            "search",
            [("state", "=", "new"), ("call_id", "in", [self.both.id, self.long.id])],
        )
        self.assertEqual(
            sorted(queue.value), sorted((both | self._findings(self.long)).ids)
        )

    def test_dismiss_with_reason_convert_in_batch(self):
        long_finding = self._findings(self.long)
        # dismissing needs a reason
        refused = self.rpc(
            "pp_officer", "phone.finding", "action_dismiss", long_finding.ids
        )
        self.assertRefused(refused, "UserError")
        self.assertIn("Say why", refused.message)
        self.assertEqual(long_finding.state, "new")
        done = self.rpc(
            "pp_officer",
            "phone.finding",
            "action_dismiss",
            long_finding.ids,
            reason="Conference call with the customer, agreed in advance.",
        )
        self.assertTrue(done.ok, done)
        self.assertEqual(long_finding.state, "dismissed")
        self.assertEqual(long_finding.reviewed_by_id, self.user_officer)
        self.assertIn("Conference call", long_finding.review_note)
        # the call's two findings converted at once: one draft, not two
        both = self._findings(self.both)
        converted = self.rpc("pp_officer", "phone.finding", "action_convert", both.ids)
        self.assertTrue(converted.ok, converted)
        self.assertEqual(set(both.mapped("state")), {"converted"})
        draft = both.violation_id
        self.assertEqual(len(draft), 1)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.call_ids, self.both)
        self.assertEqual(
            self.env["phone.violation"].search_count(
                [("call_ids", "in", self.both.ids)]
            ),
            1,
        )
        # dismissing one of them keeps the draft the other still holds
        late = both.filtered(lambda f: f.kind == "late_answer")
        self.rpc(
            "pp_officer",
            "phone.finding",
            "action_dismiss",
            late.ids,
            reason="PBX fault",
        )
        self.assertTrue(draft.exists())
        self.rpc(
            "pp_officer",
            "phone.finding",
            "action_dismiss",
            (both - late).ids,
            reason="Agreed",
        )
        self.assertFalse(draft.exists())

    def test_employees_do_not_review(self):
        finding = self._findings(self.long)
        for method, kwargs in (
            ("action_dismiss", {"reason": "mine"}),
            ("action_convert", {}),
        ):
            result = self.rpc(
                "pp_sales", "phone.finding", method, finding.ids, **kwargs
            )
            self.assertRefused(result)
        self.assertEqual(finding.state, "new")

    def test_opt_in_rule_drafts_at_once(self):
        rule = self.env.ref("phone_policy.phone_finding_rule_long_call")
        done = self.rpc(
            "pp_manager", "phone.finding.rule", "write", rule.ids, {"auto_draft": True}
        )
        self.assertTrue(done.ok, done)
        call = self._call(
            self.user_sales, duration=2400, date_start=datetime(2026, 11, 4, 2, 0)
        )
        self._evaluate()
        finding = self._findings(call).filtered(lambda f: f.kind == "long_call")
        self.assertEqual(finding.state, "converted")
        self.assertEqual(finding.violation_id.state, "draft")
        self.assertEqual(finding.violation_id.source, "finding")
