# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nobody acts on a case about themselves (SECURITY.md, class 9).

An Officer does not unfreeze their own phone account, handle an incident
that concerns them, draft or decide a violation or a commendation of their
own, review a finding about their own call or score their own inspected
call; a Manager does not decide on their own archive access request. Another
Officer or a Manager does. The rule is written once here, for every record
a person can be the subject of: ``_phone_concerned_users()`` says whom a
record is about, and every action and hand-made write refuses those users.
The superuser (crons, the system's own workflows) is nobody's case.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError


def check_not_own_case(records):
    """Refuse if the current user is one of the people ``records`` are about."""
    env = records.env
    if env.su:
        return
    user = env.user
    # who may not even read a record is refused by the record's own checks
    for record in records._filtered_access("read"):
        if user in record._phone_concerned_users():
            raise AccessError(
                _(
                    "%(record)s concerns you: another officer or a manager acts on it.",
                    record=record.display_name,
                )
            )


def _own_case_fields(vals):
    """The fields of ``vals`` that change the case (the chatter's are not)."""
    return {name for name in vals if not name.startswith(("message_", "activity_"))}


class PhoneAccount(models.Model):
    _inherit = "phone.account"  # pylint: disable=consider-merging-classes-inherited

    def _phone_concerned_users(self):
        return self.user_id

    def _phone_check_not_own(self):
        # who is no officer hears that first
        self._check_officer()
        check_not_own_case(self)

    def action_open_issue_wizard(self):
        self._phone_check_not_own()
        return super().action_open_issue_wizard()

    def action_open_freeze_wizard(self):
        self._phone_check_not_own()
        return super().action_open_freeze_wizard()

    def action_close_account(self):
        self._phone_check_not_own()
        return super().action_close_account()

    def _phone_issue_password(self, reason=False, password=None):
        # issuing is also unfreezing: never on one's own account
        self._phone_check_not_own()
        return super()._phone_issue_password(reason=reason, password=password)

    def _phone_officer_freeze(self, reason):
        # one's own account is frozen by reporting a leak, which files an
        # incident for the other officers
        self._phone_check_not_own()
        return super()._phone_officer_freeze(reason)


class PhoneSecurityIncident(models.Model):
    _inherit = "phone.security.incident"  # pylint: disable=consider-merging-classes-inherited

    def _phone_concerned_users(self):
        return self.concerned_user_ids

    @api.constrains("user_id", "concerned_user_ids")
    def _check_handler_not_concerned(self):
        for incident in self:
            if incident.user_id and incident.user_id in incident.concerned_user_ids:
                raise ValidationError(
                    _(
                        "%(user)s is concerned by %(incident)s and cannot handle it.",
                        user=incident.user_id.name,
                        incident=incident.name,
                    )
                )

    def write(self, vals):
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)

    def action_investigate(self):
        check_not_own_case(self)
        return super().action_investigate()

    def action_resolve(self):
        check_not_own_case(self)
        return super().action_resolve()

    def action_dismiss(self):
        check_not_own_case(self)
        return super().action_dismiss()

    def action_reopen(self):
        check_not_own_case(self)
        return super().action_reopen()

    def action_freeze_account(self):
        check_not_own_case(self)
        return super().action_freeze_account()

    def action_reset_password(self):
        check_not_own_case(self)
        return super().action_reset_password()

    def action_escalate(self):
        check_not_own_case(self)
        return super().action_escalate()


class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    def _phone_concerned_users(self):
        return self.user_id

    @api.model_create_multi
    def create(self, vals_list):
        violations = super().create(vals_list)
        check_not_own_case(violations)
        return violations

    def write(self, vals):
        # the employee's own acknowledgement and appeal run as superuser
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)

    def action_confirm(self):
        self._phone_check_manager()
        check_not_own_case(self)
        return super().action_confirm()

    def action_close(self):
        self._phone_check_manager()
        check_not_own_case(self)
        return super().action_close()

    def action_cancel(self):
        check_not_own_case(self)
        return super().action_cancel()

    def _phone_cancel(self, reason):
        check_not_own_case(self)
        return super()._phone_cancel(reason)


class PhoneCommendation(models.Model):
    _inherit = "phone.commendation"

    def _phone_concerned_users(self):
        return self.user_id

    @api.model_create_multi
    def create(self, vals_list):
        commendations = super().create(vals_list)
        check_not_own_case(commendations)
        return commendations

    def write(self, vals):
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)

    def action_confirm(self):
        check_not_own_case(self)
        return super().action_confirm()

    def action_cancel(self):
        check_not_own_case(self)
        return super().action_cancel()

    def action_draft(self):
        check_not_own_case(self)
        return super().action_draft()


class PhoneFinding(models.Model):
    _inherit = "phone.finding"

    def _phone_concerned_users(self):
        return self.employee_id.user_id

    def write(self, vals):
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)

    def action_dismiss(self, reason=None):
        check_not_own_case(self)
        return super().action_dismiss(reason=reason)

    def action_reopen(self):
        check_not_own_case(self)
        return super().action_reopen()

    def action_convert(self):
        check_not_own_case(self)
        return super().action_convert()


class PhoneInspectionLine(models.Model):
    _inherit = "phone.inspection.line"

    def _phone_concerned_users(self):
        return self.employee_id.user_id

    def write(self, vals):
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)

    def action_create_violation(self):
        check_not_own_case(self)
        return super().action_create_violation()

    def action_create_commendation(self):
        check_not_own_case(self)
        return super().action_create_commendation()


class PhoneInspectionCheck(models.Model):
    _inherit = "phone.inspection.check"

    def _phone_concerned_users(self):
        return self.line_id.employee_id.user_id

    def write(self, vals):
        # nobody scores their own call
        if _own_case_fields(vals):
            check_not_own_case(self)
        return super().write(vals)


class PhoneArchiveAccessRequest(models.Model):
    _inherit = "phone.archive.access.request"

    def _phone_concerned_users(self):
        return self.requester_id

    def _check_write(self, vals):
        # a Manager's own request: its window and decision are another's
        if set(vals) & self._DECIDER_FIELDS:
            check_not_own_case(self)
        return super()._check_write(vals)

    def action_approve(self):
        check_not_own_case(self)
        return super().action_approve()

    def action_refuse(self):
        check_not_own_case(self)
        return super().action_refuse()


class PhoneFault(models.Model):
    _inherit = "phone.fault"

    def action_confirm_resolution(self):
        # the fix is confirmed by someone other than who made it: the
        # reporter, another technician of the team or an officer
        if not self.env.su:
            for fault in self:
                if fault.technician_id == self.env.user:
                    raise AccessError(
                        _(
                            "You resolved %(ref)s: its reporter, another "
                            "technician or an officer confirms the resolution.",
                            ref=fault.name,
                        )
                    )
        return super().action_confirm_resolution()
