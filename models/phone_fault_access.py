# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what on a fault: the administration staff (technicians,
Officers) work it; its reporter only confirms or reopens it, and reports
only with what they may read."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.groups import OFFICER_GROUP
from .phone_fault import STAFF_FIELDS


class PhoneFault(models.Model):
    _inherit = "phone.fault"

    user_is_staff = fields.Boolean(
        "May handle the ticket", compute="_compute_user_is_staff"
    )
    user_is_reporter = fields.Boolean(
        "Reported by me", compute="_compute_user_is_staff"
    )

    @api.depends_context("uid")
    @api.depends("technician_id", "team_id", "reporter_id")
    def _compute_user_is_staff(self):
        for fault in self:
            fault.user_is_staff = fault._is_staff()
            fault.user_is_reporter = fault.reporter_id == self.env.user

    def _is_staff(self):
        """May the current user handle this ticket: an Officer, its
        technician, or a technician of its team."""
        self.ensure_one()
        user = self.env.user
        return (
            self.env.su
            or user.has_group(OFFICER_GROUP)
            or self.technician_id == user
            or user in self.team_id.member_ids
        )

    @api.model
    def _check_staff_values(self, vals):
        """A reporter describes a new fault: the stage, technician, team,
        priority and the rest of STAFF_FIELDS are the staff's (the form
        shows them read-only to the reporter), but for their defaults."""
        user = self.env.user
        team = self.env["phone.fault.team"].browse(vals.get("team_id"))
        if user.has_group(OFFICER_GROUP) or (user in team.member_ids):
            return
        # the stage a form sends is checked on the new ticket (the New stage)
        refused = self._phone_not_default(vals, STAFF_FIELDS - {"stage_id"})
        if refused:
            raise AccessError(
                _(
                    "A fault ticket is reported in the New stage; the "
                    "administration department assigns it."
                )
            )

    def _check_reporter_creation(self):
        """A reporter describes a fault; assigning and moving it is the staff's."""
        self.ensure_one()
        if self._is_staff():
            return
        if self.kind != "corrective" or self.technician_id or self.state != "new":
            raise AccessError(
                _(
                    "A fault ticket is reported in the New stage; the "
                    "administration department assigns it."
                )
            )
        if self.reporter_id != self.env.user:
            raise AccessError(_("Report faults in your own name."))

    def _check_reporter_action(self):
        for fault in self:
            if fault.state != "resolved":
                raise UserError(
                    _(
                        "%(ref)s is not waiting for a confirmation: only a "
                        "resolved ticket is confirmed or reopened.",
                        ref=fault.name,
                    )
                )
            if fault.reporter_id != self.env.user and not fault._is_staff():
                raise AccessError(
                    _(
                        "Only the reporter of %(ref)s or its technicians may "
                        "confirm or reopen it.",
                        ref=fault.name,
                    )
                )
