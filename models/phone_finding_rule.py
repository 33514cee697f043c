# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.modules import module as odoo_module

from .phone_guard import phone_workflow

_logger = logging.getLogger(__name__)

PATTERN_CHARS = re.compile(r"^\+?[0-9*?]+$")
PATTERN_NOISE = re.compile(r"[\s\-().]")


class PhoneFindingRule(models.Model):
    _name = "phone.finding.rule"
    _description = "Automatic Finding Rule"
    _inherit = ["phone.guard.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True, help="Switch a rule off to stop it producing findings."
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for a rule that applies to every company.",
    )
    kind = fields.Selection(
        [
            ("late_answer", "Answered later than the ring limit"),
            ("missed_callback", "Missed external call not called back"),
            ("personal_number", "Personal or non-business destination"),
            ("quiet_hours", "Call in the contact's quiet hours"),
            ("long_call", "Call over the long-call threshold"),
            ("no_key_points", "Phone system work call without key points"),
        ],
        required=True,
    )
    callback_hours = fields.Float(
        "Call back within (working hours)",
        default=4.0,
        help="Working hours of the company's working schedule.",
    )
    key_points_days = fields.Integer("Key points within (days)", default=3)
    number_patterns = fields.Text(
        "Number patterns",
        help="One number per line, in international (+886…) or national "
        "(02…, 0800…) form; * stands for any digits, ? for one digit. "
        "Example: +886204*",
    )
    note = fields.Text("Policy clause")
    violation_type_id = fields.Many2one(
        "phone.violation.type",
        "Violation type",
        check_company=True,
        help="The type of the draft violation a finding of this rule becomes "
        "when an Officer converts it (or at once, with Draft automatically). "
        "Empty: the policy's type for the kind of finding.",
    )
    auto_draft = fields.Boolean(
        "Draft violations automatically",
        help="Each finding of this rule about an employee becomes a draft "
        "violation at once. Off (the default): findings wait in the Officers' "
        "review queue, to be dismissed with a reason or converted.",
    )
    finding_count = fields.Integer(
        "Number of findings", compute="_compute_finding_count"
    )

    def _compute_finding_count(self):
        counts = dict(
            self.env["phone.finding"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.finding_count = counts.get(rule, 0)

    @api.constrains("number_patterns", "callback_hours", "key_points_days", "kind")
    def _check_parameters(self):
        for rule in self:
            for line in (rule.number_patterns or "").splitlines():
                pattern = PATTERN_NOISE.sub("", line)
                if pattern and not PATTERN_CHARS.match(pattern):
                    raise ValidationError(
                        _(
                            "%(pattern)s is not a number pattern: use digits, a "
                            "leading +, * and ?.",
                            pattern=line.strip(),
                        )
                    )
            if rule.callback_hours <= 0 or rule.key_points_days < 0:
                raise ValidationError(
                    _("The call-back delay and the key points delay must be positive.")
                )

    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "phone_policy.phone_finding_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # evaluation
    # ------------------------------------------------------------------
    def _compiled_patterns(self, country):
        """Regular expressions of the patterns, national forms read in the
        country of ``country``."""
        self.ensure_one()
        compiled = []
        for line in (self.number_patterns or "").splitlines():
            pattern = PATTERN_NOISE.sub("", line)
            if not pattern:
                continue
            if pattern.startswith("00"):
                pattern = "+" + pattern[2:]
            elif pattern.startswith("0") and country.phone_code:
                pattern = "+%s%s" % (country.phone_code, pattern[1:])
            regex = re.escape(pattern).replace(r"\*", r"\d*").replace(r"\?", r"\d")
            compiled.append((line.strip(), re.compile("^%s$" % regex)))
        return compiled

    def _verdict(self, call, batch):
        """('finding', employee, facts), ('wait', when) or ('ok',); the
        facts are rendered in each reader's language (utils/sentences.py)."""
        self.ensure_one()
        return getattr(self, "_verdict_%s" % self.kind)(call, batch)

    def _verdict_late_answer(self, call, batch):
        if call.direction == "outbound" or not call.late_answer:
            return ("ok",)
        # the person who answered late: the callee
        employee = (
            call.counterpart_employee_id
            if call.direction == "internal"
            else call.employee_id
        )
        return (
            "finding",
            employee,
            {
                "code": "late_answer",
                "ring": call.ring_seconds,
                "limit": call.ring_limit_seconds,
            },
        )

    def _verdict_missed_callback(self, call, batch):
        if call.direction != "inbound" or call.answered or not call.phone:
            return ("ok",)
        deadline = self._callback_deadline(call)
        # called back: the call's stamp, the one definition
        # (phone.call._stamp_called_back)
        if call.callback_done_datetime and call.callback_done_datetime <= deadline:
            return ("ok",)
        if batch["now"] < deadline:
            return ("wait", deadline)
        return (
            "finding",
            call.employee_id,
            {
                "code": "missed_callback",
                "number": call.phone,
                "hours": self.callback_hours,
            },
        )

    def _verdict_personal_number(self, call, batch):
        if call.direction != "outbound" or not call.phone:
            return ("ok",)
        key = (self.id, call.company_id.id)
        if key not in batch["patterns"]:
            batch["patterns"][key] = self._compiled_patterns(call.company_id.country_id)
        for text, regex in batch["patterns"][key]:
            if regex.match(call.phone):
                return (
                    "finding",
                    call.employee_id,
                    {"code": "personal_number", "number": call.phone, "pattern": text},
                )
        return ("ok",)

    def _verdict_quiet_hours(self, call, batch):
        if not call.in_quiet_hours:
            return ("ok",)
        return ("finding", call.employee_id, call._quiet_hours_facts())

    def _verdict_long_call(self, call, batch):
        if not call.is_long_call:
            return ("ok",)
        return (
            "finding",
            call.employee_id,
            {
                "code": "long_call",
                "minutes": round(call.duration / 60.0, 1),
                "limit": call.company_id.phone_long_call_minutes,
            },
        )

    def _verdict_no_key_points(self, call, batch):
        if (
            call.source not in ("pbx", "live")
            or call.nature != "work"
            or not call.answered
            or (call.key_points or "").strip()
        ):
            return ("ok",)
        due = call.date_start + timedelta(days=self.key_points_days)
        if batch["now"] < due:
            return ("wait", due)
        return (
            "finding",
            call.employee_id,
            {"code": "no_key_points", "days": self.key_points_days},
        )

    def _callback_deadline(self, call):
        """The call-back deadline: ``callback_hours`` working hours of the
        company's working schedule after the missed call."""
        calendar = call.company_id.resource_calendar_id
        start = pytz.utc.localize(call.date_start)
        deadline = False
        if calendar:
            deadline = calendar.plan_hours(
                self.callback_hours, start, compute_leaves=True
            )
        if not deadline:
            return call.date_start + timedelta(hours=self.callback_hours)
        return deadline.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _batch_context(self, calls, now):
        """What the rules need about a batch of calls, fetched once."""
        return {"now": now, "patterns": {}}

    @api.model
    def _evaluate_calls(self, calls, now):
        """Apply the active rules to ``calls``: create their findings and
        return {call id: (state, due)} for the bookkeeping."""
        rules = self.search([])
        batch = self._batch_context(calls, now)
        existing = {
            (finding.rule_id.id, finding.call_id.id)
            for finding in self.env["phone.finding"].search_fetch(
                [("call_id", "in", calls.ids)], ["rule_id", "call_id"]
            )
        }
        to_create = []
        outcome = {}
        for call in calls:
            waits = []
            for rule in rules:
                if rule.company_id and rule.company_id != call.company_id:
                    continue
                verdict = rule._verdict(call, batch)
                if verdict[0] == "wait":
                    waits.append(verdict[1])
                elif verdict[0] == "finding" and (rule.id, call.id) not in existing:
                    existing.add((rule.id, call.id))
                    to_create.append(rule._finding_values(call, *verdict[1:]))
            outcome[call.id] = ("waiting", min(waits)) if waits else ("done", False)
        if to_create:
            # quiet: a cron may create thousands, each explained on its own
            with phone_workflow(quiet=True):
                findings = (
                    self.env["phone.finding"]
                    .with_context(mail_create_nolog=True, tracking_disable=True)
                    .create(to_create)
                )
            # rules that opted in draft at once (never a penalty: HR decides);
            # the others' findings wait in the Officers' review queue
            findings.filtered(
                lambda f: f.rule_id.auto_draft and f.employee_id
            )._convert()
        return outcome

    def _finding_values(self, call, employee, facts):
        self.ensure_one()
        return {
            "rule_id": self.id,
            "call_id": call.id,
            "employee_id": employee.id,
            "company_id": call.company_id.id,
            "date": call.date_start,
            "facts": facts,
        }

    @api.model
    def _cron_evaluate(self, batch_size=500, max_batches=100, commit=None, now=None):
        """Evaluate the calls not evaluated yet, and the calls whose
        decision was waiting (a call-back window, the key points delay)
        and is now due. Never evaluates a call twice for nothing.
        ``now`` (naive UTC) lets tests move the clock."""
        if commit is None:
            commit = not odoo_module.current_test
        # a cron: runs as the superuser, as do the helpers above it calls
        Check = self.env["phone.finding.check"]
        Call = self.env["phone.call"]
        clock = now
        for _batch in range(max_batches):
            now = clock or fields.Datetime.now()
            due = Check.search(
                [("state", "=", "waiting"), ("due", "<=", now)],
                limit=batch_size,
                order="due, id",
            )
            new_ids = Check._unchecked_call_ids(batch_size - len(due))
            calls = due.call_id | Call.browse(new_ids)
            if not calls:
                break
            outcome = self._evaluate_calls(calls, now)
            Check._record(outcome, due)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
