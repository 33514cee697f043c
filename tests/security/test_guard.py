# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules of ``phone.guard.mixin`` the generated suites rely on, each
shown once over JSON-RPC."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PhonePolicyRpcCase


@tagged("post_install", "-at_install")
class TestGuard(PhonePolicyRpcCase):
    def test_every_model_with_a_table_is_guarded(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "phone_policy"), ("model", "=", "ir.model")]
        )
        names = self.env["ir.model"].browse(data.mapped("res_id")).mapped("model")
        own = [
            name
            for name in names
            if self.env[name]._original_module == "phone_policy"
            and self.env[name]._auto
            and name != "phone.guard.mixin"
        ]
        self.assertGreater(len(own), 40)
        # directly, or through a mixin that inherits it (phone.document.mixin)
        guard = self.env.registry["phone.guard.mixin"]
        unguarded = [n for n in own if not isinstance(self.env[n], guard)]
        self.assertFalse(unguarded, "models a caller may fill as they like")

    def _tracked_changes(self, call):
        return self.env["mail.tracking.value"].search_count(
            [
                ("mail_message_id.model", "=", "phone.call"),
                ("mail_message_id.res_id", "=", call.id),
            ]
        )

    def test_audit_keys_do_not_hide_a_change(self):
        """``tracking_disable`` and ``mail_notrack`` from the caller leave
        the change in the chatter all the same."""
        call = self._call(self.user_sales, subject="Quotation")
        before = self._tracked_changes(call)
        result = self.rpc(
            "pp_sales",
            "phone.call",
            "write",
            [call.id],
            {"subject": "Quotation, revised", "confidentiality": "confidential"},
            context={"tracking_disable": True, "mail_notrack": True},
        )
        self.assertTrue(result.ok, result)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self._tracked_changes(call), before + 2)

    @mute_logger("odoo.http")
    def test_a_copy_starts_afresh(self):
        """A copy leaves out what only the workflow sets: copying one's call
        from the phone system does not forge another one."""
        call = self._call(self.user_sales, subject="From the PBX")
        call.write({"source": "pbx", "cdr_key": "pbx.1", "cdr_src": "1001"})
        result = self.rpc("pp_sales", "phone.call", "copy", [call.id])
        self.assertTrue(result.ok, result)
        copy = self.env["phone.call"].browse(result.value)
        self.assertEqual(copy.subject, "From the PBX")
        self.assertEqual(copy.source, "manual")
        self.assertFalse(copy.cdr_src)
        # and a copy with the workflow's values given is refused
        result = self.rpc(
            "pp_sales", "phone.call", "copy", [call.id], default={"source": "pbx"}
        )
        self.assertRefused(result)
