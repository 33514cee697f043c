# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 9: nobody decides, dismisses, unfreezes, confirms, cancels,
approves or investigates a case about themselves; another Officer or a
Manager does (SECURITY.md)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestOwnCase(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_officer = cls._account(cls.emp_officer, "2001")
        # a Manager freezes the Officer's account over an incident about them
        cls.incident = (
            cls.env["phone.security.incident"]
            .with_user(cls.user_manager)
            .create(
                {
                    "kind": "account_anomaly",
                    "account_id": cls.acc_officer.id,
                    "description": "Calls to premium numbers at night.",
                    "company_id": cls.company.id,
                }
            )
        )
        cls.incident.with_user(cls.user_manager).action_freeze_account()

    def assertAllRefused(self, login, attempts):
        """``attempts``: {label: (model, method, args...)}; each is refused."""
        for label, (model, method, *args) in attempts.items():
            with self.subTest(login=login, attempt=label):
                self.assertRefused(self.rpc(login, model, method, *args))

    def test_officer_cannot_unfreeze_own_account(self):
        """Class 9 example: the Officer issues a new password to their own
        frozen account."""
        self.assertEqual(self.acc_officer.state, "frozen")
        wizard = self.rpc(
            "pp_officer",
            "phone.account.issue.wizard",
            "create",
            {"account_id": self.acc_officer.id, "reason": "lost it"},
        )
        if wizard.ok:
            issued = self.rpc(
                "pp_officer",
                "phone.account.issue.wizard",
                "action_issue",
                [wizard.value],
            )
            self.assertRefused(issued)
        self.assertEqual(self.acc_officer.state, "frozen")
        # another Officer does, and so unfreezes it
        wizard = self.rpc(
            "pp_officer2",
            "phone.account.issue.wizard",
            "create",
            {"account_id": self.acc_officer.id, "reason": "incident closed"},
        )
        issued = self.rpc(
            "pp_officer2", "phone.account.issue.wizard", "action_issue", [wizard.value]
        )
        self.assertTrue(issued.ok, issued)
        self.assertEqual(self.acc_officer.state, "active")

    def test_own_account_buttons(self):
        account = [self.acc_officer.id]
        self.assertAllRefused(
            "pp_officer",
            {
                "open issue": ("phone.account", "action_open_issue_wizard", account),
                "open freeze": ("phone.account", "action_open_freeze_wizard", account),
                "close": ("phone.account", "action_close_account", account),
            },
        )
        freeze = self.rpc(
            "pp_officer",
            "phone.account.freeze.wizard",
            "create",
            {
                "account_id": self.acc_officer.id,
                "mode": "freeze",
                "reason": "x",
            },
        )
        if freeze.ok:
            self.assertRefused(
                self.rpc(
                    "pp_officer",
                    "phone.account.freeze.wizard",
                    "action_confirm",
                    [freeze.value],
                )
            )
        self.assertEqual(self.acc_officer.state, "frozen")

    def test_incident_about_oneself(self):
        """The Officer concerned neither reads nor handles the incident; a
        Manager concerned by one neither."""
        incident = [self.incident.id]
        attempts = {
            name: ("phone.security.incident", name, incident)
            for name in (
                "action_investigate",
                "action_resolve",
                "action_dismiss",
                "action_reopen",
                "action_freeze_account",
                "action_reset_password",
                "action_escalate",
            )
        }
        attempts["read"] = (
            "phone.security.incident",
            "read",
            incident,
            ["reporter_id"],
        )
        attempts["write"] = (
            "phone.security.incident",
            "write",
            incident,
            {"state": "dismissed"},
        )
        self.assertAllRefused("pp_officer", attempts)
        self.assertEqual(self.incident.state, "new")
        # a Manager concerned by an incident is in the same place
        about_manager = self.env["phone.security.incident"].create(
            {
                "kind": "harassment",
                "employee_ids": [Command.set(self.emp_manager.ids)],
                "description": "Shouted at a caller.",
                "company_id": self.company.id,
            }
        )
        self.assertAllRefused(
            "pp_manager",
            {
                "dismiss": (
                    "phone.security.incident",
                    "action_dismiss",
                    about_manager.ids,
                ),
                "read": (
                    "phone.security.incident",
                    "read",
                    about_manager.ids,
                    ["reporter_id"],
                ),
            },
        )
        # the other Officer handles it
        done = self.rpc(
            "pp_officer2", "phone.security.incident", "action_investigate", incident
        )
        self.assertTrue(done.ok, done)

    def test_officer_who_reports_own_leak_does_not_handle_it(self):
        """An Officer reports a leak on their own (active) account: they
        follow their report but do not dismiss it or unfreeze the account."""
        account = self._account(self.emp_officer2, "2002")
        opened = self.rpc(
            "pp_officer2", "phone.account", "action_open_report_wizard", account.ids
        )
        self.assertTrue(opened.ok, opened)
        wizard = self.rpc(
            "pp_officer2",
            "phone.account.freeze.wizard",
            "create",
            {"account_id": account.id, "mode": "report", "reason": "Wrote it down."},
        )
        reported = self.rpc(
            "pp_officer2",
            "phone.account.freeze.wizard",
            "action_confirm",
            [wizard.value],
        )
        self.assertTrue(reported.ok, reported)
        self.assertEqual(account.state, "frozen")
        incident = self.env["phone.security.incident"].search(
            [("account_id", "=", account.id)]
        )
        read = self.rpc(
            "pp_officer2", "phone.security.incident", "read", incident.ids, ["state"]
        )
        self.assertTrue(read.ok, "the reporter follows their report")
        self.assertAllRefused(
            "pp_officer2",
            {
                "dismiss": ("phone.security.incident", "action_dismiss", incident.ids),
                "resolve": ("phone.security.incident", "action_resolve", incident.ids),
                "write": (
                    "phone.security.incident",
                    "write",
                    incident.ids,
                    {"state": "dismissed"},
                ),
                "unfreeze": ("phone.account", "action_open_issue_wizard", account.ids),
            },
        )
        self.assertEqual(incident.state, "new")

    def test_violation_about_oneself(self):
        draft = self._violation(self.emp_officer, confirm=False)
        self.assertAllRefused(
            "pp_officer",
            {
                "write": ("phone.violation", "write", draft.ids, {"points": 0}),
                "cancel": ("phone.violation", "action_cancel", draft.ids),
                "draft own": (
                    "phone.violation",
                    "create",
                    {
                        "company_id": self.company.id,
                        "employee_id": self.emp_officer.id,
                        "type_id": self.type_late.id,
                        "source": "inspection",
                    },
                ),
            },
        )
        about_manager = self._violation(self.emp_manager, confirm=False)
        self.assertAllRefused(
            "pp_manager",
            {
                "confirm": ("phone.violation", "action_confirm", about_manager.ids),
                "write": (
                    "phone.violation",
                    "write",
                    about_manager.ids,
                    {"penalty": "verbal_warning"},
                ),
            },
        )
        self.assertEqual(about_manager.state, "draft")
        # another Manager confirms it; the Manager concerned then neither
        # closes nor cancels it, but acknowledges it as any employee
        done = self.rpc(
            "pp_manager2", "phone.violation", "action_confirm", about_manager.ids
        )
        self.assertTrue(done.ok, done)
        self.assertAllRefused(
            "pp_manager",
            {
                "close": ("phone.violation", "action_close", about_manager.ids),
                "cancel": ("phone.violation", "action_cancel", about_manager.ids),
            },
        )
        acknowledged = self.rpc(
            "pp_manager", "phone.violation", "action_acknowledge", about_manager.ids
        )
        self.assertTrue(acknowledged.ok, acknowledged)

    def test_commendation_for_oneself(self):
        self.assertAllRefused(
            "pp_officer",
            {
                "create": (
                    "phone.commendation",
                    "create",
                    {
                        "company_id": self.company.id,
                        "employee_id": self.emp_officer.id,
                        "reason": "Great calls",
                        "points": 50,
                        "source": "inspection",
                    },
                ),
            },
        )
        mine = self._commendation(self.emp_manager)
        self.assertAllRefused(
            "pp_manager",
            {
                "confirm": ("phone.commendation", "action_confirm", mine.ids),
                "write": ("phone.commendation", "write", mine.ids, {"points": 50}),
                "cancel": ("phone.commendation", "action_cancel", mine.ids),
            },
        )
        self.assertEqual(mine.state, "draft")
        done = self.rpc("pp_manager2", "phone.commendation", "action_confirm", mine.ids)
        self.assertTrue(done.ok, done)

    def test_finding_and_inspection_of_ones_own_call(self):
        call = self._today_call(self.user_officer)
        finding = self._finding(call, self.emp_officer)
        self.assertAllRefused(
            "pp_officer",
            {
                name: ("phone.finding", name, finding.ids)
                for name in ("action_dismiss", "action_convert")
            },
        )
        self.assertEqual(finding.state, "new")
        inspection = self._inspection_of(self.emp_officer, call)
        line = inspection.line_ids
        self.assertEqual(line.call_id, call)
        self.assertAllRefused(
            "pp_officer",
            {
                "score": (
                    "phone.inspection.check",
                    "write",
                    line.check_ids[:1].ids,
                    {"result": "pass"},
                ),
                "note": ("phone.inspection.line", "write", line.ids, {"note": "Fine"}),
                "commend": (
                    "phone.inspection.line",
                    "action_create_commendation",
                    line.ids,
                ),
            },
        )
        scored = self.rpc(
            "pp_officer2",
            "phone.inspection.check",
            "write",
            line.check_ids[:1].ids,
            {"result": "pass"},
        )
        self.assertTrue(scored.ok, scored)

    def test_access_request_of_oneself(self):
        request = (
            self.env["phone.archive.access.request"]
            .with_user(self.user_manager)
            .create(
                {
                    "company_id": self.company.id,
                    "call_references": "CALL/2026/000001",
                    "purpose": "My own old calls.",
                    "date_to": fields.Datetime.now() + timedelta(days=3),
                }
            )
        )
        request.with_user(self.user_manager).action_submit()
        self.assertAllRefused(
            "pp_manager",
            {
                "approve": (
                    "phone.archive.access.request",
                    "action_approve",
                    request.ids,
                ),
                "refuse": (
                    "phone.archive.access.request",
                    "action_refuse",
                    request.ids,
                ),
                "widen": (
                    "phone.archive.access.request",
                    "write",
                    request.ids,
                    {"granted_to": fields.Datetime.now() + timedelta(days=300)},
                ),
            },
        )
        self.assertEqual(request.state, "submitted")
        done = self.rpc(
            "pp_manager2", "phone.archive.access.request", "action_approve", request.ids
        )
        self.assertTrue(done.ok, done)

    def test_own_whistle_blowing_report(self):
        """A Manager neither reaches a report they filed (nor decides it,
        which would reward them) nor one about themselves."""
        filed = self._anonymous_report(self.user_manager, self.emp_sales)
        about = self._anonymous_report(self.user_sales2, self.emp_manager)
        for report in (filed, about):
            self.assertAllRefused(
                "pp_manager",
                {
                    "read": (
                        "phone.whistleblow.case",
                        "read",
                        report.ids,
                        ["description"],
                    ),
                    "start": (
                        "phone.whistleblow.case",
                        "action_start_investigation",
                        report.ids,
                    ),
                    "substantiate": (
                        "phone.whistleblow.case",
                        "action_substantiate",
                        report.ids,
                    ),
                    "reveal": (
                        "phone.whistleblow.case",
                        "action_reveal_reporter",
                        report.ids,
                    ),
                },
            )
        done = self.rpc(
            "pp_manager2",
            "phone.whistleblow.case",
            "action_start_investigation",
            filed.ids,
        )
        self.assertTrue(done.ok, done)

    def test_technician_does_not_confirm_own_fix(self):
        team = self.env["phone.fault.team"].create(
            {
                "name": "Telecom",
                "company_id": self.company.id,
                "member_ids": [
                    Command.set([self.user_support.id, self.user_sales2.id])
                ],
            }
        )
        fault = self.env["phone.fault"].create(
            {
                "company_id": self.company.id,
                "reporter_id": self.user_support.id,
                "symptom": "No dial tone",
                "system_id": self._system().id,
                "team_id": team.id,
                "technician_id": self.user_support.id,
            }
        )
        fault.write(
            {
                "resolution": "<p>Replaced the line card.</p>",
                "stage_id": self.env.ref("phone_policy.phone_fault_stage_resolved").id,
            }
        )
        self.assertEqual(fault.state, "resolved")
        self.assertRefused(
            self.rpc(
                "pp_support", "phone.fault", "action_confirm_resolution", fault.ids
            )
        )
        self.assertEqual(fault.state, "resolved")
        done = self.rpc(
            "pp_sales2", "phone.fault", "action_confirm_resolution", fault.ids
        )
        self.assertTrue(done.ok, done)
        self.assertEqual(fault.state, "closed")

    def test_hr_does_not_read_own_appraisal_conduct(self):
        self.user_manager.groups_id += self.group_appraisal_hr
        violation = self._violation(self.emp_manager, confirm=False)
        violation.with_user(self.user_manager2).action_confirm()
        appraisal = self.env["hr.appraisal"].create(
            {
                "employee_id": self.emp_manager.id,
                "manager_ids": [Command.set(self.emp_manager2.ids)],
                "date_close": fields.Date.today(),
            }
        )
        result = self.rpc(
            "pp_manager",
            "hr.appraisal",
            "read",
            appraisal.ids,
            ["phone_conduct_visible", "phone_violation_count"],
        )
        self.assertTrue(result.ok, result)
        self.assertFalse(result.value[0]["phone_conduct_visible"])
        self.assertEqual(result.value[0]["phone_violation_count"], 0)
