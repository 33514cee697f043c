"""Lifecycle checks run by `make test` through click-odoo (``env`` is given).

click-odoo -d DB tools/lifecycle.py counts           record counts (JSON)
click-odoo -d DB tools/lifecycle.py indexes FILE     indexes of the large tables (JSON)
click-odoo -d DB tools/lifecycle.py age              those indexes as before the budget
click-odoo -d DB tools/lifecycle.py same-indexes FILE fail unless they are FILE's again
click-odoo -d DB tools/lifecycle.py inventory FILE   what the addon owns (JSON)
click-odoo -d DB tools/lifecycle.py uninstall        uninstall phone_policy
click-odoo -d DB tools/lifecycle.py orphans FILE     fail on anything left behind

Upgrading from the previous version (a database installed from the commit
before the manifest's version changed):

click-odoo -d DB tools/lifecycle.py seed FILE        whistle-blowing cases and
    filings with messages, followers, attachments and activities, violations
    and commendations pointing at them, and record rules as a database
    installed before issue 13 has them; what was made goes to FILE (JSON)
click-odoo -d DB tools/lifecycle.py upgraded FILE    after ``-u``: every record
    of FILE is there with all that hangs on it, under the new names, and
    every record rule is the one the addon's files declare
"""

import ast
import base64
import glob
import json
import os
import re
import sys

from lxml import etree

from odoo import Command

ADDON = "phone_policy"
env = globals()["env"]  # click-odoo provides env
cr = env.cr
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


# models renamed by a migration of the addon: old name -> current name
RENAMED_MODELS = {
    "phone.report": "phone.whistleblow.case",
    "phone.report.submission": "phone.whistleblow.filing",
}
# fields renamed with them: (current model, current field) -> old field
RENAMED_FIELDS = {
    ("phone.whistleblow.filing", "case_id"): "report_id",
    ("phone.violation", "whistleblow_case_id"): "report_id",
    ("phone.commendation", "whistleblow_case_id"): "report_id",
}
# record rules as a database installed before issue 13 has them: the files
# changed them, and `-u` alone never rewrote them (noupdate)
STALE_RULES = {
    "phone_whistleblow_case_rule_officer": {
        "domain_force": "[('investigator_id', '=', user.id)]",
    },
    "phone_whistleblow_case_rule_manager": {
        "name": "Reports: managers reach all but reports about themselves",
        "domain_force": "['!', ('accused_employee_id.user_id', '=', user.id)]",
    },
    "phone_security_incident_rule_user": {"perm_write": True, "perm_unlink": True},
    "phone_security_incident_rule_officer": {
        "domain_force": "['|', ('reporter_id', '=', user.id), "
        "('concerned_user_ids', 'not in', [user.id])]",
    },
    "phone_security_incident_rule_manager": {
        "name": "Security incidents: managers see all",
        "domain_force": "[(1, '=', 1)]",
    },
}
# a rule that no file declares any more must not survive the upgrade
LEFTOVER_RULE = "phone_whistleblow_case_rule_leftover"


def current(model):
    """``model``'s name in this database: the current one, or the name it
    had before a rename."""
    if model in env:
        return model
    return next(old for old, new in RENAMED_MODELS.items() if new == model)


def field(model, name):
    """A field's name in this database (see ``current``)."""
    if name in env[current(model)]._fields:
        return name
    return RENAMED_FIELDS[model, name]


def old_xmlid(name):
    """An XML id of the addon as this database's version spells it."""
    if "phone.report" in env:
        for now, before in (
            ("phone_whistleblow_filing", "phone_report_submission"),
            ("phone_whistleblow_case", "phone_report"),
        ):
            if now in name:
                return name.replace(now, before)
    return name


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


def fingerprint(case_ids, filing_ids):
    """What the cases and filings are and what hangs on them, keyed by id,
    under the current names (JSON-comparable)."""
    Case = env[current("phone.whistleblow.case")].sudo()
    Filing = env[current("phone.whistleblow.filing")].sudo()
    link = field("phone.whistleblow.filing", "case_id")

    def around(model, res_id):
        """Messages (with the fields they tracked), followers, attachments
        and activities of a record."""
        name = current(model)
        messages = (
            env["mail.message"]
            .sudo()
            .search([("model", "=", name), ("res_id", "=", res_id)], order="id")
        )
        return {
            "messages": [
                [
                    m.id,
                    m.body or "",
                    m.message_type,
                    sorted(m.attachment_ids.ids),
                    sorted(m.tracking_value_ids.field_id.mapped("name")),
                ]
                for m in messages
            ],
            "followers": sorted(
                env["mail.followers"]
                .sudo()
                .search([("res_model", "=", name), ("res_id", "=", res_id)])
                .partner_id.ids
            ),
            "attachments": sorted(
                [a.id, a.name, a.checksum, a.res_field or ""]
                for a in env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", name),
                        ("res_id", "=", res_id),
                        ("res_field", "in", [False, "evidence_file"]),
                    ]
                )
            ),
            "activities": sorted(
                [
                    a.id,
                    a.summary or "",
                    a.user_id.id,
                    RENAMED_MODELS.get(a.res_model_id.model, a.res_model_id.model),
                ]
                for a in env["mail.activity"]
                .sudo()
                .search([("res_model", "=", name), ("res_id", "=", res_id)])
            ),
        }

    cases = {}
    for case in Case.browse(case_ids):
        cases[str(case.id)] = {
            "name": case.name,
            "state": case.state,
            "accused": case.accused_employee_id.id,
            "reporter": case.reporter_id.id,
            "anonymous": case.is_anonymous,
            "description": case.description,
            "calls": sorted(case.call_ids.ids),
            "evidence": case.evidence_filename or "",
            **around("phone.whistleblow.case", case.id),
        }
    filings = {}
    for filing in Filing.browse(filing_ids):
        filings[str(filing.id)] = {
            "case": filing[link].id,
            "user": filing.user_id.id,
            "employee": filing.employee_id.id,
            "calls": sorted(filing.call_ids.ids),
            "evidence": filing.evidence_filename or "",
            **around("phone.whistleblow.filing", filing.id),
        }
    pointing = {}
    for model in ("phone.violation", "phone.commendation"):
        column = field(model, "whistleblow_case_id")
        records = (
            env[model]
            .sudo()
            .with_context(active_test=False)
            .search([(column, "in", case_ids)], order="id")
        )
        pointing[model] = [[r.id, r[column].id] for r in records]
    return {"cases": cases, "filings": filings, "pointing": pointing}


def seed(path):
    """On a database of the previous version: whistle-blowing as people
    file and handle it, everything that hangs on it, and the rules as an
    older database has them."""
    company = env.ref("base.main_company")
    Users = env["res.users"].with_context(no_reset_password=True)
    people = {}
    for login, groups in (
        ("lc_reporter", ["base.group_user"]),
        ("lc_accused", ["base.group_user"]),
        ("lc_manager", ["base.group_user", "phone_policy.group_phone_manager"]),
    ):
        user = Users.create(
            {
                "name": login,
                "login": login,
                "email": f"{login}@example.com",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set([env.ref(g).id for g in groups])],
            }
        )
        employee = env["hr.employee"].create(
            {"name": login, "user_id": user.id, "company_id": company.id}
        )
        people[login] = (user, employee)
    reporter, accused = people["lc_reporter"], people["lc_accused"]
    manager = people["lc_manager"][0]
    Call = env["phone.call"]
    calls = Call.with_user(reporter[0]).create(
        [{"subject": f"Lifecycle call {n}", "direction": "inbound"} for n in range(3)]
    )
    Filing = env[current("phone.whistleblow.filing")]
    link = field("phone.whistleblow.filing", "case_id")
    filings = Filing.browse()
    for anonymous in (True, False):
        filings |= Filing.with_user(reporter[0]).create(
            {
                "accused_employee_id": accused[1].id,
                "description": f"Personal calls (anonymous: {anonymous})",
                "call_ids": [Command.set(calls.ids)],
                "is_anonymous": anonymous,
                "evidence_file": base64.b64encode(b"evidence"),
                "evidence_filename": "evidence.txt",
            }
        )
    cases = filings.sudo()[link]
    # handled later than filed: Odoo tracks no change of a record made in
    # the transaction that created it
    env.cr.commit()
    Case = env[current("phone.whistleblow.case")]
    for case in cases.with_user(manager):
        case.write({"investigator_id": manager.id})
        case.action_start_investigation()
        attachment = env["ir.attachment"].create(
            {
                "name": "interview.txt",
                "datas": base64.b64encode(b"notes of the interview"),
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        case.message_post(
            body="Interviewed the colleagues.", attachment_ids=attachment.ids
        )
        case.message_subscribe(partner_ids=manager.partner_id.ids)
        case.activity_schedule(
            "mail.mail_activity_data_todo", summary="Decide", user_id=manager.id
        )
    violation_type = env.ref("phone_policy.violation_type_personal_call")
    env["phone.violation"]._create_draft(
        accused[1],
        violation_type,
        source="report",
        **{field("phone.violation", "whistleblow_case_id"): cases[0].id},
    )
    env["phone.commendation"].sudo().create(
        {
            "employee_id": reporter[1].id,
            "source": "report",
            "points": 1,
            "reason": "Reward",
            field("phone.commendation", "whistleblow_case_id"): cases[1].id,
        }
    )
    for xmlid, values in STALE_RULES.items():
        env.ref(f"phone_policy.{old_xmlid(xmlid)}").write(values)
    leftover = env["ir.rule"].create(
        {
            "name": "Reports: a rule no file declares any more",
            "model_id": env["ir.model"]._get_id(Case._name),
            "domain_force": "[(1, '=', 1)]",
            "groups": [Command.set(env.ref("base.group_user").ids)],
        }
    )
    env["ir.model.data"].create(
        {
            "module": ADDON,
            "name": old_xmlid(LEFTOVER_RULE),
            "model": "ir.rule",
            "res_id": leftover.id,
            "noupdate": True,
        }
    )
    # the tracking of the changes above is written on commit: now
    env.flush_all()
    env.cr.precommit.run()
    # all cases and filings, the demo's included
    everything = fingerprint(
        Case.sudo().with_context(active_test=False).search([]).ids,
        Filing.sudo().with_context(active_test=False).search([]).ids,
    )
    with open(path, "w", encoding="utf-8") as out:
        json.dump(everything, out, sort_keys=True)
    print(
        f"seeded {len(everything['cases'])} cases and "
        f"{len(everything['filings'])} filings"
    )


def declared_rules():
    """The record rules the addon's security files declare: XML id ->
    (name, domain, group XML ids, perms given)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rules = {}
    for path in sorted(glob.glob(os.path.join(root, "security", "*.xml"))):
        for record in etree.parse(path).iter("record"):
            if record.get("model") != "ir.rule":
                continue
            values = {f.get("name"): f for f in record.iter("field")}
            groups = values.get("groups")
            perms = {
                name: ast.literal_eval(values[name].get("eval"))
                for name in ("perm_read", "perm_write", "perm_create", "perm_unlink")
                if name in values
            }
            rules[record.get("id")] = (
                " ".join(values["name"].text.split()),
                " ".join(values["domain_force"].text.split()),
                sorted(
                    ref if "." in ref else f"{ADDON}.{ref}"
                    for ref in re.findall(r"ref\('([\w.]+)'\)", groups.get("eval"))
                )
                if groups is not None
                else [],
                perms,
            )
    return rules


def upgraded(path):
    """After ``-u`` from the previous version (see ``seed``)."""
    with open(path, encoding="utf-8") as inp:
        before = json.load(inp)
    after = fingerprint(
        [int(i) for i in before["cases"]], [int(i) for i in before["filings"]]
    )
    failures = []
    for kind in ("cases", "filings", "pointing"):
        for key in sorted(set(before[kind]) | set(after[kind])):
            old, new = before[kind].get(key), after[kind].get(key)
            if old == new:
                continue
            if isinstance(old, dict) and isinstance(new, dict):
                for name in sorted(set(old) | set(new)):
                    if old.get(name) != new.get(name):
                        failures.append(
                            f"{kind} {key} {name}: before {old.get(name)!r}, "
                            f"after {new.get(name)!r}"
                        )
            else:
                failures.append(f"{kind} {key}: before {old!r}, after {new!r}")
    # the references go on from where they were
    Case = env["phone.whistleblow.case"].sudo()
    last = max(case["name"] for case in before["cases"].values())
    new = Case.create(
        {
            "accused_employee_id": env["hr.employee"].search([], limit=1).id,
            "description": "After the upgrade",
        }
    )
    if not (new.name > last and new.name[:4] == last[:4]):
        failures.append(f"reference after the upgrade: {new.name} (last {last})")
    # every rule is the one the files declare, and only those
    declared = declared_rules()
    records = env["ir.model.data"].search(
        [("module", "=", ADDON), ("model", "=", "ir.rule")]
    )
    present = {record.name: env["ir.rule"].browse(record.res_id) for record in records}
    for xmlid in sorted(set(present) - set(declared)):
        failures.append(f"rule {xmlid} is declared by no file but survived")
    for xmlid, (name, domain, groups, perms) in sorted(declared.items()):
        rule = present.get(xmlid)
        if not rule or not rule.exists():
            failures.append(f"rule {xmlid} is missing")
            continue
        got = (
            " ".join(rule.name.split()),
            " ".join(rule.domain_force.split()),
            sorted(rule.groups.get_external_id().values()),
            {perm: rule[perm] for perm in perms},
        )
        if got != (name, domain, groups, perms):
            failures.append(
                f"rule {xmlid}: {got!r}\n"
                f"    file says {(name, domain, groups, perms)!r}"
            )
    leftovers = env["ir.rule"].search([("name", "like", "no file declares")])
    if leftovers:
        failures.append(f"leftover rules: {leftovers.mapped('name')}")
    if failures:
        print("the upgrade from the previous version lost or kept the wrong things:")
        print("\n".join(f"  {line}" for line in failures))
        sys.exit(1)
    kept = [*before["cases"].values(), *before["filings"].values()]
    print(
        f"upgraded from the previous version: {len(before['cases'])} cases and "
        f"{len(before['filings'])} filings kept with their "
        f"{sum(len(r['messages']) for r in kept)} messages "
        f"({sum(len(m[4]) for r in kept for m in r['messages'])} tracked fields), "
        f"{sum(len(r['followers']) for r in kept)} followers, "
        f"{sum(len(r['attachments']) for r in kept)} attachments, "
        f"{sum(len(r['activities']) for r in kept)} activities; "
        f"{sum(len(v) for v in before['pointing'].values())} violations and "
        f"commendations still point at them; {len(declared)} record rules "
        "as the files declare them"
    )


if action == "counts":
    counts = {}
    for model in owned_models():
        Model = env.get(model)
        if Model is not None and not Model._transient and Model._auto:
            # under the current names: an upgrade that renames a model
            # compares the same records
            counts[RENAMED_MODELS.get(model, model)] = (
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
elif action == "seed":
    seed(args[1])
elif action == "upgraded":
    upgraded(args[1])
elif action == "inventory":
    models = owned_models()
    tables = sorted(env[m]._table for m in models if env[m]._auto)
    cr.execute(
        """SELECT f.model, f.name FROM ir_model_fields f
           JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
           WHERE d.module = %s AND f.store AND f.ttype NOT IN ('one2many', 'many2many')
             AND f.model != ALL(%s)""",
        (ADDON, models),
    )
    columns = sorted(
        [env[model]._table, name]
        for model, name in cr.fetchall()
        if model in env and env[model]._auto
    )
    inventory = {"models": models, "tables": tables, "columns": columns}
    with open(args[1], "w", encoding="utf-8") as out:
        json.dump(inventory, out)
    print(
        f"{ADDON} owns {len(models)} models and adds {len(columns)} columns "
        "to other modules' tables"
    )
elif action == "uninstall":
    module = env["ir.module.module"].search([("name", "=", ADDON)])
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
