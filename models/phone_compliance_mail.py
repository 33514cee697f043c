# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly compliance report e-mailed to each department manager on the
company's first working day of the month (an opt-in company setting): the
report's PDF of their department for the previous month, written with the
company's mail template in the manager's language. One record per
department and month says it was sent, so that it is sent once."""

import base64
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools.safe_eval import safe_eval, time

from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)

# True while the e-mailed report is rendered: its figures are those of the
# department its manager may read, confidential calls left out
# (reports/phone_compliance_report_mail.py); a context key could not do it
_MANAGER_VIEW = ContextVar("phone_policy_compliance_manager_view", default=False)


@contextmanager
def manager_view():
    token = _MANAGER_VIEW.set(True)
    try:
        yield
    finally:
        _MANAGER_VIEW.reset(token)


def is_manager_view():
    return _MANAGER_VIEW.get()


class PhoneComplianceMail(models.Model):
    _name = "phone.compliance.mail"
    _description = "Monthly Compliance Report E-mail"
    # its fields are set by the monthly job only (phone_workflow below)
    _inherit = ["phone.guard.mixin"]
    _order = "month desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    department_id = fields.Many2one(
        "hr.department",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    month = fields.Date(
        required=True, readonly=True, help="The first day of the month reported."
    )
    manager_id = fields.Many2one(
        "hr.employee", "Manager", readonly=True, ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner", "Sent to", readonly=True, ondelete="set null"
    )

    _sql_constraints = [
        (
            "department_month_unique",
            "UNIQUE(department_id, month)",
            "The report of a department is e-mailed once a month.",
        )
    ]

    @api.depends("department_id", "month")
    def _compute_display_name(self):
        for mail in self:
            month = mail.month.strftime("%Y-%m") if mail.month else ""
            mail.display_name = f"{mail.department_id.name or ''} {month}".strip()

    @api.model
    def _manager_partner(self, manager):
        """The contact a department manager is written to: their user's,
        else their work contact; False without an e-mail address."""
        partner = manager.user_id.partner_id or manager.work_contact_id
        return partner if partner.email else False

    def _render_report(self):
        """(file name, base64 content) of the compliance report of the
        department for the month: the report's own PDF, without the
        confidential calls."""
        self.ensure_one()
        wizard = self.env["phone.compliance.print.wizard"].create(
            {
                "company_id": self.company_id.id,
                "month": str(self.month.month),
                "year": self.month.year,
                "department_ids": [Command.set(self.department_id.ids)],
            }
        )
        report = self.env.ref("phone_policy.phone_compliance_report_pdf")
        with manager_view():
            content, kind = self.env["ir.actions.report"]._render_qweb_pdf(
                report, wizard.ids
            )
        name = safe_eval(report.print_report_name, {"object": wizard, "time": time})
        wizard.unlink()
        name = f"{name} {self.department_id.name}.{kind}"
        return name, base64.b64encode(content)

    @api.model
    def _cron_send_monthly_reports(self):
        """Daily: in each company that asked for it, from its first working
        day of the month on, e-mail every department manager the report of
        their department for the previous month, once."""
        template = self.env.ref(
            "phone_policy.mail_template_compliance_report", raise_if_not_found=False
        )
        if not template:
            return
        companies = self.env["res.company"].search(
            [("phone_compliance_mail", "=", True)]
        )
        for company in companies:
            today = company._phone_today()
            if today < company._phone_first_working_day(today):
                continue
            month = (today - relativedelta(months=1)).replace(day=1)
            departments = self.env["hr.department"].search(
                [("company_id", "=", company.id), ("manager_id", "!=", False)],
                order="id",
            )
            done = self.search(
                [("department_id", "in", departments.ids), ("month", "=", month)]
            ).department_id
            for department in departments - done:
                partner = self._manager_partner(department.manager_id)
                if not partner:
                    _logger.info(
                        "Compliance report of %s not e-mailed: its manager has "
                        "no e-mail address",
                        department.complete_name,
                    )
                    continue
                with phone_workflow():
                    mail = self.create(
                        {
                            "company_id": company.id,
                            "department_id": department.id,
                            "month": month,
                            "manager_id": department.manager_id.id,
                            "partner_id": partner.id,
                        }
                    )
                template.send_mail(
                    mail.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"attachments": [mail._render_report()]},
                )
