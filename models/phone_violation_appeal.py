# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An employee's appeal against a confirmed violation and the Manager's
decision that closes it (policy §6.2)."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..utils.sentences import lang_env


class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    appeal_statement = fields.Text(string="Appeal statement", readonly=True, copy=False)
    appeal_date = fields.Datetime(string="Appeal date", readonly=True, copy=False)
    decision_note = fields.Text(
        "Decision on the appeal", copy=False, tracking=True, readonly=True
    )

    def action_appeal(self):
        self.ensure_one()
        self._phone_check_own()
        return {
            "type": "ir.actions.act_window",
            "name": _("Appeal"),
            "res_model": "phone.violation.appeal.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_violation_id": self.id},
        }

    def _phone_appeal(self, statement):
        self._phone_check_own()
        if not (statement or "").strip():
            raise UserError(_("Say why you appeal."))
        for violation in self:
            if violation.state != "confirmed":
                raise UserError(_("Only a confirmed violation can be appealed."))
            # sudo: the employee's own violation, checked above
            sudo_violation = violation.sudo()
            sudo_violation._phone_workflow_write(
                {
                    "state": "appealed",
                    "appeal_statement": statement,
                    "appeal_date": fields.Datetime.now(),
                }
            )
            sudo_violation.activity_feedback(
                ["phone_policy.mail_activity_type_violation_acknowledge"],
                feedback=_("Appealed"),
            )
            decider = violation.confirmed_by_id or self.env.ref("base.user_admin")
            sudo_violation.activity_schedule(
                "phone_policy.mail_activity_type_violation_appeal",
                user_id=decider.id,
                summary=lang_env(violation, decider)._(
                    "Decide on the appeal against %(violation)s",
                    violation=violation.name,
                ),
            )
            sudo_violation.message_post(
                body=_("Appeal: %(statement)s", statement=statement),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_close(self):
        """HR closes an acknowledged violation; an appealed one is upheld
        with a decision, written in the decision wizard."""
        return self._phone_close()

    def _phone_close(self, decision=None):
        """Close acknowledged violations, or uphold appealed ones with
        ``decision`` (without it, open the decision wizard)."""
        self._phone_check_manager()
        for violation in self:
            if violation.state not in ("acknowledged", "appealed"):
                raise UserError(
                    _(
                        "%(violation)s must be acknowledged or appealed before it "
                        "is closed.",
                        violation=violation.name,
                    )
                )
            vals = {"state": "closed", "closed_date": fields.Datetime.now()}
            if violation.state == "appealed":
                if not decision:
                    return violation._phone_decision_wizard()
                vals["decision_note"] = decision
            violation._phone_workflow_write(vals)
            violation.activity_feedback(
                ["phone_policy.mail_activity_type_violation_appeal"],
                feedback=_("Appeal rejected: violation upheld"),
            )
        return True

    def _phone_decision_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Uphold the violation"),
            "res_model": "phone.violation.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_violation_id": self.id, "default_mode": "uphold"},
        }
