# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PhoneFaultTeam(models.Model):
    _name = "phone.fault.team"
    _description = "Team of Phone Technicians"
    _inherit = ["phone.guard.mixin", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    member_ids = fields.Many2many(
        "res.users",
        "phone_fault_team_users_rel",
        "team_id",
        "user_id",
        "Technicians",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="The technicians of the team: they see and handle the team's tickets.",
    )
    color = fields.Integer("Color index")
    fault_ids = fields.One2many("phone.fault", "team_id", "Tickets")
    open_fault_count = fields.Integer(
        "Open tickets", compute="_compute_open_fault_count"
    )

    @api.depends("fault_ids.state")
    def _compute_open_fault_count(self):
        counts = dict(
            self.env["phone.fault"]._read_group(
                [
                    ("team_id", "in", self.ids),
                    ("state", "not in", ("resolved", "closed")),
                ],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_fault_count = counts.get(team, 0)

    def _check_technician(self, technician):
        """A ticket or a maintenance plan of this team (if any) goes to one
        of its technicians (if any)."""
        if self and technician and technician not in self.member_ids:
            raise ValidationError(
                _(
                    "%(user)s is not a technician of the team %(team)s.",
                    user=technician.name,
                    team=self.name,
                )
            )

    def action_view_faults(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_fault_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        return action
