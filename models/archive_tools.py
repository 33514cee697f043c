# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the call records archive (policy §5.2).

- The one door through which archived call records change. Archived calls,
  their attachments, activities and messages refuse every write and delete
  through the ORM, for everyone, the superuser included. The archive's own
  workflow (filing, disposal at the end of retention) opens this door for
  the duration of one Python call. It is a context variable, not a context
  key: nothing sent over RPC can set it.
- The chained hash, the way ``account`` secures posted entries: sha256 over
  the previous hash and the record's canonical content, stored as
  ``$<version>$<hex>``. The canonical form is the PostgreSQL text of
  ``ROW(<hashed fields, sorted by name>)`` and enters the chain through its
  own SHA-256 digest, which the database computes while streaming (see
  ``phone.call._archive_canonical_sql``): one expression shared by sealing
  and verification, 64 characters per row to transfer, and reproducible by
  an auditor with psql and sha256sum:
  ``hash(n) = sha256(hex(hash(n-1)) + sha256(canonical(n)))``.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from hashlib import sha256

from .phone_guard import phone_workflow

HASH_VERSION = 1
USER_GROUP = "phone_policy.group_phone_user"
OFFICER_GROUP = "phone_policy.group_phone_officer"
MANAGER_GROUP = "phone_policy.group_phone_manager"

_ARCHIVE_WORKFLOW = ContextVar("phone_policy_archive_workflow", default=False)


@contextmanager
def archive_workflow():
    """Let the archive workflow change sealed records inside the block (a
    workflow of the addon: it also sets the fields only workflows set)."""
    token = _ARCHIVE_WORKFLOW.set(True)
    try:
        with phone_workflow():
            yield
    finally:
        _ARCHIVE_WORKFLOW.reset(token)


def in_archive_workflow():
    return _ARCHIVE_WORKFLOW.get()


def hash_version(stored_hash):
    """Version of a stored ``$<version>$<hex>`` hash, or None if malformed."""
    if not stored_hash or not stored_hash.startswith("$"):
        return None
    parts = stored_hash.split("$")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[2]) != 64:
        return None
    return int(parts[1])


def chain_hash(previous_hash, content_digest, version=HASH_VERSION):
    """Hash of a record whose canonical form has the SHA-256 hex digest
    ``content_digest``, chained to ``previous_hash`` (the stored hash of the
    record before it, '' for the first one; only its hex part counts, as in
    account)."""
    previous = previous_hash.rsplit("$", 1)[-1] if previous_hash else ""
    digest = sha256((previous + content_digest).encode()).hexdigest()
    return f"${version}${digest}"
