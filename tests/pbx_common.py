# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real phone-system pieces for tests and benchmarks: a throwaway PostgreSQL
database playing the PBX's, Kamailio started on a free loopback UDP port
against it, SIP REGISTERs sent with ``sipsak``, and a TCP gate that cuts the
PBX database off (an outage) and brings it back.

Nothing here imports Odoo: benchmarks load this file as a plain module.
A missing tool is an ``AssertionError`` (a failure), never a skip.

API
---
``require_pbx_tools()``
    Fails, naming what is missing, unless kamailio, its PostgreSQL module,
    its schema files and sipsak are installed (Debian: ``kamailio``,
    ``kamailio-postgres-modules``, ``sipsak``; ``.ci/run`` installs them).

``PbxDatabase(prefix="pp_pbx")`` — ``.create()`` / ``.drop()`` (or ``with``)
    A new database on the local PostgreSQL server with two login roles,
    reached over TCP on 127.0.0.1 with a password like a real PBX database:
    ``kamailio_user``/``kamailio_password`` (reads ``subscriber``, writes
    ``location``) and ``odoo_user``/``odoo_password`` (what Odoo's phone
    system is configured with: writes the credential tables).
    ``.name``, ``.host``, ``.port``; ``.kamailio_url()`` (a Kamailio
    ``db_url``); ``.load_kamailio_schema(modules=("standard", "auth_db",
    "usrloc"))`` runs Kamailio's own ``/usr/share/kamailio/postgres/
    <module>-create.sql``; ``.load_asterisk_schema()`` runs
    ``tests/data/asterisk_pjsip_realtime.sql`` (ps_auths, ps_aors,
    ps_endpoints from Asterisk's migrations); ``.grant_odoo(*tables)``;
    ``.execute(sql, params)`` / ``.fetchall(sql, params)`` as superuser,
    autocommit.

``Kamailio(db_url, realm, config=KAMAILIO_CFG, local_cfg=None,
local_route=False, defines=None)`` — ``.start()`` / ``.stop()`` (or ``with``)
    Kamailio in the foreground on ``udp:127.0.0.1:<free port>`` (``.port``),
    with the addon's ``tools/kamailio/kamailio.cfg`` (or ``config``, a path)
    copied into a private directory. ``local_cfg`` is the text of a
    ``kamailio-local.cfg`` included after the modules (extra
    ``loadmodule``/``modparam`` lines and routes, e.g. ``http_client``);
    ``local_route=True`` makes every request go through ``route(LOCAL)``
    first (define it in ``local_cfg``). ``defines`` adds ``-A NAME=VALUE``
    preprocessor defines (values are passed as given: quote strings).
    ``.log()`` returns what Kamailio wrote. ``start()`` returns once it
    answers an OPTIONS (whatever the answer).

``sip_register(port, user, password, realm, expires=60)`` -> int
    The final status code of a REGISTER of ``sip:user@realm`` sent to
    127.0.0.1:``port`` by sipsak, answering the digest challenge with
    ``password`` (200: registered; 401: refused).

``TcpGate(target_port, target_host="127.0.0.1")`` — ``.start()`` /
``.close()`` / ``.open()`` / ``.stop()``
    A TCP forwarder on 127.0.0.1:``.port``. ``close()`` refuses new
    connections and cuts the open ones (the PBX database is unreachable);
    ``open()`` lets them through again on the same port.

``free_udp_port()``, ``free_tcp_port()``
"""

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid

import psycopg2
from psycopg2 import sql

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
ADDON_DIR = os.path.dirname(TESTS_DIR)
KAMAILIO_CFG = os.path.join(ADDON_DIR, "tools", "kamailio", "kamailio.cfg")
ASTERISK_SQL = os.path.join(TESTS_DIR, "data", "asterisk_pjsip_realtime.sql")
KAMAILIO_SCHEMA_DIR = "/usr/share/kamailio/postgres"
KAMAILIO_MODULE_GLOBS = (
    "/usr/lib/*/kamailio/modules/db_postgres.so",
    "/usr/lib/kamailio/modules/db_postgres.so",
    "/usr/local/lib*/kamailio/modules/db_postgres.so",
)
INSTALL_HINT = (
    "install Debian's kamailio, kamailio-postgres-modules and sipsak "
    "(.ci/run installs them)"
)


def require_pbx_tools():
    missing = []
    if not shutil.which("kamailio"):
        missing.append("kamailio")
    if not any(glob.glob(pattern) for pattern in KAMAILIO_MODULE_GLOBS):
        missing.append("Kamailio's db_postgres module")
    if not os.path.exists(os.path.join(KAMAILIO_SCHEMA_DIR, "auth_db-create.sql")):
        missing.append(f"Kamailio's PostgreSQL schema ({KAMAILIO_SCHEMA_DIR})")
    if not shutil.which("sipsak"):
        missing.append("sipsak")
    if missing:
        raise AssertionError(f"missing {', '.join(missing)}: {INSTALL_HINT}")


def _free_port(kind):
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_udp_port():
    return _free_port(socket.SOCK_DGRAM)


def free_tcp_port():
    return _free_port(socket.SOCK_STREAM)


class PbxDatabase:
    """A throwaway database playing the PBX's (see the module's docstring)."""

    def __init__(self, prefix="pp_pbx"):
        self.name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
        self.host = "127.0.0.1"
        self.port = None
        self.kamailio_user = f"{self.name}_kam"
        self.kamailio_password = secrets.token_urlsafe(12)
        self.odoo_user = f"{self.name}_odoo"
        self.odoo_password = secrets.token_urlsafe(12)
        self._created = False

    # superuser connections, over the local socket like the rest of the tools
    def _admin(self, dbname="postgres"):
        cnx = psycopg2.connect(dbname=dbname)
        cnx.autocommit = True
        return cnx

    def create(self):  # pylint: disable=method-required-super
        cnx = self._admin()
        with cnx.cursor() as cr:
            cr.execute("SHOW port")
            self.port = int(cr.fetchone()[0])
            cr.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
            self._created = True
            for user, password in (
                (self.kamailio_user, self.kamailio_password),
                (self.odoo_user, self.odoo_password),
            ):
                cr.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(
                        sql.Identifier(user)
                    ),
                    [password],
                )
        cnx.close()
        return self

    def drop(self):
        if not self._created:
            return
        cnx = self._admin()
        with cnx.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid != pg_backend_pid()",
                [self.name],
            )
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name))
            )
            for user in (self.kamailio_user, self.odoo_user):
                cr.execute(
                    sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(user))
                )
        cnx.close()
        self._created = False

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        self.drop()

    def execute(self, query, params=None):
        cnx = self._admin(self.name)
        try:
            with cnx.cursor() as cr:
                cr.execute(query, params)
                return cr.rowcount
        finally:
            cnx.close()

    def fetchall(self, query, params=None):
        cnx = self._admin(self.name)
        try:
            with cnx.cursor() as cr:
                cr.execute(query, params)
                return cr.fetchall()
        finally:
            cnx.close()

    def kamailio_url(self):
        return (
            f"postgres://{self.kamailio_user}:{self.kamailio_password}"
            f"@{self.host}:{self.port}/{self.name}"
        )

    def load_kamailio_schema(self, modules=("standard", "auth_db", "usrloc")):
        """Kamailio's own tables, from the files Debian ships; Kamailio's
        role reads them all and keeps the registrations (location)."""
        for module in modules:
            path = os.path.join(KAMAILIO_SCHEMA_DIR, f"{module}-create.sql")
            with open(path, encoding="utf-8") as script:
                self.execute(script.read())
        tables = [
            name
            for (name,) in self.fetchall(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        ident = sql.Identifier
        self.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(
                sql.SQL(", ").join(map(ident, tables)), ident(self.kamailio_user)
            )
        )
        if "location" in tables:
            self.execute(
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON location, location_attrs "
                    "TO {user}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user}"
                ).format(user=ident(self.kamailio_user))
            )
        self.grant_odoo(*[t for t in ("subscriber", "location") if t in tables])

    def load_asterisk_schema(self):
        with open(ASTERISK_SQL, encoding="utf-8") as script:
            self.execute(script.read())
        self.grant_odoo("ps_auths", "ps_aors", "ps_endpoints")

    def grant_odoo(self, *tables):
        """What Odoo's provisioning may do: read, write and delete the rows
        of these tables (and use their sequences), nothing else."""
        ident = sql.Identifier
        self.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {user}; "
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user}"
            ).format(
                tables=sql.SQL(", ").join(map(ident, tables)),
                user=ident(self.odoo_user),
            )
        )


class Kamailio:
    """Kamailio in the foreground on a free loopback UDP port (see the
    module's docstring)."""

    def __init__(
        self,
        db_url,
        realm,
        config=KAMAILIO_CFG,
        local_cfg=None,
        local_route=False,
        defines=None,
    ):
        self.db_url = db_url
        self.realm = realm
        self.config = config
        self.local_cfg = local_cfg
        self.local_route = local_route
        self.defines = dict(defines or {})
        self.port = None
        self.workdir = None
        self._process = None
        self._logfile = None

    def start(self, timeout=20):
        require_pbx_tools()
        self.workdir = tempfile.mkdtemp(prefix="pp_kamailio_")
        config = os.path.join(self.workdir, "kamailio.cfg")
        shutil.copyfile(self.config, config)
        defines = {"DBURL": f'"{self.db_url}"', "SIPREALM": f'"{self.realm}"'}
        if self.local_cfg is not None:
            with open(os.path.join(self.workdir, "kamailio-local.cfg"), "w") as local:
                local.write(self.local_cfg)
            defines["WITH_LOCAL_CFG"] = None
        if self.local_route:
            defines["WITH_LOCAL_ROUTE"] = None
        defines.update(self.defines)
        args = ["kamailio", "-f", config, "-DD", "-E", "-m", "64", "-M", "8"]
        args += ["-Y", self.workdir, "-w", self.workdir]
        args += ["-P", os.path.join(self.workdir, "kamailio.pid")]
        for name, value in defines.items():
            args += ["-A", name if value is None else f"{name}={value}"]
        last_error = None
        for _attempt in range(3):  # another process may take the free port
            self.port = free_udp_port()
            self._logfile = open(os.path.join(self.workdir, "kamailio.log"), "w+b")
            self._process = subprocess.Popen(
                [*args, "-l", f"udp:127.0.0.1:{self.port}"],
                stdout=self._logfile,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            try:
                self._wait_ready(timeout)
                return self
            except AssertionError as error:
                last_error = error
                self.stop(keep_workdir=True)
        raise last_error

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(f"Kamailio exited:\n{self.log()[-3000:]}")
            if sip_options(self.port):
                return
            time.sleep(0.2)
        raise AssertionError(f"Kamailio did not answer:\n{self.log()[-3000:]}")

    def log(self):
        if not self._logfile:
            return ""
        self._logfile.flush()
        with open(self._logfile.name, "rb") as log:
            return log.read().decode(errors="replace")

    def stop(self, keep_workdir=False):
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
        self._process = None
        if self._logfile:
            self._logfile.close()
            self._logfile = None
        if self.workdir and not keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _sipsak(message, port, extra=(), timeout=10):
    """Send ``message`` with sipsak to 127.0.0.1:``port``; the status codes
    of the replies, in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".sip", delete=False) as request:
        request.write(message.replace("\n", "\r\n"))
    try:
        result = subprocess.run(
            [
                "sipsak",
                "-vv",
                "-f",
                request.name,
                "-s",
                f"sip:127.0.0.1:{port}",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return []
    finally:
        os.unlink(request.name)
    codes = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("SIP/2.0 ") and line[8:11].isdigit():
            codes.append(int(line[8:11]))
    return codes


def sip_options(port):
    """The status code of an OPTIONS to the server itself (0: no answer)."""
    call_id = uuid.uuid4().hex
    message = (
        f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{call_id[:12]};rport\n"
        f"From: <sip:probe@127.0.0.1>;tag={call_id[:8]}\n"
        f"To: <sip:127.0.0.1:{port}>\n"
        f"Call-ID: {call_id}@127.0.0.1\n"
        "CSeq: 1 OPTIONS\n"
        "Max-Forwards: 70\n"
        "Content-Length: 0\n\n"
    )
    codes = _sipsak(message, port, timeout=3)
    return codes[-1] if codes else 0


def sip_register(port, user, password, realm, expires=60):
    """The final status code of a REGISTER of sip:user@realm answering the
    digest challenge with ``password`` (0: no answer)."""
    call_id = uuid.uuid4().hex
    message = (
        f"REGISTER sip:{realm} SIP/2.0\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{call_id[:12]};rport\n"
        f"From: <sip:{user}@{realm}>;tag={call_id[:8]}\n"
        f"To: <sip:{user}@{realm}>\n"
        f"Call-ID: {call_id}@127.0.0.1\n"
        "CSeq: 1 REGISTER\n"
        f"Contact: <sip:{user}@127.0.0.1:5999>\n"
        f"Expires: {expires}\n"
        "Max-Forwards: 70\n"
        "Content-Length: 0\n\n"
    )
    codes = _sipsak(message, port, extra=("-u", user, "-a", password))
    return codes[-1] if codes else 0


class TcpGate:
    """A TCP forwarder to ``target_host:target_port`` on 127.0.0.1:``port``
    that can be closed (connections refused, open ones cut) and opened
    again (see the module's docstring)."""

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_tcp_port()
        self._listener = None
        self._thread = None
        self._sockets = set()
        self._lock = threading.Lock()

    def start(self):
        self.open()
        return self

    def open(self):
        if self._listener:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._thread = threading.Thread(
            target=self._accept, args=(listener,), daemon=True
        )
        self._thread.start()

    def close(self):
        """The PBX database becomes unreachable: new connections are
        refused, open ones are cut."""
        listener, self._listener = self._listener, None
        if listener:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        if self._thread:
            self._thread.join(5)
            self._thread = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    stop = close

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(source, sink), daemon=True
                ).start()

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(sink)
