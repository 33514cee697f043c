# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 10 of issue 13: every path to an archived call's content is
logged in the archive access log, or refused (policy §5.2.3)."""

from odoo.tests import tagged

from .relations_common import (
    ARCHIVED_CONFIDENTIAL,
    ARCHIVED_NOTE,
    ARCHIVED_SECRET,
    CATEGORY_NAME,
    OWN_NOTE,
    RelationsCase,
)

ACCESS_FORM = "phone_policy.phone_archive_access_request_report_document"
CALL_RECORD = "phone_policy.phone_call_report_document"


@tagged("post_install", "-at_install")
class TestArchiveReads(RelationsCase):
    def test_class10_access_form_shows_nothing_before_approval(self):
        """The issue's example: the approval form of a request naming an
        archived confidential call, printed by its requester before anyone
        decided, shows what the call was about."""
        request = (
            self.env["phone.archive.access.request"]
            .with_user(self.user_sales)
            .create(
                {
                    "company_id": self.company.id,
                    "call_references": self.archived_confidential.name,
                    "purpose": "Curious",
                }
            )
        )
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        for converter in ("html", "pdf"):
            with self.subTest(converter=converter):
                page = self.report("pp_sales", ACCESS_FORM, request.ids, converter)
                self.assertTrue(page.ok, page)
                # the reference the requester typed, and nothing about the call
                self.assertIn(self.archived_confidential.name, page.value)
                self.assertNoSecret(page.value, CATEGORY_NAME, ARCHIVED_CONFIDENTIAL)

    def test_class10_granted_reads_around_the_log(self):
        """The issue's example: a user with an approved request prints the
        call record, reads the chatter and groups calls by subject; each of
        these leaves a line in the archive access log."""
        call = self.archived_call

        def printed():
            return self.report("pp_support", CALL_RECORD, call.ids)

        def chatter():
            return self.route(
                "pp_support",
                "/mail/thread/messages",
                {"thread_model": "phone.call", "thread_id": call.id},
            )

        def grouped():
            return self.rpc(
                "pp_support",
                "phone.call",
                "web_read_group",
                [("archive_id", "!=", False)],
                ["subject"],
                ["subject"],
            )

        for name, path, secret in (
            ("print", printed, ARCHIVED_SECRET),
            ("chatter", chatter, ARCHIVED_NOTE),
            ("read_group", grouped, ARCHIVED_SECRET),
        ):
            with self.subTest(path=name):
                before = self.access_logs(self.user_support)
                result = path()
                self.assertTrue(result.ok, result)
                self.assertIn(secret, repr(result.value))
                logged = self.access_logs(self.user_support) - before
                self.assertEqual(len(logged), 1, f"{name} left no log line")
                self.assertEqual(logged.call_ids, call)
                self.assertEqual(logged.request_id, self.grant)

    def test_own_notes_of_an_archived_call_are_sealed_too(self):
        """Mail lets the author, the recipients and whoever was notified
        read a message whatever its document: once the call is archived, its
        handler reads her own note on it no more than the call itself."""
        call = self.archived_call
        on_call = [("model", "=", "phone.call"), ("res_id", "=", call.id)]
        attempts = {
            "search_read": ("mail.message", "search_read", on_call, ["body"]),
            "read": ("mail.message", "read", self.own_note.ids, ["body"]),
            "web_read": ("mail.message", "web_read", self.own_note.ids, {"body": {}}),
            "search_count oracle": (
                "mail.message",
                "search_count",
                [*on_call, ("body", "ilike", OWN_NOTE)],
            ),
        }
        for name, call_args in attempts.items():
            with self.subTest(path=name):
                result = self.rpc("pp_sales2", *call_args)
                self.assertNoSecret(result.value if result.ok else result.message)
                if result.ok:
                    self.assertFalse(result.value)
        chatter = self.route(
            "pp_sales2",
            "/mail/thread/messages",
            {"thread_model": "phone.call", "thread_id": call.id},
        )
        self.assertNoSecret(chatter.value if chatter.ok else chatter.message)
        # who may read the call reads its notes (and is logged), Managers too
        for login in ("pp_support", "pp_manager"):
            read = self.rpc(login, "mail.message", "read", self.own_note.ids, ["body"])
            self.assertTrue(read.ok, read)
            self.assertIn(OWN_NOTE, read.value[0]["body"])
