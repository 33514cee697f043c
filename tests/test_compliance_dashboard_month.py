# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The compliance dashboard's month (issue 16): its search filters pick
this month or an earlier one, the cards say which month they show, and
whatever an RPC puts in the context only chooses a month."""

import calendar
from datetime import datetime, time, timedelta

from lxml import etree

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import make_compliance_data
from .rpc_common import RpcMixin

FIELDS = {"phone_month_call_count": {}, "phone_month_label": {}}


@tagged("post_install", "-at_install")
class TestDashboardMonth(RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data = make_compliance_data(cls.env)
        cls.company = data["company"]
        cls.front = data["front"]
        cls.officer = new_test_user(
            cls.env,
            "dm_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            tz="Asia/Taipei",
        )
        today = fields.Date.context_today(cls.env["hr.department"])
        cls.this_month = today.replace(day=1)
        cls.last_month = (cls.this_month - timedelta(days=1)).replace(day=1)
        # midday in Taipei: inside the month whatever the hour of the run
        for day, count in ((cls.last_month + timedelta(days=14), 3), (today, 1)):
            for _i in range(count):
                cls.env["phone.call"].create(
                    {
                        "company_id": cls.company.id,
                        "employee_id": data["front_employee"].id,
                        "direction": "inbound",
                        "counterpart_name": "Caller",
                        "date_start": datetime.combine(day, time(4, 0)),
                    }
                )

    def _card(self, context):
        result = self.call(
            "hr.department",
            "web_search_read",
            kwargs={
                "domain": [("id", "=", self.front.id)],
                "specification": FIELDS,
                "context": {"lang": "en_US", **context},
            },
        )
        return result["records"][0]

    def _filter_context(self, name):
        """The context of a filter of the dashboard's search view, as the
        web client reads it."""
        action = self.env.ref("phone_policy.phone_compliance_dashboard_action")
        views = self.call(
            "hr.department",
            "get_views",
            kwargs={"views": [[action.search_view_id.id, "search"]]},
        )
        arch = etree.fromstring(views["views"]["search"]["arch"])
        (node,) = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("context"))

    @staticmethod
    def _label(day):
        return f"{calendar.month_name[day.month]} {day.year}"

    def test_the_filters_pick_the_month(self):
        self.authenticate("dm_officer", "dm_officer")
        card = self._card({})
        self.assertEqual(card["phone_month_label"], self._label(self.this_month))
        self.assertGreaterEqual(card["phone_month_call_count"], 1)
        this_month_count = card["phone_month_call_count"]

        card = self._card(self._filter_context("phone_last_month"))
        self.assertEqual(card["phone_month_label"], self._label(self.last_month))
        self.assertEqual(card["phone_month_call_count"], 3)
        card = self._card(self._filter_context("phone_this_month"))
        self.assertEqual(card["phone_month_call_count"], this_month_count)

        # an RPC's own value only picks a month within the filters' reach
        year_ago = self.this_month.replace(year=self.this_month.year - 1)
        for junk, label in (
            ("not a number", self._label(self.this_month)),
            (5, self._label(self.this_month)),
            (-500, self._label(year_ago)),
        ):
            card = self._card({"phone_month_offset": junk})
            self.assertEqual(card["phone_month_label"], label, junk)

    def test_an_employee_sees_no_month_figures(self):
        new_test_user(
            self.env,
            "dm_employee",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        self.authenticate("dm_employee", "dm_employee")
        with self.assertRaisesRegex(Exception, "AccessError"):
            self._card(self._filter_context("phone_last_month"))
