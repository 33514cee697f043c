# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults from scheduled maintenance (policy §3): the check a maintenance
plan schedules, its result and the corrective faults it opens."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from .phone_fault import DONE_STATES
from .phone_guard import phone_workflow


class PhoneFault(models.Model):
    _inherit = "phone.fault"

    # Scheduled maintenance
    plan_id = fields.Many2one(
        "phone.maintenance.plan",
        "Maintenance plan",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    plan_date = fields.Date("Due on", readonly=True, copy=False)
    check_result = fields.Selection(
        [("ok", "OK"), ("issue", "Issue found")],
        "Result",
        tracking=True,
        copy=False,
    )
    check_id = fields.Many2one(
        "phone.fault",
        "Found during check",
        index="btree_not_null",
        readonly=True,
        check_company=True,
    )
    corrective_ids = fields.One2many(
        "phone.fault", "check_id", "Faults found by this check"
    )

    @api.constrains("kind", "check_result")
    def _check_check_result(self):
        for fault in self:
            if fault.kind == "corrective" and fault.check_result:
                raise ValidationError(
                    _("Only a scheduled maintenance task has a check result.")
                )

    def action_check_ok(self):
        """A scheduled check passed."""
        self._check_preventive()
        for fault in self:
            values = {
                "check_result": "ok",
                "stage_id": self._stage_for("closed").id,
            }
            if is_html_empty(fault.resolution):
                values["resolution"] = _("Check passed.")
            with phone_workflow():
                fault.write(values)
        return True

    def action_check_issue(self):
        """A scheduled check found an issue: complete the check and open a
        corrective fault ticket linked to it."""
        self.ensure_one()
        self._check_preventive()
        if is_html_empty(self.resolution):
            raise UserError(
                _(
                    "Describe the issue found in the result notes of %(ref)s.",
                    ref=self.name,
                )
            )
        # the new ticket is linked to the check it came from
        with phone_workflow():
            fault = self._phone_create_from_check()
            self.write(
                {"check_result": "issue", "stage_id": self._stage_for("closed").id}
            )
        self.message_post(
            body=_("Issue found: fault ticket %(ref)s opened.", ref=fault.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "phone.fault",
            "res_id": fault.id,
            "view_mode": "form",
            "target": "current",
        }

    def _phone_create_from_check(self):
        return self.create(
            {
                "kind": "corrective",
                "check_id": self.id,
                "company_id": self.company_id.id,
                "symptom": _(
                    "Issue found by %(ref)s: %(task)s", ref=self.name, task=self.symptom
                ),
                "description": self.resolution,
                "date_occurred": fields.Datetime.now(),
                "system_id": self.system_id.id,
                "team_id": self.team_id.id,
                "technician_id": self.technician_id.id,
            }
        )

    def action_view_corrective(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_fault_action"
        )
        action["domain"] = [("check_id", "=", self.id)]
        action["context"] = {}
        return action

    def _check_preventive(self):
        for fault in self:
            if fault.kind != "preventive":
                raise UserError(
                    _("%(ref)s is not a scheduled maintenance task.", ref=fault.name)
                )
            if fault.state in DONE_STATES:
                raise UserError(_("%(ref)s is already completed.", ref=fault.name))
