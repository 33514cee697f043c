# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

# what the approved leave decides: only Time Off changes them
TIME_OFF_FIELDS = frozenset(
    {
        "scope",
        "employee_id",
        "department_id",
        "company_id",
        "kind",
        "date_from",
        "date_to",
    }
)


# one concern per file, as addons/account/models/account_journal_dashboard.py
class PhoneCoverage(models.Model):
    """The phone absences that follow approved Time Off (``hr.leave``): made,
    moved and removed by the leave; people still choose who covers."""

    _inherit = "phone.coverage"

    leave_id = fields.Many2one(
        "hr.leave",
        "Time Off",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="cascade",
        # the leave's type and reason are HR's: not the phone colleagues'
        groups="hr_holidays.group_hr_holidays_user",
    )
    from_time_off = fields.Boolean(
        readonly=True,
        copy=False,
        help="Made from an approved Time Off request: its window follows the "
        "request; who covers may still be changed.",
    )

    def write(self, vals):
        if (
            self._phone_guard_active()
            and TIME_OFF_FIELDS & set(vals)
            and self.filtered("from_time_off")
        ):
            raise UserError(
                _(
                    "This absence follows an approved Time Off request: change "
                    "the request in Time Off. Only who covers is chosen here."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_time_off(self):
        if self._phone_guard_active() and self.filtered("from_time_off"):
            raise UserError(
                _(
                    "This absence follows an approved Time Off request: refuse or "
                    "cancel the request in Time Off to remove it."
                )
            )
