# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query budgets of the hot paths, each reached the way its user reaches it:
an employee logging a call from a contact and opening the contact's calls,
an employee reporting a fault, an officer filing an archive month and
opening the compliance dashboard (JSON-RPC, what the web client sends); every
scheduled job of the addon, run as the scheduler runs it (its server action,
as the job's user).

Each path runs on 10 and on 100 records (earlier calls of the contact, calls
of the month, departments, messages...), each size on fresh data rolled back
after it. A path whose work does not depend on the number of records has one
budget for both sizes, so a query more per record makes the 100-record run
exceed it by 100. A path that does work of its own for each record (the
jobs that post a chatter message and schedule an activity per reminder) has
the budget ``fixed + per_record * n``, exact at both sizes: a query more per
record exceeds it by 10 and by 100.

The budgets are Odoo's ``assertQueryCount`` under ``warmup`` (a first pass
fills the registry's caches and is rolled back; the second one counts); each
run starts from an empty record cache, as a request or a job does. The
counts are printed with the figures of the run (``phone_policy.figures``);
``--odoo-log-level=debug_sql`` shows the queries themselves."""

import logging
import os
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.modules import module as odoo_module
from odoo.tests import tagged
from odoo.tests.common import warmup

from .common import PhonePolicyCase, asterisk_line
from .security.common import PhonePolicyRpcCase

_figures = logging.getLogger("phone_policy.figures")

SIZES = (10, 100)
# the list of a contact's calls: a full page (80) also counts all the
# records, which evaluates the record rules' domain again
PAGE_BUDGET = {10: 11, 100: 15}


class QueryBudgetMixin:
    """Budgets on fresh data for each size, rolled back after it."""

    @contextmanager
    def _undone(self):
        """Whatever happens inside is rolled back; the caches of the
        registry (access rights, rules, views) stay warm."""
        self.env.flush_all()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.transaction.clear()
            self.env.invalidate_all(flush=False)

    def _calls(self, count, start, step=timedelta(minutes=1), **vals):
        """``count`` outbound calls of pp_sales with Formosa Trading, one
        every ``step`` from ``start``."""
        return self.env["phone.call"].create(
            [
                {
                    "company_id": self.company.id,
                    "employee_id": self.emp_sales.id,
                    "partner_id": self.partner_tw.id,
                    "direction": "outbound",
                    "date_start": start + step * index,
                    "subject": f"Call {index}",
                    **vals,
                }
                for index in range(count)
            ]
        )

    @contextmanager
    def assertBudget(self, label, size, budget):
        """``assertQueryCount(budget)``, and the count printed with the
        figures of the run."""
        self.env.flush_all()
        self.env.cr.flush()
        # every run starts from an empty record cache, as a request or a job
        # of its own would
        self.env.invalidate_all()
        # assertQueryCount reads the test's user before it counts: read it
        # first, so that the count printed is the one it checks
        self.env.user.mapped("login")
        start = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            yield
        if self.warm:
            _figures.info(
                "query budget: %s, %s records: %s queries (budget %s)",
                label,
                size,
                self.cr.sql_log_count - start,
                budget,
            )


@tagged("post_install", "-at_install")
class TestUserPathBudgets(QueryBudgetMixin, PhonePolicyRpcCase):
    """What the web client sends, over JSON-RPC, as each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Taipei"

    def _context(self, user, **extra):
        return dict(
            {
                "lang": "en_US",
                "tz": user.tz or "Asia/Taipei",
                "uid": user.id,
                "allowed_company_ids": user.company_id.ids,
            },
            **extra,
        )

    def _spec(self, user, model, view_type, view=None):
        """The fields a view of ``model`` asks for, as the web client
        specifies them (relations with their display name)."""
        view_id = self.env.ref(view).id if view else False
        views = self.env[model].with_user(user).get_views([(view_id, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        described = views["models"][model]["fields"]
        spec = {}
        for node in arch.xpath("//field[not(ancestor::field)]"):
            name = node.get("name")
            kind = described.get(name, {}).get("type")
            relational = kind in ("many2one", "one2many", "many2many")
            spec[name] = {"fields": {"display_name": {}}} if relational else {}
        return spec

    def _calls_of_contact(self, count):
        """``count`` earlier calls with Mr Huang of Formosa Trading."""
        return self._calls(
            count,
            fields.Datetime.now().replace(microsecond=0) - timedelta(hours=count),
            step=timedelta(hours=1),
            partner_id=self.partner_tw_contact.id,
        )

    def _new_and_save(self, user, model, spec, context, vals):
        """What the web client sends for a new record: the form's defaults
        (onchange), then the save (web_save) of the fields of ``spec``; both
        as ``user``."""
        opened = self.rpc(
            user.login, model, "onchange", [], {}, [], spec, context=context
        )
        saved = self.rpc(
            user.login, model, "web_save", [], vals, specification=spec, context=context
        )
        self.assertTrue(opened.ok, opened)
        self.assertTrue(saved.ok, saved)
        return self.env[model].browse(saved.value[0]["id"])

    @warmup
    def test_log_a_call_from_a_contact(self):
        """An employee opens "Log a Call" on a contact (the form's defaults)
        and saves the call; the contact's earlier calls change nothing."""
        user = self.user_sales
        partner = self.partner_tw_contact
        action = partner.with_user(user).action_phone_log_call()
        context = self._context(user, **action["context"])
        spec = self._spec(user, "phone.call", "form")
        for size in SIZES:
            with self.subTest(earlier_calls=size), self._undone():
                self._calls_of_contact(size)
                with self.assertBudget("log a call from a contact", size, 30):
                    call = self._new_and_save(
                        user,
                        "phone.call",
                        spec,
                        context,
                        {"subject": "Order enquiry", "key_points": "Sends a quote."},
                    )
                self.assertEqual(call.partner_id, partner)
                self.assertEqual(call.employee_id, self.emp_sales)

    @warmup
    def test_open_a_contacts_calls(self):
        """An employee clicks the "Calls" button of a contact: the list of
        its calls (one page of 80)."""
        user = self.user_sales
        partner = self.partner_tw
        action = partner.with_user(user).action_phone_view_calls()
        context = self._context(user, **action["context"])
        spec = self._spec(user, "phone.call", "list")
        for size in SIZES:
            with self.subTest(calls=size), self._undone():
                self._calls_of_contact(size)
                with self.assertBudget(
                    "open a contact's calls", size, PAGE_BUDGET[size]
                ):
                    result = self.rpc(
                        user.login,
                        "phone.call",
                        "web_search_read",
                        action["domain"],
                        spec,
                        limit=80,
                        count_limit=10001,
                        context=context,
                    )
                self.assertTrue(result.ok, result)
                self.assertEqual(result.value["length"], size)
                self.assertEqual(len(result.value["records"]), min(size, 80))

    @warmup
    def test_report_a_fault(self):
        """An employee reports a fault from "Fault tickets" (new form, then
        save); their earlier tickets change nothing."""
        user = self.user_sales
        context = self._context(user, search_default_open=1)
        spec = self._spec(user, "phone.fault", "form")
        team = self.env["phone.fault.team"].create(
            {"name": "Budget technicians", "company_id": self.company.id}
        )
        for size in SIZES:
            with self.subTest(earlier_faults=size), self._undone():
                self.env["phone.fault"].create(
                    [
                        {
                            "company_id": self.company.id,
                            "reporter_id": user.id,
                            "symptom": f"Earlier fault {index}",
                            "team_id": team.id,
                        }
                        for index in range(size)
                    ]
                )
                with self.assertBudget("report a fault", size, 44):
                    fault = self._new_and_save(
                        user,
                        "phone.fault",
                        spec,
                        context,
                        {"symptom": "No dial tone", "location": "2F, room 201"},
                    )
                self.assertEqual(fault.reporter_id, user)

    @warmup
    def test_file_an_archive_month(self):
        """An officer files March's Sales calls (the archive's "File"
        button)."""
        user = self.user_officer
        context = self._context(user)
        for size in SIZES:
            with self.subTest(calls=size), self._undone():
                self._calls(
                    size,
                    datetime(2026, 3, 2, 2, 0),
                    category_id=self.category_sales.id,
                )
                archive = self.env["phone.archive"].create(
                    {
                        "company_id": self.company.id,
                        "period_type": "month",
                        "period_date": date(2026, 3, 1),
                        "category_id": self.category_sales.id,
                    }
                )
                with self.assertBudget("file an archive month", size, 24):
                    result = self.route(
                        user.login,
                        "/web/dataset/call_button",
                        {
                            "model": "phone.archive",
                            "method": "action_file",
                            "args": [archive.ids],
                            "kwargs": {"context": context},
                        },
                    )
                self.assertTrue(result.ok, result)
                self.assertEqual(archive.state, "archived")
                self.assertEqual(archive.call_count, size)

    @warmup
    def test_compliance_dashboard(self):
        """An officer opens the compliance dashboard: this month's figures
        of every department (all of them loaded)."""
        user = self.user_officer
        context = self._context(user)
        spec = self._spec(
            user,
            "hr.department",
            "kanban",
            view="phone_policy.hr_department_view_kanban_phone_compliance",
        )
        for size in SIZES:
            with self.subTest(departments=size), self._undone():
                departments = self.env["hr.department"].create(
                    [
                        {
                            "name": f"Budget department {index}",
                            "company_id": self.company.id,
                        }
                        for index in range(size)
                    ]
                )
                employees = self.env["hr.employee"].create(
                    [
                        {
                            "name": f"Budget employee {index}",
                            "company_id": self.company.id,
                            "department_id": department.id,
                        }
                        for index, department in enumerate(departments)
                    ]
                )
                self.env["phone.call"].create(
                    [
                        {
                            "company_id": self.company.id,
                            "employee_id": employee.id,
                            "partner_id": self.partner_tw.id,
                            "direction": "inbound",
                            "date_start": fields.Datetime.now(),
                            "ring_seconds": 5,
                            "subject": "Order",
                        }
                        for employee in employees
                    ]
                )
                with self.assertBudget("compliance dashboard", size, 6):
                    result = self.rpc(
                        user.login,
                        "hr.department",
                        "web_search_read",
                        [],
                        spec,
                        limit=size + 10,
                        count_limit=10001,
                        context=context,
                    )
                self.assertTrue(result.ok, result)
                counts = {
                    row["id"]: row["phone_month_call_count"]
                    for row in result.value["records"]
                }
                self.assertEqual(
                    [counts[department.id] for department in departments], [1] * size
                )


@tagged("post_install", "-at_install")
class TestCronBudgets(QueryBudgetMixin, PhonePolicyCase):
    """Every scheduled job of the addon, run as the scheduler runs it (the
    job's server action, as its user) on 10 and 100 records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # in a test, the jobs that commit after each batch must not (Odoo's
        # own test runner says it is testing; pytest-odoo does from Odoo 19)
        cls.classPatch(odoo_module, "current_test", True)
        env = cls.env
        cls.company.resource_calendar_id.tz = "Asia/Taipei"
        cls.system = env["phone.system"].create(
            {"name": "Budget PBX", "company_id": cls.company.id, "tz": "Asia/Taipei"}
        )
        # a hundred employees with a user of their own, in no department
        # (any extension fits their numbering)
        group_user = env.ref("base.group_user")
        users = env["res.users"].create(
            [
                {
                    "name": f"Budget user {index}",
                    "login": f"pp_budget_{index}",
                    "company_id": cls.company.id,
                    "company_ids": [Command.set(cls.company.ids)],
                    "groups_id": [Command.set(group_user.ids)],
                    "tz": "Asia/Taipei",
                }
                for index in range(max(SIZES))
            ]
        )
        cls.pool = env["hr.employee"].create(
            [
                {"name": user.name, "user_id": user.id, "company_id": cls.company.id}
                for user in users
            ]
        )

    def _run(self, xmlid):
        """The job as the scheduler runs it: its server action, as its user."""
        self.env.ref(xmlid).method_direct_trigger()

    def _run_before(self, xmlid):
        """Run the job on what there is before the test's records; then it
        last ran long ago (it records when it ran, to the second: the run
        measured next writes it every time, however soon after)."""
        self._run(xmlid)
        self.env.ref(xmlid).lastcall = datetime(2000, 1, 1)

    # ------------------------------------------------------------------
    @warmup
    def test_cron_remind_acknowledgements(self):
        xmlid = "phone_policy.ir_cron_policy_acknowledgement_reminder"
        ack_type = self.env.ref("phone_policy.mail_activity_type_policy_ack")
        with freeze_time("2026-06-01 02:00:00"):
            for size in SIZES:
                with self.subTest(pending=size), self._undone():
                    self._run_before(xmlid)  # the other companies' reminders
                    version = self.env["phone.policy.version"].create(
                        {
                            "version": "B1",
                            "company_id": self.company.id,
                            "body": "<p>Rules.</p>",
                            "effective_date": date(2026, 1, 1),
                        }
                    )
                    version.action_publish()
                    self.company.phone_policy_ack_days = 1
                    # everyone of the company has acknowledged but ``size`` people
                    pending = self.pool[:size]
                    done = version._expected_employees() - pending
                    self.env["phone.policy.acknowledgement"].create(
                        [
                            {"version_id": version.id, "employee_id": employee.id}
                            for employee in done
                        ]
                    )
                    with self.assertBudget(
                        "cron: remind acknowledgements", size, 31 + 17 * size
                    ):
                        self._run(xmlid)
                    reminded = version.activity_ids.filtered(
                        lambda a: a.activity_type_id == ack_type
                    ).user_id
                    self.assertEqual(reminded, pending.user_id)

    @warmup
    def test_cron_escalate_urgent_messages(self):
        xmlid = "phone_policy.ir_cron_phone_message_escalate"
        # Monday 2 November 2026, 17:00 in Taipei: past the deadline of the
        # messages taken at 9:00
        with freeze_time("2026-11-02 09:00:00"):
            for size in SIZES:
                with self.subTest(messages=size), self._undone():
                    self._run_before(xmlid)  # the other urgent messages
                    with freeze_time("2026-11-02 01:00:00"):
                        messages = (
                            self.env["phone.message"]
                            .with_user(self.user_support)
                            .create(
                                [
                                    {
                                        "company_id": self.company.id,
                                        "recipient_employee_id": self.emp_sales.id,
                                        "caller_name": f"Caller {index}",
                                        "body": "Please call back.",
                                        "urgency": "urgent",
                                    }
                                    for index in range(size)
                                ]
                            )
                        )
                    with self.assertBudget(
                        "cron: escalate urgent messages", size, 27 + 30 * size
                    ):
                        self._run(xmlid)
                    self.assertEqual(
                        messages.mapped("escalated_to_user_id"), self.user_dept_manager
                    )

    @warmup
    def test_cron_notify_coverage_gaps(self):
        xmlid = "phone_policy.ir_cron_phone_coverage_gaps"
        gap_type = self.env.ref("phone_policy.mail_activity_type_coverage_gap")
        # Sunday 3 January 2027 in Taipei: tomorrow is a working Monday
        with freeze_time("2027-01-03 02:00:00"):
            for size in SIZES:
                with self.subTest(departments=size), self._undone():
                    self._run_before(xmlid)  # the other departments' gaps
                    departments = self.env["hr.department"].create(
                        [
                            {
                                "name": f"Budget department {index}",
                                "company_id": self.company.id,
                                "manager_id": self.emp_dept_manager.id,
                            }
                            for index in range(size)
                        ]
                    )
                    self.env["hr.employee"].create(
                        [
                            {
                                "name": f"Budget member {index}",
                                "company_id": self.company.id,
                                "department_id": department.id,
                            }
                            for index, department in enumerate(departments)
                        ]
                    )
                    # the whole department away on Monday 9:00-10:00 (Taipei)
                    self.env["phone.coverage"].create(
                        [
                            {
                                "company_id": self.company.id,
                                "scope": "department",
                                "department_id": department.id,
                                "date_from": datetime(2027, 1, 4, 1, 0),
                                "date_to": datetime(2027, 1, 4, 2, 0),
                                "cover_type": "voicemail",
                                "kind": "meeting",
                            }
                            for department in departments
                        ]
                    )
                    # +1: the company's time zone is its contact's, then its
                    # schedule's (res.company._phone_tz, one definition)
                    with self.assertBudget("cron: coverage gaps", size, 41 + 23 * size):
                        self._run(xmlid)
                    told = departments.activity_ids.filtered(
                        lambda a: a.activity_type_id == gap_type
                    )
                    self.assertEqual(len(told), size)

    @warmup
    def test_cron_create_due_maintenance_tasks(self):
        xmlid = "phone_policy.ir_cron_phone_maintenance_plan"
        with freeze_time("2026-11-10 02:00:00"):
            for size in SIZES:
                with self.subTest(plans=size), self._undone():
                    self._run_before(xmlid)  # the other due plans
                    plans = self.env["phone.maintenance.plan"].create(
                        [
                            {
                                "name": f"Budget check {index}",
                                "company_id": self.company.id,
                                "system_id": self.system.id,
                                "interval_number": 1,
                                "interval_unit": "months",
                                "next_date": date(2026, 11, 10),
                                "technician_id": self.user_support.id,
                            }
                            for index in range(size)
                        ]
                    )
                    with self.assertBudget(
                        "cron: due maintenance tasks", size, 40 + 4 * size
                    ):
                        self._run(xmlid)
                    tasks = self.env["phone.fault"].search(
                        [("plan_id", "in", plans.ids)]
                    )
                    self.assertEqual(len(tasks), size)

    @warmup
    def test_cron_password_reminders(self):
        xmlid = "phone_policy.ir_cron_phone_password_reminders"
        with freeze_time("2026-11-10 02:00:00"):
            for size in SIZES:
                with self.subTest(accounts=size), self._undone():
                    self._run_before(xmlid)  # the other overdue accounts
                    accounts = self.env["phone.account"].create(
                        [
                            {
                                "system_id": self.system.id,
                                "employee_id": employee.id,
                                "extension": str(5000 + index),
                                "company_id": self.company.id,
                                "state": "active",
                                "password_is_initial": True,
                                "date_issued": datetime(2026, 10, 1, 2, 0),
                            }
                            for index, employee in enumerate(self.pool[:size])
                        ]
                    )
                    # 27: one fixed query more since PBX provisioning and live
                    # calls were merged (measured: 207 at 10, 1,827 at 100)
                    with self.assertBudget(
                        "cron: password reminders", size, 27 + 18 * size
                    ):
                        self._run(xmlid)
                    self.assertTrue(all(accounts.mapped("password_reminded_on")))

    @warmup
    def test_cron_file_previous_months(self):
        xmlid = "phone_policy.ir_cron_phone_archive_file"
        with freeze_time("2026-04-10 03:00:00"):
            for size in SIZES:
                with self.subTest(calls=size), self._undone():
                    self._run_before(xmlid)  # what was there to file before
                    calls = self._calls(
                        size,
                        datetime(2026, 3, 2, 2, 0),
                        category_id=self.category_sales.id,
                    )
                    # +1: the company's time zone (res.company._phone_tz)
                    with self.assertBudget("cron: file previous months", size, 41):
                        self._run(xmlid)
                    self.assertEqual(len(calls.archive_id), 1)
                    self.assertEqual(calls.archive_id.call_count, size)

    def _old_calls(self, size, step=timedelta(minutes=1)):
        """``size`` Sales calls from 4 January 2016 on, one every ``step``."""
        return self._calls(
            size,
            datetime(2016, 1, 4, 2, 0),
            step=step,
            category_id=self.category_sales.id,
        )

    def _file_month(self, month):
        """The Sales calls of ``month``, filed."""
        archive = self.env["phone.archive"].create(
            {
                "company_id": self.company.id,
                "period_type": "month",
                "period_date": month,
                "category_id": self.category_sales.id,
            }
        )
        archive.action_file()
        return archive

    @warmup
    def test_cron_list_expired_archives(self):
        xmlid = "phone_policy.ir_cron_phone_archive_expired"
        self.env["phone.retention.policy"].create(
            {
                "company_id": self.company.id,
                "category_id": self.category_sales.id,
                "retention_years": 1,
            }
        )
        with freeze_time("2026-06-01 02:00:00"):
            for size in SIZES:
                with self.subTest(archives=size), self._undone():
                    self._run_before(xmlid)  # what expired before
                    calls = self._old_calls(size, step=relativedelta(months=1))
                    archives = self.env["phone.archive"].union(
                        *[
                            self._file_month(call.date_start.date().replace(day=1))
                            for call in calls
                        ]
                    )
                    with self.assertBudget(
                        # the company's Managers looked up once, not per
                        # archive; one query more per to-do since the addon
                        # depends on calendar and hr_holidays (issue 20)
                        "cron: list expired archives",
                        size,
                        30 + 18 * size,
                    ):
                        self._run(xmlid)
                    self.assertEqual(set(archives.mapped("state")), {"expired"})

    @warmup
    def test_cron_verify_the_archive_chain(self):
        xmlid = "phone_policy.ir_cron_phone_archive_verify"
        with freeze_time("2026-06-01 02:00:00"):
            for size in SIZES:
                with self.subTest(calls=size), self._undone():
                    self._old_calls(size)
                    self._file_month(date(2016, 1, 1))
                    with self.assertBudget("cron: verify the archive chain", size, 37):
                        self._run(xmlid)
                    check = self.env["phone.archive.verification"].search(
                        [("company_id", "=", self.company.id)], limit=1
                    )
                    self.assertEqual(check.state, "intact")
                    self.assertEqual(check.records_verified, size)

    @warmup
    def test_cron_expire_archive_access(self):
        xmlid = "phone_policy.ir_cron_phone_archive_access_expire"
        calls = self._old_calls(1)
        archive = self._file_month(date(2016, 1, 1))
        self.assertEqual(calls.archive_id, archive)
        with freeze_time("2026-06-01 02:00:00"):
            for size in SIZES:
                with self.subTest(requests=size), self._undone():
                    self._run_before(xmlid)  # what lapsed before
                    requests = self.env["phone.archive.access.request"].create(
                        [
                            {
                                "company_id": self.company.id,
                                "requester_id": user.id,
                                "archive_ids": [Command.set(archive.ids)],
                                "purpose": "Dispute",
                                "state": "approved",
                                "granted_from": datetime(2026, 5, 1),
                                "granted_to": datetime(2026, 5, 2),
                            }
                            for user in self.pool[:size].user_id
                        ]
                    )
                    with self.assertBudget(
                        "cron: expire archive access", size, 19 + 13 * size
                    ):
                        self._run(xmlid)
                    self.assertEqual(set(requests.mapped("state")), {"expired"})

    @warmup
    def test_cron_open_due_inspections(self):
        """The job opens 50 inspections a run (the scheduler runs it again
        at once while some are left): 10, then 50 of the 100 due plans, each
        with its sample drawn."""
        xmlid = "phone_policy.ir_cron_phone_inspection_plan"
        budget = {10: 413, 100: 1949}
        # five Sales calls in the period that ends on 9 November
        for day in range(2, 7):
            self._call(self.user_sales, date_start=datetime(2026, 11, day, 2, 0))
        with freeze_time("2026-11-10 02:00:00"):
            for size in SIZES:
                with self.subTest(plans=size), self._undone():
                    self._run_before(xmlid)  # the other due plans
                    plans = self.env["phone.inspection.plan"].create(
                        [
                            {
                                "company_id": self.company.id,
                                "department_id": self.dept_sales.id,
                                "user_id": self.user_officer.id,
                                "interval_number": 1,
                                "interval_type": "months",
                                # every call of the period: the same sample,
                                # whatever the random seed
                                "sample_size": 5,
                                "next_date": date(2026, 11, 10),
                            }
                            for _index in range(size)
                        ]
                    )
                    with self.assertBudget(
                        "cron: open due inspections", size, budget[size]
                    ):
                        self._run(xmlid)
                    inspections = plans.inspection_ids
                    self.assertEqual(len(inspections), min(size, 50))
                    self.assertEqual(set(inspections.mapped("population_count")), {5})

    @warmup
    def test_cron_import_pick_up_directories(self):
        xmlid = "phone_policy.ir_cron_phone_cdr_import_directories"
        self.env["phone.account"].create(
            {
                "system_id": self.system.id,
                "employee_id": self.emp_sales.id,
                "extension": "1002",
                "company_id": self.company.id,
            }
        )
        with freeze_time("2026-11-10 02:00:00"):
            for size in SIZES:
                with (
                    self.subTest(rows=size),
                    self._undone(),
                    tempfile.TemporaryDirectory() as directory,
                ):
                    self.system.cdr_directory = directory
                    path = os.path.join(directory, "Master.csv")
                    with open(path, "w", encoding="utf-8") as target:
                        target.write(
                            "\n".join(
                                asterisk_line(uniqueid=f"b.{size}.{index}")
                                for index in range(size)
                            )
                        )
                    # written a while ago: the file is complete
                    os.utime(path, (1, 1))
                    # one look for live calls per transaction (cdr/engine.py,
                    # _merge_live); the stamp of a batch of 100 calls or
                    # more pins its plan: 2 more
                    with self.assertBudget(
                        "cron: import pick-up directories", size, 38
                    ):
                        self._run(xmlid)
                    imp = self.env["phone.cdr.import"].search(
                        [("system_id", "=", self.system.id)]
                    )
                    self.assertEqual(imp.count_created, size)

    @warmup
    def test_cron_evaluate_findings(self):
        xmlid = "phone_policy.ir_cron_phone_finding_evaluate"
        with freeze_time("2026-11-10 02:00:00"):
            for size in SIZES:
                with self.subTest(calls=size), self._undone():
                    self._run_before(xmlid)  # the calls there were
                    # an hour each: over the long-call threshold
                    calls = self._calls(
                        size,
                        datetime(2026, 11, 3, 2, 0),
                        duration=3600,
                        key_points="Agreed.",
                    )
                    with self.assertBudget(
                        "cron: evaluate findings", size, 37 + 6 * size
                    ):
                        self._run(xmlid)
                    long_rule = self.env.ref(
                        "phone_policy.phone_finding_rule_long_call"
                    )
                    found = self.env["phone.finding"].search(
                        [("call_id", "in", calls.ids), ("rule_id", "=", long_rule.id)]
                    )
                    self.assertEqual(len(found), size)
