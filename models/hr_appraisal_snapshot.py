# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A decided appraisal does not move (policy §6.1.3): when an appraisal is
confirmed, its Phone conduct figures and the lists of violations and
commendations are stored as a snapshot with its date; from then on the tab
and the annex PDF show the snapshot, whatever changes later (a violation
confirmed late, a call disposed of, a setting changed). Before
confirmation HR sees live figures; sent back to "To Confirm", the
appraisal is live again and the next confirmation takes a new snapshot."""

from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .hr_appraisal import PHONE_CONDUCT_GROUPS
from .phone_guard import in_phone_workflow, phone_workflow

# states of a decided appraisal (hr_appraisal_oca)
DECIDED_STATES = ("2_pending", "3_done")
SNAPSHOT_FIELDS = {"phone_snapshot", "phone_snapshot_date"}
DATE_FIELDS = ("phone_date_from", "phone_date_to")


class HrAppraisal(models.Model):
    _inherit = "hr.appraisal"

    phone_snapshot = fields.Json(
        "Phone conduct snapshot",
        groups=PHONE_CONDUCT_GROUPS,
        copy=False,
        readonly=True,
    )
    phone_snapshot_date = fields.Datetime(
        "Phone conduct frozen on",
        groups=PHONE_CONDUCT_GROUPS,
        copy=False,
        readonly=True,
        help="When the appraisal was confirmed: the figures of the Phone "
        "conduct tab are those of that moment. Empty: live figures.",
    )

    @api.depends_context("uid")
    @api.depends("employee_id", "date_close", "phone_snapshot")
    def _compute_phone_conduct(self):
        # sudo: whether a snapshot exists; its values go only where allowed
        frozen = self.filtered(
            lambda a: isinstance(a.id, int) and a.sudo().phone_snapshot
        )
        result = super(HrAppraisal, self - frozen)._compute_phone_conduct()
        empty = self._phone_conduct_empty()
        for appraisal in frozen:
            values = dict(empty, phone_conduct_visible=False)
            if appraisal._phone_conduct_allowed():
                # sudo: the snapshot of an appraisal the reader may see the tab of
                snapshot = dict(appraisal.sudo().phone_snapshot)
                for fname in DATE_FIELDS:
                    if snapshot.get(fname):
                        snapshot[fname] = date.fromisoformat(snapshot[fname])
                values.update(
                    {key: value for key, value in snapshot.items() if key in values},
                    phone_conduct_visible=True,
                )
            appraisal.update(values)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        self._phone_check_snapshot_values(vals_list)
        appraisals = super().create(vals_list)
        appraisals.filtered(lambda a: a.state in DECIDED_STATES)._phone_take_snapshot()
        return appraisals

    def write(self, vals):
        self._phone_check_snapshot_values([vals])
        deciding = self.browse()
        reopening = self.browse()
        if vals.get("state") in DECIDED_STATES:
            deciding = self.filtered(lambda a: a.state not in DECIDED_STATES)
        elif vals.get("state") == "1_new":
            reopening = self.filtered(lambda a: a.state in DECIDED_STATES)
        result = super().write(vals)
        deciding._phone_take_snapshot()
        if reopening:
            with phone_workflow():
                # sudo: live figures again; the snapshot is the application's
                reopening.sudo().write(dict.fromkeys(SNAPSHOT_FIELDS, False))
        return result

    @api.model
    def _phone_check_snapshot_values(self, vals_list):
        """The snapshot is taken by the confirmation, never sent by a
        caller (readonly protects nothing over RPC)."""
        if in_phone_workflow() or self.env.su:
            return
        if any(SNAPSHOT_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(
                _(
                    "The phone conduct of an appraisal is frozen when it is "
                    "confirmed; it cannot be written by hand."
                )
            )

    def _phone_take_snapshot(self):
        """Store the figures of the tab as they are now, with the date."""
        # the transaction's time: one confirmation, one date
        now = self.env.cr.now()
        for appraisal in self.filtered("employee_id"):
            # sudo: HR's figures, stored for who may see the tab (groups)
            source = appraisal.sudo()
            date_from, date_to = source._phone_conduct_period()
            figures = source._phone_conduct_figures(date_from, date_to)
            figures["phone_conduct_details"] = str(figures["phone_conduct_details"])
            figures.update(
                phone_date_from=date_from.isoformat(),
                phone_date_to=date_to.isoformat(),
            )
            with phone_workflow():
                source.write({"phone_snapshot": figures, "phone_snapshot_date": now})
