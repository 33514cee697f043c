# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PhoneAccountCase


@tagged("post_install", "-at_install")
class TestSecurityIncident(PhoneAccountCase):
    """Policy §3.2: security incidents are reported by anyone, handled by
    officers and managers; the people concerned never learn who reported."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_password = cls._issue(cls.acc_support)
        # an internal call pp_support made to pp_sales2: a reporter names
        # only a call they may read (issue 13, class 1)
        cls.support_call = cls._call(
            cls.user_support,
            direction="internal",
            partner_id=False,
            counterpart_employee_id=cls.emp_sales2.id,
        )
        # pp_sales2 reports pp_support for what was said on a call
        cls.incident = (
            cls.env["phone.security.incident"]
            .with_user(cls.user_sales2)
            .create(
                {
                    "kind": "confidential_disclosure",
                    "description": "Read our price list to a competitor.",
                    "call_id": cls.support_call.id,
                    "employee_ids": [Command.set(cls.emp_support.ids)],
                }
            )
        )
        cls._flush_tracking()

    def _incident(self, user, **vals):
        values = {"kind": "harassment", "description": "Threatening calls."}
        values.update(vals)
        incident = self.env["phone.security.incident"].with_user(user).create(values)
        self._flush_tracking()
        return incident

    def _incident_activities(self, incident):
        return incident.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("phone_policy.mail_activity_type_phone_incident")
            )
        )

    def test_report_in_own_name_and_officers_notified(self):
        incident = self.incident
        self.assertTrue(incident.name.startswith("INC/"))
        self.assertEqual(incident.reporter_id, self.user_sales2)
        self.assertEqual(incident.state, "new")
        self.assertEqual(
            incident.concerned_user_ids, self.user_support, "accused and call handler"
        )
        self.assertEqual(
            self._incident_activities(incident).user_id,
            self.user_officer | self.user_manager,
        )
        self.assertNotIn(
            self.user_sales2.partner_id, incident.message_follower_ids.partner_id
        )

    def test_employee_files_a_report_in_the_form(self):
        """'Security reports' as a plain employee: the form files the report
        in their name, as a new report."""
        form = Form(
            self.env["phone.security.incident"]
            .with_user(self.user_sales)
            .with_context(default_kind="harassment")
        )
        form.description = "A caller keeps insulting our receptionist."
        form.call_id = self.env["phone.call"].browse(self._call(self.user_sales).id)
        incident = form.save()
        self.assertEqual(incident.reporter_id, self.user_sales)
        self.assertEqual(incident.state, "new")
        self.assertEqual(incident.kind, "harassment")
        self.assertTrue(incident.name.startswith("INC/"))

    def test_employees_cannot_file_in_another_name_or_handle(self):
        Incident = self.env["phone.security.incident"].with_user(self.user_sales)
        values = {"kind": "fraud", "description": "Fake bank call."}
        for extra in (
            {"reporter_id": self.user_sales2.id},
            {"state": "resolved"},
            {"user_id": self.user_sales.id},
            {"resolution": "<p>Nothing happened.</p>"},
            {"action_freeze": True},
            {"action_escalated": True},
        ):
            with self.subTest(extra=extra):
                with self.assertRaises(AccessError):
                    Incident.create(dict(values, **extra))
        own = Incident.create(dict(values, reporter_id=self.user_sales.id))
        self.assertEqual(own.reporter_id, self.user_sales)

    def test_accused_never_see_who_reported(self):
        """pp_support, the employee concerned, reaches neither the incident
        nor its reporter: read, search_read, export, messages, followers,
        activities, or a search through their own account."""
        accused = self.user_support
        accused.groups_id += self.env.ref("base.group_allow_export")
        # the reporter adds information in the chatter: still not a follower
        self.incident.with_user(self.user_sales2).message_post(
            body="He also mentioned our discounts.", message_type="comment"
        )
        Incident = self.env["phone.security.incident"].with_user(accused)
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.incident.with_user(accused).read(["reporter_id"])
        self.assertFalse(Incident.search([]))
        self.assertFalse(Incident.search_read([], ["reporter_id"]))
        self.assertFalse(Incident.search([]).export_data(["reporter_id/name"])["datas"])
        self.assertFalse(Incident.read_group([], ["reporter_id"], ["reporter_id"]))
        messages = (
            self.env["mail.message"]
            .with_user(accused)
            .search_read(
                [("model", "=", "phone.security.incident")], ["author_id", "body"]
            )
        )
        self.assertEqual(messages, [])
        followers = (
            self.env["mail.followers"]
            .with_user(accused)
            .search_read(
                [("res_model", "=", "phone.security.incident")], ["partner_id"]
            )
        )
        follower_partners = {follower["partner_id"][0] for follower in followers}
        self.assertTrue(follower_partners, "followers are readable by employees")
        self.assertNotIn(self.user_sales2.partner_id.id, follower_partners)
        self.assertFalse(
            self.env["mail.activity"]
            .with_user(accused)
            .search([("res_model", "=", "phone.security.incident")])
        )
        # nor through the incidents of their own account
        self._incident(
            self.user_sales2, kind="account_anomaly", account_id=self.acc_support.id
        )
        by_reporter = [("incident_ids.reporter_id", "=", self.user_sales2.id)]
        Account = self.env["phone.account"]
        self.assertEqual(
            Account.with_user(self.user_manager).search(by_reporter), self.acc_support
        )
        self.assertFalse(Account.with_user(accused).search(by_reporter))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.acc_support.with_user(accused).read(["incident_ids"])
        # the reporter still sees their report, its reporter included
        self.assertEqual(
            self.incident.with_user(self.user_sales2).reporter_id, self.user_sales2
        )

    def test_accused_officer_is_kept_out(self):
        incident = self._incident(
            self.user_sales2, employee_ids=[Command.set(self.emp_officer.ids)]
        )
        officer = self.user_officer
        self.assertFalse(
            self.env["phone.security.incident"]
            .with_user(officer)
            .search([("id", "=", incident.id)])
        )
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            incident.with_user(officer).read(["reporter_id"])
        self.assertEqual(self._incident_activities(incident).user_id, self.user_manager)
        self.assertEqual(
            incident.with_user(self.user_manager).reporter_id, self.user_sales2
        )
        # an officer still sees their own reports
        own = self._incident(officer, employee_ids=[Command.set(self.emp_officer.ids)])
        self.assertEqual(own.with_user(officer).reporter_id, officer)

    def test_reporter_sees_own_report_not_the_investigation(self):
        reporter = self.user_sales2
        mine = self.env["phone.security.incident"].with_user(reporter)
        self.assertEqual(mine.search([]), self.incident)
        self.incident.with_user(self.user_officer).write(
            {"resolution": "<p>Confirmed with the call recording.</p>"}
        )
        self.env.invalidate_all()
        values = self.incident.with_user(reporter).read(["state", "description"])[0]
        self.assertEqual(values["description"], "Read our price list to a competitor.")
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.incident.with_user(reporter).read(["resolution"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.incident.with_user(reporter).write({"description": "Changed"})
        # someone else's report is out of reach
        other = self._incident(self.user_sales)
        self.assertNotIn(other, mine.search([]))

    def test_officer_handles_freeze_and_reset(self):
        officer = self.user_officer
        incident = self._incident(
            self.user_sales2,
            kind="account_anomaly",
            account_id=self.acc_support.id,
            description="Calls to premium numbers from 2050 at night.",
        )
        handled = incident.with_user(officer)
        handled.action_investigate()
        self.assertEqual(incident.state, "investigating")
        self.assertEqual(incident.user_id, officer)
        handled.action_freeze_account()
        self.assertEqual(self.acc_support.state, "frozen")
        self.assertEqual(self.acc_support.frozen_by_id, officer)
        self.assertIn(incident.name, self.acc_support.freeze_reason)
        self.assertTrue(incident.action_freeze)
        # reset: the issue wizard, opened from the incident, records it
        action = handled.action_reset_password()
        wizard = (
            self.env[action["res_model"]]
            .with_user(officer)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.incident_id, incident)
        self.assertIn(incident.name, wizard.reason)
        shown = wizard.action_issue()
        self.assertTrue(shown["context"]["default_password"])
        self.assertEqual(self.acc_support.state, "active")
        self.assertTrue(incident.action_password_reset)
        handled.action_resolve()
        self.assertEqual(incident.state, "resolved")
        self.assertTrue(incident.date_closed)
        handled.action_reopen()
        self.assertFalse(incident.date_closed)
        # the record of what was done is not edited by hand
        for vals in ({"action_freeze": False}, {"reporter_id": officer.id}):
            with self.assertRaises(AccessError):
                handled.write(vals)
        self._flush_tracking()
        tracked = incident.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("action_freeze", tracked)
        self.assertIn("state", tracked)

    def test_escalation_to_a_violation(self):
        """The place left for policy §6: the values a violation takes from
        the incident, and the hook recording the escalation."""
        values = self.incident._phone_violation_values()
        self.assertEqual(len(values), 1)
        self.assertEqual(values[0]["employee_id"], self.emp_support.id)
        self.assertEqual(values[0]["source"], "incident")
        self.assertEqual(values[0]["incident_id"], self.incident.id)
        self.assertEqual(values[0]["call_ids"], [Command.set(self.support_call.ids)])
        self.incident.with_user(self.user_officer)._phone_mark_escalated()
        self.assertTrue(self.incident.action_escalated)
        self.assertIn(
            "Escalated to a violation",
            " ".join(self.incident.message_ids.mapped("body")),
        )
