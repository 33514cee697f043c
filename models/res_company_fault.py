# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's fault service levels (policy §3.3), in working hours of its
working schedule, per priority."""

import bisect
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Fault service levels (policy §3.3), in working hours of the company's
    # working schedule, per priority
    phone_fault_response_hours_0 = fields.Float("Respond within (normal)", default=8.0)
    phone_fault_resolution_hours_0 = fields.Float(
        "Resolve within (normal)", default=40.0
    )
    phone_fault_response_hours_1 = fields.Float("Respond within (high)", default=4.0)
    phone_fault_resolution_hours_1 = fields.Float("Resolve within (high)", default=16.0)
    phone_fault_response_hours_2 = fields.Float("Respond within (urgent)", default=1.0)
    phone_fault_resolution_hours_2 = fields.Float(
        "Resolve within (urgent)", default=4.0
    )

    @api.constrains(
        "phone_fault_response_hours_0",
        "phone_fault_resolution_hours_0",
        "phone_fault_response_hours_1",
        "phone_fault_resolution_hours_1",
        "phone_fault_response_hours_2",
        "phone_fault_resolution_hours_2",
    )
    def _check_phone_fault_sla(self):
        for company in self:
            for priority in ("0", "1", "2"):
                response, resolution = company._phone_fault_sla_hours(priority)
                if response <= 0 or resolution < response:
                    raise ValidationError(
                        _(
                            "Service levels: a fault needs a response time above "
                            "zero and a resolution time at least as long."
                        )
                    )

    def _phone_fault_sla_hours(self, priority):
        """(response, resolution) working hours for a fault ``priority``."""
        self.ensure_one()
        priority = priority if priority in ("0", "1", "2") else "0"
        return (
            self[f"phone_fault_response_hours_{priority}"],
            self[f"phone_fault_resolution_hours_{priority}"],
        )

    def _phone_fault_deadlines(self, requests):
        """For each ``(start, hours)`` of ``requests`` (naive UTC start,
        working hours), the naive UTC datetime ``hours`` working hours later
        on the company's working schedule, its public holidays included
        (what ``resource.calendar.plan_hours`` gives, for a whole batch
        with one reading of the schedule); around the clock when the
        company has no schedule."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return [start + timedelta(hours=hours) for start, hours in requests]
        if not requests:
            return []
        span = timedelta(days=14)
        low = pytz.utc.localize(min(start for start, _hours in requests))
        high = pytz.utc.localize(max(start for start, _hours in requests)) + span
        results = [None] * len(requests)
        for _attempt in range(8):
            intervals = [
                (begin, end)
                for begin, end, _meta in calendar._work_intervals_batch(low, high)[
                    False
                ]
            ]
            ends = [end for _begin, end in intervals]
            results = [
                self._phone_walk_intervals(
                    intervals, ends, pytz.utc.localize(start), hours
                )
                for start, hours in requests
            ]
            if all(result is not None for result in results):
                break
            high += span * 2 ** (_attempt + 1)
        return [
            result.astimezone(pytz.utc).replace(tzinfo=None) if result else False
            for result in results
        ]

    @staticmethod
    def _phone_walk_intervals(intervals, ends, start, hours):
        """The moment ``hours`` of work after ``start`` along the sorted work
        ``intervals`` (``ends``: their ends, for bisection); None when the
        intervals run out first."""
        done = 0.0
        for begin, end in intervals[bisect.bisect_right(ends, start) :]:
            begin = max(begin, start)
            length = (end - begin).total_seconds() / 3600.0
            if hours <= done + length:
                return begin + timedelta(hours=hours - done)
            done += length
        return None
