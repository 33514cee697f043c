# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 1 of issue 13: a record the user creates must not grant them
access to another record. Record rules that grant through a relation
(``transfer_ids.to_user_id``, ``phone_message_ids.recipient_user_id``...) hold
only because creating or re-pointing that relation is checked on the
server."""

from odoo import Command
from odoo.tests import tagged

from .relations_common import LIVE_SECRET, RelationsCase


@tagged("post_install", "-at_install")
class TestRelationGrants(RelationsCase):
    def test_class1_transfer_to_oneself_does_not_open_a_confidential_call(self):
        """The issue's example: pp_sales records a transfer of pp_sales2's
        confidential call to themself, then reads the call."""
        created = self.rpc(
            "pp_sales",
            "phone.call.transfer",
            "create",
            {
                "call_id": self.secret_call.id,
                "from_employee_id": self.emp_sales.id,
                "to_employee_id": self.emp_sales.id,
                "reason": "Curious",
            },
        )
        self.assertRefused(created)
        self.assertFalse(self.secret_call.sudo().transfer_ids)
        read = self.rpc(
            "pp_sales", "phone.call", "read", [self.secret_call.id], ["subject"]
        )
        self.assertRefused(read)
        self.assertNoSecret(read.message, LIVE_SECRET)


@tagged("post_install", "-at_install")
class TestRelationsGrantNothing(RelationsCase):
    """Every relation through which a record rule grants access, or a
    related field reads another record, tried by a role that must not
    gain it: creating it, re-pointing it, and onchange (which computes the
    related fields of a record not yet saved)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        system = env["phone.system"].create(
            {"name": "HQ PBX", "company_id": cls.company.id}
        )
        cls.acc_sales2 = env["phone.account"].create(
            {
                "system_id": system.id,
                "employee_id": cls.emp_sales2.id,
                "extension": "1003",
                "company_id": cls.company.id,
                "state": "frozen",
            }
        )
        # a message pp_sales took for pp_support, on no call
        cls.loose_message = (
            env["phone.message"]
            .with_user(cls.user_sales)
            .create(
                {
                    "company_id": cls.company.id,
                    "recipient_employee_id": cls.emp_support.id,
                    "caller_name": "Ms Liu",
                    "body": "Call back",
                }
            )
        )
        # a message pp_sales2 took on her own confidential call for pp_support
        cls.call_message = (
            env["phone.message"]
            .with_user(cls.user_sales2)
            .create(
                {
                    "company_id": cls.company.id,
                    "recipient_employee_id": cls.emp_support.id,
                    "call_id": cls.secret_call.id,
                    "caller_name": "Mr Huang",
                    "body": "Call back about the terms",
                }
            )
        )
        cls.whistle_report.investigator_id = cls.user_officer

    # who tries, on which call: nobody of them is on it; some may read it
    OUTSIDERS = (
        ("pp_sales", "secret_call"),  # same department, confidential
        ("pp_sales", "dept_call"),  # reads it (department), not on it
        ("pp_mgr", "dept_call"),  # the department's manager reads it
        ("pp_officer", "dept_call"),  # officers read it
        ("pp_officer", "secret_call"),
        ("pp_support", "archived_call"),  # reads it under the grant
        ("pp_sales2", "archived_call"),  # handled it; archived since
    )

    def _employee(self, login):
        return self.env["hr.employee"].search([("user_id.login", "=", login)])

    def _readable(self, login, call):
        result = self.rpc(login, "phone.call", "read", call.ids, ["subject"])
        return result.ok

    def test_passing_a_call_on(self):
        attempts = 0
        for login, target in self.OUTSIDERS:
            call = getattr(self, target)
            employee = self._employee(login)
            accomplice = self.emp_sales if login != "pp_sales" else self.emp_support
            could_read = self._readable(login, call)
            accomplice_could_read = self._readable(accomplice.user_id.login, call)
            transfers = call.sudo().transfer_ids
            messages = call.sudo().phone_message_ids
            attempts_here = {
                "transfer to oneself": (
                    "phone.call.transfer",
                    "create",
                    {
                        "call_id": call.id,
                        "from_employee_id": employee.id,
                        "to_employee_id": employee.id,
                        "reason": "Curious",
                    },
                ),
                "transfer to an accomplice": (
                    "phone.call.transfer",
                    "create",
                    {
                        "call_id": call.id,
                        "from_employee_id": employee.id,
                        "to_employee_id": accomplice.id,
                        "reason": "Curious",
                    },
                ),
                "message for oneself": (
                    "phone.message",
                    "create",
                    {
                        "company_id": self.company.id,
                        "recipient_employee_id": employee.id,
                        "call_id": call.id,
                        "caller_name": "Someone",
                        "body": "x",
                    },
                ),
                "transfer wizard": (
                    "phone.call.transfer.wizard",
                    "create",
                    {"call_id": call.id, "to_employee_id": employee.id},
                ),
                "transfer wizard onchange": (
                    "phone.call.transfer.wizard",
                    "onchange",
                    [],
                    {"call_id": call.id, "to_employee_id": employee.id},
                    ["call_id"],
                    {"call_id": {}, "company_id": {}, "availability": {}},
                ),
            }
            for name, (model, method, *args) in attempts_here.items():
                with self.subTest(role=login, call=target, attempt=name):
                    attempts += 1
                    result = self.rpc(login, model, method, *args)
                    self.assertRefused(result)
                    self.assertIn("Only the people on a call", result.message)
            self.assertEqual(call.sudo().transfer_ids, transfers)
            self.assertEqual(call.sudo().phone_message_ids, messages)
            with self.subTest(role=login, call=target, attempt="read afterwards"):
                self.assertEqual(self._readable(login, call), could_read)
                self.assertEqual(
                    self._readable(accomplice.user_id.login, call),
                    accomplice_could_read,
                )
        self.assertEqual(attempts, 5 * len(self.OUTSIDERS))

    def test_repointing_a_message(self):
        """The taker of a message on no call points it at a call; the
        recipient of a message on a call passes it to someone else."""
        for login, target in self.OUTSIDERS:
            call = getattr(self, target)
            if login == "pp_sales":
                with self.subTest(role=login, call=target):
                    moved = self.rpc(
                        login,
                        "phone.message",
                        "write",
                        self.loose_message.ids,
                        {"call_id": call.id},
                    )
                    self.assertRefused(moved)
                    self.assertFalse(self.loose_message.call_id)
        passed = self.rpc(
            "pp_support",
            "phone.message",
            "write",
            self.call_message.ids,
            {"recipient_employee_id": self.emp_sales.id},
        )
        self.assertRefused(passed)
        self.assertEqual(self.call_message.recipient_employee_id, self.emp_support)
        self.assertFalse(self._readable("pp_sales", self.secret_call))
        # the colleague on the call may pass her message on
        self.assertTrue(
            self.rpc(
                "pp_sales2",
                "phone.message",
                "write",
                self.call_message.ids,
                {"recipient_employee_id": self.emp_sales.id},
            ).ok
        )
        self.assertTrue(self._readable("pp_sales", self.secret_call))

    def test_the_people_on_a_call_pass_it_on(self):
        """What the refusals above must not stop: the colleague who took
        the call, then the one it was transferred to."""
        first = self.rpc(
            "pp_sales2",
            "phone.call.transfer",
            "create",
            {
                "call_id": self.secret_call.id,
                "from_employee_id": self.emp_sales2.id,
                "to_employee_id": self.emp_support.id,
                "reason": "Technical question",
            },
        )
        self.assertTrue(first.ok, first)
        self.assertTrue(self._readable("pp_support", self.secret_call))
        second = self.rpc(
            "pp_support",
            "phone.call.transfer",
            "create",
            {
                "call_id": self.secret_call.id,
                "from_employee_id": self.emp_support.id,
                "to_employee_id": self.emp_dept_manager.id,
                "reason": "Needs a decision",
            },
        )
        self.assertTrue(second.ok, second)
        self.assertTrue(self._readable("pp_mgr", self.secret_call))

    def test_access_requests_grant_nothing_undecided(self):
        """An access request reads nothing until a Manager approved it, and
        nobody widens an approved one afterwards."""
        Request = "phone.archive.access.request"
        target = self.archived_confidential
        draft = (
            self.env[Request]
            .with_user(self.user_support)
            .create(
                {
                    "company_id": self.company.id,
                    "call_references": target.name,
                    "purpose": "More",
                }
            )
        )
        attempts = {
            "create approved": (
                "pp_support",
                Request,
                "create",
                {
                    "company_id": self.company.id,
                    "call_references": target.name,
                    "purpose": "x",
                    "state": "approved",
                    "granted_from": "2020-01-01 00:00:00",
                    "granted_to": "2099-01-01 00:00:00",
                },
            ),
            "create with the calls": (
                "pp_support",
                Request,
                "create",
                {
                    "company_id": self.company.id,
                    "call_ids": [Command.set(target.ids)],
                    "purpose": "x",
                },
            ),
            "approve one's own draft": (
                "pp_support",
                Request,
                "write",
                draft.ids,
                {"state": "approved"},
            ),
            "approve one's own draft (button)": (
                "pp_support",
                Request,
                "action_approve",
                draft.ids,
            ),
            "widen the approved request": (
                "pp_support",
                Request,
                "write",
                self.grant.ids,
                {"call_ids": [Command.link(target.id)]},
            ),
            "add an archive to it": (
                "pp_support",
                Request,
                "write",
                self.grant.ids,
                {"call_references": target.name},
            ),
            "extend its window": (
                "pp_support",
                Request,
                "write",
                self.grant.ids,
                {"granted_to": "2099-01-01 00:00:00"},
            ),
            "an officer approves": ("pp_officer", Request, "action_approve", draft.ids),
            "link from the archive": (
                "pp_officer",
                "phone.archive",
                "write",
                self.archive.ids,
                {"access_request_ids": [Command.link(draft.id)]},
            ),
            "link from the call": (
                "pp_support",
                "phone.call",
                "write",
                target.ids,
                {"archive_access_request_ids": [Command.link(self.grant.id)]},
            ),
        }
        for name, (login, *call) in attempts.items():
            with self.subTest(attempt=name):
                result = self.rpc(login, *call)
                self.assertRefused(result, error=None)
                self.assertFalse(self._readable("pp_support", target))
        self.assertEqual(draft.state, "draft")
        self.assertFalse(self.grant.call_ids)
        self.assertEqual(self.archive.sudo().access_request_ids, self.grant)

    def test_evidence_and_prefilled_links(self):
        """Records that point at a call, an account, a report: only at what
        their author may read, on create, write and onchange."""
        secret = self.secret_call
        attempts = [
            # (login, model, values to create or onchange, field spec)
            (
                "pp_officer",
                "phone.violation",
                {
                    "company_id": self.company.id,
                    "employee_id": self.emp_sales2.id,
                    "type_id": self.env.ref("phone_policy.violation_type_etiquette").id,
                    "call_ids": [Command.set(secret.ids)],
                },
                {"call_ids": {"fields": {"subject": {}}}},
            ),
            (
                "pp_officer",
                "phone.violation",
                {
                    "company_id": self.company.id,
                    "employee_id": self.emp_sales2.id,
                    "type_id": self.env.ref("phone_policy.violation_type_etiquette").id,
                    "whistleblow_case_id": self.env["phone.whistleblow.case"]
                    .sudo()
                    .create(
                        {
                            "company_id": self.company.id,
                            "accused_employee_id": self.emp_support.id,
                            "description": "Another report",
                        }
                    )
                    .id,
                },
                {"whistleblow_case_id": {"fields": {"display_name": {}}}},
            ),
            (
                "pp_officer",
                "phone.commendation",
                {
                    "company_id": self.company.id,
                    "employee_id": self.emp_sales2.id,
                    "reason": "x",
                    "call_ids": [Command.set(secret.ids)],
                },
                {"call_ids": {"fields": {"subject": {}}}},
            ),
            (
                "pp_sales",
                "phone.whistleblow.filing",
                {
                    "company_id": self.company.id,
                    "accused_employee_id": self.emp_sales2.id,
                    "description": "x",
                    "call_ids": [Command.set(secret.ids)],
                },
                {"call_ids": {"fields": {"subject": {}}}},
            ),
            (
                "pp_sales",
                "phone.security.incident",
                {
                    "company_id": self.company.id,
                    "kind": "confidential_disclosure",
                    "description": "x",
                    "call_id": secret.id,
                },
                {"concerned_user_ids": {}, "call_id": {}},
            ),
            (
                "pp_sales",
                "phone.fault",
                {
                    "company_id": self.company.id,
                    "symptom": "Noise",
                    "call_id": secret.id,
                },
                {"account_id": {}, "extension": {}},
            ),
            (
                "pp_sales",
                "phone.fault",
                {
                    "company_id": self.company.id,
                    "symptom": "Noise",
                    "account_id": self.acc_sales2.id,
                },
                {"extension": {}, "system_id": {}},
            ),
            (
                "pp_sales",
                "phone.call.callback.wizard",
                {"call_id": self.dept_call.id},
                {"user_id": {}, "quiet_hours_warning": {}},
            ),
            (
                "pp_support",
                "phone.call.correction.wizard",
                {"call_id": self.archived_confidential.id, "note": "x"},
                {"call_id": {}},
            ),
            (
                "pp_sales",
                "phone.account.password.wizard",
                {"account_id": self.acc_sales2.id},
                {"account_state": {}},
            ),
            (
                "pp_sales",
                "phone.account.freeze.wizard",
                {"account_id": self.acc_sales2.id, "reason": "x"},
                {"account_id": {}},
            ),
        ]
        for login, model, values, spec in attempts:
            count = self.env[model].sudo().search_count([])
            for method, args in (
                ("create", (values,)),
                ("onchange", ([], values, list(values), spec)),
            ):
                with self.subTest(role=login, model=model, method=method):
                    result = self.rpc(login, model, method, *args)
                    self.assertRefused(result, error=None)
                    self.assertNoSecret(result.message)
                    self.assertNotIn("frozen", result.message.lower())
            self.assertEqual(self.env[model].sudo().search_count([]), count)
        # re-pointing evidence the author may write
        moved = self.rpc(
            "pp_officer",
            "phone.whistleblow.case",
            "write",
            self.whistle_report.ids,
            {"call_ids": [Command.link(secret.id)]},
        )
        self.assertRefused(moved)
        self.assertFalse(self.whistle_report.call_ids)

    def test_department_comes_from_hr(self):
        """Violations and commendations are read by their department's
        manager: an Officer cannot point one at another department (and so
        at a manager of their choosing), on create or write."""
        etiquette = self.env.ref("phone_policy.violation_type_etiquette")
        for model, values in (
            ("phone.violation", {"type_id": etiquette.id}),
            (
                "phone.commendation",
                {"reason": "Exemplary", "points": 1, "source": "inspection"},
            ),
        ):
            values = dict(
                values, company_id=self.company.id, employee_id=self.emp_support.id
            )
            with self.subTest(model=model, method="create"):
                created = self.rpc(
                    "pp_officer",
                    model,
                    "create",
                    dict(values, department_id=self.dept_sales.id),
                )
                self.assertRefused(created, error="ValidationError")
                self.assertIn("employee's", created.message)
            drafted = self.rpc("pp_officer", model, "create", values)
            self.assertTrue(drafted.ok, drafted)
            record = self.env[model].browse(drafted.value)
            self.assertEqual(record.department_id, self.dept_support)
            with self.subTest(model=model, method="write"):
                moved = self.rpc(
                    "pp_officer",
                    model,
                    "write",
                    record.ids,
                    {"department_id": self.dept_sales.id},
                )
                self.assertRefused(moved, error="ValidationError")
                self.assertEqual(record.department_id, self.dept_support)
            # HR records the department at the time
            self.assertTrue(
                self.rpc(
                    "pp_manager",
                    model,
                    "write",
                    record.ids,
                    {"department_id": self.dept_sales.id},
                ).ok
            )
