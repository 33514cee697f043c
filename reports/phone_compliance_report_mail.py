# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression

from ..models.phone_compliance_mail import is_manager_view


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneComplianceReport(models.Model):
    """The figures of the report e-mailed to a department manager
    (models/phone_compliance_mail.py) leave out the confidential calls,
    which a department manager may not read; they count everything else of
    the department, archived calls and violations from reports included,
    which the department manager reads or may ask to read."""

    _inherit = "phone.compliance.report"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _read_group(self, domain, *args, **kwargs):
        if is_manager_view():
            domain = expression.AND([domain, [("confidential", "=", False)]])
        return super()._read_group(domain, *args, **kwargs)
