"""Lifecycle checks run by `make test` through click-odoo (``env`` is given).

click-odoo -d DB tools/lifecycle.py counts           record counts (JSON)
click-odoo -d DB tools/lifecycle.py indexes FILE     indexes of the large tables (JSON)
click-odoo -d DB tools/lifecycle.py age              those indexes as before the budget
click-odoo -d DB tools/lifecycle.py same-indexes FILE fail unless they are FILE's again
click-odoo -d DB tools/lifecycle.py inventory FILE   what the addon owns (JSON)
click-odoo -d DB tools/lifecycle.py uninstall        uninstall phone_policy
click-odoo -d DB tools/lifecycle.py orphans FILE     fail on anything left behind
"""

import json
import sys

ADDON = "phone_policy"
cr = env.cr  # noqa: F821  (click-odoo provides env)
args = (
    sys.argv[sys.argv.index(__file__) + 1 :] if __file__ in sys.argv else sys.argv[1:]
)
action = args[0] if args else ""


# the tables of the index budget (models/phone_call_index_budget.py)
BUDGET_TABLES = (
    "phone_call",
    "phone_finding",
    "phone_finding_check",
    "phone_cdr_import_error",
)
# their indexes before the budget (the release of issue 8): full B-trees on
# two-value columns, full indexes on mostly empty relations, no partial
# index; the trigram index on the call reference is kept as it is
OLD_INDEXES = {
    "phone_call": (
        "archive_id",
        "category_id",
        "company_id",
        "confidentiality",
        "counterpart_employee_id",
        "date_start",
        "department_id",
        "direction",
        "employee_id",
        "importance",
        "in_quiet_hours",
        "is_complete",
        "is_long_call",
        "late_answer",
        "legal_hold",
        "nature",
        "partner_id",
        "responsible_user_id",
        "user_id",
        ("cdr_import_id", "cdr_import_id IS NOT NULL"),
        ("phone", "phone IS NOT NULL"),
    ),
    "phone_finding": (
        "call_id",
        "company_id",
        "date",
        "department_id",
        "employee_id",
        "kind",
        "rule_id",
        "state",
        "violation_id",
    ),
    "phone_finding_check": ("call_id", "company_id", "due", "state"),
    "phone_cdr_import_error": ("code", "company_id", "import_id"),
}


def budget_indexes():
    cr.execute(
        """SELECT tablename, indexname, indexdef FROM pg_indexes
           WHERE tablename = ANY(%s)""",
        (list(BUDGET_TABLES),),
    )
    found = {table: {} for table in BUDGET_TABLES}
    for table, name, definition in cr.fetchall():
        found[table][name] = definition
    return found


def owned_models():
    """Models created by the addon (not extensions of other modules' models)."""
    cr.execute(
        """SELECT m.model FROM ir_model m
           JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
           WHERE d.module = %s
             AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                             WHERE o.model = 'ir.model' AND o.res_id = m.id
                               AND o.module != %s)""",
        (ADDON, ADDON),
    )
    return sorted(model for (model,) in cr.fetchall())


if action == "counts":
    counts = {}
    for model in owned_models():
        Model = env.get(model)  # noqa: F821
        if Model is not None and not Model._transient and Model._auto:
            counts[model] = (
                Model.sudo().with_context(active_test=False).search_count([])
            )
    print(json.dumps(counts, sort_keys=True))
elif action == "indexes":
    with open(args[1], "w", encoding="utf-8") as out:
        json.dump(budget_indexes(), out, sort_keys=True)
    print(
        "index budget: "
        + ", ".join(f"{t} {len(i)}" for t, i in sorted(budget_indexes().items()))
    )
elif action == "age":
    # the database of an older release: its indexes, not the budget's
    cr.execute(
        """SELECT i.indexname FROM pg_indexes i
           WHERE i.tablename = ANY(%s) AND i.indexname <> 'phone_call__name_index'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conname = i.indexname)""",
        (list(BUDGET_TABLES),),
    )
    for (name,) in cr.fetchall():
        cr.execute(f'DROP INDEX "{name}"')  # names read from pg_indexes
    for table, columns in OLD_INDEXES.items():
        for column in columns:
            column, where = column if isinstance(column, tuple) else (column, "")
            cr.execute(
                f'CREATE INDEX "{table}__{column}_index" ON "{table}" ("{column}")'
                + (f" WHERE {where}" if where else "")  # constants above
            )
    print(
        "aged to the older index set: "
        + ", ".join(f"{t} {len(i)}" for t, i in sorted(budget_indexes().items()))
    )
elif action == "same-indexes":
    with open(args[1], encoding="utf-8") as inp:
        expected = json.load(inp)
    found = budget_indexes()
    if found != expected:
        for table in BUDGET_TABLES:
            extra = sorted(set(found[table]) - set(expected[table]))
            missing = sorted(set(expected[table]) - set(found[table]))
            changed = sorted(
                name
                for name in set(found[table]) & set(expected[table])
                if found[table][name] != expected[table][name]
            )
            if extra or missing or changed:
                print(
                    f"{table}: left behind {extra}, not created {missing}, "
                    f"different {changed}"
                )
        sys.exit(1)
    print(
        "the upgrade gave the index budget: "
        + ", ".join(f"{t} {len(i)}" for t, i in sorted(found.items()))
    )
elif action == "inventory":
    models = owned_models()
    tables = sorted(
        env[m]._table  # noqa: F821
        for m in models
        if env[m]._auto  # noqa: F821
    )
    cr.execute(
        """SELECT f.model, f.name FROM ir_model_fields f
           JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
           WHERE d.module = %s AND f.store AND f.ttype NOT IN ('one2many', 'many2many')
             AND f.model != ALL(%s)""",
        (ADDON, models),
    )
    columns = sorted(
        [env[model]._table, name]  # noqa: F821
        for model, name in cr.fetchall()
        if model in env and env[model]._auto  # noqa: F821
    )
    inventory = {"models": models, "tables": tables, "columns": columns}
    with open(args[1], "w", encoding="utf-8") as out:
        json.dump(inventory, out)
    print(
        f"{ADDON} owns {len(models)} models and adds {len(columns)} columns "
        "to other modules' tables"
    )
elif action == "uninstall":
    module = env["ir.module.module"].search([("name", "=", ADDON)])  # noqa: F821
    module.button_immediate_uninstall()
elif action == "orphans":
    with open(args[1], encoding="utf-8") as inp:
        inventory = json.load(inp)
    models = inventory["models"]
    left = {}

    def check(label, query, params):
        cr.execute(query, params)
        count = cr.fetchone()[0]
        if count:
            left[label] = count

    check(
        "ir_model_data rows",
        "SELECT count(*) FROM ir_model_data WHERE module = %s",
        (ADDON,),
    )
    check("models", "SELECT count(*) FROM ir_model WHERE model = ANY(%s)", (models,))
    check(
        "tables",
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ANY(%s)",
        (inventory["tables"],),
    )
    for table, column in inventory["columns"]:
        check(
            f"column {table}.{column}",
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            (table, column),
        )
    check("views", "SELECT count(*) FROM ir_ui_view WHERE key LIKE %s", (ADDON + ".%",))
    check(
        "record rules",
        "SELECT count(*) FROM ir_rule r JOIN ir_model m ON m.id = r.model_id "
        "WHERE m.model = ANY(%s)",
        (models,),
    )
    for table, column in (
        ("mail_activity_type", "res_model"),
        ("mail_activity", "res_model"),
        ("mail_message", "model"),
        ("mail_followers", "res_model"),
        ("ir_attachment", "res_model"),
        ("ir_act_server", "model_name"),
    ):
        check(
            table,
            f"SELECT count(*) FROM {table} WHERE {column} = ANY(%s)",  # fixed names
            (models,),
        )
    if left:
        print(f"{ADDON} left orphans behind after uninstall: {left}")
        sys.exit(1)
    print(f"{ADDON} uninstalled cleanly: nothing left behind.")
else:
    print(__doc__)
    sys.exit(2)
