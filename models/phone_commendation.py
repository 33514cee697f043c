# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.groups import MANAGER_GROUP
from .phone_guard import phone_workflow
from .phone_reach import check_department_from_hr


class PhoneCommendation(models.Model):
    _name = "phone.commendation"
    _description = "Phone Conduct Commendation"
    _inherit = [
        "phone.document.mixin",
        "phone.employee.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    # evidence is linked only by who may read it
    _phone_reach_fields = {
        "call_ids": "read",
        "inspection_id": "read",
        "inspection_line_id": "read",
        "whistleblow_case_id": "read",
    }
    # decided by HR with the buttons; a decided commendation stays as decided
    _phone_workflow_fields = frozenset({"state"})
    _phone_open_states = ("draft",)

    employee_id = fields.Many2one(required=True)
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    reason = fields.Text(required=True, tracking=True)
    points = fields.Integer("Bonus points", tracking=True)
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, readonly=False
    )
    amount = fields.Monetary("Reward amount", tracking=True)
    promotion_recommended = fields.Boolean("Recommended for promotion", tracking=True)
    source = fields.Selection(
        [
            ("inspection", "Inspection"),
            ("report", "Reward for a report"),
            ("manual", "Manual"),
        ],
        required=True,
        default="manual",
        tracking=True,
        index=True,
    )
    inspection_id = fields.Many2one(
        "phone.inspection", index="btree_not_null", check_company=True
    )
    inspection_line_id = fields.Many2one(
        "phone.inspection.line",
        "Inspected call",
        index="btree_not_null",
        check_company=True,
    )
    whistleblow_case_id = fields.Many2one(
        "phone.whistleblow.case",
        "Whistle-blowing report",
        index="btree_not_null",
        check_company=True,
    )
    call_ids = fields.Many2many(
        "phone.call",
        "phone_commendation_call_rel",
        "commendation_id",
        "call_id",
        "Calls",
        check_company=True,
    )
    is_confidential = fields.Boolean(
        "Confidential reward",
        readonly=True,
        index=True,
        help="The reward of an anonymous whistle-blower: only the employee sees "
        "it; it counts in their points without telling anyone else which "
        "report earned it.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for commendation in self:
            commendation.currency_id = (
                commendation.company_id.currency_id or self.env.company.currency_id
            )

    @api.constrains("department_id", "employee_id")
    def _check_department(self):
        check_department_from_hr(self)

    @api.constrains("points", "amount")
    def _check_amounts(self):
        for commendation in self:
            if commendation.points < 0 or commendation.amount < 0:
                raise ValidationError(
                    _(
                        "Bonus points and reward amount of %(commendation)s cannot "
                        "be negative.",
                        commendation=commendation.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(commendation.state != "draft" for commendation in self):
            raise UserError(
                _("Only draft commendations can be deleted; cancel the others.")
            )

    def action_confirm(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only Phone Policy managers (HR) confirm commendations.")
            )
        for commendation in self:
            if commendation.state != "draft":
                raise UserError(
                    _(
                        "%(commendation)s is not a draft.",
                        commendation=commendation.name,
                    )
                )
        with phone_workflow():
            self.write({"state": "confirmed"})
        for commendation in self.filtered("user_id"):
            commendation.message_post(
                body=_(
                    "Commendation confirmed: %(points)s bonus point(s).",
                    points=commendation.points,
                ),
                partner_ids=commendation.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_cancel(self):
        if self.filtered(lambda c: c.state != "draft") and not self.env.user.has_group(
            MANAGER_GROUP
        ):
            raise AccessError(
                _("Only Phone Policy managers (HR) cancel commendations.")
            )
        with phone_workflow():
            self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Phone Policy managers (HR) reset commendations."))
        with phone_workflow():
            self.filtered(lambda c: c.state == "cancelled").write({"state": "draft"})
        return True
