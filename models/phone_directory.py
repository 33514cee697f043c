# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class PhoneDirectory(models.Model):
    """The internal phone directory: one row per active employee with only
    what colleagues may know (name, department, job, work numbers,
    extension), readable by every internal user. It reads hr_employee
    columns the way hr.employee.public does, and adds the extension's phone
    system and whether it follows its department's numbering plan."""

    _name = "phone.directory"
    _description = "Internal Phone Directory"
    _auto = False
    _order = "department_id, name, id"
    _rec_name = "name"
    _depends = {
        "hr.employee": [
            "name",
            "active",
            "company_id",
            "department_id",
            "job_id",
            "job_title",
            "work_phone",
            "work_email",
            "user_id",
            "phone_extension",
        ],
        "phone.account": ["employee_id", "extension", "state", "system_id"],
        "phone.system.numbering": [
            "system_id",
            "department_id",
            "rule",
            "prefix",
            "extension_length",
            "range_start",
            "range_end",
        ],
    }

    employee_id = fields.Many2one("hr.employee", "Employee", readonly=True)
    name = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True)
    job_id = fields.Many2one("hr.job", "Job position", readonly=True)
    job_title = fields.Char("Job title", readonly=True)
    work_phone = fields.Char("Work phone", readonly=True)
    work_email = fields.Char("Work email", readonly=True)
    user_id = fields.Many2one("res.users", "User", readonly=True)
    extension = fields.Char(readonly=True)
    system_id = fields.Many2one("phone.system", "Phone system", readonly=True)
    numbering_ok = fields.Boolean(
        "Follows the numbering plan",
        readonly=True,
        help="False when the extension does not follow the numbering plan of "
        "the employee's department on its phone system.",
    )
    numbering_plan = fields.Char(
        "Department's numbering plan", compute="_compute_numbering"
    )
    numbering_warning = fields.Char(
        string="Numbering warning", compute="_compute_numbering"
    )
    availability = fields.Char(compute="_compute_availability")
    is_away = fields.Boolean(
        "Away now", compute="_compute_availability", search="_search_is_away"
    )

    @property
    def _table_query(self):
        # the extension comes from hr_employee.phone_extension (the account
        # that wins there), the system from that open account
        return SQL(
            """
            SELECT emp.id AS id,
                   emp.id AS employee_id,
                   emp.name AS name,
                   emp.company_id AS company_id,
                   emp.department_id AS department_id,
                   emp.job_id AS job_id,
                   emp.job_title AS job_title,
                   emp.work_phone AS work_phone,
                   emp.work_email AS work_email,
                   emp.user_id AS user_id,
                   emp.phone_extension AS extension,
                   acc.system_id AS system_id,
                   (
                       emp.phone_extension IS NULL
                       OR (
                           emp.phone_extension ~ '^[0-9]+$'
                           AND (
                               NOT EXISTS (
                                   SELECT 1 FROM phone_system_numbering num
                                    WHERE num.system_id = acc.system_id
                                      AND num.department_id = emp.department_id
                               )
                               OR EXISTS (
                                   SELECT 1 FROM phone_system_numbering num
                                    WHERE num.system_id = acc.system_id
                                      AND num.department_id = emp.department_id
                                      AND (
                                          (num.rule = 'prefix'
                                           AND starts_with(emp.phone_extension,
                                                           COALESCE(num.prefix, ''))
                                           AND (COALESCE(num.extension_length, 0) = 0
                                                OR length(emp.phone_extension)
                                                   = num.extension_length))
                                          OR (num.rule = 'range'
                                              AND emp.phone_extension::numeric
                                                  BETWEEN num.range_start
                                                      AND num.range_end)
                                      )
                               )
                           )
                       )
                   ) AS numbering_ok
              FROM hr_employee emp
         LEFT JOIN LATERAL (
                   SELECT acc.system_id
                     FROM phone_account acc
                    WHERE acc.employee_id = emp.id
                      AND acc.extension = emp.phone_extension
                      AND acc.state != 'closed'
                 ORDER BY acc.id
                    LIMIT 1
                   ) acc ON TRUE
             WHERE emp.active
            """
        )

    @api.depends("system_id", "department_id", "extension", "numbering_ok")
    def _compute_numbering(self):
        for row in self:
            lines = (
                row.system_id._numbering_for(row.department_id)
                if row.system_id
                else self.env["phone.system.numbering"]
            )
            plan = ", ".join(lines.mapped("description"))
            row.numbering_plan = plan or False
            row.numbering_warning = (
                False
                if row.numbering_ok
                else _(
                    "Extension %(ext)s does not follow the numbering plan of "
                    "%(dept)s: %(plan)s.",
                    ext=row.extension,
                    dept=row.department_id.name,
                    plan=plan or _("digits only"),
                )
            )

    @api.depends_context("uid", "tz")
    def _compute_availability(self):
        employees = self.env["hr.employee"].browse(self.ids)
        current = self.env["phone.coverage"]._current_coverages(employees)
        for row in self:
            coverage = current.get(row.id)
            row.is_away = bool(coverage)
            row.availability = (
                coverage._availability_text() if coverage else _("Available")
            )

    def _search_is_away(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on availability."))
        away = self.env["phone.coverage"]._away_employee_ids()
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", away)]

    def action_take_message(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Take a message"),
            "res_model": "phone.message",
            "view_mode": "form",
            "target": "current",
            "context": {"default_recipient_employee_id": self.employee_id.id},
        }
