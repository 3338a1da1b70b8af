"""``core.locks.lock_names``: on PostgreSQL one transaction-level advisory lock per distinct
value, held until the transaction ends; empty values are skipped; on SQLite nothing is taken."""

from __future__ import annotations

from django.db import connection, transaction

from berdaya.core.locks import lock_names


def _held() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_it_holds_one_lock_per_distinct_name_until_the_transaction_ends(db):
    with transaction.atomic():
        lock_names("reset-code", phone="+62812", address="10.0.0.1", device="")
        lock_names("reset-code", phone="+62812")  # held already
        if connection.vendor == "postgresql":
            assert _held() == 2
        lock_names("reset-code", phone="", address="")  # nothing to lock: no statement
    if connection.vendor == "postgresql":
        # a savepoint's end releases nothing: the locks last as long as the test's own
        # transaction (pytest-django wraps each test in one)
        assert _held() == 2
