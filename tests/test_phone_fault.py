# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PhoneFaultCase

# Friday 6 November 2026, 16:00 in Taipei: one working hour left in the week
FRIDAY_4PM_TAIPEI = datetime(2026, 11, 6, 8, 0)


@tagged("post_install", "-at_install")
class TestFaultServiceLevels(PhoneFaultCase):
    """Deadlines count working hours of the company's schedule (policy
    §3.3: the department assigns a technician at once and follows up)."""

    def test_deadlines_skip_the_weekend(self):
        # normal: respond within 4 h, resolve within 16 h (working hours)
        fault = self._fault(date_reported=FRIDAY_4PM_TAIPEI)
        self.assertEqual(fault.priority, "0")
        # Fri 16-17 (1 h) + Mon 08-11 (3 h) -> Monday 11:00 Taipei
        self.assertEqual(fault.response_deadline, datetime(2026, 11, 9, 3, 0))
        # Fri 1 h + Mon 8 h + Tue 08-12, 13-16 (7 h) -> Tuesday 16:00 Taipei
        self.assertEqual(fault.resolution_deadline, datetime(2026, 11, 10, 8, 0))

    def test_urgent_deadlines_and_priority_change(self):
        fault = self._fault(date_reported=FRIDAY_4PM_TAIPEI, impact="down")
        self.assertEqual(fault.priority, "2")
        # 1 h: Friday 17:00 Taipei; 4 h: Fri 1 h + Mon 08-11 -> Monday 11:00
        self.assertEqual(fault.response_deadline, datetime(2026, 11, 6, 9, 0))
        self.assertEqual(fault.resolution_deadline, datetime(2026, 11, 9, 3, 0))
        # the officer lowers the priority: the deadlines follow
        fault.with_user(self.user_officer).priority = "1"
        # 2 h: Fri 1 h + Mon 08-09; 8 h: Fri 1 h + Mon 7 h -> Mon 16:00
        self.assertEqual(fault.response_deadline, datetime(2026, 11, 9, 1, 0))
        self.assertEqual(fault.resolution_deadline, datetime(2026, 11, 9, 8, 0))
        self.assertEqual(fault.impact, "down", "the impact stays as reported")

    def test_public_holiday_is_not_working_time(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Typhoon day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 11, 8, 16, 0),  # Mon 00:00 Taipei
                "date_to": datetime(2026, 11, 9, 16, 0),
            }
        )
        fault = self._fault(date_reported=FRIDAY_4PM_TAIPEI)
        # Fri 1 h, Monday off, Tue 08-11 -> Tuesday 11:00 Taipei
        self.assertEqual(fault.response_deadline, datetime(2026, 11, 10, 3, 0))

    def test_batch_matches_odoo_planning(self):
        """Tickets created together get, each, the deadlines Odoo's own
        resource.calendar.plan_hours gives (evenings, weekend, holiday)."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 10, 9, 16, 0),
                "date_to": datetime(2026, 10, 10, 16, 0),
            }
        )
        starts = [
            datetime(2026, 10, 5, 0, 0) + timedelta(hours=5 * i) for i in range(40)
        ]
        impacts = ["normal", "delayed", "down"]
        faults = (
            self.env["phone.fault"]
            .with_company(self.company)
            .create(
                [
                    {
                        "symptom": f"Batch {i}",
                        "company_id": self.company.id,
                        "impact": impacts[i % 3],
                        "date_reported": start,
                    }
                    for i, start in enumerate(starts)
                ]
            )
        )
        for fault in faults:
            response, resolution = self.company._phone_fault_sla_hours(fault.priority)
            for deadline, hours in (
                (fault.response_deadline, response),
                (fault.resolution_deadline, resolution),
            ):
                self.assertEqual(
                    deadline,
                    self.calendar.plan_hours(
                        hours, fault.date_reported, compute_leaves=True
                    ),
                    f"{fault.symptom}: {hours} h after {fault.date_reported}",
                )

    def test_overdue_flag(self):
        fault = self._fault(date_reported=FRIDAY_4PM_TAIPEI)
        Fault = self.env["phone.fault"]
        overdue = [("is_overdue", "=", True), ("company_id", "=", self.company.id)]
        with freeze_time(datetime(2026, 11, 9, 2, 0)):  # Mon 10:00 Taipei
            self.env.invalidate_all()
            self.assertFalse(fault.is_overdue)
            self.assertNotIn(fault, Fault.search(overdue))
        with freeze_time(datetime(2026, 11, 9, 4, 0)):  # Mon 12:00: no answer yet
            self.env.invalidate_all()
            self.assertTrue(fault.is_overdue)
            self.assertIn(fault, Fault.search(overdue))
            self.assertNotIn(fault, Fault.search([("is_overdue", "=", False)]))
            # a technician starts work: the response is there, late but there
            fault.with_user(self.user_tech).write(
                {"technician_id": self.user_tech.id, "stage_id": self.stage_progress.id}
            )
            self.assertEqual(fault.date_first_response, datetime(2026, 11, 9, 4, 0))
            self.env.invalidate_all()
            self.assertFalse(fault.is_overdue)
        with freeze_time(datetime(2026, 11, 10, 9, 0)):  # Tue 17:00: not resolved
            self.env.invalidate_all()
            self.assertTrue(fault.is_overdue)
            fault.with_user(self.user_tech).write(
                {
                    "resolution": "<p>Cable replaced.</p>",
                    "stage_id": self.stage_resolved.id,
                }
            )
            self.env.invalidate_all()
            self.assertFalse(fault.is_overdue)
            self.assertNotIn(fault, Fault.search(overdue))


@tagged("post_install", "-at_install")
class TestFaultEmergency(PhoneFaultCase):
    def _emergency_activities(self, fault):
        activity_type = self.env.ref("phone_policy.mail_activity_type_fault_emergency")
        return fault.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_emergency_alerts_every_officer_at_once(self):
        fault = (
            self.env["phone.fault"]
            .with_user(self.user_sales)
            .create(
                {
                    "symptom": "The whole floor cannot call out",
                    "impact": "down",
                    "location": "2F",
                    "system_id": self.system.id,
                }
            )
        )
        self.assertTrue(fault.is_emergency)
        self.assertEqual(fault.priority, "2")
        self.assertTrue(fault.date_emergency_notified)
        activities = self._emergency_activities(fault.sudo())
        # every Officer of the company (a manager is an Officer too), nobody else
        self.assertEqual(activities.user_id, self.user_officer | self.user_manager)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities[0].summary, "Emergency: Communication down")
        self.assertIn("The whole floor cannot call out", activities[0].res_name)
        # the officer sees the alert in their own to-do list
        self.assertIn(
            fault,
            self.env["phone.fault"]
            .with_user(self.user_officer)
            .search([("activity_user_id", "=", self.user_officer.id)]),
        )
        # resolving the emergency closes the alerts
        fault.with_user(self.user_officer).write(
            {
                "resolution": "<p>Trunk card reseated.</p>",
                "stage_id": self.stage_resolved.id,
            }
        )
        self.assertFalse(self._emergency_activities(fault.sudo()))

    def test_escalation_alerts_once(self):
        fault = self._fault()
        self.assertFalse(self._emergency_activities(fault))
        fault.with_user(self.user_sales).impact = "delayed"
        self.assertTrue(fault.is_emergency)
        self.assertEqual(fault.priority, "1")
        self.assertEqual(len(self._emergency_activities(fault)), 2)
        fault.with_user(self.user_sales).impact = "down"
        self.assertEqual(len(self._emergency_activities(fault)), 2, "alerted once")

    def test_emergencies_come_first(self):
        older_emergency = self._fault(impact="delayed", symptom="Older emergency")
        normal = self._fault(symptom="Newer normal fault")
        normal.date_reported = datetime(2026, 11, 4, 1, 0)
        urgent = self._fault(impact="down", symptom="Down")
        urgent.date_reported = datetime(2026, 11, 2, 1, 0)
        faults = self.env["phone.fault"].search([("company_id", "=", self.company.id)])
        self.assertEqual(list(faults), [urgent, older_emergency, normal])
        kanban = self.env["phone.fault"].get_views([(False, "kanban")])["views"][
            "kanban"
        ]
        self.assertIn('default_order="is_emergency desc', kanban["arch"])


@tagged("post_install", "-at_install")
class TestFaultWorkflow(PhoneFaultCase):
    def test_technician_assignment_and_times(self):
        fault = self._fault()
        self.assertEqual(fault.stage_id, self.stage_new)
        self.assertTrue(fault.reporter_id.partner_id in fault.message_partner_ids)
        with freeze_time(datetime(2026, 11, 3, 2, 0)):
            fault.with_user(self.user_tech).action_assign_to_me()
            self.env.flush_all()
        self.assertEqual(fault.technician_id, self.user_tech)
        self.assertEqual(fault.stage_id, self.stage_assigned, "assigned at once")
        self.assertEqual(fault.date_assigned, datetime(2026, 11, 3, 2, 0))
        self.assertFalse(fault.date_first_response)
        self.assertIn(self.user_tech.partner_id, fault.message_partner_ids)
        todo = self.env.ref("phone_policy.mail_activity_type_fault_todo")
        self.assertEqual(
            fault.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id,
            self.user_tech,
        )
        with freeze_time(datetime(2026, 11, 3, 3, 0)):
            fault.with_user(self.user_tech).stage_id = self.stage_waiting
            self.env.flush_all()
        self.assertEqual(fault.date_first_response, datetime(2026, 11, 3, 3, 0))
        with (
            self.assertRaisesRegex(ValidationError, "Describe the resolution"),
            self.env.cr.savepoint(),
        ):
            fault.with_user(self.user_tech).stage_id = self.stage_resolved
        with freeze_time(datetime(2026, 11, 3, 6, 30)):
            fault.with_user(self.user_tech).write(
                {
                    "resolution": "<p>Replaced the line cord.</p>",
                    "stage_id": self.stage_resolved.id,
                }
            )
            self.env.flush_all()
        self.assertEqual(fault.date_resolved, datetime(2026, 11, 3, 6, 30))
        self.assertFalse(fault.date_closed)
        # happened 01:00, resolved 06:30
        self.assertEqual(fault.downtime_hours, 5.5)
        self.assertFalse(
            fault.activity_ids.filtered(lambda a: a.activity_type_id == todo),
            "nothing left to do for the technician",
        )

    def test_first_public_reply_is_the_first_response(self):
        fault = self._fault(technician_id=self.user_tech.id)
        fault.with_user(self.user_sales).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(fault.date_first_response, "the reporter is not a response")
        fault.with_user(self.user_tech).message_post(
            body="Internal: checking",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertFalse(fault.date_first_response, "an internal note is not either")
        with freeze_time(datetime(2026, 11, 3, 2, 15)):
            fault.with_user(self.user_tech).message_post(
                body="I am on my way.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.env.flush_all()
        self.assertEqual(fault.date_first_response, datetime(2026, 11, 3, 2, 15))

    def test_reporter_cannot_move_or_assign_their_ticket(self):
        fault = self._fault()
        mine = fault.with_user(self.user_sales)
        # describing the fault better is fine
        mine.write({"symptom": "No dial tone since 9:00", "location": "2F, room 203"})
        self.assertEqual(fault.symptom, "No dial tone since 9:00")
        for values in (
            {"stage_id": self.stage_progress.id},
            {"stage_id": self.stage_closed.id},
            {"technician_id": self.user_sales.id},
            {"priority": "2"},
            {"resolution": "<p>Fixed itself</p>"},
            {"date_reported": datetime(2026, 11, 5)},
        ):
            with self.assertRaisesRegex(AccessError, "confirm the resolution"):
                mine.write(values)
        self.assertEqual(fault.stage_id, self.stage_new)
        self.assertEqual(fault.priority, "0")
        # nor report one that is already assigned or moved on
        Fault = self.env["phone.fault"].with_user(self.user_sales)
        with self.assertRaisesRegex(AccessError, "New stage"):
            Fault.create({"symptom": "x", "stage_id": self.stage_progress.id})
        with self.assertRaisesRegex(AccessError, "New stage"):
            Fault.create({"symptom": "x", "technician_id": self.user_tech.id})
        with self.assertRaisesRegex(AccessError, "New stage"):
            Fault.create({"symptom": "x", "kind": "preventive"})

    def test_reporter_confirms_or_reopens(self):
        fault = self._fault(technician_id=self.user_tech.id)
        mine = fault.with_user(self.user_sales)
        with self.assertRaisesRegex(UserError, "not waiting for a confirmation"):
            mine.action_confirm_resolution()
        with self.assertRaisesRegex(UserError, "not waiting for a confirmation"):
            mine.action_reopen()
        tech = fault.with_user(self.user_tech)
        tech.write(
            {"resolution": "<p>Reset the port.</p>", "stage_id": self.stage_resolved.id}
        )
        confirm = self.env.ref("phone_policy.mail_activity_type_fault_confirm")
        self.assertEqual(
            fault.activity_ids.filtered(
                lambda a: a.activity_type_id == confirm
            ).user_id,
            self.user_sales,
            "the reporter is asked to confirm",
        )
        # another employee cannot answer for the reporter
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            fault.with_user(self.user_sales2).action_confirm_resolution()
        # still broken: the reporter reopens
        mine.action_reopen()
        self.assertEqual(fault.stage_id, self.stage_progress)
        self.assertFalse(fault.date_resolved)
        self.assertEqual(fault.reopen_count, 1)
        self.assertFalse(
            fault.activity_ids.filtered(lambda a: a.activity_type_id == confirm)
        )
        # fixed for good: the reporter confirms and the ticket closes
        tech.write({"stage_id": self.stage_resolved.id})
        with freeze_time(datetime(2026, 11, 4, 3, 0)):
            mine.action_confirm_resolution()
            self.env.flush_all()
        self.assertEqual(fault.stage_id, self.stage_closed)
        self.assertEqual(fault.date_closed, datetime(2026, 11, 4, 3, 0))
        self.assertTrue(fault.date_resolved)
        with self.assertRaisesRegex(UserError, "not waiting for a confirmation"):
            mine.action_reopen()

    def test_reporter_hears_of_each_stage_change(self):
        Fault = self.env["phone.fault"].with_context(tracking_disable=False)
        fault = Fault.with_user(self.user_sales).create(
            {"symptom": "Phone keeps ringing", "location": "2F"}
        )
        self.env.flush_all()
        self.env.cr.flush()  # the report is in: changes from now on are tracked
        tech = fault.with_user(self.user_tech).with_context(tracking_disable=False)
        subtype = self.env.ref("phone_policy.mt_phone_fault_stage")
        for values in (
            {"technician_id": self.user_tech.id},
            {"stage_id": self.stage_progress.id},
            {"stage_id": self.stage_resolved.id, "resolution": "<p>Done</p>"},
        ):
            tech.write(values)
            self.env.flush_all()
            self.env.cr.flush()  # tracking messages are written here
        self.env.invalidate_all()
        fault = self.env["phone.fault"].browse(fault.id)
        messages = fault.message_ids.filtered(lambda m: m.subtype_id == subtype)
        self.assertEqual(len(messages), 3)
        notified = self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("res_partner_id", "=", self.user_sales.partner_id.id),
            ]
        )
        self.assertEqual(len(notified), 3, "one notice per stage change")
        self.assertEqual(
            messages.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "stage_id"
            ).mapped("new_value_char"),
            ["Resolved", "In progress", "Assigned"],
        )

    def test_report_a_fault_from_a_call(self):
        call = self._call(self.user_sales, date_start=datetime(2026, 11, 3, 2, 0))
        # the "Report a fault" button of the call form opens a prefilled ticket
        button_context = {
            "default_call_id": call.id,
            "default_date_occurred": call.date_start,
        }
        Fault = (
            self.env["phone.fault"]
            .with_user(self.user_sales)
            .with_context(**button_context)
        )
        form = Form(Fault)
        self.assertEqual(form.account_id, self.account_sales)
        self.assertEqual(form.extension, "1001")
        self.assertEqual(form.system_id, self.system)
        self.assertEqual(form.date_occurred, datetime(2026, 11, 3, 2, 0))
        form.symptom = "Line dropped twice during the call"
        form.impact = "delayed"
        fault = form.save()
        self.assertEqual(fault.call_id, call)
        self.assertEqual(fault.reporter_id, self.user_sales)
        self.assertEqual(fault.department_id, self.dept_sales)
        self.assertEqual(fault.priority, "1")
        self.assertTrue(fault.name.startswith("FLT/"))
        # the technician opens the ticket: the call and the account are not
        # theirs to read, their names still show
        fault.sudo().technician_id = self.user_tech
        self.env.invalidate_all()
        [values] = fault.with_user(self.user_tech).web_read(
            {
                "call_id": {"fields": {"display_name": {}}},
                "account_id": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(values["call_id"]["display_name"], call.display_name)
        self.assertEqual(values["account_id"]["display_name"], "1001 - pp_sales")
        # the button is on the call form for every employee
        arch = (
            self.env["phone.call"]
            .with_user(self.user_sales)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        action = self.env.ref("phone_policy.phone_fault_action_report_from_call")
        self.assertIn(f'name="{action.id}"', arch)

    def test_technician_must_belong_to_the_team(self):
        fault = self._fault()
        with self.assertRaisesRegex(ValidationError, "not a technician of the team"):
            fault.write({"team_id": self.team.id, "technician_id": self.user_sales.id})
        # picking a technician of another team moves the ticket to that team
        other_team = self.env["phone.fault.team"].create(
            {
                "name": "Branch technicians",
                "company_id": self.company.id,
                "member_ids": [Command.set(self.user_support.ids)],
            }
        )
        fault.technician_id = self.user_support
        self.assertEqual(fault.team_id, other_team)
