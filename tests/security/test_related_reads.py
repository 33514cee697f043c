# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Class 4 of issue 13: related and prefilled fields must not read, as the
superuser, records their reader may not read."""

import logging
from datetime import date

from odoo.tests import tagged

from .relations_common import ARCHIVED_CONFIDENTIAL, LIVE_SECRET, RelationsCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestRelatedReads(RelationsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspection = (
            cls.env["phone.inspection"]
            .with_user(cls.user_officer)
            .create(
                {
                    "company_id": cls.company.id,
                    "department_id": cls.dept_sales.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "sample_size": 3,
                }
            )
        )

    def test_class4_inspection_line_does_not_read_other_calls(self):
        """The issue's example: an Officer adds to an inspection a line on
        a confidential call, and one on an archived confidential call, and
        reads their subjects through the line."""
        for call, secret in (
            (self.secret_call, LIVE_SECRET),
            (self.archived_confidential, ARCHIVED_CONFIDENTIAL),
        ):
            with self.subTest(call=call.name):
                created = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "create",
                    {"inspection_id": self.inspection.id, "call_id": call.id},
                )
                self.assertRefused(created, error=None)
                self.assertFalse(self.inspection.line_ids)
                # and the line cannot be moved onto it either
                line = self.env["phone.inspection.line"].create(
                    {"inspection_id": self.inspection.id, "call_id": self.dept_call.id}
                )
                moved = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "write",
                    [line.id],
                    {"call_id": call.id},
                )
                self.assertRefused(moved, error=None)
                self.assertEqual(line.call_id, self.dept_call)
                read = self.rpc(
                    "pp_officer",
                    "phone.inspection.line",
                    "web_read",
                    [line.id],
                    {"subject": {}, "direction": {}},
                )
                self.assertNoSecret(read.value or read.message, secret)
                line.unlink()

    def test_penalty_ladder_counts_what_its_author_may_read(self):
        """The ladder's proposal is prefilled on a draft violation: drafted
        (or merely onchanged) by an Officer, it must not count the
        report-sourced offences HR keeps from officers."""
        self.company.phone_repeat_offence_count = 2
        etiquette = self.env.ref("phone_policy.violation_type_etiquette")
        prior = self.env["phone.violation"]._create_draft(
            self.emp_sales2,
            etiquette,
            source="report",
            date=date(2026, 10, 1),
            evidence="Earlier report",
        )
        prior.with_user(self.user_manager).action_confirm()
        values = {
            "company_id": self.company.id,
            "employee_id": self.emp_sales2.id,
            "type_id": etiquette.id,
            "date": "2026-11-02",
        }
        spec = {"proposed_penalty": {}, "escalation_note": {}}
        seen = {}
        for login in ("pp_officer", "pp_manager"):
            result = self.rpc(
                login, "phone.violation", "onchange", [], values, list(values), spec
            )
            self.assertTrue(result.ok, result)
            seen[login] = result.value["value"].get("escalation_note")
        self.assertFalse(seen["pp_officer"], "the officer learns of HR's offence")
        self.assertIn("Offence no. 2", seen["pp_manager"])
        drafted = self.rpc("pp_officer", "phone.violation", "create", values)
        self.assertTrue(drafted.ok, drafted)
        violation = self.env["phone.violation"].browse(drafted.value)
        self.assertFalse(violation.escalation_note)
        # HR's confirmation follows the whole ladder
        violation.with_user(self.user_manager).action_confirm()
        self.assertIn("Offence no. 2", violation.escalation_note)


# Models every internal user of the company reads (catalogues, people,
# settings): a field may copy from them as the superuser.
OPEN_MODELS = {
    "res.company",
    "res.partner",
    "res.users",
    "res.currency",
    "res.country",
    "resource.calendar",
    "hr.employee",
    "hr.employee.public",
    "hr.department",
    "hr.job",
    "phone.call.category",
    "phone.violation.type",
    "phone.inspection.criterion",
    "phone.fault.stage",
    "phone.fault.team",
    "phone.system",
    "phone.system.numbering",
    "phone.archive",
    "phone.retention.policy",
    "phone.policy.version",
    "phone.directory",
}

# Fields that read a model with stricter rules as the superuser, and why
# each one reveals nothing its reader may not see.
SUDO_READS = {
    ("phone.call.transfer", "company_id"): "a call's company is its transfer's",
    ("phone.finding.check", "company_id"): "a call's company is its check's",
    ("phone.inspection.check", "company_id"): "the line's company",
    ("phone.inspection.line", "company_id"): "the inspection's company",
    ("phone.inspection.line", "state"): "who reads a line reads its inspection",
    ("phone.account.password", "company_id"): "nobody reads password rows",
    ("phone.archive.access.log", "company_id"): "the request's company",
    ("phone.archive.access.log", "purpose"): (
        "who reads a log line reads its request (the requester, officers)"
    ),
    ("phone.call.transfer.wizard", "company_id"): "the call's company",
    ("phone.account.password.wizard", "account_state"): (
        "the wizard opens only on one's own account (_phone_reach_fields)"
    ),
    ("phone.account.issue.wizard", "account_state"): "officers read every account",
    ("phone.fault", "account_id"): (
        "prefilled from the call, which the reporter must read "
        "(_phone_reach_fields); the account is directory information"
    ),
    ("phone.fault", "extension"): "the account's extension is in the directory",
    ("phone.fault", "system_id"): "phone systems are a catalogue",
    ("phone.security.incident", "concerned_user_ids"): (
        "from a call the reporter must read (_phone_reach_fields), the "
        "employees they named and an account's user (directory information)"
    ),
    ("phone.call.callback.wizard", "user_id"): (
        "the wizard opens only on a call one may change (_phone_reach_fields)"
    ),
    ("hr.employee", "phone_extension"): "directory information",
    ("phone.finding", "kind"): "officers, who read findings, read their rules",
    ("phone.finding", "name"): "the rule's and the call's reference",
    ("phone.inspection", "score"): "who reads an inspection reads its lines",
    ("phone.inspection", "finding_count"): "who reads an inspection reads its lines",
    ("phone.inspection.line", "score"): "who reads a line reads its checklist",
    ("phone.inspection.line", "assessed"): "who reads a line reads its checklist",
    ("phone.inspection.line", "is_finding"): "who reads a line reads its checklist",
    ("phone.inspection.line", "failed_criteria"): (
        "who reads a line reads its checklist"
    ),
}


@tagged("post_install", "-at_install")
class TestRelatedSweep(RelationsCase):
    def test_no_field_reads_a_stricter_model_as_superuser(self):
        """Generated from the registry: every related field, and every
        field computed as the superuser from a relation, of the addon's
        models; those that read a model outside OPEN_MODELS as the
        superuser must be declared in SUDO_READS with the reason they
        reveal nothing, or read as their reader."""
        found = set()
        examined = 0
        for model_name, model_class in self.env.registry.items():
            if model_class._abstract:
                continue
            model = self.env[model_name]
            for fname, field in model._fields.items():
                if field._module != "phone_policy":
                    continue
                if field.related and field.compute_sudo:
                    paths = [field.related]
                elif field.compute and field.compute_sudo and not field.related:
                    paths = field.get_depends(model)[0]
                else:
                    continue
                examined += 1
                for path in paths:
                    crossed = self._models_crossed(model, path)
                    if crossed - OPEN_MODELS - {model_name}:
                        found.add((model_name, fname))
        _logger.info(
            "%d related or superuser-computed fields examined, %d read a "
            "stricter model, all declared",
            examined,
            len(found),
        )
        self.assertGreater(examined, 100)
        undeclared = sorted(found - set(SUDO_READS))
        self.assertFalse(undeclared, "read as superuser from a stricter model")
        # no stale declaration either
        self.assertFalse(sorted(set(SUDO_READS) - found))

    def _models_crossed(self, model, path):
        """Models ``path`` reaches: the comodel of each relation on it."""
        crossed = set()
        current = model
        for name in path.split("."):
            field = current._fields.get(name)
            if not field or not field.relational:
                break
            current = self.env[field.comodel_name]
            crossed.add(current._name)
        return crossed
