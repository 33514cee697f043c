# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""PostgreSQL settings for one statement of a transaction."""

from contextlib import contextmanager

import psycopg2


@contextmanager
def local_settings(cr, **settings):
    """Run the block with PostgreSQL ``settings`` (name=value) in force,
    then give each setting back the value it had: ``SET LOCAL`` alone
    would last until the end of the transaction. One query each way.

    Should a statement of the block fail, the transaction is aborted and
    nothing can be given back: the settings end with it (a savepoint that
    the caller rolls back to must be taken inside the block)."""
    names = list(settings)
    cr.execute(
        "SELECT %s"
        % ", ".join("current_setting(%s), set_config(%s, %s, true)" for _name in names),
        [part for name in names for part in (name, name, str(settings[name]))],
    )
    previous = cr.fetchone()[::2]

    def give_back():
        cr.execute(
            "SELECT %s" % ", ".join("set_config(%s, %s, true)" for _name in names),
            [
                part
                for name, value in zip(names, previous, strict=True)
                for part in (name, value)
            ],
        )

    try:
        yield
    except psycopg2.Error:
        raise  # the transaction is aborted (above)
    except BaseException:
        give_back()
        raise
    give_back()
