"""Public registration under load (issue 13): ``python bench/run.py registration [--runs=N]
[--per-client=K] [--sqlite-only | --pg-only]``.

Serves the app as ``make run`` does (gunicorn, ``WEB_CONCURRENCY`` workers, default 2, DEBUG off,
the production password hasher: Argon2id) on a database of its own, then 1, 20 and 50 concurrent
clients each register K distinct people (a valid NIK, phone, business) through the public
registration endpoint ``POST /api/v1/registrations``. Prints registrations a second, p50/p95
latency, errors (and how many "database is locked" the server logged), and a count check that
every accepted registration is in the database. Both databases: SQLite (the embedded default,
``var/bench/registration.sqlite3``) and PostgreSQL (``BENCH_REG_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/berdaya_bench_reg``, created here when missing).

All clients come from 127.0.0.1, as a kelurahan hall's Wi-Fi would: the run opens no event but
sets ``BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE`` high, so the abuse limits are not what is
measured (they still run, one small write a registration).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CLIENTS = (1, 20, 50)
GOAL_RPS, GOAL_P95_MS = 20, 1000


def _option(argv: list[str], name: str, default: int) -> int:
    for a in argv:
        if a.startswith(f"--{name}="):
            return int(a.split("=", 1)[1])
    return default


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "BERDAYA_ENV": "development",
        "BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE": "1000000",
        "BERDAYA_TASKS_IMMEDIATE": "0",
        "PYTHONPATH": str(ROOT),
    }


def _manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return out.stdout


def _count(env: dict) -> int:
    code = "from berdaya.registry.models import Registration; print(Registration.objects.count())"
    return int(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _ensure_pg(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


class Server:
    """gunicorn as scripts/serve.sh starts it (no worker or scheduler: not on this path)."""

    def __init__(self, env: dict, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        workers = os.environ.get("WEB_CONCURRENCY", "2")
        self.proc = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", workers, "--timeout", "60"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"),
        )  # fmt: skip
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/openapi.json")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _person(i: int, base_day: int) -> dict:
    from berdaya.core.personas import BEJI, BEJI_KECAMATAN

    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=base_day + i // 9000)
    gender = "P" if i % 2 else "L"
    day = birth.day + (40 if gender == "P" else 0)
    nik = f"327606{day:02d}{birth:%m%y}{i % 9000 + 1:04d}"
    return {
        "person": {
            "nik": nik, "full_name": f"Peserta Uji {i}", "gender": gender,
            "birth_date": birth.isoformat(), "phone": f"0858{base_day:04d}{i:04d}",
            "kelurahan_code": BEJI, "kecamatan_code": BEJI_KECAMATAN, "rw": 7, "rt": 3,
            "street_address": "Jl. Kenari No. 5",
        },
        "business": {
            "name": f"Usaha Uji {i}", "kbli_code": "10792", "started_on": "2025-01-01",
            "capital_rupiah": 5_000_000, "annual_sales_rupiah": 60_000_000,
            "workers_women": 1, "workers_men": 0,
        },
        "password": f"Daftar-Depok-{i}-{base_day}",
        "consent": True,
    }  # fmt: skip


def _load(port: int, clients: int, per_client: int, base_day: int) -> dict:
    url = f"http://127.0.0.1:{port}/api/v1/registrations"
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    bodies = [_person(i, base_day) for i in range(clients * per_client)]

    def client(k: int) -> None:
        for body in bodies[k * per_client : (k + 1) * per_client]:
            data = json.dumps(body).encode()
            req = urllib.request.Request(
                url, data=data, headers={"Content-Type": "application/json"}
            )
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    status = r.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                status = type(exc).__name__
            took = time.perf_counter() - t
            with lock:
                latencies.append(took)
                if status != 201:
                    errors[str(status)] = errors.get(str(status), 0) + 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    ordered = sorted(latencies)
    ok = len(latencies) - sum(errors.values())
    return {
        "sent": len(latencies),
        "ok": ok,
        "rps": ok / wall,
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)] * 1000,
        "errors": errors,
    }


def _bench(label: str, env: dict, argv: list[str]) -> list[dict]:
    runs = _option(argv, "runs", 1)
    per_client = _option(argv, "per-client", 10)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_regions", os.environ.get("BERDAYA_CITY_CODE", "32.76"))  # as make db
    log = ROOT / "var" / "bench" / f"registration-{label}.log"
    server = Server(env, log)
    rows = []
    try:
        for clients in CLIENTS:
            k = per_client * 4 if clients == 1 else per_client
            for _ in range(runs):
                before = _count(env)
                locked_before = log.read_text().count("database is locked")
                r = _load(server.port, clients, k, random.randrange(1, 9000))
                after = _count(env)
                r.update(
                    db=label, clients=clients, lost=r["ok"] - (after - before),
                    locked=log.read_text().count("database is locked") - locked_before,
                )  # fmt: skip
                rows.append(r)
                print(
                    f"{label:10} {clients:>3} clients  {r['ok']:>4}/{r['sent']:<4} ok  "
                    f"{r['rps']:6.1f} reg/s  p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  "
                    f"errors {r['errors'] or 0}  locked {r['locked']}  lost {r['lost']}",
                    flush=True,
                )
    finally:
        server.stop()
    return rows


def _hash_cost_ms() -> float:
    """The baseline: one Argon2id hash at the production parameters (ADR 0009), median of 20,
    measured here in the same run; 2 cores can do at most about 2000 / this registrations a
    second, whatever else a registration costs."""
    from argon2 import PasswordHasher, Type

    hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
    samples = []
    for _ in range(20):
        t = time.perf_counter()
        hasher.hash("Daftar-Depok-2026")
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; load: {os.getloadavg()}; {time.strftime('%F %T')}")
    print(f"baseline: one Argon2id hash (m=19 MiB, t=2, p=1) {_hash_cost_ms():.1f} ms (median)")
    rows = []
    if "--pg-only" not in argv:
        db = ROOT / "var" / "bench" / "registration.sqlite3"
        rows += _bench("sqlite", _env(f"sqlite:///{db}"), argv)
    if "--sqlite-only" not in argv:
        url = os.environ.get(
            "BENCH_REG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/berdaya_bench_reg"
        )
        _ensure_pg(url)
        rows += _bench("postgresql", _env(url), argv)
    for r in rows:
        if r["clients"] == 20:
            met = r["rps"] >= GOAL_RPS and r["p95"] < GOAL_P95_MS and not r["lost"]
            print(f"goal at 20 clients on {r['db']} (>= {GOAL_RPS}/s, p95 < {GOAL_P95_MS} ms,"
                  f" nothing lost): {'met' if met else 'NOT met'}")  # fmt: skip
    print(f"load after: {os.getloadavg()}")
