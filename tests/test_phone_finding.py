# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.phone_policy.models.phone_violation import COUNTED_STATES

from .common import PhoneCdrCase, call_line, load_zh_tw

# Monday 2 November 2026, Taipei time (UTC+8); working hours 8-12, 13-17
MON = "2026-11-02"
TUE = "2026-11-03"


@tagged("post_install", "-at_install")
class TestFindings(PhoneCdrCase):
    """Each rule on a known set of calls; findings wait for an Officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.company.resource_calendar_id
        calendar.tz = "Asia/Taipei"
        cls.rules = {
            kind: cls.env.ref(f"phone_policy.phone_finding_rule_{kind}")
            for kind in (
                "late_answer",
                "missed_callback",
                "personal_number",
                "quiet_hours",
                "long_call",
                "no_key_points",
            )
        }
        cls.rules["personal_number"].number_patterns = "+886204*\n0800 ???-???"
        lines = [
            # late answers: inbound 25 s, internal 20 s; outbound 30 s is the
            # other side's delay; inbound 5 s is in time
            call_line("late.in", "0287654321", "2001", f"{MON} 10:00:00", ring=25),
            call_line("late.int", "1004", "2002", f"{MON} 10:05:00", ring=20),
            call_line("late.out", "1002", "0287654321", f"{MON} 10:10:00", ring=30),
            call_line("ok.in", "0287654321", "2001", f"{MON} 10:15:00", ring=5),
            # missed calls: called back in time / never / too late
            call_line(
                "miss.back", "0223456789", "1002", f"{MON} 10:00:00", answered=False
            ),
            call_line("back", "1004", "0223456789", f"{MON} 11:00:00"),
            call_line(
                "miss.never", "0912345678", "2001", f"{MON} 16:00:00", answered=False
            ),
            call_line(
                "miss.late", "0933111222", "2001", f"{MON} 16:30:00", answered=False
            ),
            call_line("late.back", "2001", "0933111222", f"{TUE} 14:00:00"),
            # personal destinations (international and national patterns)
            call_line("pers.1", "1002", "0204123456", f"{MON} 11:30:00"),
            call_line("pers.2", "1002", "0800123456", f"{MON} 11:40:00"),
            # 10:00 in Taipei is Sunday 18:00 for a contact in Los Angeles
            call_line("quiet", "1002", "+14155550123", f"{MON} 10:00:00"),
            # 20 minutes: over the 15-minute threshold
            call_line("long", "2001", "+8613812345678", f"{MON} 14:00:00", talk=1200),
        ]
        cls.imp = cls._import_lines(lines)
        cls.calls = {
            call.cdr_key: call
            for call in cls.env["phone.call"].search(
                [("system_id", "=", cls.system.id)]
            )
        }

    @classmethod
    def _import_lines(cls, lines):
        data = "\n".join(lines).encode()
        imp = cls.env["phone.cdr.import"]._start(cls.system, "upload", "asterisk")
        return imp._run_stream(io.BytesIO(data))

    def _evaluate(self, now):
        self.env["phone.finding.rule"]._cron_evaluate(commit=False, now=now)

    def _found(self, kind):
        findings = self.env["phone.finding"].search(
            [
                ("rule_id", "=", self.rules[kind].id),
                ("call_id.system_id", "=", self.system.id),
            ]
        )
        return {finding.call_id.cdr_key for finding in findings}

    def test_each_rule_on_a_known_set(self):
        self.assertCounts(self.imp, 13, 13, 0, 0)
        # Monday 18:00 Taipei: the evening of the calls
        self._evaluate(datetime(2026, 11, 2, 10, 0))
        self.assertEqual(self._found("late_answer"), {"late.in", "late.int"})
        self.assertEqual(self._found("personal_number"), {"pers.1", "pers.2"})
        self.assertEqual(self._found("quiet_hours"), {"quiet"})
        self.assertEqual(self._found("long_call"), {"long"})
        # call-back windows (4 working hours) still open for the afternoon
        # calls; the morning one was called back an hour later
        self.assertEqual(self._found("missed_callback"), set())
        self.assertEqual(self._found("no_key_points"), set())
        # the late answer on an internal call is the callee's
        late_int = self.env["phone.finding"].search(
            [("call_id", "=", self.calls["late.int"].id)]
        )
        self.assertEqual(late_int.employee_id, self.emp_dept_manager)
        self.assertIn("20 seconds", late_int.description)
        quiet = self.env["phone.finding"].search(
            [
                ("rule_id.kind", "=", "quiet_hours"),
                ("call_id", "=", self.calls["quiet"].id),
            ]
        )
        self.assertIn("America/Los_Angeles", quiet.description)
        self.assertEqual(quiet.employee_id, self.emp_sales)
        # the seeded rules put their findings in the Officers' review queue:
        # no draft violation reaches HR before an Officer converts it
        self.assertEqual(quiet.state, "new")
        self.assertFalse(quiet.violation_id)
        self.assertFalse(
            self.env["phone.violation"].search_count(
                [("call_ids", "in", [call.id for call in self.calls.values()])]
            )
        )
        # the missed call called back an hour later carries the stamp (the
        # one "called back" rule, PBX import alike)
        self.assertEqual(
            self.calls["miss.back"].callback_done_datetime,
            self.calls["back"].date_start,
        )
        self.assertFalse(self.calls["miss.never"].callback_done_datetime)

        # Tuesday 12:00 Taipei: the 16:00 call's window closed at 11:00 on
        # Tuesday (1 h on Monday, 3 h on Tuesday morning); the 16:30 one at
        # 11:30, and its call-back came at 14:00
        self._evaluate(datetime(2026, 11, 3, 4, 0))
        self.assertEqual(self._found("missed_callback"), {"miss.never", "miss.late"})
        never = self.env["phone.finding"].search(
            [
                ("rule_id.kind", "=", "missed_callback"),
                ("call_id", "=", self.calls["miss.never"].id),
            ]
        )
        self.assertEqual(never.employee_id, self.emp_support)
        self.assertIn("+886912345678", never.description)

        # key points: three days later, answered work calls without them
        self.calls["ok.in"].key_points = "Order confirmed."
        self._evaluate(datetime(2026, 11, 7, 4, 0))
        answered_without = {
            key
            for key, call in self.calls.items()
            if call.answered and not call.key_points
        }
        self.assertEqual(self._found("no_key_points"), answered_without)
        self.assertNotIn("ok.in", self._found("no_key_points"))
        self.assertNotIn("miss.never", self._found("no_key_points"))

    def test_each_reader_reads_the_finding_in_their_language(self):
        """The hourly job runs in English; an Officer working in Chinese
        reads the findings in Chinese, one in English in English, and the
        violation drafted from a finding keeps its evidence in the language
        of the employee it concerns (their penalty notice)."""
        load_zh_tw(self.env)
        self.env["phone.finding.rule"].with_context(lang="en_US")._cron_evaluate(
            commit=False, now=datetime(2026, 11, 3, 4, 0)
        )
        Finding = self.env["phone.finding"]
        late = Finding.search([("call_id", "=", self.calls["late.in"].id)])
        quiet = Finding.search(
            [
                ("rule_id.kind", "=", "quiet_hours"),
                ("call_id", "=", self.calls["quiet"].id),
            ]
        )
        self.user_officer.lang = "zh_TW"
        as_chinese = (
            (late | quiet).with_user(self.user_officer).with_context(lang="zh_TW")
        )
        self.assertEqual(
            as_chinese[0].description, "響鈴 25 秒後才接聽；響鈴限制為 18 秒。"
        )
        self.assertIn("America/Los_Angeles", as_chinese[1].description)
        self.assertNotIn("decent hours", as_chinese[1].description)
        self.assertNotIn("Late answer", as_chinese[0].name)
        as_english = late.with_user(self.user_manager).with_context(lang="en_US")
        self.assertEqual(
            as_english.description,
            "Answered after 25 seconds; the ring limit is 18 seconds.",
        )
        # the employee concerned reads Chinese: so does the draft's evidence,
        # whoever converts it
        self.emp_support.user_id.lang = "zh_TW"
        late.with_context(lang="en_US").with_user(self.user_officer).action_convert()
        self.assertEqual(
            late.violation_id.evidence, "響鈴 25 秒後才接聽；響鈴限制為 18 秒。"
        )

    def test_incremental_and_switched_off(self):
        now = datetime(2026, 11, 7, 4, 0)
        self._evaluate(now)
        Finding = self.env["phone.finding"]
        count = Finding.search_count([])
        checks = self.env["phone.finding.check"].search(
            [("call_id", "in", [call.id for call in self.calls.values()])]
        )
        self.assertEqual(len(checks), 13)
        self.assertEqual(set(checks.mapped("state")), {"done"})
        # evaluating again finds nothing new
        self._evaluate(now)
        self.assertEqual(Finding.search_count([]), count)
        # a new call is evaluated; a switched-off rule says nothing
        self.rules["long_call"].active = False
        self._import_lines(
            [
                call_line(
                    "long.2", "2001", "+8613812345678", f"{TUE} 14:00:00", talk=1800
                )
            ]
        )
        self._evaluate(now)
        self.assertNotIn("long.2", self._found("long_call"))
        self.assertIn("long.2", self._found("no_key_points"))

    def test_review_never_penalises_by_itself(self):
        """A finding drafts a violation for an Officer to review: it counts
        nothing until HR confirms it, and dismissing the finding removes it."""
        self._evaluate(datetime(2026, 11, 2, 10, 0))
        finding = self.env["phone.finding"].search(
            [("call_id", "=", self.calls["late.in"].id)]
        )
        self.assertEqual(finding.state, "new")
        finding.with_user(self.user_officer).action_convert()
        self.assertEqual(finding.state, "converted")
        draft = finding.violation_id
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.source, "finding")
        self.assertEqual(draft.finding_id, finding)
        self.assertEqual(draft.call_ids, self.calls["late.in"])
        self.assertEqual(
            draft.type_id, self.env.ref("phone_policy.violation_type_late_answer")
        )
        self.assertNotIn(draft.state, COUNTED_STATES)
        officer_finding = finding.with_user(self.user_officer)
        officer_finding.review_note = "Line was faulty that morning."
        officer_finding.action_dismiss()
        self.assertEqual(finding.state, "dismissed")
        self.assertEqual(finding.reviewed_by_id, self.user_officer)
        self.assertFalse(draft.exists())
        officer_finding.action_reopen()
        self.assertEqual(finding.state, "new")
        self.assertEqual(self.calls["late.in"].finding_count, 1)
        # converting again by hand drafts a new violation
        officer_finding.action_convert()
        self.assertEqual(finding.state, "converted")
        self.assertEqual(finding.violation_id.state, "draft")
        # once HR confirmed it, the finding can no longer be dismissed
        finding.violation_id.with_user(self.user_manager).action_confirm()
        with self.assertRaisesRegex(UserError, "cancel the violation"):
            officer_finding.action_dismiss()
