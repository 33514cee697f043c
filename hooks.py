# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


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
