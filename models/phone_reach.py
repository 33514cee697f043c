# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Relations that must point at records their author may reach.

A record rule that grants access through a relation (a call is readable by
whoever it was transferred to) holds only if nobody can create that relation
towards a record they may not read; and a stored or related field computed
from the target (a fault's account from its call, an incident's account
status) reads the target as the superuser. A model lists those relations in
``_phone_reach_fields``: ``{field name: check}``, the check being ``"read"``
or ``"write"`` (the author's access to the target) or the name of a method
of the target model that raises when the current user may not point at it
(``phone.call._phone_check_handover``). The check runs on ``create``, on a
``write`` that points the field at a new target, and on ``onchange`` (which
computes those fields for a record not yet saved), whatever the form shows.
It does not run as the superuser nor inside :func:`phone_workflow`."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..utils.groups import MANAGER_GROUP
from .phone_guard import in_phone_workflow


def _target_ids(field, value):
    """Ids a create/write/onchange value makes ``field`` point at."""
    if field.type == "many2one":
        if isinstance(value, dict):
            value = value.get("id")
        if isinstance(value, int) and not isinstance(value, bool) and value:
            return [value]
        return []
    ids = []
    for command in value or ():
        if isinstance(command, int) and not isinstance(command, bool):
            ids.append(command)
        elif isinstance(command, (list, tuple)) and command:
            if command[0] == fields.Command.SET and len(command) > 2:
                ids.extend(command[2] or ())
            elif command[0] == fields.Command.LINK and len(command) > 1:
                ids.append(command[1])
    return [id_ for id_ in ids if isinstance(id_, int) and id_]


def check_department_from_hr(records):
    """A record whose rules let its department's manager read it
    (``department_id.manager_id``) takes its department from HR's data, its
    employee's: nobody but a Phone Policy manager (recording the department
    at the time) points it at another department, and so at another
    manager."""
    env = records.env
    if env.su or in_phone_workflow():
        return
    if env.user.has_group(MANAGER_GROUP):
        return
    for record in records:
        if record.department_id != record.employee_id.department_id:
            raise ValidationError(
                _(
                    "The department of %(record)s is its employee's; only a "
                    "Phone Policy manager records another one.",
                    record=record.display_name,
                )
            )


class Base(models.AbstractModel):
    _inherit = "base"

    # {relation field: "read" | "write" | method of the target model}
    _phone_reach_fields = {}

    @api.model_create_multi
    def create(self, vals_list):
        if self._phone_reach_fields and self._phone_reach_active():
            for vals in vals_list:
                self.browse()._phone_check_reach(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self._phone_reach_fields and self._phone_reach_active():
            self._phone_check_reach(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        if self._phone_reach_fields and self._phone_reach_active():
            self._phone_check_reach(values)
        return super().onchange(values, field_names, fields_spec)

    def _phone_reach_active(self):
        return not self.env.su and not in_phone_workflow()

    def _phone_check_reach(self, vals):
        """Refuse ``vals`` if they point a field of ``_phone_reach_fields``
        at a record the current user may not reach. Targets the records in
        ``self`` already point at are not checked again."""
        for fname, check in self._phone_reach_fields.items():
            if fname not in vals:
                continue
            field = self._fields[fname]
            ids = set(_target_ids(field, vals[fname]))
            if not ids:
                continue
            # a target is new unless every record already points at it
            # sudo: what the records point at now, whoever may read it
            records = self.sudo().with_context(prefetch_fields=False)
            current = [set(record[fname].ids) for record in records]
            if current:
                ids -= set.intersection(*current)
            targets = self.env[field.comodel_name].browse(sorted(ids)).exists()
            if not targets:
                continue
            if check == "read" and not targets.has_access("read"):
                raise AccessError(
                    _(
                        "%(field)s of %(model)s: you may only choose records "
                        "you are allowed to see.",
                        field=field.string,
                        model=self._description,
                    )
                )
            if check == "write" and not targets.has_access("write"):
                raise AccessError(
                    _(
                        "%(field)s of %(model)s: you may only choose records "
                        "you are allowed to change.",
                        field=field.string,
                        model=self._description,
                    )
                )
            if check not in ("read", "write"):
                getattr(targets, check)()
