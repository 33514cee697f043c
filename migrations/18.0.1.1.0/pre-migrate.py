# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0, before the module loads.

1. The whistle-blowing models are named for what they are:
   ``phone.report`` -> ``phone.whistleblow.case`` and
   ``phone.report.submission`` -> ``phone.whistleblow.filing``; the fields
   pointing at a case are ``case_id`` (on a filing) and
   ``whistleblow_case_id`` (on violations and commendations). Done the way
   OCA's ``openupgradelib`` renames models, tables and fields
   (``rename_models``, ``rename_tables``, ``rename_fields``): the tables,
   their id sequences, indexes and constraints, the many2many tables and
   their columns, the rows of ``ir_model``, ``ir_model_fields``,
   ``ir_model_data``, ``ir_model_relation`` and ``ir_model_constraint``,
   every column that names a model (messages, followers, activities,
   attachments, views, actions, filters...) and the references' sequence.
   Every record keeps its id, so nothing pointing at it moves.
2. The record rules of the addon are rewritten from its files. They are
   loaded ``noupdate="1"``, and Odoo skips an existing record of such a
   block on ``-u`` whatever its ``ir_model_data.noupdate`` says
   (``odoo/tools/convert.py``, ``_tag_record``): a database installed
   before a rule changed keeps the old rule for good. The addon's rules
   are deleted here and recreated by the update from the current files
   (rules that no file declares any more are gone with them). The access
   rows are loaded from CSV without ``noupdate``; they are set updatable
   anyway, so that the update rewrites them and drops the ones no longer
   declared.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, make_index_name, table_exists

_logger = logging.getLogger(__name__)

MODULE = "phone_policy"

MODELS = [
    ("phone.report", "phone.whistleblow.case"),
    ("phone.report.submission", "phone.whistleblow.filing"),
]
TABLES = [
    ("phone_report", "phone_whistleblow_case"),
    ("phone_report_submission", "phone_whistleblow_filing"),
    ("phone_report_call_rel", "phone_whistleblow_case_call_rel"),
    ("phone_report_submission_call_rel", "phone_whistleblow_filing_call_rel"),
]
# (model, table, old field, new field), with the new model and table names
FIELDS = [
    ("phone.whistleblow.filing", "phone_whistleblow_filing", "report_id", "case_id"),
    ("phone.violation", "phone_violation", "report_id", "whistleblow_case_id"),
    ("phone.commendation", "phone_commendation", "report_id", "whistleblow_case_id"),
]
# (many2many field's model, field, relation table, old column, new column)
RELATION_COLUMNS = [
    (
        "phone.whistleblow.case",
        "call_ids",
        "phone_whistleblow_case_call_rel",
        "report_id",
        "case_id",
    ),
    (
        "phone.whistleblow.filing",
        "call_ids",
        "phone_whistleblow_filing_call_rel",
        "submission_id",
        "filing_id",
    ),
]
# the XML ids of the addon's files that carry the model's name
XMLIDS = [
    ("phone_report_view_list", "phone_whistleblow_case_view_list"),
    ("phone_report_view_form", "phone_whistleblow_case_view_form"),
    ("phone_report_view_search", "phone_whistleblow_case_view_search"),
    ("phone_report_action", "phone_whistleblow_case_action"),
    ("phone_report_action_investigate", "phone_whistleblow_case_action_investigate"),
    ("phone_report_menu", "phone_whistleblow_case_menu"),
    ("phone_report_menu_investigate", "phone_whistleblow_case_menu_investigate"),
    ("phone_report_rule_company", "phone_whistleblow_case_rule_company"),
    ("phone_report_rule_officer", "phone_whistleblow_case_rule_officer"),
    ("phone_report_rule_manager", "phone_whistleblow_case_rule_manager"),
    ("access_phone_report_officer", "access_phone_whistleblow_case_officer"),
    ("access_phone_report_manager", "access_phone_whistleblow_case_manager"),
    ("seq_phone_report", "seq_phone_whistleblow_case"),
    ("phone_report_wu_demo", "phone_whistleblow_case_wu_demo"),
    ("phone_report_submission_view_list", "phone_whistleblow_filing_view_list"),
    ("phone_report_submission_view_form", "phone_whistleblow_filing_view_form"),
    ("phone_report_submission_action", "phone_whistleblow_filing_action"),
    ("phone_report_submission_menu", "phone_whistleblow_filing_menu"),
    ("phone_report_submission_rule_company", "phone_whistleblow_filing_rule_company"),
    ("phone_report_submission_rule_user", "phone_whistleblow_filing_rule_user"),
    ("access_phone_report_submission_user", "access_phone_whistleblow_filing_user"),
]
# columns holding a model's name (openupgradelib: get_many2one_references,
# and the tables rename_models updates); those absent here are skipped
MODEL_NAME_COLUMNS = [
    ("ir_model_data", "model"),
    ("ir_attachment", "res_model"),
    ("mail_activity", "res_model"),
    ("mail_followers", "res_model"),
    ("mail_message", "model"),
    ("mail_scheduled_message", "model"),
    ("mail_message_subtype", "res_model"),
    ("mail_template", "model"),
    ("mail_activity_type", "res_model"),
    ("mail_activity_plan", "res_model"),
    ("rating_rating", "res_model"),
    ("rating_rating", "parent_res_model"),
    ("ir_model_fields", "relation"),
    ("ir_ui_view", "model"),
    ("ir_act_window", "res_model"),
    ("ir_act_server", "model_name"),
    ("ir_act_report_xml", "model"),
    ("ir_filters", "model_id"),
    ("ir_exports", "resource"),
    ("ir_embedded_actions", "parent_res_model"),
]


def _execute(cr, query):
    cr.execute(query)
    _logger.info("%s: %s rows", query.code.split("\n")[0][:100], cr.rowcount)


def _rename_object(cr, kind, old, new):
    """Rename an index, sequence or constraint; keep ir_model_constraint
    (what the uninstallation drops) in step."""
    if kind == "constraint":
        table, old_name = old
        _execute(
            cr,
            SQL(
                "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                SQL.identifier(table),
                SQL.identifier(old_name),
                SQL.identifier(new),
            ),
        )
        _execute(
            cr,
            SQL(
                "UPDATE ir_model_constraint SET name = %s WHERE name = %s",
                new,
                old_name,
            ),
        )
    else:
        _execute(
            cr,
            SQL(
                "ALTER %s %s RENAME TO %s",
                SQL(kind.upper()),
                SQL.identifier(old),
                SQL.identifier(new),
            ),
        )


def _renamed(name, renames):
    for old, new in renames:
        name = name.replace(old, new)
    return name


def rename_tables(cr):
    """openupgradelib.rename_tables: the table, its id sequence, and the
    indexes and constraints named after it."""
    for old, new in TABLES:
        if not table_exists(cr, old) or table_exists(cr, new):
            continue
        _execute(
            cr,
            SQL(
                "ALTER TABLE %s RENAME TO %s",
                SQL.identifier(old),
                SQL.identifier(new),
            ),
        )
        if table_exists(cr, f"{old}_id_seq"):
            _rename_object(cr, "sequence", f"{old}_id_seq", f"{new}_id_seq")
        cr.execute(
            """SELECT i.relname FROM pg_index x
               JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_class i ON i.oid = x.indexrelid
               WHERE t.relname = %s AND i.relname LIKE %s
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                 WHERE c.conindid = x.indexrelid)""",
            (new, old.replace("_", r"\_") + r"\_%"),
        )
        for (index,) in cr.fetchall():
            _rename_object(cr, "index", index, new + index[len(old) :])
        cr.execute(
            """SELECT c.conname FROM pg_constraint c
               JOIN pg_class t ON t.oid = c.conrelid
               WHERE t.relname = %s AND c.conname LIKE %s""",
            (new, old.replace("_", r"\_") + r"\_%"),
        )
        for (constraint,) in cr.fetchall():
            _rename_object(
                cr, "constraint", (new, constraint), new + constraint[len(old) :]
            )
        _execute(
            cr,
            SQL("UPDATE ir_model_relation SET name = %s WHERE name = %s", new, old),
        )


def rename_columns(cr, table, old, new):
    """A column, its index (Odoo's name for it) and its foreign key."""
    if not column_exists(cr, table, old) or column_exists(cr, table, new):
        return
    _execute(
        cr,
        SQL(
            "ALTER TABLE %s RENAME COLUMN %s TO %s",
            SQL.identifier(table),
            SQL.identifier(old),
            SQL.identifier(new),
        ),
    )
    index = make_index_name(table, old)
    cr.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'", [index])
    if cr.rowcount:
        _rename_object(cr, "index", index, make_index_name(table, new))
    cr.execute(
        """SELECT c.conname FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid
           WHERE t.relname = %s AND c.conname = %s""",
        (table, f"{table}_{old}_fkey"),
    )
    if cr.rowcount:
        _rename_object(
            cr, "constraint", (table, f"{table}_{old}_fkey"), f"{table}_{new}_fkey"
        )


def rename_models(cr):
    """openupgradelib.rename_models: ir.model, the fields' and their XML
    ids, and every column naming the model."""
    for old, new in MODELS:
        old_, new_ = old.replace(".", "_"), new.replace(".", "_")
        _execute(cr, SQL("UPDATE ir_model SET model = %s WHERE model = %s", new, old))
        _execute(
            cr, SQL("UPDATE ir_model_fields SET model = %s WHERE model = %s", new, old)
        )
        for table, column in MODEL_NAME_COLUMNS:
            if column_exists(cr, table, column):
                _execute(
                    cr,
                    SQL(
                        "UPDATE %s SET %s = %s WHERE %s = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        new,
                        SQL.identifier(column),
                        old,
                    ),
                )
        # the XML ids Odoo gives the model, its fields and selection values
        _execute(
            cr,
            SQL(
                """UPDATE ir_model_data SET name = %s
                   WHERE module = %s AND model = 'ir.model' AND name = %s""",
                f"model_{new_}",
                MODULE,
                f"model_{old_}",
            ),
        )
        for prefix, model in (
            ("field", "ir.model.fields"),
            ("selection_", "ir.model.fields.selection"),
        ):
            old_prefix, new_prefix = f"{prefix}_{old_}__", f"{prefix}_{new_}__"
            _execute(
                cr,
                SQL(
                    """UPDATE ir_model_data SET name = %s || substr(name, %s)
                       WHERE module = %s AND model = %s AND left(name, %s) = %s""",
                    new_prefix,
                    len(old_prefix) + 1,
                    MODULE,
                    model,
                    len(old_prefix),
                    old_prefix,
                ),
            )
        # reference fields ("model,id") that name it
        cr.execute(
            """SELECT f.model, f.name FROM ir_model_fields f
               WHERE f.ttype = 'reference' AND f.store"""
        )
        for model, field in cr.fetchall():
            table = model.replace(".", "_")
            if table_exists(cr, table) and column_exists(cr, table, field):
                _execute(
                    cr,
                    SQL(
                        "UPDATE %s SET %s = %s || substr(%s, %s) WHERE %s LIKE %s",
                        SQL.identifier(table),
                        SQL.identifier(field),
                        new + ",",
                        SQL.identifier(field),
                        len(old) + 2,
                        SQL.identifier(field),
                        old.replace("_", r"\_") + ",%",
                    ),
                )
        _execute(
            cr,
            SQL("UPDATE ir_sequence SET code = %s WHERE code = %s", new, old),
        )


def rename_fields(cr):
    """openupgradelib.rename_fields: the column, ir.model.fields and its
    XML id, filters and export lists naming the field."""
    for model, table, old, new in FIELDS:
        rename_columns(cr, table, old, new)
        _execute(
            cr,
            SQL(
                "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
                new,
                model,
                old,
            ),
        )
        model_ = model.replace(".", "_")
        _execute(
            cr,
            SQL(
                "UPDATE ir_model_data SET name = %s WHERE module = %s AND name = %s",
                f"field_{model_}__{new}",
                MODULE,
                f"field_{model_}__{old}",
            ),
        )
        _execute(
            cr,
            SQL(
                """UPDATE ir_filters
                   SET domain = regexp_replace(domain, %s, %s, 'g'),
                       context = regexp_replace(context, %s, %s, 'g')
                   WHERE model_id = %s""",
                f"(['\"]){old}(['\":.])",
                rf"\1{new}\2",
                f"(['\"]){old}(['\":.])",
                rf"\1{new}\2",
                model,
            ),
        )
        _execute(
            cr,
            SQL(
                """UPDATE ir_exports_line l
                   SET name = %s || substr(l.name, %s)
                   FROM ir_exports e
                   WHERE e.id = l.export_id AND e.resource = %s
                     AND (l.name = %s OR l.name LIKE %s)""",
                new,
                len(old) + 1,
                model,
                old,
                old.replace("_", r"\_") + "/%",
            ),
        )
    for model, field, table, old, new in RELATION_COLUMNS:
        rename_columns(cr, table, old, new)
        # the index Odoo made on (column2, column1) carries both names
        cr.execute(
            """SELECT i.relname FROM pg_index x
               JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_class i ON i.oid = x.indexrelid
               WHERE t.relname = %s AND i.relname LIKE %s""",
            (table, "%" + old.replace("_", r"\_") + "%"),
        )
        for (index,) in cr.fetchall():
            _rename_object(cr, "index", index, index.replace(old, new))
        _execute(
            cr,
            SQL(
                """UPDATE ir_model_fields SET relation_table = %s, column1 = %s
                   WHERE model = %s AND name = %s""",
                table,
                new,
                model,
                field,
            ),
        )


def rename_xmlids(cr):
    for old, new in XMLIDS:
        _execute(
            cr,
            SQL(
                """UPDATE ir_model_data SET name = %s
                   WHERE module = %s AND name = %s
                     AND NOT EXISTS (SELECT 1 FROM ir_model_data
                                     WHERE module = %s AND name = %s)""",
                new,
                MODULE,
                old,
                MODULE,
                new,
            ),
        )


def refresh_security(cr):
    """The rules are recreated from the addon's files by the update; the
    access rows rewritten (see the module's docstring)."""
    _execute(
        cr,
        SQL(
            """DELETE FROM ir_rule WHERE id IN (
                   SELECT res_id FROM ir_model_data
                   WHERE module = %s AND model = 'ir.rule')""",
            MODULE,
        ),
    )
    _execute(
        cr,
        SQL(
            "DELETE FROM ir_model_data WHERE module = %s AND model = 'ir.rule'",
            MODULE,
        ),
    )
    _execute(
        cr,
        SQL(
            """UPDATE ir_model_data SET noupdate = FALSE
               WHERE module = %s AND model = 'ir.model.access' AND noupdate""",
            MODULE,
        ),
    )


def migrate(cr, version):
    if not version:
        return
    rename_tables(cr)
    rename_models(cr)
    rename_fields(cr)
    rename_xmlids(cr)
    refresh_security(cr)
