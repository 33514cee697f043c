# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The server-side gate of the addon's workflows (see SECURITY.md).

An RPC caller can send any field, any record id and any context key. These
rules hold for every model that inherits ``phone.guard.mixin``:

1. **Fields only a workflow sets.** A field the model declares read-only
   (status, who decided and when, hashes, counters, stored computes, related
   copies), plus the model's ``_phone_workflow_fields``, is refused in
   ``create`` (but for its default value, which a form sends) and ``write``
   unless the ORM runs as superuser or inside
   :func:`phone_workflow`, the block that a workflow method (a button, a
   cron, an import) opens around its own write. ``phone_workflow`` is a
   context *variable*, not a context key: nothing sent over RPC can set it.
   Fields a form legitimately sends although read-only (a wizard's record,
   filled in from the button's ``default_`` key) are listed in
   ``_phone_free_fields``; ``_phone_create_only_fields`` are set when the
   record is made and then only by its workflow; once a record has left
   ``_phone_open_states`` only its workflow changes it, but for its
   ``_phone_decided_fields``. Copies leave the guarded fields out.
2. **Nothing in the context switches a check off.** ``default_<field>`` keys
   of guarded fields are ignored, and so are all ``default_`` keys when the
   record is made as superuser or in a workflow (a report filed as the
   superuser takes nothing from its reporter's context); so are the keys
   that would hide the audit trail (``tracking_disable``, ``mail_notrack``,
   ``mail_create_nolog``) unless a workflow opened
   ``phone_workflow(quiet=True)`` (bulk imports).
3. **A write keeps the record in its author's reach.** Odoo checks record
   rules before a write, not after it; the mixin checks them again after, so
   that nobody moves a record where they could not have put it (an absence
   onto a colleague, a call onto another employee). A relation that grants
   access to its target (a message's call is read by the message's
   recipient) only points at a record its author may reach: see
   ``_phone_reach_fields`` in :mod:`.phone_reach`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from odoo import _, api, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import clean_context

# None outside a workflow, "workflow" inside one, "quiet" inside a workflow
# that may leave the chatter out (bulk imports)
_WORKFLOW = ContextVar("phone_policy_workflow", default=None)

# the mixins of the chatter, whose fields mail guards
MAIL_MIXINS = ("mail.thread", "mail.activity.mixin", "mail.thread.main.attachment")
# context keys that hide the audit trail of a create or write
AUDIT_KEYS = frozenset({"tracking_disable", "mail_notrack", "mail_create_nolog"})


@contextmanager
def phone_workflow(quiet=False):
    """Let the workflow code inside the block set workflow fields; with
    ``quiet``, also create and write without tracking in the chatter."""
    token = _WORKFLOW.set("quiet" if quiet else "workflow")
    try:
        yield
    finally:
        _WORKFLOW.reset(token)


def in_phone_workflow():
    return _WORKFLOW.get() is not None


# The archive's door (policy §5.2): archived calls, their attachments,
# activities and messages refuse every write and delete through the ORM, for
# everyone, the superuser included; the archive's own workflow (filing,
# disposal at the end of its retention) opens this door for one Python call.
_ARCHIVE_WORKFLOW = ContextVar("phone_policy_archive_workflow", default=False)


@contextmanager
def archive_workflow():
    """Let the archive workflow change sealed records inside the block (a
    workflow of the addon: it also sets the fields only workflows set)."""
    token = _ARCHIVE_WORKFLOW.set(True)
    try:
        with phone_workflow():
            yield
    finally:
        _ARCHIVE_WORKFLOW.reset(token)


def in_archive_workflow():
    return _ARCHIVE_WORKFLOW.get()


def check_workflow_fields(records, names, vals):
    """The guard for the addon's fields on other modules' models (a
    company's chain head, a partner's normalised numbers): refuse ``names``
    in ``vals`` outside the superuser and :func:`phone_workflow`."""
    refused = set(names) & set(vals)
    if refused and not records.env.su and not in_phone_workflow():
        raise AccessError(
            _(
                "%(fields)s of %(model)s are set by the application, not by hand.",
                fields=", ".join(sorted(records._fields[n].string for n in refused)),
                model=records._description,
            )
        )


class PhoneGuardMixin(models.AbstractModel):
    _name = "phone.guard.mixin"
    _description = "Phone Policy: fields only workflows set"

    # read-only fields a form sends on purpose, still settable
    _phone_free_fields = frozenset()
    # editable-looking fields that only the record's workflow sets
    _phone_workflow_fields = frozenset()
    # fields set when the record is made, then only by its workflow
    _phone_create_only_fields = frozenset()
    # states of ``state`` in which people edit the record (None: always)
    _phone_open_states = None
    # fields still edited by hand once the record left its open states
    _phone_decided_fields = frozenset()

    @api.model
    @tools.ormcache()
    def _phone_chatter_fields(self):
        """Names of the fields of the chatter (followers, messages,
        activities): mail's own, guarded by mail."""
        return frozenset(
            name
            for mixin in MAIL_MIXINS
            if mixin in self.env and mixin in self._inherit_module
            for name in self.env[mixin]._fields
        )

    @api.model
    @tools.ormcache()
    def _phone_guarded_fields(self):
        """Names of the fields a caller outside the workflow may not set."""
        guarded = set(self._phone_workflow_fields)
        chatter = self._phone_chatter_fields()
        for name, field in self._fields.items():
            if name in chatter or field.automatic:
                continue
            if field.readonly:
                guarded.add(name)
        return frozenset(guarded - set(self._phone_free_fields))

    def _phone_guard_active(self):
        return not self.env.su and not in_phone_workflow()

    def _phone_clean_context(self, creating=False):
        """``self`` without the context keys a caller may not use: those
        hiding the audit trail, and on create the defaults of guarded
        fields."""
        context = self.env.context
        dropped = set()
        if _WORKFLOW.get() != "quiet":
            dropped |= AUDIT_KEYS & set(context)
        if creating:
            # what the application makes (as superuser, or in a workflow)
            # takes its values from the code, not from its caller's context
            system = self.env.su or in_phone_workflow()
            guarded = self._phone_guarded_fields()
            dropped |= {
                key
                for key in context
                if key.startswith("default_") and (system or key[8:] in guarded)
            }
        if not dropped:
            return self
        kept = {key: value for key, value in context.items() if key not in dropped}
        return self.with_env(self.env(context=kept))

    def _phone_refuse(self, names):
        labels = sorted(self._fields[name].string for name in names)
        raise AccessError(
            _(
                "%(fields)s of %(model)s are set by the application, not by hand.",
                fields=", ".join(labels),
                model=self._description,
            )
        )

    @api.model
    def _phone_caller_values(self, vals):
        """``vals`` with what the caller's context adds on create
        (``default_<field>`` keys): what a check of a create must look at,
        since Odoo adds those defaults after ``create`` saw its values."""
        defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[8:] in self._fields
        }
        return dict(defaults, **vals)

    @api.model
    def _phone_not_default(self, vals, names):
        """The fields of ``names`` to which ``vals`` give a value other than
        their default: a form sends the defaults of the fields it shows (a
        new record's status), and what one gets anyway grants nothing."""
        names = set(names) & set(vals)
        if not names:
            return names
        # the fields' own defaults, not what the caller's context says
        clean = self.with_env(self.env(context=clean_context(self.env.context)))
        defaults = clean.default_get(list(names))
        return {
            name
            for name in names
            if name not in defaults
            or self._fields[name].convert_to_cache(vals[name], self)
            != self._fields[name].convert_to_cache(defaults[name], self)
        }

    def _phone_check_guarded(self, vals, creating=False):
        refused = self._phone_guarded_fields() & set(vals)
        if refused and creating:
            refused = self._phone_not_default(vals, refused)
        if refused:
            self._phone_refuse(refused)

    def _phone_check_written(self, vals):
        """What a write outside the workflow may not change on these
        records: create-only fields, and anything once they are decided."""
        refused = self._phone_create_only_fields & set(vals)
        if refused and self:
            self._phone_refuse(refused)
        if self._phone_open_states is None:
            return
        changed = {
            name
            for name in vals
            if name not in self._phone_chatter_fields()
            and name not in self._phone_decided_fields
        }
        # sudo: the lock holds whatever the author may read
        decided = self.sudo().filtered(
            lambda record: record.state not in self._phone_open_states
        )
        if changed and decided:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(record)s is %(state)s: only its workflow changes it now.",
                    record=decided[0].display_name,
                    state=states.get(decided[0].state, decided[0].state),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self = self._phone_clean_context(creating=True)
        if self._phone_guard_active():
            # who may not create at all hears so first (create is a model
            # method: whatever records it was called on do not matter)
            self.browse().check_access("create")
            for vals in vals_list:
                self._phone_check_guarded(vals, creating=True)
        # after the check, on copies (the caller's dictionaries stay as they
        # were): what the application fills in itself
        vals_list = self._phone_create_values([dict(vals) for vals in vals_list])
        return super().create(vals_list)

    @api.model
    def _phone_create_values(self, vals_list):
        """The values of a create once the guard has checked them, with what
        the application fills in itself (a document's reference: see
        ``phone.document.mixin``)."""
        return vals_list

    def write(self, vals):
        self = self._phone_clean_context()
        guard = self._phone_guard_active()
        if guard:
            # who may not write these records at all hears so first
            self.check_access("write")
            self._phone_check_guarded(vals)
            self._phone_check_written(vals)
        result = super().write(vals)
        if guard and self:
            # Odoo checked the rules on the records as they were; the author
            # must also be allowed to write them as they are now
            self.check_access("write")
        return result

    def activity_schedule(self, *args, **kwargs):
        # the activities a workflow schedules take their values from it, not
        # from its caller's context (an archived to-do is a to-do nobody
        # sees), and their assignees hear of them but in a quiet workflow
        context = clean_context(self.env.context)
        if _WORKFLOW.get() != "quiet":
            context.pop("mail_activity_quick_update", None)
        return super(
            PhoneGuardMixin, self.with_env(self.env(context=context))
        ).activity_schedule(*args, **kwargs)

    def copy(self, default=None):
        # a copy is made of the record and the explicit defaults given, not
        # of the caller's context
        return super(
            PhoneGuardMixin,
            self.with_env(self.env(context=clean_context(self.env.context))),
        ).copy(default=default)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if self._phone_guard_active():
            # a copy starts afresh: what only the workflow sets is not copied
            dropped = self._phone_guarded_fields() - set(default or ())
            for vals in vals_list:
                for name in dropped & set(vals):
                    del vals[name]
        return vals_list
