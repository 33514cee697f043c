# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Columns that a query of our own reads along with others, handed to the
ORM's cache as ``fetch()`` hands them (``BaseModel._fetch_query``): the live
call events endpoint reads a phone system, its company and a call in the
queries it makes anyway, rather than in one more query each (issue 19)."""

from odoo.tools import SQL


def column_sql(alias, model, fnames):
    """The columns ``fnames`` of ``model``'s table under ``alias``, for a
    SELECT: plain columns only (what ``fetch()`` reads as they are)."""
    for fname in fnames:
        field = model._fields[fname]
        if not field.column_type or field.translate or field.company_dependent:
            raise ValueError(f"{model._name}.{fname} is not a plain column")
    return SQL(", ").join(SQL.identifier(alias, fname) for fname in fnames)


def cache_columns(record, fnames, values):
    """Put ``values`` of the columns ``fnames`` of ``record``, read in the
    current transaction, in the cache; a value already in cache (a pending
    write) is kept, as ``fetch()`` keeps it."""
    cache = record.env.cache
    for fname, value in zip(fnames, values, strict=True):
        cache.insert_missing(record, record._fields[fname], [value])
