"""Helpers of the two-thread tests: run steps in threads released at the same moment, each on
its own database connection, and collect the outcome of each (``ok`` or the refusal's code)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection

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

    def worker(step):
        try:
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

    threads = [threading.Thread(target=worker, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def run_twice(step) -> tuple[list[str], list[BaseException]]:
    return run_together(step, step)


def count_events(obj, verb) -> int:
    return Event.objects.filter(object_id=str(obj.pk), verb=verb).count()
