"""One measurement of the export benchmark, in its own process (so its peak RSS is its own):
``python bench/export_measure.py prepare|xlsx|csv|copy|cursor ROWS``. Prints one JSON line.

- ``prepare``: migrate, load the regions and, unless present, ROWS verified partners (person,
  business, registration) with COPY (``bench.dashboard_data.copy_rows``);
- ``xlsx`` / ``csv``: the partners' list export of a DKUM staff member through the page's own
  view (``registry.views.queue_export`` with ``status=verified``: the same selector, scope,
  columns, masking and access record as the page), the whole download read to a file;
- ``copy``: the floor, a bare ``COPY (SELECT the same columns ...) TO STDOUT`` CSV;
- ``cursor``: a raw server-side cursor loop over the same join writing CSV (no Django).
"""

from __future__ import annotations

import datetime
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
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

OUT = ROOT / "var" / "bench" / "export"
STAFF_PHONE = "081299990013"
JOIN_SQL = (
    "SELECT r.partner_number, r.status, p.nik, p.full_name, p.gender, b.name, k.code, "
    "b.kbli_section, b.size_class, b.capital_rupiah, b.annual_sales_rupiah, kc.name, kl.name, "
    "b.rw, b.rt, r.is_new_entrepreneur, r.submitted_at, r.verified_at "
    "FROM registry_registration r JOIN registry_person p ON p.id = r.person_id "
    "JOIN registry_business b ON b.id = r.business_id JOIN registry_kblicode k ON k.id = b.kbli_id "
    "JOIN regions_kelurahan kl ON kl.code = b.kelurahan_id "
    "JOIN regions_kecamatan kc ON kc.code = kl.kecamatan_id WHERE r.status = 'verified' "
    "ORDER BY r.id DESC"
)


def prepare(rows: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from bench.dashboard_data import _reset_sequence, copy_rows
    from berdaya.regions.models import Kelurahan
    from berdaya.registry.models import Business, KbliCode, Person, Registration

    call_command("migrate", verbosity=0)
    if not Kelurahan.objects.exists():
        call_command("load_regions", settings.BERDAYA_CITY_CODE, verbosity=0)
    _staff()
    have = Registration.objects.filter(status="verified").count()
    if have >= rows:
        return {"reused": have}
    if have:
        raise SystemExit("the bench database holds partial data: drop it and run again")
    began = time.perf_counter()
    kel = list(Kelurahan.objects.values_list("code", flat=True))
    kbli = list(KbliCode.objects.filter(level="kelompok").values_list("id", "section")[:400])
    now = timezone.now()
    names = ["Siti", "Dewi", "Rina", "Agus", "Budi", "Wulan", '=HYPERLINK("x")', "Nur"]
    copy_rows(
        Person,
        (
            {"id": i + 1, "nik": f"3276{i:012d}", "full_name": f"{names[i % 8]} Mitra {i}",
             "gender": "P" if i % 3 else "L", "birth_date": datetime.date(1970 + i % 30, 1, 1),
             "phone": f"+62857{i:08d}", "kelurahan_id": kel[i % len(kel)], "rw": 1 + i % 9,
             "rt": 1 + i % 9}
            for i in range(rows)
        ),
    )  # fmt: skip
    _reset_sequence(Person)
    copy_rows(
        Business,
        (
            {"id": i + 1, "owner_id": i + 1, "name": f"Usaha {names[i % 8]} {i}",
             "started_on": datetime.date(2020, 1, 1), "kbli_id": kbli[i % len(kbli)][0],
             "kbli_section": kbli[i % len(kbli)][1], "capital_rupiah": 5_000_000 + i,
             "annual_sales_rupiah": 60_000_000 + i, "size_class": "mikro",
             "size_rule": "PP 7/2021 Pasal 35: modal usaha", "marketing_channels": "[]",
             "kelurahan_id": kel[i % len(kel)], "rw": 1 + i % 9, "rt": 1 + i % 9}
            for i in range(rows)
        ),
    )  # fmt: skip
    _reset_sequence(Business)
    copy_rows(
        Registration,
        (
            {"id": i + 1, "person_id": i + 1, "business_id": i + 1, "status": "verified",
             "partner_number": f"MB-B{i:09d}", "submitted_at": now, "verified_at": now,
             "is_new_entrepreneur": bool(i % 2)}
            for i in range(rows)
        ),
    )  # fmt: skip
    _reset_sequence(Registration)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"loaded": rows, "seconds": round(time.perf_counter() - began, 1)}


def _staff():
    from berdaya.accounts.models import User
    from berdaya.accounts.services import role_assign

    user = User.objects.filter(phone="+6281299990013").first()
    if user is None:
        user = User.objects.create_user(STAFF_PHONE, None, full_name="Staf Bench Ekspor")
    role_assign(user=user, role="staf_dkum")
    return user


def through_view(fmt: str) -> dict:
    from berdaya.core.models import PersonalDataAccess
    from berdaya.registry.views import queue_export

    request = RequestFactory().get(f"/dkum/mitra/ekspor.{fmt}", {"status": "verified"})
    request.user = _staff()
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"mitra.{fmt}"
    size = 0
    response = queue_export(request, fmt=fmt)
    with target.open("wb") as out:
        for chunk in response.streaming_content:
            chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
            size += len(chunk)
            out.write(chunk)
    response.close()
    record = PersonalDataAccess.objects.filter(action="export").order_by("-id").first()
    return {"bytes": size, "record": record.detail if record else None}


def copy_floor() -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    size = 0
    with connection.cursor() as cursor, (OUT / "floor.csv").open("wb") as out:
        with cursor.cursor.copy(f"COPY ({JOIN_SQL}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                size += len(block)
                out.write(block)
    return {"bytes": size}


def cursor_loop() -> dict:
    import csv

    OUT.mkdir(parents=True, exist_ok=True)
    rows = 0
    connection.ensure_connection()
    raw = connection.connection
    with raw.transaction(), raw.cursor(name="bench_export") as cursor:
        cursor.itersize = 2000
        cursor.execute(JOIN_SQL)
        with (OUT / "cursor.csv").open("w", newline="") as out:
            writer = csv.writer(out)
            for row in cursor:
                writer.writerow(row)
                rows += 1
    return {"rows": rows}


def main(argv: list[str]) -> None:
    kind = argv[0]
    began = time.perf_counter()
    if kind == "prepare":
        result = prepare(int(argv[1]))
    elif kind in ("xlsx", "csv"):
        result = through_view(kind)
    elif kind == "copy":
        result = copy_floor()
    else:
        result = cursor_loop()
    result["wall"] = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process alone: its own peak
    result["rss_mb"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
