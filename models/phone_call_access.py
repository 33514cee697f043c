# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reaches a call, beyond its record rules.

- Passing a call on (policy §2.1.3). A transfer of a call, or a message
  taken on it, lets its recipient read the call (record rule
  ``phone_call_rule_user_transfer_read``): only the people on the call hand
  it over, never someone who merely may read it.
"""

from odoo import _, models
from odoo.exceptions import AccessError

from .archive_tools import MANAGER_GROUP


class PhoneCall(models.Model):
    _inherit = "phone.call"

    def _phone_on_call(self, user):
        """True when ``user`` took the call (handled it, or logged it without
        an employee), is the colleague on its other end, or got it through a
        transfer."""
        self.ensure_one()
        # sudo: who is on the call, whatever the transfers' own rules say
        call = self.sudo()
        return (
            user == call.user_id
            or user == call.counterpart_employee_id.user_id
            or (not call.employee_id and user == call.create_uid)
            or user in call.transfer_ids.to_user_id
        )

    def _phone_check_handover(self):
        """Refuse unless the current user may read these calls and is on
        each of them; Phone Policy managers record transfers for anyone. The
        same answer for a call one may not read and one one is not on."""
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            self.check_access("read")
            return
        if not self.has_access("read") or not all(
            call._phone_on_call(user) for call in self
        ):
            raise AccessError(
                _(
                    "Only the people on a call pass it on: the colleague who "
                    "took it or got it through a transfer."
                )
            )
