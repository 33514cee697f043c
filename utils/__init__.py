# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the addon's models share that is not a model: the archive's chained
hash (``archive``), the groups (``groups``), the bounds of what one request
may ask (``limits``) and references (``reference``). Named ``utils`` as in
Odoo's ``google_calendar``/``spreadsheet``: the repository root is the addon,
and its ``tools/`` holds the scripts of ``make``, not Python of the addon."""
