# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.2.0, before the module loads: the addon's record rules are
rewritten from its files, as at every version change (they are loaded
``noupdate="1"``; see ``18.0.1.1.0/pre-migrate.py``, whose
``refresh_security`` this calls).

Findings stored their description as a sentence, in the language of the
job that found them; they now store facts and each reader gets the
sentence in their own language (issue 16). The sentences already written
are kept as they were (``legacy_description``)."""

import importlib.util
import os

from odoo.tools import sql


def _previous_script():
    path = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        "18.0.1.1.0",
        "pre-migrate.py",
    )
    spec = importlib.util.spec_from_file_location("phone_policy_pre_1_1_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migrate(cr, version):
    if not version:
        return
    _previous_script().refresh_security(cr)
    if sql.column_exists(cr, "phone_finding", "description") and not (
        sql.column_exists(cr, "phone_finding", "legacy_description")
    ):
        sql.rename_column(cr, "phone_finding", "description", "legacy_description")
