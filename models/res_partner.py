# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from .phone_guard import check_workflow_fields

E164_FIELDS = ("phone_e164", "mobile_e164")


class ResPartner(models.Model):
    _inherit = "res.partner"

    phone_call_count = fields.Integer("Calls", compute="_compute_phone_call_count")
    # Numbers in E.164, indexed: phone system records find their contact
    # with an index lookup, whatever way the number was typed
    phone_e164 = fields.Char(
        "Phone (E.164)",
        compute="_compute_phone_e164",
        store=True,
        index="btree_not_null",
    )
    mobile_e164 = fields.Char(
        "Mobile (E.164)",
        compute="_compute_phone_e164",
        store=True,
        index="btree_not_null",
    )

    def _compute_phone_call_count(self):
        # calls of the contact and of its child contacts, as sale does it
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        groups = self.env["phone.call"]._read_group(
            [("partner_id", "in", all_partners.ids)], ["partner_id"], ["__count"]
        )
        self_ids = set(self._ids)
        self.phone_call_count = 0
        for partner, count in groups:
            while partner:
                if partner.id in self_ids:
                    partner.phone_call_count += count
                partner = partner.parent_id

    def action_phone_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log a Call"),
            "res_model": "phone.call",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.id,
                "default_direction": "outbound",
            },
        }

    def action_phone_log_call_quick(self):
        """Log a Call on a phone: the short form (direction, counterpart,
        subject, key points, a to-do; the rest folded)."""
        self.ensure_one()
        return self.env["phone.call"]._quick_log_action(self)

    def action_phone_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_call_action"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_direction": "outbound",
        }
        return action

    @api.depends("phone", "mobile", "country_id", "company_id.country_id")
    def _compute_phone_e164(self):
        for partner in self:
            country = (
                partner.country_id
                or partner.company_id.country_id
                or self.env.company.country_id
            )
            for fname, target in (("phone", "phone_e164"), ("mobile", "mobile_e164")):
                number = partner[fname]
                partner[target] = (
                    partner._phone_format(
                        number=number, country=country, force_format="E164"
                    )
                    if number
                    else False
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(self, E164_FIELDS, vals)
        return super().create(vals_list)

    def write(self, vals):
        # the normalised numbers follow the typed ones: a hand-set one would
        # give phone system records to the wrong contact
        check_workflow_fields(self, E164_FIELDS, vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_call_archive(self):
        self.env["phone.call"]._check_no_archived_reference(self, ["partner_id"])
