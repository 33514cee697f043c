# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""HR's review queue of draft violations: *Confirm* and *Cancel* the
selected drafts at once (server actions bound to the list,
``data/phone_review_actions.xml``). Each action checks here what the
single-record buttons check: who decides, and that every one is a draft."""

from odoo import _, models
from odoo.exceptions import UserError


class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    def _check_all_drafts(self):
        not_drafts = self.filtered(lambda v: v.state != "draft")
        if not_drafts:
            raise UserError(
                _(
                    "Only drafts are confirmed or cancelled together; these are "
                    "not drafts: %(violations)s.",
                    violations=", ".join(not_drafts.mapped("display_name")),
                )
            )

    def action_bulk_confirm(self):
        self._check_all_drafts()
        self.action_confirm()

    def action_bulk_cancel(self):
        """The decision wizard, once for all the selected drafts: one reason."""
        self._check_all_drafts()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel the violations"),
            "res_model": "phone.violation.decision.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_violation_id": self[:1].id,
                "default_cancel_violation_ids": self.ids,
                "default_mode": "cancel",
            },
        }
