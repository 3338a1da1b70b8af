"""Transaction locks on names, for a check-then-write step that no row lock can cover: a limit
counted over rows that the step itself is about to add (two requests that count at the same
moment would both find room, and both add a row)."""

from __future__ import annotations

import hashlib

from django.db import connection

__all__ = ["lock_names"]


def lock_names(scope: str, **values: str) -> None:
    """Hold a lock on each of ``values`` (within ``scope``: ``lock_names("reset-code",
    phone=..., address=...)``) until the current transaction ends; an empty value is skipped.
    Call it inside ``transaction.atomic``, before counting. Another transaction locking one of
    the same values waits until this one commits or rolls back, and then counts what it added.

    PostgreSQL: ``pg_advisory_xact_lock`` on a 64-bit hash of each ``scope:name:value``, taken in
    sorted order (so two callers never wait on each other in a circle). SQLite: nothing to do,
    because the project's transactions are IMMEDIATE: each takes the database's single write
    lock at BEGIN, so such steps already run one at a time."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({_key(f"{scope}:{name}:{value}") for name, value in values.items() if value})
    if not keys:
        return
    with connection.cursor() as cursor:
        # One round trip: unnest gives the keys in the array's (sorted) order.
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [keys])


def _key(name: str) -> int:
    digest = hashlib.blake2b(f"berdaya:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
