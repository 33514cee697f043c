# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression

from ..models.phone_compliance_mail import is_officer_view


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneComplianceReport(models.Model):
    """The figures of the e-mailed report (models/phone_compliance_mail.py)
    are those an Officer reads: the rows the record rules keep from Officers
    are left out, whoever renders it."""

    _inherit = "phone.compliance.report"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _read_group(self, domain, *args, **kwargs):
        if is_officer_view():
            domain = expression.AND([domain, [("restricted", "=", False)]])
        return super()._read_group(domain, *args, **kwargs)
