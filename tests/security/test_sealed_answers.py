# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 5: a check against sealed data (an anonymous reporter, a password,
a confidential or archived call) answers the same for every wrong guess
and for the sealed value."""

from odoo.tests import tagged

from .people_common import PeopleRpcCase


@tagged("post_install", "-at_install")
class TestSealedAnswers(PeopleRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an Officer blows the whistle on pp_sales, anonymously
        cls.report = cls._anonymous_report(cls.user_officer2, cls.emp_sales)

    def test_investigator_check_does_not_reveal_the_reporter(self):
        """Class 5 example: a Manager tries every Officer as investigator of
        an anonymous report; the reporter must not stand out."""
        answers = {}
        for officer in (self.user_officer, self.user_officer2):
            result = self.rpc(
                "pp_manager",
                "phone.report",
                "write",
                [self.report.id],
                {"investigator_id": officer.id},
            )
            answers[officer.login] = (result.ok, result.error, result.message)
        self.assertEqual(
            answers["pp_officer"],
            answers["pp_officer2"],
            "the answer for the anonymous reporter differs from another officer's",
        )
