# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PhonePolicyCase, load_zh_tw


@tagged("post_install", "-at_install")
class TestPhoneCallLogging(PhonePolicyCase):
    def test_log_call_from_contact(self):
        """'Log a Call' on a contact opens a call prefilled with the contact,
        its number in E.164 and the user's own employee; saving it adds to
        the contact's Calls count."""
        partner = self.partner_tw_contact.with_user(self.user_sales)
        self.assertEqual(partner.phone_call_count, 0)
        action = partner.action_phone_log_call()
        self.assertEqual(action["res_model"], "phone.call")
        form = Form(
            self.env["phone.call"]
            .with_user(self.user_sales)
            .with_context(**action["context"])
        )
        self.assertEqual(form.partner_id, self.partner_tw_contact)
        self.assertEqual(form.phone, "+886912345678")
        self.assertEqual(form.employee_id, self.emp_sales)
        self.assertEqual(form.department_id, self.dept_sales)
        self.assertEqual(form.direction, "outbound")
        self.assertEqual(form.counterpart_name, "Mr Huang")
        self.assertEqual(form.counterpart_organization, "Formosa Trading")
        form.subject = "Order volume for December"
        call = form.save()
        self.assertTrue(call.name.startswith("CALL/"), call.name)
        partner.invalidate_recordset(["phone_call_count"])
        self.assertEqual(partner.phone_call_count, 1)
        # the company's button counts the calls of its contacts too
        self.assertEqual(self.partner_tw.with_user(self.user_sales).phone_call_count, 1)
        # and the partner's Calls button shows exactly those calls
        domain = partner.action_phone_view_calls()["domain"]
        self.assertEqual(self.env["phone.call"].search(domain), call)

    def test_employee_smart_button(self):
        self._call(self.user_sales)
        self._call(self.user_sales)
        self._call(self.user_support)
        employee = self.emp_sales
        self.assertEqual(employee.phone_call_count, 2)
        domain = employee.action_phone_view_calls()["domain"]
        self.assertEqual(len(self.env["phone.call"].search(domain)), 2)

    def test_taiwanese_number_typed_nationally_is_stored_e164(self):
        call = self._call(phone="0912 345 678", partner_id=False)
        self.assertEqual(call.phone, "+886912345678")
        call.phone = "(02) 2345-6789"
        self.assertEqual(call.phone, "+886223456789")

    def test_number_uses_contact_country(self):
        """A US contact's national number is read as a US number."""
        call = self._call(partner_id=self.partner_us.id, phone="415-555-0123")
        self.assertEqual(call.phone, "+14155550123")
        # an international number stays what it is whatever the country
        call.phone = "+86 138 1234 5678"
        self.assertEqual(call.phone, "+8613812345678")

    def test_invalid_number_refused_clearly(self):
        with self.assertRaisesRegex(ValidationError, "123.*not valid"):
            self._call(phone="123", partner_id=False)
        call = self._call(phone="0912345678", partner_id=False)
        with self.assertRaises(ValidationError):
            call.phone = "12"
        # the call keeps its good number
        self.assertEqual(call.phone, "+886912345678")

    def test_internal_call_keeps_extension(self):
        colleague = self.emp_sales2
        colleague.work_phone = "1004"
        call = self._call(direction="internal", partner_id=False)
        call.counterpart_employee_id = colleague
        self.assertEqual(call.phone, "1004")
        self.assertEqual(call.counterpart_name, "pp_sales2")
        self.assertEqual(call.counterpart_organization, "Sales TW")

    def test_counterpart_must_fit_direction(self):
        with self.assertRaisesRegex(
            ValidationError, "internal call is with a colleague"
        ):
            self._call(direction="internal")
        with self.assertRaisesRegex(ValidationError, "not a colleague"):
            self._call(counterpart_employee_id=self.emp_sales2.id)

    def test_negative_durations_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._call(duration=-5)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._call(ring_seconds=-1)

    def test_reference_per_company_sequence(self):
        first = self._call()
        second = self._call()
        self.assertNotEqual(first.name, second.name)
        self.assertRegex(first.name, r"^CALL/\d{4}/\d{6}$")


@tagged("post_install", "-at_install")
class TestPhoneCallRecordFacts(PhonePolicyCase):
    def test_important_call_without_key_points_is_incomplete(self):
        call = self._call(importance="important", key_points=False)
        self.assertFalse(call.is_complete)
        self.assertIn("key points", call.incomplete_reason)
        self.assertIn("responsible", call.incomplete_reason)
        self.assertIn(
            call, self.env["phone.call"].search([("is_complete", "=", False)])
        )
        call.key_points = "Price agreed at 120 per unit."
        self.assertFalse(call.is_complete)
        self.assertNotIn("key points", call.incomplete_reason)
        call.responsible_user_id = self.user_sales
        self.assertTrue(call.is_complete)
        self.assertFalse(call.incomplete_reason)

    def test_blank_key_points_do_not_count(self):
        call = self._call(
            importance="important",
            key_points="   \n ",
            responsible_user_id=self.user_sales.id,
        )
        self.assertFalse(call.is_complete)

    def test_every_work_call_needs_its_record(self):
        """§5.1.1: every work call records both parties' names and
        departments, the number, key points, and the person responsible for
        its to-dos; the reason says what is missing. A missed call and a
        personal call have nothing to record."""
        call = self._call(key_points=False)
        self.assertFalse(call.is_complete)
        self.assertEqual(
            call.incomplete_reason, "Work call recorded without key points."
        )
        self.assertIn(
            call, self.env["phone.call"].search([("is_complete", "=", False)])
        )
        call.key_points = "Sent the quotation."
        self.assertTrue(call.is_complete)
        # a promised call-back is a to-do: it needs its responsible person
        call.callback_datetime = datetime(2026, 11, 4, 2, 0)
        self.assertFalse(call.is_complete)
        self.assertIn("responsible", call.incomplete_reason)
        call.responsible_user_id = self.user_sales
        self.assertTrue(call.is_complete)
        # an unknown caller: no name, no company, no number
        anonymous = self._call(partner_id=False, direction="inbound")
        self.assertFalse(anonymous.is_complete)
        for part in ("names", "departments", "phone number"):
            self.assertIn(part, anonymous.incomplete_reason)
        anonymous.write(
            {
                "counterpart_name": "Mr Lin",
                "counterpart_organization": "Lin Hardware",
                "phone": "02 2700 1234",
            }
        )
        self.assertTrue(anonymous.is_complete)
        self.assertTrue(self._call(key_points=False, answered=False).is_complete)
        self.assertTrue(self._call(key_points=False, nature="personal").is_complete)

    def test_unknown_ring_time_is_never_in_time(self):
        """A call logged by hand without a ring time has an unknown ring
        time: neither answered in time nor late; a typed one is declared;
        the phone system's is measured."""
        unknown = self._call(direction="inbound")
        self.assertEqual(unknown.ring_source, "unknown")
        self.assertFalse(unknown.answered_in_time)
        self.assertFalse(unknown.late_answer)
        declared = self._call(direction="inbound", ring_seconds=4)
        self.assertEqual(declared.ring_source, "declared")
        self.assertTrue(declared.answered_in_time)
        measured = self._call(direction="inbound", ring_seconds=4, source="pbx")
        self.assertEqual(measured.ring_source, "measured")
        self.assertTrue(measured.answered_in_time)

    def test_ring_limit_three_rings_of_six_seconds(self):
        self.assertEqual(self.company._phone_ring_limit(), 18)
        on_time = self._call(ring_seconds=18)
        late = self._call(ring_seconds=19)
        self.assertEqual(on_time.ring_limit_seconds, 18)
        self.assertTrue(on_time.answered_in_time)
        self.assertFalse(on_time.late_answer)
        self.assertTrue(late.late_answer)
        self.assertFalse(late.answered_in_time)
        missed = self._call(ring_seconds=40, answered=False)
        self.assertFalse(missed.late_answer, "a missed call is not a late answer")
        self.assertFalse(missed.answered_in_time)

    def test_ring_limit_follows_company_settings(self):
        self.company.write({"phone_ring_count": 4, "phone_ring_seconds": 5})
        call = self._call(ring_seconds=19)
        self.assertEqual(call.ring_limit_seconds, 20)
        self.assertTrue(call.answered_in_time)
        with self.assertRaises(ValidationError):
            self.company.phone_ring_count = 0

    def test_long_call_threshold(self):
        self.assertFalse(self._call(duration=15 * 60).is_long_call)
        self.assertTrue(self._call(duration=15 * 60 + 1).is_long_call)
        self.company.phone_long_call_minutes = 30
        self.assertFalse(self._call(duration=20 * 60).is_long_call)

    def test_greeting_scripts_in_the_readers_language(self):
        """A company that kept the standard words: each user reads them in
        their own language, with the department's name in it too."""
        load_zh_tw(self.env)
        self.assertFalse(self.company.phone_greeting_script)
        self.dept_sales.with_context(lang="zh_TW").name = "台灣業務部"
        call = self._call(direction="inbound")
        english = call.with_context(lang="en_US")
        self.assertEqual(english.greeting_script, "Hello, Taipei HQ Sales TW.")
        self.assertEqual(english.closing_script, "Thank you for calling, goodbye.")
        chinese = call.with_context(lang="zh_TW")
        self.assertEqual(chinese.greeting_script, "您好，Taipei HQ台灣業務部。")
        self.assertEqual(chinese.closing_script, "感謝您的來電，再見。")

    def test_greeting_scripts_company_and_department(self):
        self.company.with_context(lang="en_US").write(
            {
                "phone_greeting_script": "Hello, {company} {department}.",
                "phone_closing_script": "Thank you for calling, goodbye.",
            }
        )
        call = self._call(direction="inbound")
        self.assertEqual(call.greeting_script, "Hello, Taipei HQ Sales TW.")
        self.assertEqual(call.closing_script, "Thank you for calling, goodbye.")
        self.dept_sales.phone_greeting_script = "您好，{company}業務部。"
        call.invalidate_recordset(["greeting_script"])
        self.assertEqual(call.greeting_script, "您好，Taipei HQ業務部。")

    def test_settings_page_sets_company_rules(self):
        settings = Form(
            self.env["res.config.settings"]
            .with_company(self.company)
            .with_context(allowed_company_ids=self.company.ids)
        )
        settings.phone_ring_count = 2
        settings.phone_ring_seconds = 5
        self.assertEqual(settings.phone_ring_limit, 10)
        settings.phone_long_call_minutes = 10
        settings.phone_quiet_meal_from = 11.5
        settings.save().execute()
        self.assertEqual(self.company._phone_ring_limit(), 10)
        self.assertEqual(self.company.phone_long_call_minutes, 10)
        self.assertEqual(self.company.phone_quiet_meal_from, 11.5)


@tagged("post_install", "-at_install")
class TestDecentHours(PhonePolicyCase):
    """Quiet windows 12:00-13:30 and 21:00-08:00 plus weekends, in the
    contact's own time zone. 2026-11-03 is a Tuesday."""

    def test_taipei_contact_meal_break(self):
        # 05:00 UTC = 13:00 in Taipei
        call = self._call(date_start=datetime(2026, 11, 3, 5, 0))
        self.assertTrue(call.in_quiet_hours)
        self.assertIn("13:00", call.quiet_hours_warning)
        self.assertIn("Asia/Taipei", call.quiet_hours_warning)
        self.assertIn("meal", call.quiet_hours_warning)
        # 06:00 UTC = 14:00 in Taipei: fine
        self.assertFalse(
            self._call(date_start=datetime(2026, 11, 3, 6, 0)).in_quiet_hours
        )

    def test_same_instant_differs_by_contact_timezone(self):
        # 06:00 UTC = 14:00 Taipei but 22:00 (previous day) in California
        when = datetime(2026, 11, 3, 6, 0)
        call_us = self._call(partner_id=self.partner_us.id, date_start=when)
        self.assertTrue(call_us.in_quiet_hours)
        self.assertIn("America/Los_Angeles", call_us.quiet_hours_warning)
        self.assertIn("22:00", call_us.quiet_hours_warning)
        call_tw = self._call(date_start=when)
        self.assertFalse(call_tw.in_quiet_hours)
        self.assertFalse(call_tw.quiet_hours_warning)

    def test_night_window_wraps_midnight(self):
        # 23:30 UTC = 07:30 next day in Taipei: still rest hours until 08:00
        self.assertTrue(
            self._call(date_start=datetime(2026, 11, 3, 23, 30)).in_quiet_hours
        )
        # 00:30 UTC = 08:30 in Taipei (Wednesday): working time
        self.assertFalse(
            self._call(date_start=datetime(2026, 11, 4, 0, 30)).in_quiet_hours
        )

    def test_weekend_in_the_contacts_timezone(self):
        # Friday 17:00 UTC is already Saturday 01:00 in Taipei
        friday_utc = datetime(2026, 11, 6, 17, 0)
        call = self._call(date_start=friday_utc)
        self.assertTrue(call.in_quiet_hours)
        self.assertIn("weekend", call.quiet_hours_warning)
        # Saturday 02:00 UTC = Saturday 10:00 Taipei: weekend, even in office hours
        self.assertTrue(
            self._call(date_start=datetime(2026, 11, 7, 2, 0)).in_quiet_hours
        )
        # ... unless the company does not treat weekends as quiet
        self.company.phone_quiet_weekends = False
        self.assertFalse(
            self._call(date_start=datetime(2026, 11, 7, 2, 0)).in_quiet_hours
        )

    def test_only_outbound_calls_are_warned(self):
        call = self._call(direction="inbound", date_start=datetime(2026, 11, 3, 5, 0))
        self.assertFalse(call.in_quiet_hours)
        self.assertFalse(call.quiet_hours_warning)

    def test_warning_shows_on_the_form_but_call_saves(self):
        form = Form(self.env["phone.call"].with_user(self.user_sales))
        form.partner_id = self.partner_us
        form.date_start = datetime(2026, 11, 3, 6, 0)
        self.assertTrue(form.quiet_hours_warning)
        form.subject = "Late call"
        call = form.save()
        self.assertTrue(call.in_quiet_hours)
        quiet = self.env["phone.call"].search([("in_quiet_hours", "=", True)])
        self.assertIn(call, quiet)


@tagged("post_install", "-at_install")
class TestCallBack(PhonePolicyCase):
    def _schedule(self, call, when, user=None):
        wizard = Form(
            self.env["phone.call.callback.wizard"]
            .with_user(user or self.user_sales)
            .with_context(**call.action_schedule_callback()["context"])
        )
        wizard.callback_datetime = when
        return wizard.save()

    @freeze_time("2026-11-03 01:00:00")
    def test_callback_creates_call_activity_for_responsible(self):
        call = self._call(responsible_user_id=self.user_sales.id)
        # 15:30 UTC is 23:30 in Taipei: the due date is that Taipei day
        wizard = self._schedule(call, datetime(2026, 11, 4, 15, 30))
        self.assertEqual(wizard.user_id, self.user_sales)
        wizard.action_confirm()
        activity = call.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("phone_policy.mail_activity_type_callback"),
        )
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertEqual(activity.date_deadline, date(2026, 11, 4))
        self.assertIn("23:30", activity.summary)
        self.assertEqual(call.callback_datetime, datetime(2026, 11, 4, 15, 30))
        self.assertFalse(call.callback_overdue)

    def test_overdue_callback_filter_and_done(self):
        call = self._call()
        other = self._call()
        with freeze_time("2026-11-03 01:00:00"):
            self._schedule(call, datetime(2026, 11, 3, 3, 0)).action_confirm()
            self._schedule(other, datetime(2026, 11, 5, 3, 0)).action_confirm()
            self.assertFalse(
                self.env["phone.call"].search([("callback_overdue", "=", True)])
                & (call | other)
            )
        self.assertEqual(call.responsible_user_id, self.user_sales)
        with freeze_time("2026-11-04 01:00:00"):
            overdue = self.env["phone.call"].search([("callback_overdue", "=", True)])
            self.assertIn(call, overdue)
            self.assertNotIn(other, overdue)
            self.assertTrue(call.callback_overdue)
            not_overdue = self.env["phone.call"].search(
                [("callback_overdue", "=", False)]
            )
            self.assertIn(other, not_overdue)
            self.assertNotIn(call, not_overdue)
            # calling back = marking the activity done
            call.activity_ids.with_user(self.user_sales).action_feedback(
                feedback="Done"
            )
            self.assertTrue(call.callback_done_datetime)
            call.invalidate_recordset(["callback_overdue"])
            self.assertFalse(call.callback_overdue)
            overdue = self.env["phone.call"].search([("callback_overdue", "=", True)])
            self.assertNotIn(call, overdue)

    @freeze_time("2026-11-03 01:00:00")
    def test_callback_in_the_past_refused(self):
        call = self._call()
        wizard = self._schedule(call, datetime(2026, 11, 2, 1, 0))
        with self.assertRaisesRegex(UserError, "past"):
            wizard.action_confirm()
        self.assertFalse(call.activity_ids)

    def test_callback_in_contacts_quiet_hours_is_warned(self):
        call = self._call(partner_id=self.partner_us.id)
        wizard = self._schedule(call, datetime(2026, 12, 3, 6, 0))
        self.assertIn("America/Los_Angeles", wizard.quiet_hours_warning)
        wizard = self._schedule(call, datetime(2026, 12, 3, 18, 0))
        self.assertFalse(wizard.quiet_hours_warning)


@tagged("post_install", "-at_install")
class TestDemoStory(PhonePolicyCase):
    def test_demo_covers_the_policy_cases(self):
        """The demo database tells the story the README promises."""
        Call = self.env["phone.call"]
        demo = Call.search([("company_id", "=", self.env.ref("base.main_company").id)])
        if not self.env.ref(
            "phone_policy.phone_call_01_demo", raise_if_not_found=False
        ):
            self.fail("the test database must be installed with demo data")
        self.assertGreaterEqual(len(demo), 40)
        self.assertTrue(demo.filtered("late_answer"))
        self.assertTrue(demo.filtered(lambda c: c.nature == "personal"))
        important = demo.filtered(lambda c: c.importance == "important")
        self.assertTrue(important.filtered("is_complete"))
        self.assertTrue(important.filtered(lambda c: not c.is_complete))
        self.assertTrue(
            Call.search([("callback_overdue", "=", True), ("id", "in", demo.ids)])
        )
        self.assertTrue(demo.filtered("in_quiet_hours"))
        timezones = set(demo.partner_id.mapped("tz"))
        self.assertIn("Asia/Taipei", timezones)
        self.assertIn("America/Los_Angeles", timezones)
