# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an import could not match: the calls of no employee, and the
extensions they came from, so that the Officer knows which extensions still
need a phone account (policy §3.1) before the figures count them."""

from odoo import _, api, fields, models

# the extensions named on the import's form; the rest are counted
SHOWN_EXTENSIONS = 10


class PhoneCdrImport(models.Model):
    _inherit = "phone.cdr.import"

    count_unmatched = fields.Integer(
        "Calls of no employee",
        compute="_compute_unmatched",
        help="Calls created by this import whose extension belongs to no "
        "employee's phone account: they count for nobody.",
    )
    unmatched_extensions = fields.Char(
        "Extensions without an account",
        compute="_compute_unmatched",
        help="The extensions (or numbers) of those calls, the most frequent "
        "first, with their number of calls.",
    )

    @api.depends("call_count")
    def _compute_unmatched(self):
        Call = self.env["phone.call"]
        unmatched = [("cdr_import_id", "in", self.ids), ("employee_id", "=", False)]
        totals = {}
        # the internal side of a call: who was called for an inbound call,
        # who called otherwise; read under the reader's rules
        for direction, number_field in (("inbound", "cdr_dst"), ("other", "cdr_src")):
            operator = "=" if direction == "inbound" else "!="
            for imp, number, count in Call._read_group(
                unmatched + [("direction", operator, "inbound")],
                ["cdr_import_id", number_field],
                ["__count"],
            ):
                key = (imp.id, number)
                totals[key] = totals.get(key, 0) + count
        counts = {}
        for (import_id, number), count in sorted(
            totals.items(), key=lambda item: (-item[1], item[0][1] or "")
        ):
            counts.setdefault(import_id, []).append((number, count))
        for imp in self:
            numbers = counts.get(imp.id, [])
            imp.count_unmatched = sum(count for _number, count in numbers)
            shown = [
                _("%(extension)s (%(count)s)", extension=number, count=count)
                for number, count in numbers[:SHOWN_EXTENSIONS]
                if number
            ]
            if len(numbers) > SHOWN_EXTENSIONS:
                shown.append(
                    _("and %(count)s more", count=len(numbers) - SHOWN_EXTENSIONS)
                )
            imp.unmatched_extensions = ", ".join(shown) or False

    def action_view_unmatched_calls(self):
        self.ensure_one()
        action = self.action_view_calls()
        action["domain"] = [
            ("cdr_import_id", "=", self.id),
            ("employee_id", "=", False),
        ]
        action["name"] = _("Calls of no employee")
        return action
