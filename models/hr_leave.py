# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

# the fields of a leave that move its phone absence
LEAVE_FIELDS = frozenset(
    {
        "state",
        "employee_id",
        "date_from",
        "date_to",
        "request_date_from",
        "request_date_to",
        "request_hour_from",
        "request_hour_to",
        "request_unit_half",
        "request_unit_hours",
        "request_date_from_period",
    }
)


class HrLeave(models.Model):
    """Approved Time Off is an absence from the phone (policy §2.1.4): the
    employee's ``phone.coverage`` for the leave's own hours, covered as the
    department's rule says; refusing, cancelling or deleting the leave
    removes it, changing the leave moves it."""

    _inherit = "hr.leave"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._phone_sync_coverage()
        return leaves

    def write(self, vals):
        result = super().write(vals)
        if LEAVE_FIELDS & set(vals):
            self._phone_sync_coverage()
        return result

    def _post_leave_cancel(self):
        # cancelled or deleted (unlink calls this first): no absence left
        result = super()._post_leave_cancel()
        # sudo: the leave's absence goes with the leave, whoever removes it
        self.env["phone.coverage"].sudo().search(
            [("leave_id", "in", self.ids)]
        ).unlink()
        return result

    # Business methods

    def _phone_coverage_wanted(self, now):
        self.ensure_one()
        return bool(
            self.state == "validate"
            and self.employee_id
            and self.date_from
            and self.date_to
            and self.date_to > now
        )

    def _phone_cover_options(self):
        """Who covers, as the department's rule says, then voicemail: the
        first that the coverage rules accept is taken."""
        self.ensure_one()
        employee = self.employee_id
        department = employee.department_id
        options = []
        rule = department.phone_leave_cover or "message_taker"
        manager = department.manager_id
        if rule == "manager" and manager and manager != employee:
            options.append({"cover_type": "colleague", "cover_employee_id": manager.id})
        taker = department.phone_message_taker_id
        if rule != "voicemail" and taker and taker != employee:
            options.append({"cover_type": "message_taker"})
        options.append({"cover_type": "voicemail", "cover_employee_id": False})
        return options

    def _phone_sync_coverage(self):
        """Make, move or remove the phone absence of each leave."""
        # sudo: the approved leave decides the phone absence; who approves
        # or cancels it need not plan the phone coverage of the department
        Coverage = self.env["phone.coverage"].sudo()
        existing = Coverage.search([("leave_id", "in", self.ids)])
        now = fields.Datetime.now()
        for leave in self:
            coverage = existing.filtered(lambda c, leave=leave: c.leave_id == leave)
            if not leave._phone_coverage_wanted(now):
                coverage.unlink()
                continue
            window = {
                "scope": "employee",
                "employee_id": leave.employee_id.id,
                "company_id": leave.employee_id.company_id.id,
                "kind": "leave",
                "date_from": leave.date_from,
                "date_to": leave.date_to,
            }
            if (
                coverage
                and all(
                    coverage[name] == leave[name] for name in ("date_from", "date_to")
                )
                and coverage.employee_id == leave.employee_id
            ):
                continue
            if coverage:
                try:
                    with self.env.cr.savepoint():
                        coverage.write(window)
                    continue
                except ValidationError:
                    # the cover chosen before may not fit the new window
                    coverage.unlink()
            leave._phone_create_coverage(Coverage, window)

    def _phone_create_coverage(self, Coverage, window):
        self.ensure_one()
        error = None
        for cover in self._phone_cover_options():
            try:
                with self.env.cr.savepoint():
                    return Coverage.create(
                        dict(window, leave_id=self.id, from_time_off=True, **cover)
                    )
            except ValidationError as exc:
                error = exc
        # the leave stands; the department arranges the phone by hand
        _logger.info("leave %s: no phone absence: %s", self.id, error)
        self.message_post(
            body=_(
                "The phone absence of this time off could not be planned: "
                "%(reason)s Arrange who answers the phone in Phone Policy.",
                reason=error.args[0] if error else "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return Coverage
