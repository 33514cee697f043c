# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 5: a check against sealed data (an anonymous reporter, a password,
a confidential or archived call) answers the same for every wrong guess
and for the sealed value."""

from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestSealedAnswers(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an Officer blows the whistle on pp_sales, anonymously
        cls.report = cls._anonymous_report(cls.user_officer2, cls.emp_sales)
        # sealed calls: one archived, one confidential and live; and a call
        # the Officer may read, for the answers of a readable record
        cls.archived = cls._archived_call()
        cls.confidential = cls._today_call(
            cls.user_sales, confidentiality="confidential"
        )
        cls.plain = cls._today_call(cls.user_sales)

    def test_investigator_check_does_not_reveal_the_reporter(self):
        """Class 5 example: a Manager tries every Officer as investigator of
        an anonymous report; the reporter must not stand out."""
        answers = {}
        for officer in (self.user_officer, self.user_officer2):
            result = self.rpc(
                "pp_manager",
                "phone.whistleblow.case",
                "write",
                [self.report.id],
                {"investigator_id": officer.id},
            )
            answers[officer.login] = (result.ok, result.error, result.message)
        self.assertEqual(
            answers["pp_officer"],
            answers["pp_officer2"],
            "the answer for the anonymous reporter differs from another officer's",
        )
        # the reporter named investigator does not reach the report they
        # filed; the other officer does once named
        self.assertEqual(self.report.investigator_id, self.user_officer2)
        self.assertRefused(
            self.rpc(
                "pp_officer2",
                "phone.whistleblow.case",
                "read",
                [self.report.id],
                ["name"],
            )
        )
        self.assertRefused(
            self.rpc(
                "pp_officer2",
                "phone.whistleblow.case",
                "action_start_investigation",
                [self.report.id],
            )
        )
        found = self.rpc(
            "pp_officer2",
            "phone.whistleblow.case",
            "search_count",
            [("filed_by_me", "=", True)],
        )
        self.assertEqual(found.value, 0, "the reporter's own report is not listed")
        self.rpc(
            "pp_manager",
            "phone.whistleblow.case",
            "write",
            [self.report.id],
            {"investigator_id": self.user_officer.id},
        )
        read = self.rpc(
            "pp_officer",
            "phone.whistleblow.case",
            "read",
            [self.report.id],
            ["reporter_id"],
        )
        self.assertTrue(read.ok, read)
        self.assertFalse(read.value[0]["reporter_id"])

    def test_nobody_learns_who_filed_a_report(self):
        """``filed_by_me`` tells each user about themselves only."""
        for login in ("pp_manager", "pp_officer", "pp_manager2"):
            result = self.rpc(
                login,
                "phone.whistleblow.case",
                "search_read",
                [("id", "=", self.report.id)],
                ["filed_by_me"],
            )
            self.assertTrue(result.ok, result)
            self.assertEqual(
                [row["filed_by_me"] for row in result.value],
                [False] * len(result.value),
                login,
            )

    def test_sealed_calls_answer_like_any_unreadable_call(self):
        """An archived call and a confidential call answer an Officer who may
        read neither exactly as each other: the archive's guards speak only
        to who may read the call."""
        # the Officer may export data at all: the export's own guards speak
        self.user_officer.groups_id += self.env.ref("base.group_allow_export")
        attempts = {
            "write": lambda ids: ("write", [ids], {"subject": "x"}),
            "copy": lambda ids: ("copy", [ids]),
            "unlink": lambda ids: ("unlink", [ids]),
            "read": lambda ids: ("read", [ids], ["subject"]),
            "export_data": lambda ids: ("export_data", [ids], ["subject"]),
            "add_correction": lambda ids: ("action_add_correction_note", [ids]),
        }
        for name, attempt in attempts.items():
            results = {}
            for label, call in (
                ("archived", self.archived),
                ("confidential", self.confidential),
            ):
                method, *args = attempt(call.id)
                results[label] = self.rpc("pp_officer", "phone.call", method, *args)
            with self.subTest(attempt=name):
                if name != "add_correction":  # opens a form, checked on save
                    self.assertFalse(results["archived"].ok, results)
                self.assertSameAnswer(results)
        self.assertEqual(self.archived.subject, "Quotation")
        # who may read the archived call (a Manager) hears why it is refused
        result = self.rpc(
            "pp_manager", "phone.call", "write", [self.archived.id], {"subject": "x"}
        )
        self.assertRefused(result, error="odoo.exceptions.UserError")
        self.assertIn("archived", result.message)

    def test_files_and_notes_of_sealed_calls_answer_alike(self):
        """The attachments and notes of an archived call answer an Officer
        like those of a confidential call."""
        Attachment = self.env["ir.attachment"]
        files = {
            "archived": Attachment.search(
                [("res_model", "=", "phone.call"), ("res_id", "=", self.archived.id)]
            ),
            "confidential": Attachment.create(
                {
                    "name": "confidential.txt",
                    "raw": b"minutes",
                    "res_model": "phone.call",
                    "res_id": self.confidential.id,
                }
            ),
        }
        self.assertEqual(len(files["archived"]), 1)
        results = {
            label: self.rpc(
                "pp_officer", "ir.attachment", "write", [att.id], {"name": "x"}
            )
            for label, att in files.items()
        }
        self.assertFalse(results["archived"].ok)
        self.assertSameAnswer(results)
        note = "Customer sounded happy."
        self.confidential.message_post(body=note)
        notes = {
            label: call.message_ids[-1:]
            for label, call in (
                ("archived", self.archived),
                ("confidential", self.confidential),
            )
        }
        self.assertTrue(all(notes.values()))
        results = {
            label: self.rpc(
                "pp_officer", "mail.message", "write", note.ids, {"body": "forged"}
            )
            for label, note in notes.items()
        }
        self.assertFalse(results["archived"].ok)
        self.assertSameAnswer(results)

    def test_unknown_call_references_are_not_told_to_the_requester(self):
        """An access request naming a sealed call and one naming nothing get
        the same answer; only the Manager who decides sees which failed."""
        results, requests = {}, {}
        for label, reference in (
            ("sealed", self.archived.name),
            ("nothing", "CALL/1999/000404"),
        ):
            created = self.rpc(
                "pp_sales2",
                "phone.archive.access.request",
                "create",
                {
                    "company_id": self.company.id,
                    "call_references": reference,
                    "purpose": "A customer disputes a price.",
                },
            )
            self.assertTrue(created.ok, created)
            requests[label] = created.value
            results[label] = self.rpc(
                "pp_sales2",
                "phone.archive.access.request",
                "action_submit",
                [created.value],
            )
        self.assertTrue(results["sealed"].ok, results)
        self.assertSameAnswer(results)
        read = {
            label: self.rpc(
                "pp_sales2",
                "phone.archive.access.request",
                "read",
                [request_id],
                ["state", "call_ids"],
            ).value[0]
            for label, request_id in requests.items()
        }
        self.assertEqual(
            {k: (v["state"], v["call_ids"]) for k, v in read.items()},
            {"sealed": ("submitted", []), "nothing": ("submitted", [])},
        )
        refused = self.rpc(
            "pp_sales2",
            "phone.archive.access.request",
            "read",
            [requests["nothing"]],
            ["call_references_unknown"],
        )
        self.assertRefused(refused)
        decided = self.rpc(
            "pp_manager",
            "phone.archive.access.request",
            "read",
            [requests["nothing"], requests["sealed"]],
            ["call_references_unknown", "call_ids"],
        )
        self.assertEqual(
            [
                (row["call_references_unknown"], row["call_ids"])
                for row in decided.value
            ],
            [("CALL/1999/000404", []), (False, self.archived.ids)],
        )

    def test_password_wizard_names_no_account_holder(self):
        """Opening the password change on someone else's account: the same
        words whichever account, and never its holder's name."""
        accounts = {
            "sales": self._account(self.emp_sales, "1002"),
            "support": self._account(self.emp_support, "2050"),
        }
        for login in ("pp_officer", "pp_sales2"):
            results = {
                label: self.rpc(
                    login,
                    "phone.account.password.wizard",
                    "create",
                    {"account_id": account.id},
                )
                for label, account in accounts.items()
            }
            with self.subTest(login=login):
                self.assertFalse(results["sales"].ok, results)
                self.assertSameAnswer(results)
                for result in results.values():
                    self.assertNotRegex(result.message, r"\bpp_sales\b")
                    self.assertNotIn("pp_support", result.message)

    def test_reporter_is_revealed_to_nobody_but_a_manager(self):
        for login in ("pp_officer", "pp_sales", "pp_mgr"):
            result = self.rpc(
                login,
                "phone.whistleblow.case",
                "action_reveal_reporter",
                [self.report.id],
            )
            with self.subTest(login=login):
                self.assertRefused(result)
                self.assertNotIn("pp_officer2", result.message)
        revealed = self.rpc(
            "pp_manager",
            "phone.whistleblow.case",
            "action_reveal_reporter",
            [self.report.id],
        )
        self.assertTrue(revealed.ok, revealed)
        self.assertEqual(revealed.value["params"]["message"], "pp_officer2")
        self.assertIn(
            "revealed to pp_manager",
            " ".join(self.report.message_ids.mapped("body")),
        )
