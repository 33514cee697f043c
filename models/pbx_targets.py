# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What provisioning writes in a PBX's database, per kind of PBX.

Each target works on a psycopg2 cursor of the PBX's own database (never an
Odoo cursor) and knows its tables:

- ``kamailio``: Kamailio's ``subscriber`` table (auth_db, schema version 7:
  username, domain, ha1, ha1b) and, when the registrar keeps them in the
  database (usrloc db_mode 3), the registrations in ``location``;
- ``asterisk``: Asterisk's PJSIP Realtime tables ``ps_auths`` (md5
  credentials), ``ps_aors`` and ``ps_endpoints``, as Asterisk's
  ``contrib/ast-db-manage`` migrations create them.

A target applies the *desired state* of one account (a :class:`Desired`):
replaying it is harmless. An account that is not active has nothing on the
PBX: its credential and registrations are removed. An active account
without a new credential keeps the one the PBX has; when the PBX has none,
the outcome is ``MISSING`` (a new password must be issued).
"""

from collections import namedtuple

DONE = "done"
MISSING = "missing"

Desired = namedtuple(
    "Desired",
    [
        "login",  # the SIP user (auth user name, Asterisk object id)
        "realm",  # the SIP realm (Kamailio's domain)
        "enabled",  # the account is active: it may register and call
        "ha1",  # MD5(login:realm:password), only when a new one is delivered
        "ha1b",  # MD5(login@realm:realm:password), idem
        "extension",
        "display_name",
        "remove_login",  # a former SIP user of the account to remove
        "context",  # Asterisk: the endpoint's dial plan context
        "codecs",  # Asterisk: the endpoint's allowed codecs
        "transport",  # Asterisk: the endpoint's transport, if any
    ],
)


class KamailioTarget:
    """Kamailio's subscriber table (auth_db with calculate_ha1=0)."""

    tables = ("subscriber",)

    def __init__(self, cr):
        self.cr = cr
        cr.execute("SELECT to_regclass('location') IS NOT NULL")
        self.has_location = cr.fetchone()[0]

    def count(self):
        self.cr.execute("SELECT count(*) FROM subscriber")
        return self.cr.fetchone()[0]

    def credentials(self):
        """(login, realm) of every credential row."""
        self.cr.execute("SELECT username, domain FROM subscriber ORDER BY id")
        return self.cr.fetchall()

    def remove(self, login, realm):
        self.cr.execute(
            "DELETE FROM subscriber WHERE username = %s AND domain = %s",
            [login, realm],
        )
        self._drop_registrations(login, realm)

    def _drop_registrations(self, login, realm):
        # a running registration ends with its credential (usrloc db_mode 3)
        if self.has_location:
            self.cr.execute(
                "DELETE FROM location WHERE username = %s "
                "AND (domain = %s OR domain IS NULL)",
                [login, realm],
            )

    def apply(self, desired):
        if desired.remove_login:
            self.remove(desired.remove_login, desired.realm)
        if not desired.enabled:
            self.remove(desired.login, desired.realm)
            return DONE
        if desired.ha1:
            # the plain password column stays empty: HA1 only
            self.cr.execute(
                """
                INSERT INTO subscriber (username, domain, password, ha1, ha1b)
                VALUES (%s, %s, '', %s, %s)
                ON CONFLICT (username, domain)
                DO UPDATE SET password = '', ha1 = EXCLUDED.ha1, ha1b = EXCLUDED.ha1b
                """,
                [desired.login, desired.realm, desired.ha1, desired.ha1b],
            )
            self._drop_registrations(desired.login, desired.realm)
            return DONE
        self.cr.execute(
            "SELECT 1 FROM subscriber WHERE username = %s AND domain = %s",
            [desired.login, desired.realm],
        )
        return DONE if self.cr.fetchone() else MISSING


class AsteriskTarget:
    """Asterisk PJSIP Realtime: one auth, one AOR and one endpoint per
    account, all three named after its SIP user."""

    tables = ("ps_auths", "ps_aors", "ps_endpoints")
    # ps_endpoints.callerid is varchar(40) in Asterisk's migrations
    CALLERID_SIZE = 40

    def __init__(self, cr):
        self.cr = cr

    def count(self):
        self.cr.execute(
            "SELECT (SELECT count(*) FROM ps_auths), (SELECT count(*) FROM ps_aors),"
            " (SELECT count(*) FROM ps_endpoints)"
        )
        return self.cr.fetchone()[0]

    def credentials(self):
        self.cr.execute("SELECT id, coalesce(realm, '') FROM ps_auths ORDER BY id")
        return self.cr.fetchall()

    def remove(self, login, realm=None):
        self.cr.execute("DELETE FROM ps_endpoints WHERE id = %s", [login])
        self.cr.execute("DELETE FROM ps_aors WHERE id = %s", [login])
        self.cr.execute("DELETE FROM ps_auths WHERE id = %s", [login])

    @classmethod
    def callerid(cls, display_name, extension):
        """'"Name" <extension>' within the column's 40 characters."""
        name = (display_name or "").replace('"', "").replace("\\", "")
        suffix = f" <{extension}>"
        room = cls.CALLERID_SIZE - len(suffix) - 2
        return f'"{name[: max(room, 0)]}"{suffix}'

    def _upsert_endpoint(self, desired):
        login = desired.login
        self.cr.execute(
            """
            INSERT INTO ps_aors (id, max_contacts, remove_existing)
            VALUES (%s, 1, 'yes')
            ON CONFLICT (id) DO UPDATE SET max_contacts = 1, remove_existing = 'yes'
            """,
            [login],
        )
        self.cr.execute(
            """
            INSERT INTO ps_endpoints
                (id, transport, aors, auth, context, disallow, allow, callerid)
            VALUES (%s, %s, %s, %s, %s, 'all', %s, %s)
            ON CONFLICT (id) DO UPDATE SET
                transport = EXCLUDED.transport, aors = EXCLUDED.aors,
                auth = EXCLUDED.auth, context = EXCLUDED.context,
                disallow = EXCLUDED.disallow, allow = EXCLUDED.allow,
                callerid = EXCLUDED.callerid
            """,
            [
                login,
                desired.transport or None,
                login,
                login,
                desired.context,
                desired.codecs,
                self.callerid(desired.display_name, desired.extension),
            ],
        )

    def apply(self, desired):
        if desired.remove_login:
            self.remove(desired.remove_login)
        if not desired.enabled:
            self.remove(desired.login)
            return DONE
        if desired.ha1:
            # md5 credentials: the HA1, never a password
            self.cr.execute(
                """
                INSERT INTO ps_auths
                    (id, auth_type, md5_cred, password, username, realm)
                VALUES (%s, 'md5', %s, NULL, %s, %s)
                ON CONFLICT (id) DO UPDATE SET
                    auth_type = 'md5', md5_cred = EXCLUDED.md5_cred, password = NULL,
                    username = EXCLUDED.username, realm = EXCLUDED.realm
                """,
                [desired.login, desired.ha1, desired.login, desired.realm],
            )
            self._upsert_endpoint(desired)
            return DONE
        self.cr.execute("SELECT 1 FROM ps_auths WHERE id = %s", [desired.login])
        if not self.cr.fetchone():
            return MISSING
        self._upsert_endpoint(desired)
        return DONE


TARGETS = {"kamailio": KamailioTarget, "asterisk": AsteriskTarget}
