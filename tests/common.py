# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shared fixtures of the tests, one class per area, all on
``PhonePolicyCase`` (a Taipei head office with one person per role, a second
company, contacts):

- ``PhoneSystemCase``: the head office's phone system and numbering plan;
  ``PhoneAccountCase`` (accounts, with tracking on) and ``InternalCase``
  (extensions, coverage and messages) build on it;
- ``PhoneAssessmentCase``, ``PhoneFaultCase``, ``PhoneArchiveCase``,
  ``PhoneCdrCase``: supervision, faults, the call archive, PBX records;
- ``PhonePolicyPdfCase``: real PDFs through wkhtmltopdf;
- ``make_compliance_data``: a known month of compliance figures.

``PhonePolicyCase`` also tries operations as a user and rolls them back
(``_allowed``, ``assertRights``, ``assertReaders``): the access matrix and
the record-rule tests use them."""

import io
import json
import os
import subprocess
import unicodedata
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user
from odoo.tools import file_path, mute_logger

# PBX records: the sample files of tests/data, and one line as Asterisk
# writes it
DATA = "phone_policy/tests/data"


def data_path(name):
    return file_path(os.path.join(DATA, name))


def expected():
    with open(data_path("expected.json"), encoding="utf-8") as handle:
        return json.load(handle)


def asterisk_line(
    src="1002",
    dst="0933111222",
    start="2026-11-02 08:40:10",
    answer="2026-11-02 08:40:17",
    end="2026-11-02 08:50:25",
    duration=615,
    billsec=608,
    disposition="ANSWERED",
    uniqueid="t.1",
    clid='"""Test"" <1002>"',
    context="from-internal",
    channel=None,
    dstchannel=None,
):
    """One Master.csv line, quoted the way Asterisk writes it."""
    # Asterisk numbers its channels: records differ by their channels
    channel = channel or f"PJSIP/{src}-{uniqueid}"
    dstchannel = dstchannel or f"PJSIP/{dst}-{uniqueid}"
    fields = [
        '""',
        f'"{src}"',
        f'"{dst}"',
        f'"{context}"',
        clid,
        f'"{channel}"',
        f'"{dstchannel}"',
        '"Dial"',
        f'"PJSIP/{dst},30,tT"',
        f'"{start}"',
        f'"{answer}"',
        f'"{end}"',
        str(duration),
        str(billsec),
        f'"{disposition}"',
        '"DOCUMENTATION"',
        f'"{uniqueid}"',
        '""',
    ]
    return ",".join(fields)


# Monday 4 January 2027 in Taipei (UTC+8); the company's calendar works
# 08:00-12:00 and 13:00-17:00 local time, i.e. 00:00-04:00 and 05:00-09:00 UTC
MONDAY = datetime(2027, 1, 4)


def call_line(uid, src, dst, start, ring=5, talk=120, answered=True, context=None):
    """A Master.csv line: ``start`` is 'YYYY-MM-DD HH:MM:SS' local time."""
    begin = datetime.fromisoformat(start)
    answer = begin + timedelta(seconds=ring)
    end = answer + timedelta(seconds=talk) if answered else answer
    return asterisk_line(
        src=src,
        dst=dst,
        start=start,
        answer=answer.isoformat(" ") if answered else "",
        end=end.isoformat(" "),
        duration=ring + (talk if answered else 0),
        billsec=talk if answered else 0,
        disposition="ANSWERED" if answered else "NO ANSWER",
        uniqueid=uid,
        context=context or ("from-trunk" if len(src) > 4 else "from-internal"),
    )


def utc(day, hour, minute=0):
    """Naive UTC datetime of ``hour``:``minute`` Taipei time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=8)


class PhonePolicyCase(TransactionCase):
    """A Taipei head office with two departments and one person per role,
    plus a second company, independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.taiwan = env.ref("base.tw")
        cls.company = env["res.company"].create(
            {"name": "Taipei HQ", "country_id": cls.taiwan.id}
        )
        cls.company.partner_id.tz = "Asia/Taipei"
        cls.other_company = env["res.company"].create(
            {"name": "Other Co", "country_id": cls.taiwan.id}
        )
        cls.dept_sales = env["hr.department"].create(
            {"name": "Sales TW", "company_id": cls.company.id}
        )
        cls.dept_support = env["hr.department"].create(
            {"name": "Support TW", "company_id": cls.company.id}
        )
        cls.user_sales, cls.emp_sales = cls._make_employee_user(
            "pp_sales", cls.dept_sales
        )
        cls.user_sales2, cls.emp_sales2 = cls._make_employee_user(
            "pp_sales2", cls.dept_sales
        )
        cls.user_support, cls.emp_support = cls._make_employee_user(
            "pp_support", cls.dept_support
        )
        cls.user_dept_manager, cls.emp_dept_manager = cls._make_employee_user(
            "pp_mgr", cls.dept_support
        )
        cls.dept_sales.manager_id = cls.emp_dept_manager
        cls.user_officer, cls.emp_officer = cls._make_employee_user(
            "pp_officer", cls.dept_support, groups="phone_policy.group_phone_officer"
        )
        cls.user_manager, cls.emp_manager = cls._make_employee_user(
            "pp_manager", cls.dept_support, groups="phone_policy.group_phone_manager"
        )
        cls.user_other_company = new_test_user(
            env,
            "pp_other_co",
            groups="base.group_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        env["hr.employee"].create(
            {
                "name": "Other Co employee",
                "user_id": cls.user_other_company.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.user_portal = new_test_user(
            env,
            "pp_portal",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.partner_tw = env["res.partner"].create(
            {
                "name": "Formosa Trading",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "02 2345 6789",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_tw_contact = env["res.partner"].create(
            {
                "name": "Mr Huang",
                "parent_id": cls.partner_tw.id,
                "country_id": cls.taiwan.id,
                "phone": "0912 345 678",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_us = env["res.partner"].create(
            {
                "name": "Jennifer Smith",
                "country_id": env.ref("base.us").id,
                "phone": "(415) 555-0123",
                "tz": "America/Los_Angeles",
            }
        )
        cls.category_sales = env.ref("phone_policy.phone_call_category_sales")
        # the roles of the access matrix (tests/test_access_matrix.py)
        cls.roles = {
            "user": cls.user_sales,
            "other_dept": cls.user_support,
            "dept_manager": cls.user_dept_manager,
            "officer": cls.user_officer,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "portal": cls.user_portal,
        }

    # ------------------------------------------------------------------
    # access: what a user may do, tried and rolled back
    # ------------------------------------------------------------------
    def _allowed(self, operation, label="the operation"):
        """Whether ``operation()`` goes through; False when it is refused
        (an access error, or a business rule that refuses, e.g. deleting a
        published record). Rolled back either way. Any other error fails
        the test: the values tried must be valid."""
        self.env.flush_all()
        self.env.invalidate_all()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            with mute_logger(
                "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"
            ):
                operation()
                self.env.flush_all()
        except (AccessError, UserError):
            return False
        except Exception as error:
            raise AssertionError(
                f"{label} failed for another reason: {error!r}"
            ) from error
        finally:
            self.env.invalidate_all()
            self.env.transaction.clear()
            savepoint.close(rollback=True)
        return True

    def _rights(self, record, user, write_vals, create_vals, read_field):
        """What ``user`` may do with ``record``: r(ead ``read_field``),
        w(rite ``write_vals``), c(reate a record of ``create_vals``, a dict
        or a function of the user), u(nlink); '-' for each refusal."""
        Model = self.env[record._name].with_user(user)
        record = record.with_user(user)
        operations = (
            ("r", lambda: record.read([read_field])),
            ("w", lambda: record.write(dict(write_vals))),
            (
                "c",
                lambda: Model.create(
                    create_vals(user) if callable(create_vals) else dict(create_vals)
                ),
            ),
            ("u", lambda: record.unlink()),
        )
        return "".join(
            letter
            if self._allowed(operation, f"{record._name} {letter} as {user.login}")
            else "-"
            for letter, operation in operations
        )

    def assertRights(
        self, record, table, write_vals, create_vals, read_field="display_name"
    ):
        """``table``: {user: 'rwcu' letters, '-' where refused}, every cell
        checked (see :meth:`_rights`)."""
        mismatches = [
            f"{user.login}: expected {expected}, got {actual}"
            for user, expected in table.items()
            if (
                actual := self._rights(
                    record, user, write_vals, create_vals, read_field
                )
            )
            != expected
        ]
        self.assertFalse(mismatches, f"{record._name}: " + "; ".join(mismatches))

    def assertReaders(self, record, readers, users=None):
        """Exactly ``readers`` among ``users`` (default: every role) may read
        ``record``."""
        users = users or self.env["res.users"].union(*self.roles.values())
        readers = self.env["res.users"].union(*readers)
        actual = users.filtered(
            lambda user: self._allowed(
                lambda: record.with_user(user).read(["display_name"]),
                f"read {record._name} as {user.login}",
            )
        )
        self.assertEqual(
            sorted(actual.mapped("login")),
            sorted((readers & users).mapped("login")),
            f"who reads {record.display_name}",
        )

    @classmethod
    def _make_employee_user(cls, login, department, groups="base.group_user"):
        """A user of the Taipei company and their employee record."""
        if groups != "base.group_user":
            groups = f"base.group_user,{groups}"
        user = new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Taipei",
        )
        employee = cls.env["hr.employee"].create(
            {
                "name": login,
                "user_id": user.id,
                "department_id": department.id,
                "company_id": cls.company.id,
            }
        )
        return user, employee

    @classmethod
    def _call(cls, user=None, **vals):
        """Create a call as the superuser, handled by ``user``'s employee."""
        user = user or cls.user_sales
        values = {
            "company_id": cls.company.id,
            "employee_id": cls.env["hr.employee"]
            .search([("user_id", "=", user.id), ("company_id", "=", cls.company.id)])
            .id,
            "direction": "outbound",
            "partner_id": cls.partner_tw.id,
            "date_start": datetime(2026, 11, 3, 2, 0),
            "subject": "Quotation",
            # a complete record (§5.1.1) unless a test says otherwise
            "key_points": "Quotation discussed.",
        }
        values.update(vals)
        return cls.env["phone.call"].create(values)


def load_zh_tw(env, modules=("phone_policy",), overwrite=False):
    """Traditional Chinese active, with the translations of ``modules``."""
    env["res.lang"]._activate_lang("zh_TW")
    env["ir.module.module"].search(
        [("name", "in", list(modules))]
    )._update_translations(["zh_TW"], overwrite=overwrite)


def pdf_text(pdf):
    """The text of a PDF as people read it (pdftotext, page layout kept)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # pdftotext maps some Noto CJK glyphs to Kangxi radicals (U+2F00...);
    # NFKC gives back the ideographs people read
    return unicodedata.normalize("NFKC", text)


class PhonePolicyPdfCase(HttpCase):
    """Renders PDFs for real: wkhtmltopdf fetches the report's assets from
    Odoo's HTTP server, so this needs an HttpCase (a TransactionCase
    deadlocks), and Odoo renders HTML instead of PDF in tests unless told
    otherwise."""

    def setUp(self):
        super().setUp()
        # one request before wkhtmltopdf's parallel ones: the server reads
        # every addon's manifest on its first static path, and Python 3.11
        # fails ("AST constructor recursion depth mismatch") when threads
        # parse at the same time (seen once in a full run)
        self.url_open("/web/static/img/favicon.ico")

    def render_pdf(self, report_ref, records):
        """Return (pdf bytes, text of the PDF) of ``report_ref`` for ``records``."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf did not produce a PDF")
        return pdf, pdf_text(pdf)


class PhoneSystemCase(PhonePolicyCase):
    """The head office's phone system: Sales dials 10xx (four digits),
    Support 2001-2099, in Taipei time like the company's working schedule.
    ``_account`` gives an employee an extension on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Taipei"
        cls.system = cls.env["phone.system"].create(
            {
                "name": "HQ PBX",
                "company_id": cls.company.id,
                "tz": "Asia/Taipei",
                "numbering_ids": [
                    Command.create(
                        {
                            "department_id": cls.dept_sales.id,
                            "prefix": "10",
                            "extension_length": 4,
                        }
                    ),
                    Command.create(
                        {
                            "department_id": cls.dept_support.id,
                            "rule": "range",
                            "range_start": 2001,
                            "range_end": 2099,
                        }
                    ),
                ],
            }
        )

    @classmethod
    def _account(cls, employee, extension, **vals):
        return cls.env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": employee.id,
                "extension": extension,
                "company_id": cls.company.id,
                **vals,
            }
        )


class PhoneAccountCase(PhoneSystemCase):
    """The head office's phone system with a draft account for pp_sales
    (1002) and one for pp_support (2050). Tracking is on: the audit trail
    is part of what these tests check."""

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
        cls.acc_sales = cls._account(cls.emp_sales, "1002")
        cls.acc_support = cls._account(cls.emp_support, "2050")
        # as if committed: records created in a transaction are not tracked
        # until its end
        cls._flush_tracking()

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


class InternalCase(PhoneSystemCase):
    """The head office's phone system with active extensions for pp_sales
    (1002), pp_sales2 (1003), pp_support (2001) and the department manager
    (2002), and helpers for coverage and messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for employee, extension in (
            (cls.emp_sales, "1002"),
            (cls.emp_sales2, "1003"),
            (cls.emp_support, "2001"),
            (cls.emp_dept_manager, "2002"),
        ):
            cls._account(employee, extension, state="active")

    @classmethod
    def _coverage(cls, employee=None, start=None, stop=None, as_user=None, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": employee.id if employee else False,
            "date_from": start,
            "date_to": stop,
            "cover_type": "voicemail",
            "kind": "meeting",
        }
        values.update(vals)
        coverage = cls.env["phone.coverage"]
        return (coverage.with_user(as_user) if as_user else coverage).create(values)

    @classmethod
    def _message(cls, recipient=None, taker=None, **vals):
        taker = taker or cls.user_support
        values = {
            "company_id": cls.company.id,
            "recipient_employee_id": (recipient or cls.emp_sales).id,
            "caller_name": "Mr Huang",
            "caller_company": "Formosa Trading",
            "caller_phone": "0912 345 678",
            "body": "Please call back about the invoice.",
        }
        values.update(vals)
        values = {key: value for key, value in values.items() if value is not None}
        return cls.env["phone.message"].with_user(taker).create(values)


class PhoneAssessmentCase(PhonePolicyCase):
    """The common company plus what supervision and assessment need."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "phone_repeat_offence_count": 3,
                "phone_repeat_offence_days": 365,
                "phone_report_reward_points": 5,
            }
        )
        cls.type_late = cls.env.ref("phone_policy.violation_type_late_answer")
        cls.type_etiquette = cls.env.ref("phone_policy.violation_type_etiquette")
        cls.type_callback = cls.env.ref("phone_policy.violation_type_missed_callback")
        cls.type_personal = cls.env.ref("phone_policy.violation_type_personal_call")
        cls.type_record = cls.env.ref("phone_policy.violation_type_missing_record")

    @classmethod
    def _violation(cls, employee=None, violation_type=None, confirm=False, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": (employee or cls.emp_sales).id,
            "type_id": (violation_type or cls.type_late).id,
            "source": "inspection",
            "date": date(2026, 11, 2),
        }
        values.update(vals)
        violation = cls.env["phone.violation"].create(values)
        if confirm:
            violation.with_user(cls.user_manager).action_confirm()
        return violation

    @classmethod
    def _commendation(cls, employee=None, confirm=False, **vals):
        values = {
            "company_id": cls.company.id,
            "employee_id": (employee or cls.emp_sales).id,
            "reason": "Exemplary call",
            "points": 2,
            "source": "inspection",
            "date": date(2026, 11, 2),
        }
        values.update(vals)
        commendation = cls.env["phone.commendation"].create(values)
        if confirm:
            commendation.with_user(cls.user_manager).action_confirm()
        return commendation

    @classmethod
    def _inspection(cls, **vals):
        values = {
            "company_id": cls.company.id,
            "department_id": cls.dept_sales.id,
            "user_id": cls.user_officer.id,
            "date_from": date(2026, 11, 1),
            "date_to": date(2026, 11, 30),
            "sample_size": 5,
            "seed": 1234,
        }
        values.update(vals)
        return cls.env["phone.inspection"].create(values)

    @staticmethod
    def _at(day, hour=2):
        return datetime(2026, 11, day, hour, 0)


class PhoneFaultCase(PhonePolicyCase):
    """The Taipei company of PhonePolicyCase with a working schedule in
    Taipei time (Mon-Fri 08:00-12:00 and 13:00-17:00), a phone system, a
    team of technicians and known service levels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Taipei"
        cls.company.write(
            {
                "phone_fault_response_hours_0": 4.0,
                "phone_fault_resolution_hours_0": 16.0,
                "phone_fault_response_hours_1": 2.0,
                "phone_fault_resolution_hours_1": 8.0,
                "phone_fault_response_hours_2": 1.0,
                "phone_fault_resolution_hours_2": 4.0,
            }
        )
        cls.user_tech, cls.emp_tech = cls._make_employee_user(
            "pp_tech", cls.dept_support
        )
        cls.user_tech2, cls.emp_tech2 = cls._make_employee_user(
            "pp_tech2", cls.dept_support
        )
        cls.team = env["phone.fault.team"].create(
            {
                "name": "Telephony TW",
                "company_id": cls.company.id,
                "member_ids": [Command.set((cls.user_tech | cls.user_tech2).ids)],
            }
        )
        cls.system = env["phone.system"].create(
            {"name": "Taipei PBX", "company_id": cls.company.id, "tz": "Asia/Taipei"}
        )
        cls.system2 = env["phone.system"].create(
            {"name": "Branch PBX", "company_id": cls.company.id, "tz": "Asia/Taipei"}
        )
        cls.account_sales = env["phone.account"].create(
            {
                "system_id": cls.system.id,
                "employee_id": cls.emp_sales.id,
                "extension": "1001",
                "state": "active",
                "company_id": cls.company.id,
            }
        )
        cls.stage_new = env.ref("phone_policy.phone_fault_stage_new")
        cls.stage_assigned = env.ref("phone_policy.phone_fault_stage_assigned")
        cls.stage_progress = env.ref("phone_policy.phone_fault_stage_progress")
        cls.stage_waiting = env.ref("phone_policy.phone_fault_stage_waiting")
        cls.stage_resolved = env.ref("phone_policy.phone_fault_stage_resolved")
        cls.stage_closed = env.ref("phone_policy.phone_fault_stage_closed")

    @classmethod
    def _fault(cls, user=None, **vals):
        """A fault reported by ``user`` (created as the superuser)."""
        user = user or cls.user_sales
        values = {
            "company_id": cls.company.id,
            "reporter_id": user.id,
            "symptom": "No dial tone",
            "system_id": cls.system.id,
            "team_id": cls.team.id,
            "location": "2F, room 201",
            "date_occurred": datetime(2026, 11, 3, 1, 0),
            "date_reported": datetime(2026, 11, 3, 1, 30),
        }
        values.update(vals)
        return cls.env["phone.fault"].with_company(cls.company).create(values)


class PhoneArchiveCase(PhonePolicyCase):
    """Calls of early 2026 in the Taipei company (UTC+8), ready to file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.category_support = env.ref("phone_policy.phone_call_category_support")
        cls.category_legal = env.ref("phone_policy.phone_call_category_legal")
        cls.Archive = env["phone.archive"]
        cls.Verification = env["phone.archive.verification"]
        cls.manager_group = env.ref("phone_policy.group_phone_manager")

    @classmethod
    def _march_calls(cls, count=3, category=None, user=None, **vals):
        """``count`` calls on 2, 3, 4... March 2026 (Taipei office hours)."""
        category = category or cls.category_sales
        return cls.env["phone.call"].union(
            *[
                cls._call(
                    user,
                    date_start=datetime(2026, 3, 2 + index, 2, 0),
                    category_id=category.id,
                    subject=f"March call {index}",
                    key_points=f"Point {index}",
                    **vals,
                )
                for index in range(count)
            ]
        )

    @classmethod
    def _file(cls, category=None, period_date=date(2026, 3, 1), period_type="month"):
        """An archive of the period and category, filed by the officer."""
        archive = (
            cls.env["phone.archive"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "period_type": period_type,
                    "period_date": period_date,
                    "category_id": category.id if category else False,
                }
            )
        )
        archive.action_file()
        return cls.env["phone.archive"].browse(archive.id)

    def _check(self, company=None, batch_size=10000):
        return self.Verification._check_chain(company or self.company, batch_size)

    def assertIntact(self, company=None, batch_size=10000):
        result = self._check(company, batch_size)
        self.assertEqual(result["state"], "intact", result.get("summary"))
        return result

    def assertBroken(self, kind, call=None, sequence=None, batch_size=10000):
        """The check stops at the first broken link: ``call`` (or chain
        number ``sequence``), of kind ``kind``."""
        result = self._check(batch_size=batch_size)
        self.assertEqual(result["state"], "broken", result.get("summary"))
        self.assertEqual(result["break_kind"], kind, result["summary"])
        if call is not None:
            self.assertEqual(result["break_call_id"], call.id, result["summary"])
            self.assertEqual(result["break_sequence"], call.archive_sequence)
            self.assertIn(call.name, result["summary"])
        if sequence is not None:
            self.assertEqual(result["break_sequence"], sequence, result["summary"])
        return result


class PhoneCdrCase(PhonePolicyCase):
    """The Taipei company with a phone system whose extensions 1002, 1004,
    2001 and 2002 belong to our test employees, and contacts whose numbers
    are written in various ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.system = env["phone.system"].create(
            {
                "name": "Test PBX",
                "company_id": cls.company.id,
                "tz": "Asia/Taipei",
                "kind": "asterisk",
            }
        )
        cls.accounts = env["phone.account"].create(
            [
                {
                    "system_id": cls.system.id,
                    "company_id": cls.company.id,
                    "employee_id": employee.id,
                    "extension": extension,
                    "state": "active",
                }
                for extension, employee in (
                    ("1002", cls.emp_sales),
                    ("1004", cls.emp_sales2),
                    ("2001", cls.emp_support),
                    ("2002", cls.emp_dept_manager),
                )
            ]
        )
        Partner = env["res.partner"]
        cls.partner_mobile = Partner.create(
            {
                "name": "Ms Liu",
                "country_id": cls.taiwan.id,
                "mobile": "0933-111-222",
                "tz": "Asia/Taipei",
            }
        )
        cls.partner_cn = Partner.create(
            {
                "name": "Mr Zhou",
                "country_id": env.ref("base.cn").id,
                "phone": "+86 138 1234 5678",
                "tz": "Asia/Shanghai",
            }
        )
        cls.partner_cn2 = Partner.create(
            {
                "name": "Shanghai Precision",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "0086 139 1234 5678",
                "tz": "Asia/Shanghai",
            }
        )
        cls.partner_taipei = Partner.create(
            {
                "name": "Lee & Partners",
                "is_company": True,
                "country_id": cls.taiwan.id,
                "phone": "+886 2 8765 4321",
                "tz": "Asia/Taipei",
            }
        )

    @classmethod
    def _new_system(cls, name="Other PBX", **values):
        values = {
            "name": name,
            "company_id": cls.company.id,
            "tz": "Asia/Taipei",
            **values,
        }
        return cls.env["phone.system"].create(values)

    def _import(self, name, file_format="asterisk", system=None, **values):
        with open(data_path(name), "rb") as stream:
            return self._import_stream(
                stream, file_format, system, file_name=name, **values
            )

    def _import_bytes(self, data, file_format="asterisk", system=None, **values):
        return self._import_stream(io.BytesIO(data), file_format, system, **values)

    def _import_stream(
        self, stream, file_format, system=None, env=None, batch_size=None, **values
    ):
        env = env or self.env
        system = (system or self.system).with_env(env)
        values.setdefault("file_name", "test.csv")
        imp = env["phone.cdr.import"]._start(system, "upload", file_format, **values)
        if batch_size:
            return imp._run_stream(stream, batch_size=batch_size)
        return imp._run_stream(stream)

    def _calls(self, system=None):
        return self.env["phone.call"].search(
            [("system_id", "=", (system or self.system).id)]
        )

    def assertCounts(self, imp, read, created, duplicate, rejected):
        self.assertEqual(
            (
                imp.count_read,
                imp.count_created,
                imp.count_duplicate,
                imp.count_rejected,
            ),
            (read, created, duplicate, rejected),
        )
        self.assertEqual(
            imp.count_read,
            imp.count_created + imp.count_duplicate + imp.count_rejected,
            "rows read = created + duplicates + rejected",
        )


def make_compliance_data(env):
    """A known month for the compliance figures: March 2026 of "Compliance
    Co" (Taipei time), two departments, calls on both sides of the month's
    borders, faults, violations, commendations and an inspection, with the
    figures they must give written next to them. Returns the records the
    tests look at."""
    company = env["res.company"].create(
        {
            "name": "Compliance Co",
            "country_id": env.ref("base.tw").id,
            "phone_ring_count": 3,
            "phone_ring_seconds": 5,  # ring limit: 15 s
        }
    )
    company.partner_id.tz = "Asia/Taipei"
    company.resource_calendar_id.tz = "Asia/Taipei"
    front = env["hr.department"].create(
        {"name": "Front Desk", "company_id": company.id}
    )
    buying = env["hr.department"].create(
        {"name": "Purchasing", "company_id": company.id}
    )
    people = {}
    for login, department in (("cc_front", front), ("cc_buying", buying)):
        user = new_test_user(
            env,
            login,
            groups="base.group_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Asia/Taipei",
        )
        people[department] = (
            user,
            env["hr.employee"].create(
                {
                    "name": login,
                    "user_id": user.id,
                    "department_id": department.id,
                    "company_id": company.id,
                }
            ),
        )
    # a customer with a company and a number, so that a call with key points
    # is a complete record (§5.1.1); another contact for the outbound calls
    # (a call to the customer's number would call the missed calls back)
    customer = env["res.partner"].create({"name": "Compliance Ltd", "is_company": True})
    partner = env["res.partner"].create(
        {
            "name": "Compliance customer",
            "parent_id": customer.id,
            "phone": "+886 2 2345 6789",
        }
    )
    supplier = env["res.partner"].create(
        {
            "name": "Supplier",
            "company_name": "Supplier Ltd",
            "phone": "+886 2 2999 0000",
        }
    )

    def call(department, when, **vals):
        # the phone system measured the ring times (utils/call_rules.py)
        values = {
            "company_id": company.id,
            "employee_id": people[department][1].id,
            "partner_id": partner.id
            if vals.get("direction") != "outbound"
            else supplier.id,
            "direction": "inbound",
            "date_start": when,
            "subject": "Order",
            "key_points": "Order of 10 units confirmed.",
            "source": "pbx",
        }
        values.update(vals)
        return env["phone.call"].create(values)

    # Front Desk, March (Taipei): 8 calls; 4 answered incoming rung 3, 6,
    # 9 and 20 s (3 within 15 s: 75.0 %, average 9.5 s); 2 missed, one
    # called back; 1 personal; 1 call-back overdue; 1 important call
    # without key points nor responsible person (5 answered work calls to
    # record, 4 complete: 80.0 %)
    first = call(front, datetime(2026, 2, 28, 17, 0), ring_seconds=3)  # 1 Mar 01:00
    second = call(front, datetime(2026, 3, 5, 2, 0), ring_seconds=6)
    call(front, datetime(2026, 3, 5, 3, 0), ring_seconds=9)
    call(front, datetime(2026, 3, 6, 2, 0), ring_seconds=20)
    call(front, datetime(2026, 3, 9, 2, 0), answered=False, ring_seconds=30)
    call(
        front,
        datetime(2026, 3, 9, 3, 0),
        answered=False,
        ring_seconds=30,
        callback_done_datetime=datetime(2026, 3, 9, 4, 0),
    )
    call(front, datetime(2026, 3, 10, 2, 0), direction="outbound", nature="personal")
    call(
        front,
        datetime(2026, 3, 11, 2, 0),
        direction="outbound",
        importance="important",
        key_points=False,
        callback_datetime=datetime(2026, 3, 12, 2, 0),
    )
    # April in Taipei (1 Apr 01:00), and February: not in March
    call(front, datetime(2026, 3, 31, 17, 0), ring_seconds=40)
    call(front, datetime(2026, 2, 28, 15, 0), ring_seconds=40)
    # Purchasing, March: 2 answered incoming rung 5 and 30 s (50.0 %)
    call(buying, datetime(2026, 3, 16, 2, 0), ring_seconds=5)
    call(buying, datetime(2026, 3, 17, 2, 0), ring_seconds=30)

    # Faults reported by Front Desk in March: repaired in 4 h and 10 h
    # (mean 7.0 h), one still open and long overdue
    system = env["phone.system"].create({"name": "CC PBX", "company_id": company.id})
    team = env["phone.fault.team"].create(
        {"name": "CC technicians", "company_id": company.id}
    )
    resolved = env.ref("phone_policy.phone_fault_stage_resolved")
    faults = env["phone.fault"].with_company(company)
    for reported, hours in (
        (datetime(2026, 3, 2, 1, 0), 4),
        (datetime(2026, 3, 3, 1, 0), 10),
        (datetime(2026, 3, 4, 1, 0), None),
    ):
        values = {
            "company_id": company.id,
            "reporter_id": people[front][0].id,
            "symptom": "No dial tone",
            "system_id": system.id,
            "team_id": team.id,
            "date_occurred": reported,
            "date_reported": reported,
        }
        if hours:
            values.update(
                stage_id=resolved.id,
                resolution="<p>Replaced the line card.</p>",
                date_first_response=reported,
                date_resolved=reported.replace(hour=reported.hour + hours),
            )
        faults.create(values)

    # Conduct: Front Desk 2 confirmed violations (etiquette, usage) and a
    # draft one (not counted), 1 commendation and a whistle-blower's reward
    # (not shown); Purchasing 1 confirmed records violation
    def violation(department, xmlid, confirm=True):
        record = env["phone.violation"].create(
            {
                "company_id": company.id,
                "employee_id": people[department][1].id,
                "type_id": env.ref(f"phone_policy.{xmlid}").id,
                "source": "inspection",
                "date": date(2026, 3, 20),
            }
        )
        if confirm:
            record.action_confirm()

    violation(front, "violation_type_etiquette")
    violation(front, "violation_type_personal_call")
    violation(front, "violation_type_late_answer", confirm=False)
    violation(buying, "violation_type_missing_record")
    for confidential in (False, True):
        commendation = env["phone.commendation"].create(
            {
                "company_id": company.id,
                "employee_id": people[front][1].id,
                "reason": "Exemplary call",
                "points": 2,
                "source": "inspection",
                "date": date(2026, 3, 25),
                "is_confidential": confidential,
            }
        )
        commendation.action_confirm()

    # An inspection of Front Desk's March calls: scores 100 and 50 (75.0 %)
    inspection = env["phone.inspection"].create(
        {
            "company_id": company.id,
            "department_id": front.id,
            "date_from": date(2026, 3, 1),
            "date_to": date(2026, 3, 31),
        }
    )
    criterion = env["phone.inspection.criterion"].search([], limit=1)
    for sampled, results in ((first, ("pass", "pass")), (second, ("pass", "fail"))):
        line = env["phone.inspection.line"].create(
            {"inspection_id": inspection.id, "call_id": sampled.id}
        )
        line.check_ids.unlink()
        env["phone.inspection.check"].create(
            [
                {
                    "line_id": line.id,
                    "criterion_id": criterion.id,
                    "weight": 1.0,
                    "result": result,
                }
                for result in results
            ]
        )
    inspection.state = "done"
    env.flush_all()
    return {
        "company": company,
        "front": front,
        "buying": buying,
        "front_user": people[front][0],
        "front_employee": people[front][1],
    }
