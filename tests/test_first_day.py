# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first day of the demo's people, over HTTP as each of them: the paths
that ended in an error or a dead end (issue 16) now end where the user
expects. The crawl (``test_role_crawl``) presses every button; these tests
follow each journey to its end and check what the user reads."""

from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo.osv import expression
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import InternalCase
from .rpc_common import RpcError, RpcMixin


@tagged("post_install", "-at_install")
class TestFirstDayHttp(RpcMixin, HttpCase):
    """On the demo data, as the demo users, over JSON-RPC."""

    def _open_menu(self, xmlid):
        """What clicking the menu ``xmlid`` opens (running a server action
        the way the web client does)."""
        menu = self.env.ref(xmlid)
        action = self.rpc("/web/action/load", {"action_id": menu.action.id})
        if action["type"] == "ir.actions.server":
            action = self.rpc("/web/action/run", {"action_id": action["id"]})
        return action

    def test_policy_menu_and_acknowledgement(self):
        """Calls › The policy opens the version in force for an employee and
        for an Officer, and its Acknowledge button records their
        acknowledgement (policy §7)."""
        version = self.env.ref("phone_policy.phone_policy_version_1")
        Ack = self.env["phone.policy.acknowledgement"]
        for login in ("lin.chihhao", "chang.yating"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                action = self._open_menu(
                    "phone_policy.phone_policy_version_menu_in_force"
                )
                self.assertEqual(action["res_model"], "phone.policy.version")
                self.assertEqual(action["res_id"], version.id)
                employee = self.env["hr.employee"].search(
                    [("user_id.login", "=", login)]
                )
                self.assertFalse(
                    Ack.search(
                        [
                            ("version_id", "=", version.id),
                            ("employee_id", "=", employee.id),
                        ]
                    )
                )
                self.call_button(
                    "phone.policy.version", "action_acknowledge", [version.id]
                )
                self.assertTrue(
                    Ack.search(
                        [
                            ("version_id", "=", version.id),
                            ("employee_id", "=", employee.id),
                        ]
                    ),
                    f"{login}'s acknowledgement was not recorded",
                )
                # still nobody but a Manager writes the policy
                with (
                    mute_logger("odoo.http"),
                    self.assertRaisesRegex(RpcError, "AccessError"),
                ):
                    self.call(
                        "phone.policy.version",
                        "write",
                        [[version.id], {"version": "9"}],
                    )
        self.assertEqual(version.version, "1.0")

    def test_whistleblowing_submit_confirms_with_reference(self):
        """The reporter fills the form and presses Submit: the web client
        saves (files) it, and the button answers with the reference."""
        self.authenticate("lin.chihhao", "lin.chihhao")
        views = self.call(
            "phone.whistleblow.filing",
            "get_views",
            kwargs={"views": [[False, "form"]]},
        )
        self.assertIn('name="action_submit"', views["views"]["form"]["arch"])
        accused = self.env.ref("phone_policy.employee_carol_demo")
        saved = self.call(
            "phone.whistleblow.filing",
            "web_save",
            args=[
                [],
                {"accused_employee_id": accused.id, "description": "Rude to a caller."},
            ],
            kwargs={"specification": {"name": {}}},
        )
        filing_id = saved[0]["id"]
        answer = self.call_button(
            "phone.whistleblow.filing", "action_submit", [filing_id]
        )
        reference = self.env["phone.whistleblow.filing"].browse(filing_id).case_id.name
        self.assertTrue(reference)
        self.assertEqual(answer["tag"], "display_notification")
        self.assertIn(reference, answer["params"]["message"])
        # another employee learns nothing of it, not even its reference
        self.authenticate("carol.wu", "carol.wu")
        with mute_logger("odoo.http"), self.assertRaisesRegex(RpcError, "AccessError"):
            self.call_button("phone.whistleblow.filing", "action_submit", [filing_id])

    def test_message_taken_stays_with_its_taker(self):
        """林志豪 takes a message for 王大明: Calls › Messages still lists it
        for him with its default filters, and he is not offered the
        Acknowledge button, which only 王大明's side may press."""
        wang = self.env.ref("phone_policy.employee_wang_demo")
        self.authenticate("lin.chihhao", "lin.chihhao")
        saved = self.call(
            "phone.message",
            "web_save",
            args=[
                [],
                {
                    "recipient_employee_id": wang.id,
                    "caller_name": "Mr Huang",
                    "body": "Please call back about the invoice.",
                },
            ],
            kwargs={"specification": {"may_acknowledge": {}}},
        )
        message_id = saved[0]["id"]
        self.assertFalse(saved[0]["may_acknowledge"])
        action = self._open_menu("phone_policy.phone_message_menu_my")
        context = action["context"]
        search = self.env.ref("phone_policy.phone_message_view_search")
        ids = self._listed(action, context, search, "lin.chihhao")
        self.assertIn(message_id, ids, "the message taken is hidden from its taker")
        with mute_logger("odoo.http"), self.assertRaisesRegex(RpcError, "UserError"):
            self.call_button("phone.message", "action_acknowledge", [message_id])
        # 王大明 finds it too, with the button
        self.authenticate("wang.taming", "wang.taming")
        self.assertIn(message_id, self._listed(action, context, search, "wang.taming"))
        read = self.call(
            "phone.message",
            "web_read",
            args=[[message_id]],
            kwargs={"specification": {"may_acknowledge": {}}},
        )
        self.assertTrue(read[0]["may_acknowledge"])

    def test_calls_menu_in_sections(self):
        """The employee's Calls menu is in short sections (it was a flat
        list of 18 items): calls and messages, directory and coverage,
        requests and reports, their own conduct; each section holds what
        the employee may open, nothing is lost on the way."""
        self.authenticate("lin.chihhao", "lin.chihhao")
        menus = self.url_open("/web/webclient/load_menus/first_day").json()
        calls = self.env.ref("phone_policy.phone_calls_menu").id
        sections = [menus[str(child)] for child in menus[str(calls)]["children"]]
        self.assertEqual(
            [section["name"] for section in sections],
            ["Calls", "Directory and coverage", "Requests and reports", "My conduct"],
        )
        leaves = []
        for section in sections:
            self.assertFalse(section["actionID"], section["name"])
            items = [menus[str(child)] for child in section["children"]]
            self.assertLessEqual(len(items), 6, section["name"])
            self.assertTrue(all(item["actionID"] for item in items))
            leaves += [item["xmlid"] for item in items]
        for xmlid in (
            "phone_policy.phone_call_menu_callback",
            "phone_policy.phone_message_menu_my",
            "phone_policy.phone_directory_menu",
            "phone_policy.phone_whistleblow_filing_menu",
            "phone_policy.phone_account_menu_my",
            "phone_policy.phone_policy_version_menu_in_force",
        ):
            self.assertIn(xmlid, leaves)

    def test_import_a_record_file_at_the_top_of_the_phone_system(self):
        """An Officer finds *Import a record file* in the phone system's
        header, not in its third tab; an employee does not see it."""
        for login, shown in (("chang.yating", True), ("lin.chihhao", False)):
            self.authenticate(login, login)
            views = self.call(
                "phone.system", "get_views", kwargs={"views": [[False, "form"]]}
            )
            arch = etree.fromstring(views["views"]["form"]["arch"])
            self.assertEqual(
                bool(arch.xpath("//header/button[@name='action_import_cdr']")),
                shown,
                login,
            )
            self.assertFalse(
                arch.xpath("//notebook//button[@name='action_import_cdr']")
            )

    def test_call_backs_due_show_when(self):
        """Calls › Call-backs due lists each promised call-back with the
        time it is due, the soonest first, as the list view shows it."""
        wang = self.env.ref("phone_policy.employee_wang_demo")
        calls = self.env["phone.call"].create(
            [
                {
                    "company_id": wang.company_id.id,
                    "employee_id": wang.id,
                    "direction": "inbound",
                    "counterpart_name": name,
                    "date_start": datetime(2026, 11, 2, 1, 0),
                    "callback_datetime": due,
                    "responsible_user_id": wang.user_id.id,
                }
                for name, due in (
                    ("Later caller", datetime(2026, 11, 3, 6, 0)),
                    ("Sooner caller", datetime(2026, 11, 2, 7, 30)),
                )
            ]
        )
        self.authenticate("wang.taming", "wang.taming")
        action = self._open_menu("phone_policy.phone_call_menu_callback")
        (list_view,) = [view for view, mode in action["views"] if mode == "list"]
        views = self.call(
            "phone.call", "get_views", kwargs={"views": [[list_view, "list"]]}
        )
        arch = etree.fromstring(views["views"]["list"]["arch"])
        columns = [
            node.get("name")
            for node in arch.xpath("//list/field")
            if node.get("column_invisible") not in ("True", "1")
        ]
        self.assertEqual(columns[0], "callback_datetime")
        read = self.call(
            "phone.call",
            "web_search_read",
            kwargs={
                "domain": expression.AND(
                    [
                        safe_eval(action["domain"])
                        if isinstance(action["domain"], str)
                        else action["domain"],
                        [("id", "in", calls.ids)],
                    ]
                ),
                "specification": {name: {} for name in columns},
                "order": arch.xpath("//list")[0].get("default_order"),
                "context": {"lang": "en_US", "tz": "Asia/Taipei"},
            },
        )
        self.assertEqual(
            [(r["counterpart_name"], r["callback_datetime"]) for r in read["records"]],
            [
                ("Sooner caller", "2026-11-02 07:30:00"),
                ("Later caller", "2026-11-03 06:00:00"),
            ],
        )

    def _listed(self, action, context, search, login):
        """The ids the list shows with the action's default filters."""
        context = safe_eval(context) if isinstance(context, str) else context
        uid = self.env["res.users"].search([("login", "=", login)]).id
        arch = etree.fromstring(search.arch)
        groups, group = [], []
        for node in arch.iter():
            if node.tag in ("separator", "field", "group") and group:
                groups.append(group)
                group = []
            if node.tag == "filter" and context.get(
                f"search_default_{node.get('name')}"
            ):
                group.append(safe_eval(node.get("domain"), {"uid": uid}))
        groups.append(group)
        domain = expression.AND([expression.OR(g) for g in groups if g])
        read = self.call(
            "phone.message",
            "web_search_read",
            kwargs={"domain": domain, "specification": {}, "context": context},
        )
        return [r["id"] for r in read["records"]]

    def test_account_buttons_only_for_who_may_press_them(self):
        """An Officer sees no Freeze/Close/new-password on their own account
        (another officer acts on it), and an employee whose account was
        never issued a password is told to ask for one instead of a Change
        password button that can only fail."""
        officer_account = self.env["phone.account"].search(
            [("user_id.login", "=", "chang.yating")], limit=1
        )
        self.authenticate("chang.yating", "chang.yating")
        arch = self.call(
            "phone.account", "get_views", kwargs={"views": [[False, "form"]]}
        )["views"]["form"]["arch"]
        self.assertIn("or is_mine", arch)
        read = self.call(
            "phone.account",
            "web_read",
            args=[officer_account.ids],
            kwargs={"specification": {"is_mine": {}, "state": {}}},
        )
        self.assertTrue(read[0]["is_mine"])
        # the server refuses it anyway: the button is hidden, not the rule
        with mute_logger("odoo.http"), self.assertRaisesRegex(RpcError, "concerns you"):
            self.call_button(
                "phone.account", "action_open_freeze_wizard", officer_account.ids
            )
        account = self.env["phone.account"].search(
            [("user_id.login", "=", "li.chienkuo"), ("state", "=", "active")], limit=1
        )
        self.assertFalse(account.has_password)
        self.authenticate("li.chienkuo", "li.chienkuo")
        # Calls › My phone account opens his one account, not a one-row list
        opened = self._open_menu("phone_policy.phone_account_menu_my")
        self.assertEqual(opened["res_id"], account.id)
        self.assertEqual(opened["view_mode"], "form")
        arch = self.call(
            "phone.account", "get_views", kwargs={"views": [[False, "form"]]}
        )["views"]["form"]["arch"]
        self.assertIn("not is_mine or state != 'active' or not has_password", arch)
        self.assertIn("No password has been issued for this account yet", arch)


@tagged("post_install", "-at_install")
class TestFirstDayTimes(InternalCase):
    """Deadlines and suggestions in the reader's time, whoever computes them."""

    def test_urgent_message_due_today_in_the_recipients_time_zone(self):
        """At 02:00 in Taipei (18:00 UTC the day before), a colleague whose
        session is in UTC takes an urgent message: the recipient's activity
        is due on their today, not on the server's yesterday."""
        self.user_sales.tz = "Asia/Taipei"
        with freeze_time("2027-01-04 18:00:00"):
            message = self._message(
                recipient=self.emp_sales,
                taker=self.user_support.with_context(tz="UTC"),
                urgency="urgent",
            )
        activity = message.activity_ids.filtered(lambda a: a.user_id == self.user_sales)
        self.assertEqual(str(activity.date_deadline), "2027-01-05")

    def test_call_back_suggested_outside_quiet_hours(self):
        """At 20:30 in Taipei a call-back in an hour would fall in the rest
        hours (21:00-08:00): the wizard suggests 08:00 the next morning."""
        partner = self.env["res.partner"].create(
            {"name": "Mr Huang", "tz": "Asia/Taipei"}
        )
        call = self._call(partner_id=partner.id)
        # Monday 4 January 2027, 20:30 in Taipei
        with freeze_time("2027-01-04 12:30:00"):
            wizard = (
                self.env["phone.call.callback.wizard"]
                .with_user(self.user_sales)
                .create({"call_id": call.id})
            )
        # 08:00 Tuesday in Taipei
        self.assertEqual(wizard.callback_datetime, datetime(2027, 1, 5, 0, 0))
        self.assertFalse(wizard.quiet_hours_warning)
