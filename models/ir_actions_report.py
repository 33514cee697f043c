# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        docs = data.get("docs")
        if self.env.su or not isinstance(docs, models.BaseModel) or not docs:
            return data
        # printing an archived call, or a record that prints calls (a
        # violation's evidence), reads the calls: html, pdf and text alike
        if docs._name == "phone.call":
            docs._phone_log_archive_read()
        elif hasattr(docs, "_phone_report_calls"):
            docs._phone_report_calls()._phone_log_archive_read()
        return data
