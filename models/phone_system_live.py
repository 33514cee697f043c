# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PhoneSystem(models.Model):
    _inherit = "phone.system"

    live_events_url = fields.Char(
        "Live events address",
        compute="_compute_live_events_url",
        help="The phone system posts each call's ringing, answered and hangup "
        "events as JSON to this address, with the header 'Authorization: "
        "Bearer' followed by its push key (the same key as for its records).",
    )
    live_max_age_minutes = fields.Integer(
        "Live events accepted for (minutes)",
        default=60,
        help="An event whose time is older than this is refused: a replayed or "
        "long-delayed event is no live call. The call-detail record still "
        "brings the call.",
    )

    def _compute_live_events_url(self):
        base_url = self.get_base_url() if self else ""
        for system in self:
            system.live_events_url = (
                "%s/phone_policy/live/%s/events" % (base_url, system.id)
                if system.id
                else False
            )

    @api.constrains("live_max_age_minutes")
    def _check_live_max_age(self):
        for system in self:
            if system.live_max_age_minutes < 1:
                raise ValidationError(
                    _("Live events are accepted for at least one minute.")
                )

    def _live_extension_of(self, extensions):
        """{extension: (employee id, user id, department id, the user's
        partner id if the user is active)} of the system's open accounts
        among ``extensions``: who has an extension now, when it rings."""
        self.ensure_one()
        self.env["phone.account"].flush_model(
            ["system_id", "extension", "employee_id", "state"]
        )
        self.env["hr.employee"].flush_model(["user_id", "department_id"])
        self.env["res.users"].flush_model(["partner_id", "active"])
        self.env.cr.execute(
            """
            SELECT a.extension, e.id, e.user_id, e.department_id,
                   CASE WHEN u.active THEN u.partner_id END
              FROM phone_account a
              JOIN hr_employee e ON e.id = a.employee_id
              LEFT JOIN res_users u ON u.id = e.user_id
             WHERE a.system_id = %s AND a.state != 'closed'
               AND a.extension = ANY(%s)
            """,
            [self.id, list(extensions)],
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}
