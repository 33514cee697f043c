# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Index budgets of the large tables (calls, findings, finding checks,
rejected rows): the table carries exactly the indexes its budget lists.

Odoo creates the index declared on a field (``index=True``,
``"btree_not_null"``, ``"trigram"``) when it is missing, but never drops
or rebuilds one: after an upgrade, a field whose index was removed keeps
it, and a full B-tree that became ``btree_not_null`` stays full. The
``init()`` of each budgeted model calls :func:`apply_index_budget`, on
install and on every upgrade, before Odoo checks the field indexes."""

from odoo.tools import SQL, sql


def _field_index_kind(field):
    """(method, partial) Odoo gives the index of ``field``, or None."""
    if not (field.store and field.column_type and field.index):
        return None
    if field.index == "trigram":
        return ("gin", False)
    return ("btree", field.index == "btree_not_null")


def apply_index_budget(model, partial_indexes=None):
    """Make the indexes of ``model``'s table follow its budget:

    - an index Odoo named after a field (``<table>__<field>_index``) is
      dropped when the field no longer asks for an index, or asks for
      another kind (Odoo creates the right one right after ``init()``);
    - ``partial_indexes`` ({name: (columns, condition)}, trusted SQL) are
      created when missing. A changed definition takes a new name."""
    cr = model.env.cr
    table = model._table
    cr.execute(
        SQL(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            table,
        )
    )
    existing = dict(cr.fetchall())
    for fname, field in model._fields.items():
        if not (field.store and field.column_type):
            continue
        name = sql.make_index_name(table, fname)
        definition = existing.get(name)
        if definition is None:
            continue
        kind = _field_index_kind(field)
        found = (
            "gin" if " USING gin " in definition else "btree",
            " WHERE " in definition,
        )
        if kind != found:
            sql.drop_index(cr, name, table)
    for name, (columns, condition) in (partial_indexes or {}).items():
        sql.create_index(cr, name, table, columns, where=condition)
