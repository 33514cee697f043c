# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The wake-up call of Odoo's bus on a connection kept open (issue 19).

After a transaction that sent bus messages commits, Odoo's bus tells the
websocket workers with ``NOTIFY imbus`` on the ``postgres`` database, where
they LISTEN (``bus/models/bus.py``, ``bus/websocket.py``). It opens a new
connection for it each time: Odoo's pool keeps no connection to
``postgres``. A new connection costs the machine about 3 ms of CPU (the
database server starts a backend for it), more than the rest of a live call
event's screen-pop. The live events endpoint sends one per ringing and per
missed call, up to hundreds a second: :func:`use_kept_connection` makes the
same NOTIFY go over one connection per process instead. The bus rows, the
channels and the payloads are Odoo's own; only the connection differs.
"""

import os
import threading

import psycopg2
from psycopg2 import sql

import odoo.sql_db
from odoo.tools import OrderedSet

from odoo.addons.bus.models.bus import ODOO_NOTIFY_FUNCTION, get_notify_payloads

# what bus.bus keeps in cr.postcommit.data: the channels to wake up
CHANNELS_KEY = "bus.bus.channels"

_LOCK = threading.Lock()
# the connection of this process (pid, connection): a forked worker opens
# its own
_KEPT = [None, None]
# connections inherited from a parent process: kept referenced, so that
# collecting them never closes the parent's session
_INHERITED = []


def use_kept_connection(cr):
    """Have the bus messages of ``cr``'s transaction announced over the kept
    connection after it commits, unless Odoo's own announcement is already
    planned (a message sent earlier in the same transaction). Call it before
    ``bus.bus._sendone``: that adds its channels to the same set."""
    if CHANNELS_KEY in cr.postcommit.data:
        return
    cr.postcommit.data[CHANNELS_KEY] = OrderedSet()

    @cr.postcommit.add
    def notify():
        channels = list(cr.postcommit.data.pop(CHANNELS_KEY, ()))
        if channels:
            notify_channels(channels)


def notify_channels(channels):
    """``NOTIFY imbus`` of ``channels`` as ``bus.bus`` does, on the kept
    connection; a connection that broke since is opened again once."""
    statement = sql.SQL("SELECT {}('imbus', %s)").format(
        sql.Identifier(ODOO_NOTIFY_FUNCTION)
    )
    payloads = get_notify_payloads(channels)
    with _LOCK:
        for attempt in (1, 2):
            connection = _connection()
            try:
                with connection.cursor() as cr:
                    for payload in payloads:
                        cr.execute(statement, [payload])
                return
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                _KEPT[:] = [None, None]
                connection.close()  # a no-op on a broken connection
                if attempt == 2:
                    raise


def _connection():
    pid, connection = _KEPT
    if connection is not None and pid != os.getpid():
        _INHERITED.append(connection)
        connection = None
    if connection is None or connection.closed:
        _dbname, info = odoo.sql_db.connection_info_for("postgres")
        connection = psycopg2.connect(**info)
        connection.autocommit = True
        _KEPT[:] = [os.getpid(), connection]
    return connection
