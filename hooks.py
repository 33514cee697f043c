# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL


def pre_init_hook(env):
    """Create the E.164 columns of res.partner before the registry
    initialises anything: installing the module fills defaults of other
    models (e.g. a translated default on res.company) that read the current
    user's partner, and that read would select columns not created yet."""
    env.cr.execute(
        """
        ALTER TABLE res_partner
            ADD COLUMN IF NOT EXISTS phone_e164 varchar,
            ADD COLUMN IF NOT EXISTS mobile_e164 varchar
        """
    )


def post_init_hook(env):
    """Fill the E.164 columns created by ``pre_init_hook`` (Odoo computes
    a stored field only when it creates its column itself)."""
    Partner = env["res.partner"].with_context(active_test=False)
    partners = Partner.search(["|", ("phone", "!=", False), ("mobile", "!=", False)])
    for field in (Partner._fields["phone_e164"], Partner._fields["mobile_e164"]):
        env.add_to_compute(field, partners)
    partners.flush_recordset(["phone_e164", "mobile_e164"])


def uninstall_hook(env):
    """Empty the addon's own tables before Odoo removes its data.

    Records made by code (crons, demo functions) have no XML id, so Odoo does
    not delete them; while they exist, their ``restrict`` foreign keys keep
    Odoo from deleting the demo employees, users and plans they point at,
    which would then stay behind. The tables are dropped at the end of the
    uninstallation anyway; plain SQL also bypasses the archive's guards,
    which protect records, not an uninstallation."""
    cr = env.cr
    tables = sorted(
        {
            model._table
            for model in env.registry.values()
            if model._original_module == "phone_policy"
            and model._auto
            and not model._abstract
        }
    )
    # referencing tables first: a table another of ours references with
    # RESTRICT / NO ACTION empties once that one is empty
    cr.execute(
        """
        SELECT src.relname, dst.relname
          FROM pg_constraint c
          JOIN pg_class src ON src.oid = c.conrelid
          JOIN pg_class dst ON dst.oid = c.confrelid
         WHERE c.contype = 'f' AND c.confdeltype IN ('r', 'a')
           AND src.relname = ANY(%s) AND dst.relname = ANY(%s)
           AND src.relname != dst.relname
        """,
        (tables, tables),
    )
    referencing = {table: set() for table in tables}
    for src, dst in cr.fetchall():
        referencing[dst].add(src)
    done = set()
    while len(done) < len(tables):
        ready = [t for t in tables if t not in done and referencing[t] <= done]
        if not ready:  # a cycle of restrict keys: leave it to Odoo
            break
        for table in ready:
            cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
            done.add(table)
