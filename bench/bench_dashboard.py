"""Dashboard benchmark: ``make bench`` or ``python bench/run.py dashboard [--small] [--runs=N]``.

Loads 1,000,000 persons, 600,000 businesses with registrations and 50,000 financing applications
(``--small``: 20,000 / 12,000 / 1,000) into its own PostgreSQL database (``berdaya_bench``, or
``berdaya_bench_small``; server from ``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432``), created and migrated here, reused when already loaded.
Then prints p50/p95 of the dashboard's server time beside two baselines measured in the same run:

- naive ORM: every registration of the period fetched and counted per kelurahan, kecamatan,
  month, KBLI and gender in Python (what the dashboard would cost written the obvious way);
- source aggregates: the same numbers aggregated in the database straight from the registry
  tables, without the monthly summary table;
- dashboard selector: ``berdaya.targets.selectors.dashboard`` (tally fresh, as on most requests);
- dashboard view: one full ``GET /dasbor/`` through the Django test client (login, render, SVG).

It runs in a child process so its database settings never mix with other benchmarks.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 150


def main(argv: list[str]) -> None:
    small = "--small" in argv
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = "berdaya_bench_small" if small else "berdaya_bench"
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "BERDAYA_ENV": "development",
        "BENCH_SERVER": server,
        "BENCH_DB": name,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *argv], env=env, cwd=ROOT, check=False
    )
    if result.returncode:
        raise SystemExit(result.returncode)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return p50 * 1000, p95 * 1000


def _time(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return samples


def _create_database() -> None:
    import psycopg

    server, name = os.environ["BENCH_SERVER"], os.environ["BENCH_DB"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def naive_dashboard(target) -> dict:
    """The baseline: fetch every counted registration and count in Python."""
    from berdaya.registry.models import Registration
    from berdaya.targets.tally import local_bounds

    low, high = local_bounds(target.period_start, target.period_end)
    qs = Registration.objects.filter(
        status="verified", is_new_entrepreneur=True, verified_at__gte=low, verified_at__lt=high
    ).select_related("business__kelurahan", "person")
    if target.rule == "women_entrepreneurs":
        qs = qs.filter(person__gender="P")
    counts: dict[str, dict] = {k: {} for k in ("kelurahan", "kecamatan", "month", "kbli", "gender")}
    total = 0
    for reg in qs.iterator(chunk_size=5000):
        total += 1
        local = reg.verified_at.astimezone() if reg.verified_at else None
        keys = {
            "kelurahan": reg.business.kelurahan_id,
            "kecamatan": reg.business.kelurahan.kecamatan_id,
            "month": f"{local:%Y-%m}" if local else "",
            "kbli": reg.business.kbli_section,
            "gender": reg.person.gender,
        }
        for dim, key in keys.items():
            counts[dim][key] = counts[dim].get(key, 0) + 1
    return {"total": total, **counts}


def source_dashboard(target) -> dict:
    """The middle baseline: aggregated in the database, but from the registry tables."""
    from berdaya.targets import tally

    return {
        dim: tally.source_rows(
            target.rule, dim, start=target.period_start, end=target.period_end, by_month=False
        )
        for dim in ("all", "kelurahan", "kbli", "gender")
    } | {
        "month": tally.source_rows(
            target.rule, "all", start=target.period_start, end=target.period_end
        )
    }


def _verify_one_and_refresh() -> None:
    """Verify one more registration of a new entrepreneur today, then refresh the tally."""
    from django.utils import timezone

    from berdaya.registry.models import Registration
    from berdaya.targets import tally

    reg = (
        Registration.objects.filter(status="submitted", is_new_entrepreneur=True)
        .order_by("id")
        .first()
    )
    assert reg is not None, "no submitted registration left to verify"
    Registration.objects.filter(pk=reg.pk).update(status="verified", verified_at=timezone.now())
    tally.tally_update()


def _logged_in_client(user):
    """A test client with ``user``'s session (no login request, so no throttle bookkeeping)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test import Client

    client = Client()
    session = client.session
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "berdaya.accounts.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def run(argv: list[str]) -> None:
    import django

    _create_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench import dashboard_data
    from berdaya.accounts.personas import create_personas
    from berdaya.registry.models import Registration
    from berdaya.targets import selectors, tally
    from berdaya.targets.models import Target

    small = "--small" in argv
    runs = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--runs=")), 30)
    sizes = dashboard_data.SMALL if small else dashboard_data.FULL
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_regions", settings.BERDAYA_CITY_CODE, verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s")
    loaded = Registration.objects.count()
    if loaded >= sizes["registrations"] and "--reload" not in argv:
        print(f"reusing loaded data ({loaded:,} registrations)")
    else:
        if loaded:
            raise SystemExit(
                f"{os.environ['BENCH_DB']} holds partial data ({loaded:,} registrations): "
                "drop the database and run again"
            )
        print(f"loading {sizes} ...")
        began = time.perf_counter()
        dashboard_data.load(sizes)
        print(f"loaded in {time.perf_counter() - began:.1f} s")
    head = create_personas().head

    began = time.perf_counter()
    tally.tally_rebuild()
    print(
        f"summary table (tally) whole rebuild: {time.perf_counter() - began:.2f} s "
        f"({tally.Tally.objects.count():,} rows; by the background worker, at most every "
        f"{tally.max_age_seconds()} s)"
    )
    refresh = _time(_verify_one_and_refresh, 3)
    print(
        "summary table refresh after one new verification (background worker): "
        f"p50 {statistics.median(refresh) * 1000:.0f} ms"
    )

    targets = list(Target.objects.prefetch_related("years"))
    first = targets[0]
    board = selectors.dashboard()
    print("achieved: " + ", ".join(f"{p.target.name} = {p.achieved:,}" for p in board.progress))
    naive = naive_dashboard(first)
    assert naive["total"] == board.progress[0].achieved, (naive["total"], board.progress[0])

    client = _logged_in_client(head)
    assert client.get("/dasbor/").status_code == 200  # warm up

    baseline_runs = 3
    rows = [
        (
            "naive ORM, counting in Python (1 target)",
            _time(lambda: naive_dashboard(first), baseline_runs),
        ),
        (
            "DB aggregates on source tables (1 target)",
            _time(lambda: source_dashboard(first), baseline_runs),
        ),
        ("dashboard selector (all targets + pipeline)", _time(selectors.dashboard, runs)),
        ("dashboard view GET /dasbor/ (full render)", _time(lambda: client.get("/dasbor/"), runs)),
        ("public page GET /transparansi/", _time(lambda: client.get("/transparansi/"), runs)),
    ]
    print()
    print(f"{'':46} {'runs':>5} {'p50 ms':>9} {'p95 ms':>9}")
    for label, samples in rows:
        p50, p95 = _percentiles(samples)
        print(f"{label:46} {len(samples):5d} {p50:9.1f} {p95:9.1f}")
    view_p95 = _percentiles(rows[3][1])[1]
    verdict = "met" if view_p95 < GOAL_MS else "NOT met"
    print(f"\ngoal p95 < {GOAL_MS} ms for the dashboard view: {verdict} ({view_p95:.1f} ms)")


if __name__ == "__main__":
    run(sys.argv[1:])
