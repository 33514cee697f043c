# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveAccess(PhoneArchiveCase):
    """After archiving, a call is read only by Managers and by holders of an
    approved access request, within its window (policy §5.2.3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calls = cls._march_calls(2)
        cls.secret = cls._march_calls(1, confidentiality="confidential")
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "raw": b"minutes",
                "res_model": "phone.call",
                "res_id": cls.calls[0].id,
            }
        )
        cls.live = cls._call(date_start=datetime(2026, 4, 2, 2, 0))
        cls.archive = cls._file(cls.category_sales)
        cls.Request = cls.env["phone.archive.access.request"]

    def _visible(self, user, calls=None):
        calls = calls or (self.calls | self.secret | self.live)
        self.env.invalidate_all()
        return self.env["phone.call"].with_user(user).search([("id", "in", calls.ids)])

    def assertCannotRead(self, user, call):
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            call.with_user(user).read(["subject"])

    def _request(self, user, start, end, **vals):
        with freeze_time(start):
            request = self.Request.with_user(user).create(
                {
                    "company_id": self.company.id,
                    "archive_ids": [Command.set(self.archive.ids)],
                    "purpose": "Customer claims a different price was agreed.",
                    "date_from": start,
                    "date_to": end,
                    **vals,
                }
            )
            request.action_submit()
        return request

    def test_archived_calls_hidden_from_everyone_but_managers(self):
        """Even the call's own handler and the officer who filed it lose
        sight of it; the manager keeps it; live calls are unaffected."""
        for user in (self.user_sales, self.user_dept_manager, self.user_officer):
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user), self.live)
                self.assertCannotRead(user, self.calls[0])
        self.assertEqual(
            self._visible(self.user_manager), self.calls | self.secret | self.live
        )
        self.assertFalse(self._visible(self.user_other_company))

    def test_the_catalogue_stays_readable(self):
        """The archive itself (not its calls) is read by everyone of the
        company; the integrity check is run by officers and managers only."""
        for user in (self.user_sales, self.user_officer, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.archive.with_user(user).call_count, 3)
        with (
            self.assertRaisesRegex(AccessError, "officers and managers verify"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.env["phone.archive.verification"].with_user(
                self.user_sales
            ).action_verify()

    def test_access_request_window(self):
        """Approved for 10-12 May: nothing before, the archive's ordinary
        calls during, nothing after, and the request lapses."""
        request = self._request(
            self.user_sales2,
            "2026-05-09 01:00:00",
            "2026-05-12 00:00:00",
            date_from="2026-05-10 00:00:00",
        )
        self.assertEqual(request.state, "submitted")
        self.assertIn(self.user_manager, request.activity_ids.user_id)
        with freeze_time("2026-05-09 02:00:00"):
            request.with_user(self.user_manager).action_approve()
            self.assertEqual(request.state, "approved")
            self.assertFalse(request.activity_ids)
            # approved, but the window has not opened yet
            self.assertFalse(self._visible(self.user_sales2, self.calls | self.secret))
            self.assertCannotRead(self.user_sales2, self.calls[0])
        with freeze_time("2026-05-11 09:00:00"):
            self.assertTrue(request.access_open)
            self.assertEqual(
                self._visible(self.user_sales2, self.calls | self.secret), self.calls
            )
            self.assertEqual(
                self.calls[0].with_user(self.user_sales2).subject, "March call 0"
            )
            # read only, and confidential calls need to be named
            self.assertCannotRead(self.user_sales2, self.secret)
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                self.calls[0].with_user(self.user_sales2).write({"subject": "x"})
            # the archive's file is readable with it
            self.assertEqual(
                self.attachment.with_user(self.user_sales2).raw, b"minutes"
            )
            self.assertEqual(self.Request._cron_expire(), self.Request)
        with freeze_time("2026-05-12 00:00:01"):
            self.assertFalse(self._visible(self.user_sales2, self.calls | self.secret))
            self.assertCannotRead(self.user_sales2, self.calls[0])
            expired = self.Request._cron_expire()
        self.assertEqual(expired, request)
        self.assertEqual(request.state, "expired")

    def test_each_access_is_logged(self):
        request = self._request(
            self.user_sales2, "2026-05-09 01:00:00", "2026-05-12 00:00:00"
        )
        with freeze_time("2026-05-10 03:00:00"):
            request.with_user(self.user_manager).action_approve()
            self.env.invalidate_all()
            self.calls.with_user(self.user_sales2).read(["subject", "key_points"])
            # the manager reads by right: not logged
            self.calls.with_user(self.user_manager).read(["subject"])
        log = self.env["phone.archive.access.log"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_sales2)
        self.assertEqual(log.call_ids, self.calls)
        self.assertEqual(log.call_count, 2)
        self.assertIn(self.calls[0].name, log.call_references)
        self.assertEqual(str(log.access_date), "2026-05-10 03:00:00")
        self.assertEqual(log.purpose, request.purpose)
        self.assertEqual(request.log_count, 1)

    def test_named_confidential_call(self):
        request = self._request(
            self.user_sales2,
            "2026-05-09 01:00:00",
            "2026-05-12 00:00:00",
            archive_ids=[],
            call_references=self.secret.name,
        )
        self.assertEqual(request.call_ids, self.secret)
        with freeze_time("2026-05-10 03:00:00"):
            request.with_user(self.user_manager).action_approve()
            self.assertEqual(
                self._visible(self.user_sales2, self.calls | self.secret), self.secret
            )

    def test_request_rules(self):
        # a reference to no archived call is not told to the requester (the
        # answer would say which references name sealed calls), only to the
        # Manager who decides
        request = self._request(
            self.user_sales2,
            "2026-05-09 01:00:00",
            "2026-05-12 00:00:00",
            call_references=f"{self.live.name}, CALL/0000/404",
        )
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.call_ids)
        self.assertEqual(
            request.with_user(self.user_manager).call_references_unknown,
            f"{self.live.name}, CALL/0000/404",
        )
        with (
            self.assertRaisesRegex(AccessError, "in your own name"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.Request.with_user(self.user_sales).create(
                {
                    "requester_id": self.user_sales2.id,
                    "archive_ids": [Command.set(self.archive.ids)],
                    "purpose": "x",
                }
            )
        # not even a manager creates a request already decided
        with (
            self.assertRaisesRegex(AccessError, "starts as a draft"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.Request.with_user(self.user_manager).create(
                {
                    "requester_id": self.user_sales2.id,
                    "archive_ids": [Command.set(self.archive.ids)],
                    "purpose": "x",
                    "state": "approved",
                }
            )
        request = self._request(
            self.user_sales2, "2026-05-09 01:00:00", "2026-05-12 00:00:00"
        )
        with self.assertRaisesRegex(UserError, "cannot be changed now"):
            request.with_user(self.user_sales2).write({"date_to": "2026-12-31"})
        with (
            self.assertRaisesRegex(AccessError, "manager decides"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            request.with_user(self.user_officer).action_approve()
        with self.assertRaisesRegex(UserError, "reason of the refusal"):
            request.with_user(self.user_manager).action_refuse()
        request.with_user(self.user_manager).write(
            {"decision_reason": "Ask your manager to request it."}
        )
        request.with_user(self.user_manager).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.decision_user_id, self.user_manager)
        self.assertIn(self.user_sales2.partner_id, request.message_ids[0].partner_ids)
        with self.assertRaisesRegex(UserError, "kept as evidence"):
            request.unlink()
        self.assertCannotRead(self.user_sales2, self.calls[0])

    def test_export_refused_to_all_but_managers(self):
        """Even people allowed to export data and entitled to read the
        archived calls cannot export them; managers can."""
        export_group = self.env.ref("base.group_allow_export")
        for user in (
            self.user_sales,
            self.user_sales2,
            self.user_officer,
            self.user_manager,
        ):
            user.groups_id += export_group
        request = self._request(
            self.user_sales2, "2026-05-09 01:00:00", "2026-05-12 00:00:00"
        )
        with freeze_time("2026-05-10 03:00:00"):
            request.with_user(self.user_manager).action_approve()
            with self.assertRaisesRegex(AccessError, "Only Phone Policy managers"):
                self.calls.with_user(self.user_sales2).export_data(["name", "subject"])
            # who may not read them hears what any unreadable call would say
            with (
                self.assertRaisesRegex(AccessError, "doesn't have 'read' access"),
                mute_logger("odoo.addons.base.models.ir_rule"),
            ):
                self.calls.with_user(self.user_officer).export_data(["name"])
            # live calls export as before
            rows = self.live.with_user(self.user_sales).export_data(["name"])
            self.assertEqual(rows["datas"], [[self.live.name]])
            rows = self.calls.with_user(self.user_manager).export_data(["subject"])
            self.assertEqual(len(rows["datas"]), 2)

    def test_attachments_follow_the_call(self):
        Attachment = self.env["ir.attachment"]
        domain = [("res_model", "=", "phone.call"), ("res_id", "=", self.calls[0].id)]
        self.assertFalse(Attachment.with_user(self.user_sales).search(domain))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.attachment.with_user(self.user_sales).read(["raw"])
        self.assertEqual(
            Attachment.with_user(self.user_manager).search(domain), self.attachment
        )
        self.assertEqual(
            base64.b64decode(self.attachment.with_user(self.user_manager).datas),
            b"minutes",
        )
