"""No list page and no list API makes queries per row shown (an N+1 class check).

A city office keeps hundreds of thousands of rows; a page that runs one query per row it shows is
slow on a phone. Every list page and list API of every app (declared in ``tests/query_counts/``,
one module per group of apps) is asked for as the persona who sees it, once with a few rows (2)
and once with more (12), and the number of queries must be the same. Where it may differ by a
small constant, the case says how much and why (``slack``, ``why``).

How to add a page: declare it in the app group's module of ``tests/query_counts/`` with
``@case("app: what", ...)``, returning a ``Probe`` (a client, the URL, and ``grow(n)`` that adds
``n`` rows the answer lists, visible to that client).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.query_counts import cooperatives, financing, others, registry, training  # noqa: F401 (they declare)
from tests.query_counts.base import CASES

FEW, MORE = 2, 12


def _queries(probe) -> tuple[int, list[str], int]:
    """The number of queries of one answer, their SQL, and the answer's length."""
    with CaptureQueriesContext(connection) as captured:
        response = probe.get()
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
    assert response.status_code == 200, (response.status_code, body[:300])
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries], len(body)


def _shape(sql: str) -> str:
    """The statement with its literal values taken out (to see which one repeats)."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)[:300]


def _repeated(few: list[str], many: list[str]) -> str:
    grown = Counter(map(_shape, many)) - Counter(map(_shape, few))
    return "\n".join(f"  +{n}  {sql}" for sql, n in grown.most_common(8))


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_runs_as_many_queries_for_12_rows_as_for_2(name, personas):
    case = CASES[name]
    probe = case.build(personas)
    probe.get()  # warm-up: content types and other per-process caches
    probe.grow(FEW)
    few, few_sql, few_length = _queries(probe)
    probe.grow(MORE - FEW)
    many, many_sql, many_length = _queries(probe)
    # the rows were added where this persona sees them: the answer lists more
    assert many_length > few_length, f"{name}: the answer did not grow with the rows"
    print(f"\nQUERIES {name}: {few} at {FEW} rows, {many} at {MORE} rows")
    assert many - few <= case.slack, (
        f"{name}: {few} queries at {FEW} rows, {many} at {MORE} "
        f"(allowed +{case.slack}); the statements that grew:\n{_repeated(few_sql, many_sql)}"
    )
