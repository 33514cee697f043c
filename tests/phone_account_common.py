# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form

from .common import PhonePolicyCase


class PhoneAccountCase(PhonePolicyCase):
    """The Taipei head office with a PBX (Sales 10xx, Support 2001-2099),
    a draft account for pp_sales (1002) and one for pp_support (2050).
    Tracking is on: the audit trail is part of what these tests check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context={
                key: value
                for key, value in cls.env.context.items()
                if key != "tracking_disable"
            }
        )
        cls.company = cls.company.with_env(cls.env)
        # the company's working schedule, in its own time zone
        cls.company.resource_calendar_id.tz = "Asia/Taipei"
        cls.system = cls.env["phone.system"].create(
            {
                "name": "HQ PBX",
                "company_id": cls.company.id,
                "tz": "Asia/Taipei",
                "numbering_ids": [
                    (
                        0,
                        0,
                        {
                            "department_id": cls.dept_sales.id,
                            "prefix": "10",
                            "extension_length": 4,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "department_id": cls.dept_support.id,
                            "rule": "range",
                            "range_start": 2001,
                            "range_end": 2099,
                        },
                    ),
                ],
            }
        )
        cls.acc_sales = cls._account(cls.emp_sales, "1002")
        cls.acc_support = cls._account(cls.emp_support, "2050")
        # as if committed: records created in a transaction are not tracked
        # until its end
        cls._flush_tracking()

    @classmethod
    def _account(cls, employee, extension):
        return cls.env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": employee.id,
                "extension": extension,
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def _issue(cls, account, user=None, reason=False):
        """An officer issues a password through the wizard; returns the
        password the wizard shows once."""
        Wizard = cls.env["phone.account.issue.wizard"].with_user(
            user or cls.user_officer
        )
        wizard = Wizard.create({"account_id": account.id, "reason": reason})
        action = wizard.action_issue()
        cls._flush_tracking()
        return action["context"]["default_password"]

    @classmethod
    def _change(cls, account, current, new, confirm=None, user=None):
        """The employee changes their password in the wizard, as in the UI:
        the form is saved, then its button is clicked."""
        user = user or account.user_id
        form = Form(
            cls.env["phone.account.password.wizard"]
            .with_user(user)
            .with_context(default_account_id=account.id)
        )
        form.current_password = current
        form.new_password = new
        form.confirm_password = new if confirm is None else confirm
        wizard = form.save()
        result = wizard.action_done()
        cls._flush_tracking()
        return result

    @classmethod
    def _flush_tracking(cls):
        """Tracking messages are written when the transaction commits: do
        it after each action, as each request of a user would."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _history(cls, account):
        return (
            cls.env["phone.account.password"]
            .sudo()
            .search([("account_id", "=", account.id)], order="id desc")
        )
