# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every sudo() that returns data to a caller: a role that must not see the
data does not get it through it (SECURITY.md, "sudo() audit"). The
appraisal's figures are covered by test_authority_from_hr and
test_report_rows, the reporter's reveal by test_sealed_answers."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestSudoAudit(PeopleRpcCase):
    def test_employee_form_counts(self):
        """hr_employee_base: the year's violations and commendations, counted
        as superuser for the employee, their managers and HR only; an
        anonymous reporter's reward for the reporter alone."""
        self._violation(self.emp_sales)
        reward = self._commendation(
            self.emp_sales, source="report", is_confidential=True, points=5
        )
        reward.state = "confirmed"
        fields_ = ["phone_conduct_visible", "phone_violation_count"]
        fields_ += ["phone_commendation_count", "phone_net_points"]

        def counts(login):
            result = self.rpc(
                login, "hr.employee.public", "read", self.emp_sales.ids, fields_
            )
            self.assertTrue(result.ok, result)
            return tuple(result.value[0][name] for name in fields_)

        self.assertEqual(counts("pp_sales2"), (False, 0, 0, 0), "a colleague")
        self.assertEqual(counts("pp_support"), (False, 0, 0, 0), "another department")
        self.assertEqual(counts("pp_mgr"), (True, 1, 0, -1), "the manager, no reward")
        self.assertEqual(counts("pp_sales"), (True, 1, 1, 4), "the employee")

    def test_extension_is_directory_information_only(self):
        """hr_employee: the extension comes from the account as superuser;
        nothing else of the account reaches a colleague."""
        account = self._account(self.emp_sales, "1002")
        row = self.rpc(
            "pp_support",
            "phone.directory",
            "search_read",
            [("employee_id", "=", self.emp_sales.id)],
            ["extension"],
        )
        self.assertEqual(row.value[0]["extension"], "1002")
        self.assertEqual(
            self.rpc(
                "pp_support", "phone.account", "search", [("extension", "=", "1002")]
            ).value,
            [],
        )
        self.assertRefused(
            self.rpc("pp_support", "phone.account", "read", account.ids, ["state"])
        )

    def test_password_hashes_reach_nobody(self):
        """phone_account: the hash history is read as superuser for the
        checks only; no role reads a hash over RPC."""
        self._account(self.emp_sales, "1002")
        for login in ("pp_sales", "pp_officer", "pp_manager"):
            for method, args in (
                ("search_read", ([], ["password_hash"])),
                ("read_group", ([], ["kind"], ["kind"])),
            ):
                with self.subTest(login=login, method=method):
                    self.assertRefused(
                        self.rpc(login, "phone.account.password", method, *args)
                    )

    def test_archive_grants_are_the_users_own(self):
        """phone_call: archive_access_granted is searched as superuser with
        the current user's grants; without a grant, nothing archived."""
        call = self._archived_call()
        domain = [("archive_access_granted", "=", True), ("archive_id", "!=", False)]
        for login in ("pp_sales", "pp_sales2", "pp_officer"):
            with self.subTest(login=login):
                found = self.rpc(login, "phone.call", "search", domain)
                self.assertEqual(found.value, [])
        request = (
            self.env["phone.archive.access.request"]
            .with_user(self.user_sales2)
            .create(
                {
                    "company_id": self.company.id,
                    "archive_ids": [Command.set(call.archive_id.ids)],
                    "purpose": "A customer disputes a price.",
                    "date_to": fields.Datetime.now() + timedelta(days=2),
                }
            )
        )
        request.action_submit()
        request.with_user(self.user_manager).action_approve()
        self.assertEqual(
            self.rpc("pp_sales2", "phone.call", "search", domain).value, call.ids
        )
        self.assertEqual(self.rpc("pp_sales", "phone.call", "search", domain).value, [])
        # the archive's own list of calls reads through the same rules
        archive = self.rpc(
            "pp_sales",
            "phone.archive",
            "read",
            call.archive_id.ids,
            ["call_ids", "call_count"],
        )
        self.assertTrue(archive.ok, archive)
        self.assertEqual(archive.value[0]["call_ids"], [])

    def test_availability_without_the_reason(self):
        """phone_coverage: availability is read as superuser for the
        directory; a colleague sees the window and who covers, never the
        reason or the note, and not the coverage itself."""
        now = fields.Datetime.now()
        coverage = self.env["phone.coverage"].create(
            {
                "company_id": self.company.id,
                "employee_id": self.emp_sales.id,
                "kind": "leave",
                "note": "hospital appointment",
                "cover_type": "colleague",
                "cover_employee_id": self.emp_sales2.id,
                "date_from": now - timedelta(hours=1),
                "date_to": now + timedelta(hours=2),
            }
        )
        row = self.rpc(
            "pp_support",
            "phone.directory",
            "search_read",
            [("employee_id", "=", self.emp_sales.id)],
            ["availability", "is_away"],
        )
        self.assertTrue(row.ok, row)
        text = row.value[0]["availability"]
        self.assertTrue(row.value[0]["is_away"])
        self.assertIn("covered by pp_sales2", text)
        self.assertNotIn("Leave", text)
        self.assertNotIn("hospital", text)
        self.assertRefused(
            self.rpc("pp_support", "phone.coverage", "read", coverage.ids, ["note"])
        )
        away = self.rpc(
            "pp_support", "phone.directory", "search", [("is_away", "=", True)]
        )
        self.assertIn(self.emp_sales.id, away.value)

    def test_ticket_history_for_who_may_read_the_ticket(self):
        """phone_fault: the stage history is read as superuser for the
        printed ticket; who may not read the ticket gets no print."""
        fault = (
            self.env["phone.fault"]
            .with_company(self.company)
            .create(
                {
                    "company_id": self.company.id,
                    "reporter_id": self.user_sales.id,
                    "symptom": "Crackling on line 3",
                    "system_id": self.system.id,
                }
            )
        )
        url = f"/report/html/phone_policy.phone_fault_ticket_report_document/{fault.id}"
        self.rpc_login("pp_sales")
        mine = self.url_open(url)
        self.assertEqual(mine.status_code, 200)
        self.assertIn("Crackling on line 3", mine.text)
        self.rpc_login("pp_support")
        with mute_logger("odoo.http"):
            other = self.url_open(url)
        self.assertNotEqual(other.status_code, 200)
        self.assertNotIn("Crackling on line 3", other.text)

    def test_filing_status_for_its_reporter_only(self):
        """phone_whistleblow_filing: where a report stands is read as
        superuser for its reporter; nobody else reads the filing."""
        report = self._anonymous_report(self.user_sales2, self.emp_sales)
        submission = self.env["phone.whistleblow.filing"].search(
            [("case_id", "=", report.id)]
        )
        for login in ("pp_sales", "pp_officer", "pp_manager"):
            with self.subTest(login=login):
                self.assertRefused(
                    self.rpc(
                        login,
                        "phone.whistleblow.filing",
                        "read",
                        submission.ids,
                        ["state"],
                    )
                )
                self.assertEqual(
                    self.rpc(login, "phone.whistleblow.filing", "search", []).value, []
                )
        mine = self.rpc(
            "pp_sales2",
            "phone.whistleblow.filing",
            "read",
            submission.ids,
            ["name", "state"],
        )
        self.assertEqual(mine.value[0]["state"], "received")

    def test_integrity_certificate_for_officers(self):
        """phone_archive_verification: the dates of the sealed range are
        read as superuser for the certificate, which users do not read."""
        self._archived_call()
        check = self.env["phone.archive.verification"].with_user(self.user_officer)
        check = check._run(self.company)
        self.assertRefused(
            self.rpc(
                "pp_sales",
                "phone.archive.verification",
                "search_read",
                [],
                ["summary"],
            )
        )
        self.assertTrue(
            self.rpc(
                "pp_officer", "phone.archive.verification", "read", check.ids, ["state"]
            ).ok
        )

    def test_inspection_sample_has_no_confidential_call(self):
        """phone_inspection: the sample is drawn as superuser, from the
        non-confidential calls only."""
        secret = self._today_call(self.user_sales, confidentiality="confidential")
        plain = self._today_call(self.user_sales)
        inspection = self._inspection_of(self.emp_sales, plain)
        inspection.action_reset_draft()
        inspection.sample_size = 10
        drawn = self.rpc(
            "pp_officer", "phone.inspection", "action_draw_sample", inspection.ids
        )
        self.assertTrue(drawn.ok, drawn)
        self.assertIn(plain, inspection.line_ids.call_id)
        self.assertNotIn(secret, inspection.line_ids.call_id)
        self.assertEqual(inspection.population_count, 1)

    def test_push_key_fields_are_the_administrators(self):
        """phone_system_cdr: Officers renew and revoke a key as superuser,
        but read neither its hash nor its index."""
        renewed = self.rpc(
            "pp_officer", "phone.system", "action_generate_push_key", self.system.ids
        )
        self.assertTrue(renewed.ok, renewed)
        for name in ("cdr_push_key_hash", "cdr_push_key_index"):
            with self.subTest(field=name):
                self.assertRefused(
                    self.rpc(
                        "pp_officer", "phone.system", "read", self.system.ids, [name]
                    )
                )

    def test_acknowledgements_of_others_are_hrs(self):
        """phone_policy_version: the employees expected to acknowledge are
        read as superuser for the Managers' counts only."""
        version = self.env["phone.policy.version"].search(
            [("company_id", "=", self.company.id), ("state", "=", "published")],
            limit=1,
        ) or self.env["phone.policy.version"].search([], limit=1)
        self.assertRefused(
            self.rpc(
                "pp_sales",
                "phone.policy.version",
                "read",
                version.ids,
                ["pending_count"],
            )
        )
