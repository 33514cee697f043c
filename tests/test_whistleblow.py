# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PhoneAssessmentCase


@tagged("post_install", "-at_install")
class TestWhistleBlowing(PhoneAssessmentCase):
    """Policy §6.1.2: an internal channel for reporting violations. An
    anonymous reporter is known to nobody but a Manager who asks (logged),
    and never to the reported employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_reporter, cls.emp_reporter = cls._make_employee_user(
            "pp_wendy", cls.dept_sales
        )
        cls.user_reporter.partner_id.name = "Wendy Whistle"
        cls.emp_reporter.name = "Wendy Whistle"
        cls.secrets = (
            "Wendy",
            "pp_wendy",
            cls.user_reporter.email,
        )
        cls.reporter_ids = {
            cls.user_reporter.id,
            cls.user_reporter.partner_id.id,
            cls.emp_reporter.id,
        }
        # the reported call: the reporter was on it with the accused
        cls.call = cls._call(
            cls.user_sales,
            direction="internal",
            partner_id=False,
            counterpart_employee_id=cls.emp_reporter.id,
            subject="Personal errand",
            nature="personal",
        )
        cls.submission = (
            cls.env["phone.whistleblow.filing"]
            .with_user(cls.user_reporter)
            .with_company(cls.company)
            .create(
                {
                    "company_id": cls.company.id,
                    "accused_employee_id": cls.emp_sales.id,
                    "description": "Runs private errands on the sales line daily.",
                    "call_ids": [Command.set(cls.call.ids)],
                    "is_anonymous": True,
                    "evidence_file": base64.b64encode(b"ring log"),
                    "evidence_filename": "ring-log.txt",
                }
            )
        )
        cls.report = cls.submission.sudo().case_id
        cls.report.with_user(cls.user_manager).investigator_id = cls.user_officer

    def assertNoIdentity(self, data, what):
        text = str(data)
        for secret in self.secrets:
            self.assertNotIn(secret, text, f"{what} shows the reporter")

    def _all_fields(self, model):
        return [
            name
            for name, field in self.env[model]._fields.items()
            if field.type not in ("binary",)
        ]

    def _assert_report_hides_reporter(self, user):
        user.groups_id += self.env.ref("base.group_allow_export")
        report = self.report.with_user(user)
        self.env.invalidate_all()
        values = report.read(self._all_fields("phone.whistleblow.case"))[0]
        self.assertNoIdentity(values, "read")
        self.assertFalse(values["reporter_id"])
        self.assertEqual(values["create_uid"][0], SUPERUSER_ID)
        self.assertNotEqual(values["write_uid"][0], self.user_reporter.id)
        self.assertNotIn(
            self.user_reporter.partner_id.id, values["message_partner_ids"]
        )
        found = report.search_read(
            [("id", "=", report.id)], self._all_fields("phone.whistleblow.case")
        )
        self.assertEqual(len(found), 1)
        self.assertNoIdentity(found, "search_read")
        exported = report.export_data(
            [
                "name",
                "reporter_id/name",
                "create_uid/name",
                "create_uid/login",
                "write_uid/name",
                "message_ids/author_id/name",
                "message_ids/body",
                "message_follower_ids/partner_id/name",
                "call_ids/name",
                "evidence_filename",
            ]
        )
        self.assertNoIdentity(exported, "export")
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search_read(
                [("model", "=", "phone.whistleblow.case"), ("res_id", "=", report.id)],
                [
                    "author_id",
                    "body",
                    "email_from",
                    "subject",
                    "partner_ids",
                    "create_uid",
                ],
            )
        )
        self.assertTrue(messages)
        self.assertNoIdentity(messages, "messages")
        self.assertFalse(
            {m["author_id"] and m["author_id"][0] for m in messages} & self.reporter_ids
        )
        # the evidence file does not name its uploader either
        attachments = (
            self.env["ir.attachment"]
            .with_user(user)
            .search_read(
                [
                    ("res_model", "=", "phone.whistleblow.case"),
                    ("res_id", "=", report.id),
                    ("res_field", "=", "evidence_file"),
                ],
                ["create_uid", "name"],
            )
        )
        self.assertEqual(len(attachments), 1)
        self.assertEqual(attachments[0]["create_uid"][0], SUPERUSER_ID)
        # the reporter's own filing stays out of reach
        Submission = self.env["phone.whistleblow.filing"].with_user(user)
        self.assertFalse(Submission.search([]))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.submission.with_user(user).read(["user_id"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(user)
            .search(
                [
                    ("res_model", "=", "phone.whistleblow.filing"),
                    ("res_field", "=", "evidence_file"),
                ]
            )
        )

    def test_investigator_cannot_see_anonymous_reporter(self):
        self._assert_report_hides_reporter(self.user_officer)

    def test_manager_cannot_see_it_without_the_logged_action(self):
        self._assert_report_hides_reporter(self.user_manager)

    def test_accused_never_reaches_the_report(self):
        accused = self.user_sales
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.report.with_user(accused).read(["description"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.env["phone.whistleblow.case"].with_user(accused).search([])
        self.assertFalse(
            self.env["phone.whistleblow.filing"].with_user(accused).search([])
        )
        # not even when the accused is a Manager
        self.user_sales.groups_id += self.env.ref("phone_policy.group_phone_manager")
        self.env.invalidate_all()
        self.assertFalse(
            self.env["phone.whistleblow.case"].with_user(accused).search([])
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.report.with_user(accused).action_reveal_reporter()
        # after the report is substantiated, the violation they see is silent too
        self.report.with_user(self.user_manager).action_start_investigation()
        self.report.with_user(self.user_manager).write(
            {"violation_type_id": self.type_personal.id}
        )
        self.report.with_user(self.user_manager).action_substantiate()
        violation = self.report.violation_id
        violation.with_user(self.user_manager).action_confirm()
        self.user_sales.groups_id -= self.env.ref("phone_policy.group_phone_manager")
        self.user_sales.groups_id -= self.env.ref("phone_policy.group_phone_officer")
        self.env.invalidate_all()
        self.user_sales.groups_id += self.env.ref("base.group_allow_export")
        mine = violation.with_user(accused)
        values = mine.read(self._all_fields("phone.violation"))[0]
        self.assertNoIdentity(values, "the accused's violation")
        self.assertEqual(values["whistleblow_case_id"][1], self.report.name)
        self.assertNoIdentity(
            mine.export_data(
                [
                    "name",
                    "type_id/name",
                    "evidence",
                    "message_ids/body",
                    "message_ids/author_id/name",
                    "create_uid/name",
                    "call_ids/name",
                ]
            ),
            "the accused's export",
        )
        messages = (
            self.env["mail.message"]
            .with_user(accused)
            .search_read(
                [("model", "=", "phone.violation"), ("res_id", "=", violation.id)],
                ["author_id", "body"],
            )
        )
        self.assertNoIdentity(messages, "the accused's messages")
        # nor does their view of commendations show who was rewarded
        self.assertFalse(self.env["phone.commendation"].with_user(accused).search([]))

    def test_reveal_is_manager_only_and_logged(self):
        with self.assertRaisesRegex(AccessError, "managers"):
            self.report.with_user(self.user_officer).action_reveal_reporter()
        action = self.report.with_user(self.user_manager).action_reveal_reporter()
        self.assertEqual(action["params"]["message"], "Wendy Whistle")
        log = self.report.message_ids.filtered(lambda m: "revealed" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn(self.user_manager.name, log.body)
        self.assertNotIn("Wendy", log.body)
        self.assertEqual(log.author_id, self.user_manager.partner_id)

    def test_substantiated_report_rewards_the_anonymous_reporter(self):
        self.report.with_user(self.user_officer).action_start_investigation()
        self.assertEqual(self.report.state, "investigating")
        self.report.with_user(
            self.user_officer
        ).investigation_note = "<p>Ring logs confirm the calls.</p>"
        with self.assertRaisesRegex(AccessError, "managers decide"):
            self.report.with_user(self.user_officer).action_substantiate()
        self.report.with_user(self.user_manager).violation_type_id = self.type_personal
        self.report.with_user(self.user_manager).action_substantiate()
        self.assertEqual(self.report.state, "substantiated")
        violation = self.report.violation_id
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.employee_id, self.emp_sales)
        self.assertEqual(violation.source, "report")
        self.assertEqual(violation.call_ids, self.call)
        self.assertEqual(violation.type_id, self.type_personal)
        # the reward: confirmed, 5 points, the reporter's alone
        reward = self.env["phone.commendation"].search(
            [("employee_id", "=", self.emp_reporter.id)]
        )
        self.assertEqual(len(reward), 1)
        self.assertEqual(reward.points, 5)
        self.assertEqual(reward.state, "confirmed")
        self.assertEqual(reward.source, "report")
        self.assertTrue(reward.is_confidential)
        self.assertFalse(
            reward.whistleblow_case_id, "an anonymous reward names no report"
        )
        self.assertEqual(reward.create_uid.id, SUPERUSER_ID)
        self.assertTrue(self.report.reward_granted)
        Commendation = self.env["phone.commendation"]
        self.assertEqual(Commendation.with_user(self.user_reporter).search([]), reward)
        for user in (self.user_manager, self.user_officer, self.user_dept_manager):
            self.assertFalse(
                Commendation.with_user(user).search([("id", "=", reward.id)])
            )
        # the reporter follows the outcome, never the investigation
        self.env.invalidate_all()
        mine = self.submission.with_user(self.user_reporter)
        self.assertEqual(mine.state, "substantiated")
        self.assertEqual(mine.reward_points, 5)
        self.assertEqual(mine.name, self.report.name)
        self.assertNotIn("investigation_note", mine.fields_get())
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.report.with_user(self.user_reporter).read(["investigation_note"])
        self.assertNoIdentity(
            violation.with_user(self.user_manager).read(
                self._all_fields("phone.violation")
            ),
            "the violation",
        )

    def test_named_report_reward_links_the_report(self):
        submission = (
            self.env["phone.whistleblow.filing"]
            .with_user(self.user_reporter)
            .create(
                {
                    "company_id": self.company.id,
                    "accused_employee_id": self.emp_support.id,
                    "description": "Rude closing on customer calls.",
                }
            )
        )
        report = submission.sudo().case_id.with_user(self.user_manager)
        self.assertEqual(report.reporter_id, self.emp_reporter)
        self.assertFalse(report.is_anonymous)
        report.action_start_investigation()
        report.violation_type_id = self.type_etiquette
        report.reward_amount = 300
        report.action_substantiate()
        reward = self.env["phone.commendation"].search(
            [("whistleblow_case_id", "=", report.id)]
        )
        self.assertEqual(reward.employee_id, self.emp_reporter)
        self.assertEqual(reward.amount, 300)
        self.assertFalse(reward.is_confidential)
        self.assertIn(report.name, reward.reason)

    def test_unsubstantiated_report(self):
        report = self.report.with_user(self.user_manager)
        report.action_start_investigation()
        report.action_unsubstantiate()
        self.assertEqual(report.state, "unsubstantiated")
        self.assertFalse(report.violation_id)
        self.assertFalse(
            self.env["phone.commendation"].search(
                [("employee_id", "=", self.emp_reporter.id)]
            )
        )
        self.assertEqual(
            self.submission.with_user(self.user_reporter).state, "unsubstantiated"
        )

    def test_reporter_files_for_themselves_only(self):
        values = {
            "company_id": self.company.id,
            "accused_employee_id": self.emp_sales2.id,
            "description": "Something else.",
        }
        Submission = self.env["phone.whistleblow.filing"].with_user(self.user_support)
        for forged in (
            {"case_id": self.report.id},
            {"user_id": self.user_reporter.id},
        ):
            with self.subTest(forged=forged), self.assertRaises(AccessError):
                Submission.create(dict(values, **forged))
        other = Submission.create(values)
        self.assertEqual(other.user_id, self.user_support)
        self.assertNotEqual(other.case_id, self.report)
        # evidence calls must be calls the reporter may read
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.env["phone.whistleblow.filing"].with_user(self.user_support).create(
                {
                    "company_id": self.company.id,
                    "accused_employee_id": self.emp_sales.id,
                    "description": "Look at this call.",
                    "call_ids": [Command.set(self._call(self.user_sales2).ids)],
                }
            )

    def test_investigator_is_neither_accused_nor_reporter(self):
        officer = new_test_user(
            self.env,
            "pp_officer2",
            groups="base.group_user,phone_policy.group_phone_officer",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaisesRegex(ValidationError, "reported employee"):
            self.report.investigator_id = self.user_sales
        # naming the reporter answers as for anyone (SECURITY.md, class 5);
        # the reporter named does not reach the report they filed
        self.user_reporter.groups_id += self.env.ref("phone_policy.group_phone_officer")
        self.report.investigator_id = self.user_reporter
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.report.with_user(self.user_reporter).read(["description"])
        # an officer not assigned does not reach the report
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.report.with_user(officer).read(["description"])
