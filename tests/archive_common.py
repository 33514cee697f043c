# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from .common import PhonePolicyCase


class PhoneArchiveCase(PhonePolicyCase):
    """Calls of early 2026 in the Taipei company (UTC+8), ready to file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.category_support = env.ref("phone_policy.phone_call_category_support")
        cls.category_legal = env.ref("phone_policy.phone_call_category_legal")
        cls.Archive = env["phone.archive"]
        cls.Verification = env["phone.archive.verification"]
        cls.manager_group = env.ref("phone_policy.group_phone_manager")

    @classmethod
    def _march_calls(cls, count=3, category=None, user=None, **vals):
        """``count`` calls on 2, 3, 4... March 2026 (Taipei office hours)."""
        category = category or cls.category_sales
        return cls.env["phone.call"].union(
            *[
                cls._call(
                    user,
                    date_start=datetime(2026, 3, 2 + index, 2, 0),
                    category_id=category.id,
                    subject=f"March call {index}",
                    key_points=f"Point {index}",
                    **vals,
                )
                for index in range(count)
            ]
        )

    @classmethod
    def _file(cls, category=None, period_date=date(2026, 3, 1), period_type="month"):
        """An archive of the period and category, filed by the officer."""
        archive = (
            cls.env["phone.archive"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "period_type": period_type,
                    "period_date": period_date,
                    "category_id": category.id if category else False,
                }
            )
        )
        archive.action_file()
        return cls.env["phone.archive"].browse(archive.id)

    def _check(self, company=None, batch_size=10000):
        return self.Verification._check_chain(company or self.company, batch_size)

    def assertIntact(self, company=None, batch_size=10000):
        result = self._check(company, batch_size)
        self.assertEqual(result["state"], "intact", result.get("summary"))
        return result

    def assertBroken(self, kind, call=None, sequence=None, batch_size=10000):
        """The check stops at the first broken link: ``call`` (or chain
        number ``sequence``), of kind ``kind``."""
        result = self._check(batch_size=batch_size)
        self.assertEqual(result["state"], "broken", result.get("summary"))
        self.assertEqual(result["break_kind"], kind, result["summary"])
        if call is not None:
            self.assertEqual(result["break_call_id"], call.id, result["summary"])
            self.assertEqual(result["break_sequence"], call.archive_sequence)
            self.assertIn(call.name, result["summary"])
        if sequence is not None:
            self.assertEqual(result["break_sequence"], sequence, result["summary"])
        return result
