# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The chained hash of the call records archive (policy §5.2), the way
``account`` secures posted entries: sha256 over the previous hash and the
record's canonical content, stored as ``$<version>$<hex>``. The canonical
form is the PostgreSQL text of ``ROW(<hashed fields, sorted by name>)`` and
enters the chain through its own SHA-256 digest, which the database computes
while streaming (see ``phone.call._archive_canonical_sql``): one expression
shared by sealing and verification, 64 characters per row to transfer, and
reproducible by an auditor with psql and sha256sum:
``hash(n) = sha256(hex(hash(n-1)) + sha256(canonical(n)))``.

The door through which archived calls change is ``archive_workflow()`` in
``models/phone_guard.py``.
"""

from hashlib import sha256

HASH_VERSION = 1


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
