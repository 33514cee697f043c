# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneCoverage(models.Model):
    """Meetings as phone absences (company setting): a calendar event an
    employee attends and is shown busy in keeps them from the phone when
    coverage gaps are looked for; no coverage record is made for it."""

    _inherit = "phone.coverage"

    @api.model
    def _gap_busy_times(self, employees, date_from, date_to):
        busy = super()._gap_busy_times(employees, date_from, date_to)
        employees = employees.filtered(lambda e: e.company_id.phone_coverage_meetings)
        by_partner = {}
        for employee in employees:
            for partner in employee.work_contact_id | employee.user_id.partner_id:
                by_partner.setdefault(partner.id, set()).add(employee.id)
        if not by_partner:
            return busy
        # sudo: only when attendees are busy is used, nothing of the meeting
        events = (
            self.env["calendar.event"]
            .sudo()
            .search(
                [
                    ("start", "<", date_to),
                    ("stop", ">", date_from),
                    ("show_as", "=", "busy"),
                    ("partner_ids", "in", list(by_partner)),
                ]
            )
        )
        for event in events:
            for attendee in event.attendee_ids:
                if attendee.state == "declined":
                    continue
                for employee_id in by_partner.get(attendee.partner_id.id, ()):
                    busy.setdefault(employee_id, []).append((event.start, event.stop))
        return busy
