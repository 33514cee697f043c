# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get


class PhoneSystem(models.Model):
    _name = "phone.system"
    _description = "Phone System"
    _inherit = ["phone.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("asterisk", "Asterisk"),
            ("freepbx", "FreePBX"),
            ("3cx", "3CX"),
            ("other", "Other"),
        ],
        required=True,
        default="asterisk",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    tz = fields.Selection(
        _tz_get,
        "Time zone",
        required=True,
        default=lambda self: self.env.user.tz or self.env.company._phone_tz(),
        help="Time zone of the dates the phone system writes in its records.",
    )
    numbering_ids = fields.One2many(
        "phone.system.numbering", "system_id", "Numbering plan", copy=True
    )
    account_ids = fields.One2many("phone.account", "system_id", "Accounts")
    account_count = fields.Integer(
        "Number of accounts", compute="_compute_account_count"
    )
    note = fields.Html()

    def _compute_account_count(self):
        counts = dict(
            self.env["phone.account"]._read_group(
                [("system_id", "in", self.ids)], ["system_id"], ["__count"]
            )
        )
        for system in self:
            system.account_count = counts.get(system, 0)

    def _numbering_for(self, department):
        """The numbering plan lines of this system for ``department``."""
        self.ensure_one()
        return self.numbering_ids.filtered(
            lambda line: line.department_id == department
        )

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_account_action"
        )
        action["domain"] = [("system_id", "=", self.id)]
        action["context"] = {"default_system_id": self.id}
        return action


class PhoneSystemNumbering(models.Model):
    _name = "phone.system.numbering"
    _description = "Numbering Plan of a Department"
    _inherit = ["phone.guard.mixin"]
    _order = "system_id, sequence, id"
    _check_company_auto = True

    system_id = fields.Many2one(
        "phone.system", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="system_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "hr.department", required=True, index=True, check_company=True
    )
    rule = fields.Selection(
        [("prefix", "Prefix"), ("range", "Range")],
        required=True,
        default="prefix",
    )
    prefix = fields.Char(help="Extensions of the department start with these digits.")
    extension_length = fields.Integer(
        "Digits", default=4, help="Number of digits of an extension; 0 for any."
    )
    range_start = fields.Integer("From")
    range_end = fields.Integer("To")
    description = fields.Char(compute="_compute_description")

    @api.depends("rule", "prefix", "extension_length", "range_start", "range_end")
    def _compute_description(self):
        for line in self:
            if line.rule == "prefix":
                line.description = _(
                    "%(prefix)s… (%(digits)s digits)",
                    prefix=line.prefix or "",
                    digits=line.extension_length or _("any"),
                )
            else:
                line.description = _(
                    "%(start)s to %(end)s", start=line.range_start, end=line.range_end
                )

    @api.constrains("rule", "prefix", "range_start", "range_end", "extension_length")
    def _check_rule(self):
        for line in self:
            if line.rule == "prefix" and not (line.prefix or "").isdigit():
                raise ValidationError(
                    _("The prefix of a numbering plan is made of digits.")
                )
            if line.rule == "range" and not 0 <= line.range_start <= line.range_end:
                raise ValidationError(
                    _("A numbering range goes from a smaller to a larger extension.")
                )
            if line.extension_length < 0:
                raise ValidationError(_("The number of digits cannot be negative."))

    def _matches(self, extension):
        """True when ``extension`` follows this line of the plan."""
        self.ensure_one()
        if not extension or not extension.isdigit():
            return False
        if self.rule == "prefix":
            return extension.startswith(self.prefix or "") and (
                not self.extension_length or len(extension) == self.extension_length
            )
        return self.range_start <= int(extension) <= self.range_end

    def _first_free(self, taken):
        """The first extension of this line of the plan not in ``taken``
        (False when there is none, or when the line does not fix the number
        of digits)."""
        self.ensure_one()
        if self.rule == "range":
            candidates = (str(n) for n in range(self.range_start, self.range_end + 1))
        else:
            width = (self.extension_length or 0) - len(self.prefix or "")
            if width <= 0:
                return False
            candidates = (
                f"{self.prefix or ''}{n:0{width}d}" for n in range(1, 10**width)
            )
        return next((ext for ext in candidates if ext not in taken), False)
