# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The server-side gate of the addon's workflows (see SECURITY.md).

An RPC caller can send any field, any record id and any context key. Two
rules hold for every model that inherits ``phone.guard.mixin``:

1. **Fields only a workflow sets.** A field the model declares read-only
   (status, who decided and when, hashes, counters, stored computes, related
   copies), plus the model's ``_phone_workflow_fields``, is refused in
   ``create`` and ``write`` — and ignored as a ``default_`` context key —
   unless the ORM runs as superuser or inside :func:`phone_workflow`, the
   block that a workflow method (a button, a cron, an import) opens around
   its own write. ``phone_workflow`` is a context *variable*, not a context
   key: nothing sent over RPC can set it. Fields a form legitimately sends
   although read-only (``force_save``) are listed in ``_phone_free_fields``.
2. **A write keeps the record in its author's reach.** Odoo checks record
   rules before a write, not after it; the mixin checks them again after, so
   that nobody moves a record where they could not have put it (an absence
   onto a colleague, a call onto another employee).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from odoo import _, api, models, tools
from odoo.exceptions import AccessError

_WORKFLOW = ContextVar("phone_policy_workflow", default=False)


@contextmanager
def phone_workflow():
    """Let the workflow code inside the block set workflow fields."""
    token = _WORKFLOW.set(True)
    try:
        yield
    finally:
        _WORKFLOW.reset(token)


def in_phone_workflow():
    return _WORKFLOW.get()


class PhoneGuardMixin(models.AbstractModel):
    _name = "phone.guard.mixin"
    _description = "Phone Policy: fields only workflows set"

    # read-only fields a form sends on purpose (force_save), still settable
    _phone_free_fields = frozenset()
    # editable-looking fields that only the record's workflow sets
    _phone_workflow_fields = frozenset()

    @api.model
    @tools.ormcache()
    def _phone_guarded_fields(self):
        """Names of the fields a caller outside the workflow may not set."""
        guarded = set(self._phone_workflow_fields)
        for name, field in self._fields.items():
            if name.startswith(("message_", "activity_")) or field.automatic:
                continue
            if field.readonly:
                guarded.add(name)
        return frozenset(guarded - set(self._phone_free_fields))

    def _phone_guard_active(self):
        return not self.env.su and not in_phone_workflow()

    def _phone_check_guarded(self, names):
        refused = self._phone_guarded_fields() & set(names)
        if refused:
            labels = sorted(self._fields[name].string for name in refused)
            raise AccessError(
                _(
                    "%(fields)s of %(model)s are set by the application, not by hand.",
                    fields=", ".join(labels),
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self._phone_guard_active():
            for vals in vals_list:
                self._phone_check_guarded(vals)
            guarded = self._phone_guarded_fields()
            context = self.env.context
            dropped = {
                key
                for key in context
                if key.startswith("default_") and key[8:] in guarded
            }
            if dropped:
                kept = {k: v for k, v in context.items() if k not in dropped}
                self = self.with_env(self.env(context=kept))
        return super().create(vals_list)

    def write(self, vals):
        guard = self._phone_guard_active()
        if guard:
            self._phone_check_guarded(vals)
        result = super().write(vals)
        if guard and self:
            # Odoo checked the rules on the records as they were; the author
            # must also be allowed to write them as they are now
            self.check_access("write")
        return result
