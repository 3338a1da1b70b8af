"""One measurement of the import benchmark, run in its own process (so its peak memory is its
own): ``python bench/import_measure.py MODE FILE [N]``. Prints one JSON line."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

TABLES = ("registry_registration", "registry_business", "registry_person", "core_event",
          "imports_importedrow", "imports_import", "registry_partnersequence")  # fmt: skip


def _server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (the server runs on this
    machine; 0 when its /proc entry cannot be read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    return {}


def counts() -> dict:
    from berdaya.registry.models import Person, Registration

    return {"persons": Person.objects.count(), "registrations": Registration.objects.count()}


def berdaya(path: str) -> dict:
    from django.core.files import File

    from berdaya.imports import engine, services

    server = _server_cpu()
    began = time.perf_counter()
    with open(path, "rb") as fh:
        imp = services.import_create(
            actor=None, upload=File(fh, name=Path(path).name), kind="registry", dry_run=False,
            start=False, size_limit=None, check_access=False,
        )  # fmt: skip
    imp = engine.run(imp.pk)
    seconds = time.perf_counter() - began
    assert imp.status == "done", imp.error
    # The checks run in a forked process beside this one: both peaks, added up (an upper
    # bound: the pages they share after the fork are counted twice).
    peaks = [resource.getrusage(who).ru_maxrss / 1024
             for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]  # fmt: skip
    return {"seconds": seconds, "total": imp.total, "new": imp.new, "updated": imp.updated,
            "unchanged": imp.unchanged, "invalid": imp.invalid,
            "db_cpu": _server_cpu() - server, "rss_parts_mb": peaks}  # fmt: skip


def copy_floor(path: str) -> dict:
    """Read the sheet with calamine and COPY its cells as text into a 15-column table: no
    parsing, no validation, no keys: the floor any import of this file pays."""
    import python_calamine

    server = _server_cpu()
    began = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    rows = iter(sheet.iter_rows())
    header = next(rows)
    cols = ", ".join(f"c{i} text" for i in range(len(header)))
    n = 0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
        cursor.execute(f"CREATE TABLE bench_copy_floor ({cols})")
        with cursor.cursor.copy("COPY bench_copy_floor FROM STDIN") as copy:
            for row in rows:
                copy.write_row([None if v == "" else str(v) for v in row])
                n += 1
        cursor.execute("DROP TABLE bench_copy_floor")
    return {"seconds": time.perf_counter() - began, "rows": n, "db_cpu": _server_cpu() - server}


def die_csv(path: str, out: str) -> dict:
    """The valid rows of the sheet as clean values for django-import-export (not timed)."""
    import csv

    from berdaya.imports.headers import suggest_mapping
    from berdaya.imports.reading import open_sheet
    from berdaya.imports.validation.common import Row
    from berdaya.imports.validation.registry import RegistryRowChecker

    sheet = open_sheet(path)
    mapping = suggest_mapping("registry", sheet.headers)
    columns = {name: i for i, h in enumerate(sheet.headers) if (name := mapping.get(h))}
    checker = RegistryRowChecker()
    seen: set[str] = set()
    n = 0
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["nik", "full_name", "gender", "birth_date", "phone", "kelurahan", "rw", "rt"])
        for number, cells in sheet.rows:
            clean = checker.check(Row(number, cells, columns))
            if clean is None or clean["person"]["nik"] in seen:
                continue
            p = clean["person"]
            seen.add(p["nik"])
            w.writerow([p["nik"], p["full_name"], p["gender"], p["birth_date"].isoformat(),
                        p["phone"], p["kelurahan_id"], p["rw"], p["rt"]])  # fmt: skip
            n += 1
    return {"rows": n}


def die(path: str, limit: int, bulk: bool) -> dict:
    import tablib
    from import_export import fields, resources

    from berdaya.registry.models import Person

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person
            import_id_fields = ("nik",)
            fields = ("nik", "full_name", "gender", "birth_date", "phone", "kelurahan", "rw", "rt")

    class PersonBulkResource(resources.ModelResource):
        kelurahan = fields.Field(attribute="kelurahan_id", column_name="kelurahan")

        class Meta:
            model = Person
            import_id_fields = ("nik",)
            fields = ("nik", "full_name", "gender", "birth_date", "phone", "kelurahan", "rw", "rt")
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            skip_html_diff = True
            force_init_instance = True

    server = _server_cpu()
    began = time.perf_counter()
    with open(path) as fh:
        lines = fh.read().splitlines()
    text = "\n".join(lines[: limit + 1])
    dataset = tablib.Dataset().load(text, format="csv")
    resource = PersonBulkResource() if bulk else PersonResource()
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "rows": len(dataset), "errors": result.has_errors(),
            "db_cpu": _server_cpu() - server}  # fmt: skip


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "reset":
        out = reset()
    elif mode == "berdaya":
        out = berdaya(args[0])
    elif mode == "copy":
        out = copy_floor(args[0])
    elif mode == "die_csv":
        out = die_csv(args[0], args[1])
    elif mode in ("die_default", "die_bulk"):
        out = die(args[0], int(args[1]), bulk=mode == "die_bulk")
    else:
        raise SystemExit(f"unknown mode {mode}")
    out.update(counts())
    print("RESULT " + json.dumps(out))
