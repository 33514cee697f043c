# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhoneArchiveCase


@tagged("post_install", "-at_install")
class TestArchivedCallIsUnalterable(PhoneArchiveCase):
    """Nobody may alter or destroy archived content (policy §5.2), not even
    the administrator or the superuser through the ORM; corrections are
    appended as signed notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls._march_calls(1)
        # a file and a done to-do from before the call was archived
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "quotation.txt",
                "datas": base64.b64encode(b"50 units"),
                "res_model": "phone.call",
                "res_id": cls.call.id,
            }
        )
        kept_type = cls.env["mail.activity.type"].create(
            {"name": "Send quotation", "keep_done": True, "res_model": "phone.call"}
        )
        cls.done_activity = cls.call.activity_schedule(
            activity_type_id=kept_type.id, user_id=cls.user_sales.id
        )
        cls.done_activity.action_feedback("Sent.")
        cls.note = cls.call.message_post(body="Customer sounded happy.")
        cls.archive = cls._file(cls.category_sales)
        cls.admin = cls.env.ref("base.user_admin")
        # the administrator works in this company too: what stops them must
        # be the archive's guard, not the company rule
        cls.admin.company_ids += cls.company

    def _everyone(self):
        """(label, environment) for every role, the superuser included."""
        return [
            ("handler", self.env(user=self.user_sales)),
            ("officer", self.env(user=self.user_officer)),
            ("manager", self.env(user=self.user_manager)),
            ("admin", self.env(user=self.admin)),
            ("superuser", self.env(su=True)),
        ]

    def assertRefused(self, label, call):
        with (
            self.subTest(who=label),
            self.assertRaises(UserError),  # AccessError is a UserError
            mute_logger(
                "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"
            ),
        ):
            call()
            self.env.flush_all()

    def test_no_write_no_delete_no_copy_for_anyone(self):
        self.assertTrue(self.done_activity.exists())
        subject = self.call.subject
        for label, env in self._everyone():
            call = self.call.with_env(env)
            self.assertRefused(label, lambda call=call: call.write({"subject": "x"}))
            self.assertRefused(label, lambda call=call: call.unlink())
            self.assertRefused(label, lambda call=call: call.copy())
            self.assertRefused(
                label, lambda call=call: call.write({"legal_hold_reason": "legal"})
            )
        # managers, the administrator and the superuser may read and delete
        # calls: what stops them is the archive's guard itself
        for env in (self.env(user=self.admin), self.env(su=True)):
            with self.assertRaisesRegex(UserError, "cannot be changed by anyone"):
                self.call.with_env(env).write({"key_points": "rewritten"})
            with self.assertRaisesRegex(UserError, "archived in .* deleted"):
                self.call.with_env(env).unlink()
        self.env.invalidate_all()
        self.assertEqual(self.call.subject, subject)
        self.assertTrue(self.call.exists())
        self.assertIntact()

    def test_files_are_frozen(self):
        for label, env in self._everyone():
            attachment = self.attachment.with_env(env)
            self.assertRefused(
                label,
                lambda env=env: env["ir.attachment"].create(
                    {
                        "name": "forged.txt",
                        "datas": base64.b64encode(b"forged"),
                        "res_model": "phone.call",
                        "res_id": self.call.id,
                    }
                ),
            )
            self.assertRefused(
                label, lambda a=attachment: a.write({"datas": base64.b64encode(b"9")})
            )
            self.assertRefused(label, lambda a=attachment: a.unlink())
        # nor can a file be moved onto an archived call
        stray = self.env["ir.attachment"].create({"name": "stray.txt", "raw": b"x"})
        with self.assertRaisesRegex(UserError, "archived in .* files included"):
            stray.write({"res_model": "phone.call", "res_id": self.call.id})
        self.assertEqual(self.attachment.raw, b"50 units")

    def test_activities_are_frozen(self):
        for label, env in self._everyone():
            call = self.call.with_env(env)
            activity = self.done_activity.with_env(env)
            self.assertRefused(
                label,
                lambda call=call: call.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=self.user_sales.id
                ),
            )
            self.assertRefused(label, lambda a=activity: a.write({"summary": "x"}))
            self.assertRefused(label, lambda a=activity: a.unlink())
        self.assertTrue(self.done_activity.exists())
        self.assertEqual(
            self.call.with_context(active_test=False).activity_ids, self.done_activity
        )

    def test_notes_are_appended_never_edited(self):
        """The chatter history stays; a correction is a new note signed by a
        named person, and the sealed record itself does not change."""
        for label, env in self._everyone():
            note = self.note.with_env(env)
            self.assertRefused(label, lambda n=note: n.write({"body": "rewritten"}))
            self.assertRefused(label, lambda n=note: n.unlink())
            self.assertRefused(
                label,
                lambda env=env: self.call.with_env(env)._message_update_content(
                    self.note.with_env(env), "rewritten"
                ),
            )
        with self.assertRaisesRegex(UserError, "archived in .* files included"):
            self.call.with_user(self.user_manager).message_post(
                body="With a file",
                attachments=[("proof.txt", b"proof")],
            )
        wizard = (
            self.env["phone.call.correction.wizard"]
            .with_user(self.user_manager)
            .create(
                {
                    "call_id": self.call.id,
                    "note": "The price agreed was 95, not 90.",
                }
            )
        )
        wizard.action_post()
        correction = self.call.message_ids[0]
        self.assertEqual(correction.author_id, self.user_manager.partner_id)
        self.assertIn("The price agreed was 95, not 90.", correction.body)
        self.assertIn("Signed by pp_manager", correction.body)
        self.assertIn(self.call.archive_hash, correction.body)
        self.assertIn("Customer sounded happy.", self.note.body)
        self.assertIntact()

    def test_someone_without_read_access_cannot_append(self):
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.call.with_user(self.user_officer)._post_correction_note("No.")

    def test_records_the_call_points_at_are_kept(self):
        """Deleting the contact, employee, department or category of an
        archived call would empty those fields in the database."""
        with self.assertRaisesRegex(UserError, "archived call records"):
            self.partner_tw.unlink()
        with self.assertRaisesRegex(UserError, "archived call records"):
            self.emp_sales.unlink()
        with self.assertRaisesRegex(UserError, "archived call records"):
            self.dept_sales.unlink()
        with self.assertRaisesRegex(UserError, "archived call records"):
            self.category_sales.unlink()
        # records no archived call points at may go
        self.partner_us.unlink()
        self.assertFalse(self.partner_us.exists())

    def test_filed_archive_is_unalterable_too(self):
        for label, env in self._everyone():
            archive = self.archive.with_env(env)
            self.assertRefused(
                label, lambda a=archive: a.write({"period_date": date(2026, 4, 1)})
            )
            self.assertRefused(label, lambda a=archive: a.write({"state": "draft"}))
            self.assertRefused(
                label, lambda a=archive: a.write({"last_hash": "$1$" + "0" * 64})
            )
            self.assertRefused(label, lambda a=archive: a.unlink())
        with (
            self.assertRaisesRegex(AccessError, "manager sets legal holds"),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.archive.with_user(self.user_officer).write({"legal_hold": True})
        self.archive.with_user(self.user_manager).write(
            {"legal_hold": True, "legal_hold_reason": "Litigation"}
        )
        self.assertTrue(self.archive.legal_hold)
        # a draft archive is still an officer's working document
        draft = self.Archive.with_user(self.user_officer).create(
            {"company_id": self.company.id}
        )
        draft.write({"period_type": "quarter"})
        # ... but its seal and tombstone are the workflow's to write, so that
        # no one can forge a tombstone to cover missing calls
        with self.assertRaisesRegex(UserError, "edited by hand"):
            draft.write({"disposed_final_hash": "$1$" + "0" * 64})
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            self.Archive.with_user(self.user_manager).create(
                {
                    "company_id": self.company.id,
                    "state": "disposed",
                    "first_sequence": 1,
                    "disposed_last_sequence": 1,
                }
            )
        draft.unlink()
        self.assertFalse(draft.exists())
