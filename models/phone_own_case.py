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


def refuse_own_case(*methods, create=False, write=False):
    """Class decorator of a model extension below: each of ``methods``, and
    ``create`` / ``write`` when asked (a write only when it changes the
    case), first refuses the users the records are about, then runs as
    before. The rule is thus written once, and a model lists its actions."""

    def decorate(cls):
        def guarded(name):
            def method(self, *args, **kwargs):
                check_not_own_case(self)
                return getattr(super(cls, self), name)(*args, **kwargs)

            method.__name__ = method.__qualname__ = name
            return method

        for name in methods:
            setattr(cls, name, guarded(name))
        if write:

            def write_(self, vals):
                if _own_case_fields(vals):
                    check_not_own_case(self)
                return super(cls, self).write(vals)

            write_.__name__ = write_.__qualname__ = "write"
            cls.write = write_
        if create:

            @api.model_create_multi
            def create_(self, vals_list):
                records = super(cls, self).create(vals_list)
                check_not_own_case(records)
                return records

            create_.__name__ = create_.__qualname__ = "create"
            cls.create = create_
        return cls

    return decorate


class PhoneAccount(models.Model):
    _inherit = "phone.account"

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


@refuse_own_case(
    "action_investigate",
    "action_resolve",
    "action_dismiss",
    "action_reopen",
    "action_freeze_account",
    "action_reset_password",
    "action_escalate",
    write=True,
)
class PhoneSecurityIncident(models.Model):
    _inherit = "phone.security.incident"

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


# writes: the employee's own acknowledgement and appeal run as superuser
@refuse_own_case("action_cancel", "_phone_cancel", create=True, write=True)
class PhoneViolation(models.Model):
    _inherit = "phone.violation"

    def _phone_concerned_users(self):
        return self.user_id

    def action_confirm(self):
        self._phone_check_manager()
        check_not_own_case(self)
        return super().action_confirm()

    def action_close(self):
        self._phone_check_manager()
        check_not_own_case(self)
        return super().action_close()


@refuse_own_case(
    "action_confirm", "action_cancel", "action_draft", create=True, write=True
)
class PhoneCommendation(models.Model):
    _inherit = "phone.commendation"

    def _phone_concerned_users(self):
        return self.user_id


@refuse_own_case("action_dismiss", "action_reopen", "action_convert", write=True)
class PhoneFinding(models.Model):
    _inherit = "phone.finding"

    def _phone_concerned_users(self):
        return self.employee_id.user_id


@refuse_own_case("action_create_violation", "action_create_commendation", write=True)
class PhoneInspectionLine(models.Model):
    _inherit = "phone.inspection.line"

    def _phone_concerned_users(self):
        return self.employee_id.user_id


# writes: nobody scores their own call
@refuse_own_case(write=True)
class PhoneInspectionCheck(models.Model):
    _inherit = "phone.inspection.check"

    def _phone_concerned_users(self):
        return self.line_id.employee_id.user_id


@refuse_own_case("action_approve", "action_refuse")
class PhoneArchiveAccessRequest(models.Model):
    _inherit = "phone.archive.access.request"

    def _phone_concerned_users(self):
        return self.requester_id

    def _check_write(self, vals):
        # a Manager's own request: its window and decision are another's
        if set(vals) & self._DECIDER_FIELDS:
            check_not_own_case(self)
        return super()._check_write(vals)


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
