# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record_check_access(self, record, access_token, field):
        found = super()._find_record_check_access(record, access_token, field)
        # downloading a file of an archived call (/web/content) reads the call
        if record._name == "ir.attachment":
            record._phone_log_archived_calls()
        elif record._name == "phone.call":
            record._phone_log_archive_read()
        return found
