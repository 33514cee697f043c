# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every context key the addon reads (or read: the keys that switched checks
off before this suite), the keys of Odoo that would hide the audit trail,
and ``default_<field>`` for every stored field of the model, sent by every
role with every public method of every model of the addon on its sample
record, over JSON-RPC. Each call is made twice, without the keys and with
them, each in a savepoint rolled back: the outcome and everything the call
changed (the record, its chatter and tracking, the records it created) must
be the same. A key that changes anything gives a role what it could not do
without it."""

import logging
import time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .field_table import ROLES, TABLE, allowed_fields
from .matrix_common import MatrixRpcCase, addon_models

_figures = logging.getLogger("phone_policy.figures")

KEYS = {
    # the addon's own keys, replaced by phone_workflow() and private methods
    "phone_violation_workflow": True,
    "phone_message_acknowledging": True,
    "phone_decision_note": "Decided by the context",
    # Odoo's keys the addon used: they hide the audit trail
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_auto_subscribe_no_notify": True,
    "mail_activity_quick_update": True,
    "active_test": False,
}
# fields that differ at every call: drawn at random
# (a push key, a password's salt) or with the time it takes (a check's
# duration)
RANDOM = {
    "cdr_push_key_index",
    "cdr_push_key_hash",
    "cdr_push_key_hint",
    "password_hash",
    "duration",
}
# public methods that are not workflow entry points
NOT_ACTIONS = {
    "get_empty_list_help",
    "name_create",
    # the ORM's, tried as create, write, copy and unlink
    "create",
    "write",
    "copy",
    "copy_data",
    "unlink",
    "activity_schedule",
}


class Moment:
    """A datetime compared with some slack: the two runs of a call happen a
    few seconds apart."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return (
            isinstance(other, Moment)
            and abs((self.value - other.value).total_seconds()) < 300
        )

    def __hash__(self):
        return 0

    def __repr__(self):
        return f"Moment({self.value})"


@tagged("post_install", "-at_install")
class TestContextKeys(MatrixRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fields_of = addon_models(cls.env)
        cls.tables = {
            model: cls.env[model]._table
            for model in cls.fields_of
            if cls.env[model]._auto and model.startswith("phone.")
        }

    def _other_defaults(self):
        """{field name: value} over the fields of every model of the addon
        (the first model with the name gives the value)."""
        defaults = {}
        for model, names in sorted(self.fields_of.items()):
            if model not in self.tables:
                continue
            record = self._sample(model)[0]
            for name in names:
                if name in defaults or name == "company_id":
                    continue
                field = self.env[model]._fields[name]
                choice = self._other_value(model, field, record[name])
                if choice:
                    defaults[name] = choice[0]
        return defaults

    def _max_ids(self):
        self.env.flush_all()
        self.env.cr.execute(
            " UNION ALL ".join(
                f"SELECT '{model}', max(id) FROM {table}"  # noqa: S608 - table names
                for model, table in self.tables.items()
            )
        )
        return dict(self.env.cr.fetchall())

    def _value(self, field, value, floors):
        if field.type == "many2one":
            if value and value._name in floors and value.id > floors[value._name]:
                return "new record"
            return value.id or False
        if field.type in ("many2many", "one2many"):
            return len(value)
        if field.type == "datetime":
            return Moment(value) if value else False
        if field.type == "char" and field.name == "name" and field.readonly:
            return bool(value)  # references follow a sequence
        if field.type == "binary" or field.name in RANDOM:
            return bool(value)
        return value

    def _record_state(self, record, floors):
        record = record.sudo().with_context(active_test=False)
        if not record.exists():
            return "deleted"
        return {
            name: self._value(field, record[name], floors)
            for name, field in record._fields.items()
            if field.store
            and not field.automatic
            and name not in ("message_follower_ids", "activity_ids")
        }

    def _snapshot(self, model, record, floors):
        """What a call may have changed: the record, its chatter, its
        activities, and the records created meanwhile."""
        self.env.invalidate_all()
        Message = self.env["mail.message"].sudo()
        state = {
            "record": self._record_state(record, floors),
            # acknowledged through its notification or not
            "sample message": self._record_state(self.message, floors),
        }
        messages = Message.search([("model", "=", model), ("res_id", "=", record.id)])
        state["messages"] = sorted(
            (m.message_type, m.subtype_id.name or "", len(m.tracking_value_ids))
            for m in messages
        )
        state["tracking"] = (
            self.env["mail.tracking.value"]
            .sudo()
            .search_count(
                [
                    ("mail_message_id.model", "=", model),
                    ("mail_message_id.res_id", "=", record.id),
                ]
            )
        )
        state["activities"] = (
            self.env["mail.activity"]
            .sudo()
            .search_count([("res_model", "=", model), ("res_id", "=", record.id)])
        )
        created = {}
        for name, top in self._max_ids().items():
            if top and top > floors[name]:
                new = self.env[name].sudo().search([("id", ">", floors[name])])
                created[name] = sorted(
                    (self._record_state(rec, floors) for rec in new),
                    key=lambda state: repr(
                        {k: v for k, v in state.items() if not isinstance(v, Moment)}
                    ),
                )
        state["created"] = created
        return state

    def _calls(self, model, record, create_vals):
        """(method, args, kwargs) of every public method of the model."""
        Model = self.env[model]
        calls = [
            ("create", [create_vals], {}),
            ("write", [record.ids, {}], {}),
            ("copy", [record.ids], {}),
            ("unlink", [record.ids], {}),
        ]
        for name in sorted(dir(type(Model))):
            if name.startswith("_") or name in NOT_ACTIONS:
                continue
            method = getattr(type(Model), name, None)
            module = getattr(method, "__module__", "") or ""
            if not callable(method) or not module.startswith(
                "odoo.addons.phone_policy"
            ):
                continue
            if getattr(method, "_api", None) == "model":
                calls.append((name, [], {}))
            else:
                calls.append((name, [record.ids], {}))
        return calls

    def _keys(self, model, record, role):
        """Two sets of keys (a default a model refuses would fail the call
        and hide the others): the keys, with ``default_<field>`` of a value
        the role may not give, for the fields of the model the role may not
        set on create, then for the fields of the other models of the addon
        (the records a call makes for its caller, e.g. the report a filing
        makes as superuser)."""
        own_keys, other_keys = dict(KEYS), dict(KEYS)
        allowed = allowed_fields(model, role, "create") if model in TABLE else set()
        own = set(self.fields_of.get(model, ()))
        for name in own - allowed:
            field = self.env[model]._fields[name]
            choice = self._other_value(model, field, record[name])
            if choice:
                own_keys[f"default_{name}"] = choice[0]
        other_keys.update(
            (f"default_{name}", value)
            for name, value in self.other_defaults.items()
            if name not in own
        )
        return own_keys, other_keys

    def _run(self, login, plan, context, floors):
        model, record, method, args, kwargs = plan
        savepoint = self._savepoint()
        try:
            result = self.rpc(login, model, method, *args, context=context, **kwargs)
            if not result.ok:
                # nothing changed: nothing to look at
                return result.error, None
            return "ok", self._snapshot(model, record, floors)
        finally:
            self._rollback(savepoint)

    def _difference(self, role, plain, keyed):
        """What the keys changed that the role could not change without
        them, or None."""
        if plain[0] != "ok":
            return f"refused without the keys ({plain[0]}), done with them"
        changed = []
        for part, before in plain[1].items():
            after = keyed[1][part]
            if part == "created":
                changed += self._created_difference(role, before, after)
            elif before != after:
                changed.append(f"{part}: {before!r:.300} -> {after!r:.300}")
        return "; ".join(changed) or None

    @staticmethod
    def _created_difference(role, before, after):
        """The records made by the call: the same models and numbers, and
        the same values but for the fields the role may give them."""
        changed = []
        for model in sorted(set(before) | set(after)):
            old, new = before.get(model, []), after.get(model, [])
            if len(old) != len(new):
                changed.append(f"{model}: {len(old)} made -> {len(new)} made")
                continue
            free = allowed_fields(model, role, "create") if model in TABLE else set()
            for old_state, new_state in zip(old, new, strict=True):
                for name in sorted(set(old_state) - free):
                    if old_state[name] != new_state.get(name):
                        changed.append(
                            f"{model}.{name}: {old_state[name]!r:.100} -> "
                            f"{new_state.get(name)!r:.100}"
                        )
        return changed

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
        "odoo.sql_db",
        "odoo.addons.phone_policy.models.phone_whistleblow_case",
    )
    def test_context_keys_change_nothing(self):
        started = time.monotonic()
        self.other_defaults = self._other_defaults()
        plans = []
        for model in sorted(self.tables):
            record, create_vals = self._sample(model)
            for method, args, kwargs in self._calls(model, record, create_vals):
                plans.append((model, record, method, args, kwargs))
        # the acknowledgement of a message through its notification
        activity = self.message.activity_ids[:1]
        self.assertTrue(activity, "the sample message notifies its recipient")
        for method in ("action_feedback", "action_done"):
            plans.append(("mail.activity", activity, method, [activity.ids], {}))
        # what exists before any call (the samples made above included)
        floors = {name: top or 0 for name, top in self._max_ids().items()}
        differences = []
        calls = 0
        for role, login in ROLES.items():
            keys = {}
            for plan in plans:
                model, record = plan[0], plan[1]
                if model not in keys:
                    keys[model] = self._keys(model, record, role)
                # a call the keys make fail changes nothing: the call without
                # them is only needed to compare with one that went through
                plain = None
                for context in keys[model]:
                    keyed = self._run(login, plan, context, floors)
                    calls += 1
                    if keyed[0] != "ok":
                        continue
                    if plain is None:
                        plain = self._run(login, plan, {}, floors)
                        calls += 1
                    difference = self._difference(role, plain, keyed)
                    if difference:
                        differences.append(f"{role} {model}.{plan[2]}: {difference}")
        seconds = time.monotonic() - started
        summary = (
            f"context-key sweep: {len(plans)} calls x {len(ROLES)} roles, with "
            f"{len(KEYS)} keys and default_ keys of the fields the role may "
            f"not set (of the model, then of the others), and without them "
            f"where that went through ({calls} RPC calls) in {seconds:.0f} s; "
            f"{len(differences)} differences"
        )
        # printed at the end of `make test` (tools/pytest_phone_policy.py)
        _figures.info(summary)
        self.assertFalse(differences, summary + "\n" + "\n".join(differences[:100]))
