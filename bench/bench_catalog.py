"""Catalog benchmark: ``make bench BENCH_ARGS=catalog`` or ``python bench/run.py catalog``
(``--small``: 10,000 products; ``--seconds=N`` per scenario, default 10).

Loads 100,000 published products of 20,000 verified businesses into its own PostgreSQL database
(``bench_catalog``; server from ``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432``), created and migrated here and reused when loaded. Then
serves the project with gunicorn (2 sync workers, DEBUG off) and loads it with wrk (2 threads,
4 connections, 10 s timeout) on the same machine, printing requests/s and p50/p95 of: a
hello-world view on the same server (the baseline), the catalog's first page, a search for a
common word, a rare word, a typo, a filter, and a storefront page; and the catalog page's
weight without images.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_CATALOG_PORT", "8199"))
BASE = f"http://127.0.0.1:{PORT}"
GOAL_P95_MS = 50
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %.1f %.2f %.2f %d\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, errors))
end
"""


def main(argv: list[str]) -> None:
    small = "--small" in argv
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = "bench_catalog_small" if small else "bench_catalog"
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DJANGO_SETTINGS_MODULE": "bench.catalog_settings",
        "DEBUG": "0",
        "BERDAYA_ENV": "development",
        "BERDAYA_VAR_DIR": os.environ.get("BENCH_VAR_DIR", "/tmp/berdaya-bench-catalog-var"),
        "AXES_ENABLED": "0",
        "BENCH_SERVER": server,
        "BENCH_DB": name,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *argv], env=env, cwd=ROOT, check=False
    )
    if result.returncode:
        raise SystemExit(result.returncode)


def _create_database() -> None:
    import psycopg

    server, name = os.environ["BENCH_SERVER"], os.environ["BENCH_DB"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def _prepare(argv: list[str]) -> dict[str, str]:
    """Migrate, load when needed, collect static files; returns the URLs to load."""
    import django

    _create_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench import catalog_data
    from berdaya.catalog.models import Product, Storefront

    sizes = catalog_data.SMALL if "--small" in argv else catalog_data.SIZES
    call_command("migrate", verbosity=0)
    call_command("load_regions", settings.BERDAYA_CITY_CODE, verbosity=0)
    loaded = Product.objects.count()
    if loaded >= sizes["products"]:
        print(f"reusing loaded data ({loaded:,} products)")
    else:
        if loaded:
            raise SystemExit(f"{os.environ['BENCH_DB']} holds partial data: drop it and run again")
        print(f"loading {sizes} ...")
        began = time.perf_counter()
        catalog_data.load(sizes)
        print(f"loaded in {time.perf_counter() - began:.1f} s")
    call_command("collectstatic", interactive=False, verbosity=0)
    slug = Storefront.objects.order_by("id").values_list("slug", flat=True)[7]
    kecamatan = "32.76.06"
    connection.close()
    return {
        "hello-world (baseline)": "/bench/hello",
        "catalog first page": "/katalog/",
        "search common word (keripik)": "/katalog/?q=keripik",
        f"search rare word ({catalog_data.RARE_WORD})": f"/katalog/?q={catalog_data.RARE_WORD}",
        "search typo (kripik)": "/katalog/?q=kripik",
        "filter (kue, halal, kecamatan)": f"/katalog/?category=kue&halal=1&kecamatan={kecamatan}",
        "storefront page": f"/katalog/toko/{slug}/",
    }


def _wait_for_server(timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(BASE + "/bench/hello", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def _wrk(url: str, seconds: int, script: str) -> tuple[int, float, float, float, int]:
    out = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s", "-s", script, BASE + url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    n, rps, p50, p95, errors = line.split()[1:]
    return int(n), float(rps), float(p50), float(p95), int(errors)


def _weight(path: str) -> tuple[int, int]:
    """Bytes of the page plus its stylesheets and scripts (no images): raw and gzip."""
    html = urllib.request.urlopen(BASE + path).read()
    total, packed = len(html), len(gzip.compress(html))
    for ref in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        body = urllib.request.urlopen(BASE + ref.decode()).read()
        total, packed = total + len(body), packed + len(gzip.compress(body))
    return total, packed


def run(argv: list[str]) -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    seconds = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--seconds=")), 10)
    urls = _prepare(argv)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--log-level", "warning"],
        env=os.environ.copy(), cwd=ROOT,
    )  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
        script = handle.name
    try:
        _wait_for_server()
        raw, packed = _weight("/katalog/")
        print(f"catalog page without images: {raw / 1024:.1f} KB (gzip {packed / 1024:.1f} KB)")
        rows = []
        for label, url in urls.items():
            for _ in range(6):  # warm both workers (imports, caches, connections)
                urllib.request.urlopen(BASE + url, timeout=60).read()
            _wrk(url, 2, script)
            rows.append((label, *_wrk(url, seconds, script)))
        hello_rps = rows[0][2]
        print(f"\nwrk -t2 -c4 -d{seconds}s, gunicorn 2 sync workers, PostgreSQL, same machine")
        print(f"{'scenario':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x hello':>8} errors")
        for label, _n, rps, p50, p95, errors in rows:
            share = rps / hello_rps if hello_rps else 0
            print(f"{label:34} {rps:8.1f} {p50:8.1f} {p95:8.1f} {share:8.2f} {errors}")
        print(f"goals: search p95 < {GOAL_P95_MS} ms, at least 0.33 x hello-world's req/s")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(script)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run(sys.argv[1:])
