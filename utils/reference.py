# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""References of the addon's records (CALL/2026/000123, FLT/..., VIO/...)."""


def next_reference(model, company_id=None):
    """The next reference of the sequence coded as ``model``'s name, in the
    company ``company_id`` (default: the current company)."""
    company = (
        model.env["res.company"].browse(company_id) if company_id else model.env.company
    )
    return model.env["ir.sequence"].with_company(company).next_by_code(
        model._name
    ) or model.env._("New")
