# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every stored field of every model of the addon, tried by every role in
``create`` and in ``write`` over JSON-RPC, against a declared table of what
each role may set (``field_table.TABLE``, written by hand).

The fields come from the registry: a new field is tried without anyone
listing it, and a model without a row in the table fails. Each attempt sends
a value different from the current one (``create``: from the value the
record would get without it). "Allowed" means the server said yes *and* the
record has the value, read back as superuser; "refused" means an error *and*
the record unchanged (no record created). Everything runs in a savepoint
rolled back after each attempt.

Before the roles, the same value is tried in-process with every right, in
the plain user's environment (their company and defaults): when even then it
cannot be set (a locked record, a value the model refuses), every role must
be refused too, and such attempts are counted apart (their refusal proves
less).

One2many fields are not columns of the record: they are tried on the child
model, through its many2one to the parent."""

import logging
import time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .field_table import ROLES, TABLE, allowed_fields
from .matrix_common import MatrixRpcCase, addon_models

_figures = logging.getLogger("phone_policy.figures")


class Attempt:
    """One field of one model in one operation, with the value tried and
    what the record must hold then."""

    def __init__(self, model, operation, record, field, base, value, expected):
        self.model = model
        self.operation = operation
        self.record = record
        self.field = field
        self.base = base
        self.value = value
        self.expected = expected
        self.superuser = None


@tagged("post_install", "-at_install")
class TestFieldMatrix(MatrixRpcCase):
    # ------------------------------------------------------------------
    # samples and values
    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
    # attempts
    # ------------------------------------------------------------------
    def _baseline(self, model, create_vals):
        """{field: value} of a record created with ``create_vals`` only, as
        superuser: what a create attempt must differ from."""
        savepoint = self._savepoint()
        try:
            record = self._all_rights(model).create(create_vals)
            return {name: record[name] for name in self.fields_of[model]}
        except Exception:  # a database view, a model nobody creates
            return None
        finally:
            self._rollback(savepoint)

    def _holds(self, model, field, record_id, expected):
        record = self.env[model].sudo().browse(record_id)
        return self._normal(field, record[field.name]) == expected

    def _superuser_can(self, attempt, user=None):
        """Whether the superuser sets the value for ``user`` (default: the
        plain user), so that a refusal to a role is a refusal, not a value
        nobody could set."""
        savepoint = self._savepoint()
        try:
            with mute_logger("odoo.sql_db"):
                Model = self._all_rights(attempt.model, user)
                name = attempt.field.name
                if attempt.operation == "create":
                    target = Model.create(dict(attempt.base, **{name: attempt.value}))
                else:
                    target = Model.browse(attempt.record.id)
                    target.write({name: attempt.value})
                self.env.flush_all()
                return self._holds(attempt, target.id)
        except Exception:  # noqa: BLE001 - any refusal means: nobody can
            return False
        finally:
            self._rollback(savepoint)

    def _holds(self, attempt, record_id):
        record = self.env[attempt.model].sudo().browse(record_id)
        value = record[attempt.field.name]
        return self._normal(attempt.field, value) == attempt.expected

    def _try(self, login, attempt):
        """'allowed' (accepted and held), 'refused' (error, nothing
        changed), or what else happened."""
        Model = self.env[attempt.model].sudo().with_context(active_test=False)
        field, record = attempt.field, attempt.record
        savepoint = self._savepoint()
        try:
            if attempt.operation == "create":
                count = Model.search_count([])
                vals = dict(attempt.base, **{field.name: attempt.value})
                result = self.rpc(login, attempt.model, "create", vals)
                if result.ok:
                    held = self._holds(attempt, result.value)
                    return "allowed" if held else "accepted but not held"
                if Model.search_count([]) != count:
                    return "refused but created"
                return "refused"
            before = self._normal(field, record[field.name])
            result = self.rpc(
                login, attempt.model, "write", [record.id], {field.name: attempt.value}
            )
            self.env.invalidate_all()
            held = self._holds(attempt, record.id)
            if result.ok:
                return "allowed" if held else "accepted but not held"
            after = self._normal(field, record.sudo()[field.name])
            return "refused" if after == before else "refused but changed"
        finally:
            self._rollback(savepoint)

    def _attempts(self):
        """Every (model, field, operation) with its value, and whether the
        superuser sets it for the plain user."""
        attempts, skipped = [], []
        for model, names in self.fields_of.items():
            record, base = self._sample(model)
            baseline = self._baseline(model, base)
            for name in names:
                field = self.env[model]._fields[name]
                for operation in ("create", "write"):
                    if operation == "create" and baseline:
                        current = baseline[name]
                    else:
                        current = record[name]
                    choice = self._other_value(model, field, current)
                    if choice is None:
                        skipped.append(f"{model}.{name} ({operation})")
                        continue
                    attempt = Attempt(model, operation, record, field, base, *choice)
                    attempt.superuser = self._superuser_can(attempt)
                    attempts.append(attempt)
        self.assertFalse(skipped, "fields without another value to try")
        return attempts

    def test_every_model_has_a_row(self):
        models = set(addon_models(self.env))
        self.assertFalse(models - set(TABLE), "models without a row in the table")
        self.assertFalse(set(TABLE) - models, "rows of models that do not exist")
        for model, rows in TABLE.items():
            self.assertFalse(set(rows) - set(ROLES), f"unknown roles in {model}")
            for role in rows:
                for operation in ("create", "write"):
                    unknown = allowed_fields(model, role, operation) - set(
                        self.env[model]._fields
                    )
                    self.assertFalse(unknown, f"{model} {role}: no field {unknown}")

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
        "odoo.sql_db",
    )
    def test_field_role_matrix(self):
        started = time.monotonic()
        self.fields_of = addon_models(self.env)
        attempts = self._attempts()
        mismatches = []
        counts = {"allowed": 0, "refused": 0, "refused, nobody can": 0}
        for role, login in ROLES.items():
            for attempt in attempts:
                name, operation = attempt.field.name, attempt.operation
                declared = name in allowed_fields(attempt.model, role, operation)
                superuser = attempt.superuser
                if role == "other_company" and declared:
                    # the company a record is made in is its maker's
                    superuser = self._superuser_can(attempt, self.user_other_company)
                outcome = self._try(login, attempt)
                want = "allowed" if declared else "refused"
                where = f"{attempt.model}.{name} {operation} {role}"
                if declared and not superuser:
                    mismatches.append(
                        f"{where}: declared allowed, but not even the superuser "
                        f"sets {attempt.value!r}"
                    )
                elif outcome != want:
                    mismatches.append(
                        f"{where}: declared {want}, got {outcome} ({attempt.value!r})"
                    )
                elif want == "refused" and not superuser:
                    counts["refused, nobody can"] += 1
                else:
                    counts[want] += 1
        total = len(attempts) * len(ROLES)
        seconds = time.monotonic() - started
        summary = (
            f"field x role matrix: {total} attempts ({len(self.fields_of)} "
            f"models, {len(attempts)} field x operation pairs, {len(ROLES)} roles) "
            f"in {seconds:.0f} s: {counts['allowed']} allowed and "
            f"{counts['refused']} refused as declared, "
            f"{counts['refused, nobody can']} refused where not even the "
            f"superuser may set the value; {len(mismatches)} mismatches"
        )
        # printed at the end of `make test` (tools/pytest_phone_policy.py)
        _figures.info(summary)
        self.assertFalse(
            mismatches,
            f"{summary}\n" + "\n".join(mismatches[:300]),
        )
        self.assertEqual(sum(counts.values()), total)
