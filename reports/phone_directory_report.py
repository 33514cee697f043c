# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class PhoneDirectoryReport(models.AbstractModel):
    """Values of the printed directory: rows grouped by department and the
    numbering plans of the phone systems they use, in the company's language."""

    _name = "report.phone_policy.phone_directory_report_document"
    _description = "Printed Phone Directory"

    @api.model
    def _get_report_values(self, docids, data=None):
        rows = self.env["phone.directory"].browse(docids)
        company = rows.company_id[:1] or self.env.company
        lang = company.partner_id.lang or self.env.lang
        rows = rows.with_context(lang=lang).sorted(
            lambda r: (r.department_id.name or "", r.name or "")
        )
        groups = []
        for row in rows:
            if not groups or groups[-1][0] != row.department_id:
                groups.append((row.department_id, []))
            groups[-1][1].append(row)
        systems = rows.system_id or self.env["phone.system"].with_context(
            lang=lang
        ).search([("company_id", "=", company.id)])
        return {
            "doc_ids": docids,
            "doc_model": "phone.directory",
            "docs": rows,
            "company": company,
            "res_company": company,
            # not "lang": ir.qweb sets that one to the rendering context's
            "directory_lang": lang,
            "groups": groups,
            "systems": systems,
        }
