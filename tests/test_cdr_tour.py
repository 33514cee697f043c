# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged

from .common import asterisk_line


@tagged("post_install", "-at_install")
class TestCdrReviewTour(HttpCase):
    def test_officer_reviews_an_import_and_a_finding(self):
        """An Officer opens a PBX import, reads why a row was rejected and
        which extension matched no employee, goes to the findings, and
        dismisses a late answer with a note."""
        env = self.env
        env.company.country_id = env.ref("base.tw")
        officer = new_test_user(
            env,
            "pp_tour_officer",
            groups="base.group_user,phone_policy.group_phone_officer",
            tz="Asia/Taipei",
        )
        employee = env["hr.employee"].create({"name": "Tour Agent"})
        system = env["phone.system"].create({"name": "Tour PBX", "tz": "Asia/Taipei"})
        env["phone.account"].create(
            {"system_id": system.id, "employee_id": employee.id, "extension": "2601"}
        )
        lines = [
            asterisk_line(
                src="0287650011",
                dst="2601",
                answer="2026-11-02 08:40:35",
                duration=615,
                billsec=590,
                uniqueid="tour.1",
                context="from-trunk",
            ),
            asterisk_line(src="2601", dst="0287650011", uniqueid="tour.2"),
            asterisk_line(uniqueid="tour.3", duration=-1),
            # an extension no account holds: the result says so
            asterisk_line(
                src="0287650022", dst="2699", uniqueid="tour.4", context="from-trunk"
            ),
        ]
        imp = env["phone.cdr.import"]._start(
            system, "upload", "asterisk", file_name="tour_Master.csv"
        )
        imp._run_stream(io.BytesIO("\n".join(lines).encode()))
        env["phone.finding"].search([]).unlink()
        env["phone.finding.rule"]._cron_evaluate(
            commit=False, now=datetime(2026, 11, 2, 10, 0)
        )
        late = env["phone.finding"].search(
            [("call_id.cdr_key", "=", "tour.1"), ("kind", "=", "late_answer")]
        )
        # the seeded rule puts the finding in the Officers' review queue
        self.assertEqual(late.state, "new")
        self.assertFalse(late.violation_id)
        self.start_tour(
            "/odoo/action-phone_policy.phone_cdr_import_action",
            "phone_policy_cdr_review_tour",
            login=officer.login,
        )
        self.assertEqual(late.state, "dismissed")
        self.assertEqual(late.reviewed_by_id, officer)
        # dismissed with its reason: nothing is held against the employee
        self.assertFalse(
            env["phone.violation"].search([("employee_id", "=", employee.id)])
        )
        self.assertEqual(late.review_note, "The line was faulty that morning.")
