# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a phone coverage must respect (policy §2.1.4): a window that ends
after it starts, one scope (an employee or a department), a cover who is a
colleague and not away themselves, and no overlap with another coverage of
the same person."""

from odoo import _, api, models
from odoo.exceptions import ValidationError


class PhoneCoverage(models.Model):
    _inherit = "phone.coverage"

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        for coverage in self:
            if coverage.date_from >= coverage.date_to:
                raise ValidationError(_("A coverage window ends after it starts."))

    @api.constrains("scope", "employee_id", "department_id")
    def _check_scope(self):
        for coverage in self:
            if coverage.scope == "employee" and not coverage.employee_id:
                raise ValidationError(_("Say who will be away from the phone."))
            if coverage.scope == "department" and not coverage.department_id:
                raise ValidationError(_("Say which department will be away."))

    @api.constrains("cover_type", "cover_employee_id", "employee_id", "department_id")
    def _check_cover(self):
        for coverage in self:
            if coverage.cover_type == "voicemail":
                continue
            if not coverage.cover_employee_id:
                if coverage.cover_type == "message_taker":
                    raise ValidationError(
                        _(
                            "%(department)s has no message-taker: set one on the "
                            "department or choose a colleague.",
                            department=coverage.department_id.name,
                        )
                    )
                raise ValidationError(_("Choose the colleague who covers the phone."))
            if coverage.cover_employee_id == coverage.employee_id:
                raise ValidationError(
                    _("Nobody covers their own phone while away: choose a colleague.")
                )

    @api.constrains(
        "scope", "employee_id", "department_id", "date_from", "date_to", "cover_type"
    )
    def _check_overlap(self):
        for coverage in self:
            if coverage.scope == "employee":
                same = [
                    ("scope", "=", "employee"),
                    ("employee_id", "=", coverage.employee_id.id),
                ]
                who = coverage.employee_id.name
            else:
                same = [
                    ("scope", "=", "department"),
                    ("department_id", "=", coverage.department_id.id),
                ]
                who = coverage.department_id.name
            # sudo: overlaps are found where the author may not read them
            clash = self.sudo().search(
                [
                    ("id", "!=", coverage.id),
                    *same,
                    ("date_from", "<", coverage.date_to),
                    ("date_to", ">", coverage.date_from),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    _(
                        "%(who)s is already away from %(start)s to %(end)s: "
                        "this window overlaps it.",
                        who=who,
                        start=self._format_when(clash.date_from),
                        end=self._format_when(clash.date_to),
                    )
                )

    @api.constrains(
        "cover_employee_id", "employee_id", "department_id", "date_from", "date_to"
    )
    def _check_cover_available(self):
        for coverage in self:
            cover = coverage.cover_employee_id
            if cover:
                away = self._away_coverages(cover, coverage.date_from, coverage.date_to)
                if away:
                    raise ValidationError(
                        _(
                            "%(cover)s cannot cover: they are away themselves from "
                            "%(start)s to %(end)s.",
                            cover=cover.name,
                            start=self._format_when(away[0].date_from),
                            end=self._format_when(away[0].date_to),
                        )
                    )
            # and the people now away must not be covering someone else then
            if coverage.scope == "employee":
                absent = coverage.employee_id
            else:
                # the members of a department are public profile information
                absent = self.env["hr.employee"].search(
                    [("department_id", "=", coverage.department_id.id)]
                )
            # sudo: the coverages they give may belong to other departments
            covering = self.sudo().search(
                [
                    ("id", "!=", coverage.id),
                    ("cover_employee_id", "in", absent.ids),
                    ("date_from", "<", coverage.date_to),
                    ("date_to", ">", coverage.date_from),
                ],
                limit=1,
            )
            if covering:
                raise ValidationError(
                    _(
                        "%(cover)s cannot be away then: they cover the phone of "
                        "%(other)s from %(start)s to %(end)s.",
                        cover=covering.cover_employee_id.name,
                        other=covering.employee_id.name or covering.department_id.name,
                        start=self._format_when(covering.date_from),
                        end=self._format_when(covering.date_to),
                    )
                )
