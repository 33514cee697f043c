# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Officer's review queue of findings: *Run now* instead of waiting for
the hourly job, and the bulk *Dismiss* / *Convert* of the list (server
actions bound to the list, ``data/phone_review_actions.xml``), each checked
here whatever the client sends."""

from odoo import _, models
from odoo.exceptions import AccessError

from ..utils.groups import OFFICER_GROUP

# calls evaluated by one press of Run now (the hourly job takes the rest)
RUN_NOW_BATCHES = 20


class PhoneFinding(models.Model):
    _inherit = "phone.finding"

    def action_run_rules(self):
        """Evaluate the calls waiting for the rules now, as the hourly job
        would, and say how many new findings there are to review."""
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(_("Only Phone Policy officers run the finding rules."))
        before = self.search_count([])
        # sudo: the rules read every call of every company, as their cron does;
        # the Officer then sees only the findings their rules let them read
        self.env["phone.finding.rule"].sudo()._cron_evaluate(
            max_batches=RUN_NOW_BATCHES, commit=False
        )
        found = self.search_count([]) - before
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if found else "info",
                "title": _("Finding rules run"),
                "message": (
                    _("%(count)s new findings to review.", count=found)
                    if found > 1
                    else _("1 new finding to review.")
                    if found == 1
                    else _("No new finding: the calls follow the rules checked.")
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_bulk_dismiss(self):
        """Dismiss the selected findings (the list's action)."""
        self._check_reviewer()
        self.action_dismiss()

    def action_bulk_convert(self):
        """Convert the selected findings into draft violations (the list's
        action)."""
        self._check_reviewer()
        self.action_convert()

    def _check_reviewer(self):
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(_("Only Phone Policy officers review findings."))
        self.check_access("write")
