# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Calls from the phone system's call-detail records (policy §5.1): the
PBX's own fields of a call and the automatic findings about it."""

from odoo import api, fields, models

from ..utils.groups import OFFICER_GROUP


class PhoneCall(models.Model):
    _inherit = "phone.call"

    # Calls from the phone system's call-detail records (policy §5.1)
    # no index of its own: the unique (system_id, cdr_key) index serves
    # searches by phone system (fewer indexes, faster imports)
    system_id = fields.Many2one(
        "phone.system",
        "Phone system",
        readonly=True,
        check_company=True,
    )
    cdr_import_id = fields.Many2one(
        "phone.cdr.import",
        "PBX import",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=OFFICER_GROUP,
    )
    cdr_key = fields.Char(
        "PBX record key",
        readonly=True,
        copy=False,
        help="The PBX's unique id of the record (or a hash of the record when "
        "the PBX gives none). One call per key and phone system.",
    )
    cdr_hash = fields.Char(
        "PBX record hash",
        readonly=True,
        copy=False,
        help="Hash of the record's content: the same call exported in another "
        "format is recognised as a duplicate.",
    )
    cdr_src = fields.Char("Calling number (PBX)", readonly=True, copy=False)
    cdr_dst = fields.Char("Called number (PBX)", readonly=True, copy=False)
    cdr_disposition = fields.Selection(
        [
            ("answered", "Answered"),
            ("no_answer", "No answer"),
            ("busy", "Busy"),
            ("failed", "Failed to connect"),
        ],
        "Outcome (PBX)",
        readonly=True,
        copy=False,
    )
    cdr_answer_date = fields.Datetime("Answered at", readonly=True, copy=False)
    cdr_end_date = fields.Datetime("Ended at", readonly=True, copy=False)
    cdr_total_seconds = fields.Integer(
        "Total time (seconds)",
        readonly=True,
        copy=False,
        help="From the first ring to hanging up.",
    )
    cdr_context = fields.Char("Dial context", readonly=True, copy=False)
    cdr_clid = fields.Char("Caller ID", readonly=True, copy=False)
    cdr_channel = fields.Char("Channel", readonly=True, copy=False)
    cdr_dst_channel = fields.Char("Destination channel", readonly=True, copy=False)
    cdr_account_code = fields.Char("Account code", readonly=True, copy=False)
    cdr_merged = fields.Boolean(
        "Logged by hand, completed from the PBX",
        readonly=True,
        copy=False,
        help="This call was logged by hand before the phone system's record "
        "arrived; the record completed it instead of creating a second call.",
    )
    finding_ids = fields.One2many(
        "phone.finding",
        "call_id",
        "Findings",
        groups=OFFICER_GROUP,
    )
    finding_count = fields.Integer(
        "Number of findings",
        compute="_compute_finding_count",
        groups=OFFICER_GROUP,
    )

    _sql_constraints = [
        (
            "cdr_key_uniq",
            "unique(system_id, cdr_key)",
            "This phone system record was already imported.",
        ),
        (
            "cdr_hash_uniq",
            "unique(system_id, cdr_hash)",
            "This phone system record was already imported.",
        ),
        (
            "archive_sequence_uniq",
            "unique(company_id, archive_sequence)",
            "Two archived calls cannot share a place in the integrity chain.",
        ),
    ]

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        counts = dict(
            self.env["phone.finding"]._read_group(
                [("call_id", "in", self.ids)], ["call_id"], ["__count"]
            )
        )
        for call in self:
            call.finding_count = counts.get(call, 0)

    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_finding_action"
        )
        action["domain"] = [("call_id", "=", self.id)]
        action["context"] = {}
        return action
