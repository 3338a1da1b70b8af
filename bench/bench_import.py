"""Import benchmark: ``make bench`` or ``python bench/run.py import [--runs=N] [--rows=N]
[--die-rows=N] [--skip-1m]``.

Generates a realistic legacy sheet (15 columns, ~3% bad rows; ``bench/import_data.py``) of
100,000 rows and one of 1,000,000 (cached in var/bench/), then measures into its own PostgreSQL
database (``berdaya_bench_import``; server from ``BENCH_DATABASE_URL``), each measurement in its
own process so its peak RSS is its own (an import and its checks' forked process: both peaks,
added up), several runs each (median and spread):

- Berdaya: the whole import (store, read with calamine, full validation, set-based writes of
  persons, businesses, verified registrations, their events and the import's audit rows);
- the same file again (0 new rows), and a file with 10% of the rows changed (updates);
- django-import-export 4.x into the same persons table (persons only, the clean valid rows,
  ``import_id_fields = nik``) at its default settings and at its fastest bulk settings
  (``use_bulk``, ``batch_size=1000``, ``skip_diff``, ``force_init_instance``);
- a bare COPY of the same sheet's cells into a 15-column text table (the floor);
- the 1,000,000-row import (one run).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.results import write_section

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DB = "berdaya_bench_import"


def _opt(argv, name: str, default: int) -> int:
    for a in argv:
        if a.startswith(f"--{name}="):
            return int(a.split("=", 1)[1])
    return default


def _env() -> dict:
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{DB}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "BERDAYA_ENV": "development",
        "BERDAYA_TASKS_IMMEDIATE": "1",
        "BERDAYA_VAR_DIR": str(ROOT / "var" / "bench" / "var"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "BENCH_SERVER": server,
    }


def _create_database(env: dict) -> None:
    import psycopg

    with psycopg.connect(f"{env['BENCH_SERVER']}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{DB}"')
    Path(env["BERDAYA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    city = env.get("BERDAYA_CITY_CODE", "32.76")
    subprocess.run(
        [sys.executable, "manage.py", "load_regions", city], env=env, cwd=ROOT, check=True
    )


def measure_rss(env: dict, *args: str) -> dict:
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "import_measure.py"), *args],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    out = proc.stdout.read()  # type: ignore[union-attr]
    err = proc.stderr.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{args[0]} failed:\n{err[-3000:]}")
    line = [x for x in out.splitlines() if x.startswith("RESULT ")][-1]
    result = json.loads(line[len("RESULT ") :])
    # A process with a child of its own (the import's checks) reports both peaks, added up.
    result["rss_mb"] = max(usage.ru_maxrss / 1024, sum(result.get("rss_parts_mb", [])))
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["wall"] = time.perf_counter() - began
    return result


def summary(samples: list[dict]) -> dict:
    seconds = [s["seconds"] for s in samples]
    return {
        "median": statistics.median(seconds),
        "min": min(seconds),
        "max": max(seconds),
        "rss": max(s["rss_mb"] for s in samples),
        "cpu": statistics.median(s["cpu"] for s in samples),
        "db_cpu": statistics.median(s.get("db_cpu", 0.0) for s in samples),
        "runs": len(samples),
        "last": samples[-1],
    }


def main(argv: list[str]) -> None:
    runs = _opt(argv, "runs", 3)
    rows = _opt(argv, "rows", 100_000)
    die_rows = _opt(argv, "die-rows", 20_000)
    skip_1m = "--skip-1m" in argv
    sys.path.insert(0, str(ROOT))
    from bench import import_data

    env = _env()
    print(f"generating the {rows:,}-row sheet (cached in var/bench/) ...", flush=True)
    sheet = str(import_data.legacy_file(rows))
    changed = str(import_data.updated_file(rows))
    _create_database(env)
    die_csv = str(ROOT / "var" / "bench" / f"die-{rows}.csv")
    if not Path(die_csv).exists():
        measure_rss(env, "reset")
        measure_rss(env, "die_csv", sheet, die_csv)
    table: list[tuple[str, dict, str]] = []

    def record(label: str, samples: list[dict], note: str = "") -> None:
        s = summary(samples)
        table.append((label, s, note))
        print(
            f"{label:<52} median {s['median']:7.2f} s  spread {s['min']:.2f}-{s['max']:.2f} s"
            f"  CPU {s['cpu']:6.2f} s  DB CPU {s['db_cpu']:6.2f} s  peak RSS {s['rss']:6.0f} MB"
            f"  {note}",
            flush=True,
        )

    berdaya, again, update = [], [], []
    for _ in range(runs):
        measure_rss(env, "reset")
        berdaya.append(measure_rss(env, "berdaya", sheet))
        again.append(measure_rss(env, "berdaya", sheet))
        update.append(measure_rss(env, "berdaya", changed))
    first = berdaya[-1]
    record(f"Berdaya import, {rows:,} rows, full validation", berdaya,
           f"new {first['new']:,}, invalid {first['invalid']:,}")  # fmt: skip
    record("Berdaya, same file again", again,
           f"new {again[-1]['new']}, unchanged {again[-1]['unchanged']:,}")  # fmt: skip
    record("Berdaya, 10% of rows changed", update, f"updated {update[-1]['updated']:,}")
    copies = [measure_rss(env, "copy", sheet) for _ in range(runs)]
    record("bare COPY of the same cells (floor)", copies)
    bulk = []
    for _ in range(runs):
        measure_rss(env, "reset")
        bulk.append(measure_rss(env, "die_bulk", die_csv, str(rows)))
    record(f"django-import-export bulk, persons only, {bulk[-1]['rows']:,} rows", bulk)
    default = []
    for _ in range(max(1, runs - 2)):
        measure_rss(env, "reset")
        default.append(measure_rss(env, "die_default", die_csv, str(die_rows)))
    n = default[-1]["rows"]
    factor = bulk[-1]["rows"] / n
    scaled = [{**d, "seconds": d["seconds"] * factor, "cpu": d["cpu"] * factor,
               "db_cpu": d.get("db_cpu", 0.0) * factor} for d in default]  # fmt: skip
    record(f"django-import-export default, persons only ({n:,} rows, x{bulk[-1]['rows'] / n:.0f})",
           scaled, f"measured {statistics.median(d['seconds'] for d in default):.1f} s "
           f"on {n:,} rows, scaled linearly")  # fmt: skip
    if not skip_1m:
        print("generating the 1,000,000-row sheet (cached) ...", flush=True)
        big = str(import_data.legacy_file(1_000_000))
        measure_rss(env, "reset")
        record("Berdaya import, 1,000,000 rows", [measure_rss(env, "berdaya", big)],
               "one run")  # fmt: skip
    b = summary(berdaya)["median"]
    print()
    print(f"speed-up over django-import-export default: {summary(scaled)['median'] / b:.1f}x, "
          f"over its bulk mode: {summary(bulk)['median'] / b:.1f}x")  # fmt: skip
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    _write_results(table, runs, rows)


def _write_results(table, runs: int, rows: int) -> None:
    """The table under the "Import" heading of bench/RESULTS.md (other sections untouched)."""
    import datetime

    lines = [
        "## Import",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.node()} ({os.cpu_count()} cores, shared), PostgreSQL, {runs} runs each "
        f"(median, spread min-max), load average {os.getloadavg()[0]:.1f}. Command: "
        f"`python bench/run.py import --runs={runs} --rows={rows}`.",
        "",
        "Wall times depend on the machine's load (other sessions share its 2 cores); the CPU "
        "column is the importing process's own CPU time (the whole process, start-up included), "
        "DB CPU that of its PostgreSQL backend during the measurement.",
        "",
        "| measurement | median wall | spread | CPU (median) | DB CPU | peak RSS | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, s, note in table:
        lines.append(f"| {label} | {s['median']:.2f} s | {s['min']:.2f}-{s['max']:.2f} s | "
                     f"{s['cpu']:.2f} s | {s['db_cpu']:.2f} s | {s['rss']:.0f} MB | "
                     f"{note} |")  # fmt: skip
    lines.append("")
    write_section(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
