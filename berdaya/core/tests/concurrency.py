"""Helpers of the two-thread tests: run steps in threads released at the same moment, each on
its own database connection, and collect the outcome of each (``ok`` or the refusal's code)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
MARKS = [
    pytest.mark.postgres,
    # Decided at collection, so SQLite runs never pay for a transactional database.
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*steps) -> tuple[list[str], list[BaseException]]:
    """Run each of ``steps`` in its own thread, released together. Returns the outcomes
    (``"ok"`` or the code of a ConflictError / the first code of a RuleError / ``"denied"``)
    and any other exception (a deadlock, a broken invariant)."""
    barrier = threading.Barrier(len(steps))
    results: list[str] = []
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_worker, args=(s, results, errors, barrier)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def run_held(
    hold: Callable[[], object],
    *steps,
    while_held: Callable[[], object] | None = None,
    one_by_one: bool = False,
) -> tuple[list[str], list[BaseException]]:
    """Run ``steps`` while this thread holds a lock, so that the interleaving is forced rather
    than hoped for. ``hold()`` takes the lock in a transaction on this thread's own connection
    (a third one: ``select_for_update`` of a row, ``LOCK TABLE``). The steps start together
    (as ``run_together``), or with ``one_by_one`` each after the one before it waits on a lock
    or has ended. Once every step still running waits on a lock, ``while_held()`` looks at the
    state they reached, and then the lock is released (commit) and the steps finish. Returns
    what ``run_together`` returns."""
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = None if one_by_one else threading.Barrier(len(steps))
    threads = [threading.Thread(target=_worker, args=(s, results, errors, barrier)) for s in steps]
    try:
        with transaction.atomic():
            hold()
            for n, thread in enumerate(threads):
                thread.start()
                if one_by_one or n == len(threads) - 1:
                    _settle(threads[: n + 1])
            if while_held is not None:
                while_held()
    finally:
        for thread in threads:
            if thread.ident is not None:
                thread.join(timeout=60)
    return results, errors


def _settle(threads: list[threading.Thread]) -> None:
    """Wait until every one of ``threads`` still running waits on a database lock."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        running = sum(t.is_alive() for t in threads)
        if running == 0 or waiting_on_locks() >= running:
            return
        time.sleep(0.02)
    raise AssertionError("the steps neither ended nor waited on a lock")


def _worker(step, results: list[str], errors: list[BaseException], barrier) -> None:
    try:
        if barrier is not None:
            barrier.wait(timeout=10)
        step()
        results.append("ok")
    except ConflictError as exc:
        results.append(exc.code)
    except RuleError as exc:
        results.append(exc.codes[0])
    except AccessDenied:
        results.append("denied")
    except Exception as exc:  # a deadlock or a constraint: reported to the test
        errors.append(exc)
    finally:
        close_old_connections()
        connection.close()


def waiting_on_locks() -> int:
    """How many other connections to the test database wait on a lock now (PostgreSQL)."""
    with connection.cursor() as cursor:
        # The activity view is read once per transaction unless its snapshot is dropped.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def run_twice(step) -> tuple[list[str], list[BaseException]]:
    return run_together(step, step)


def count_events(obj, verb) -> int:
    return Event.objects.filter(object_id=str(obj.pk), verb=verb).count()
