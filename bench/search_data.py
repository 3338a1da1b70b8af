"""Data of the search benchmark: persons, their businesses and registrations generated inside
PostgreSQL (``INSERT ... SELECT generate_series``), deterministic (``setseed``), in minutes.

Names are Indonesian and skewed like a city's register: the first name is drawn with a
quadratic bias toward the head of its list, so "Siti" (women) and "Muhammad" (men) are each
borne by several percent of the people, while a surname such as "Pardede" is borne by a few
dozen. NIK ``3276`` + 12 digits of the person's id, phone ``+62812`` + 8 digits of the id,
partner numbers ``MB-YYYY-NNNNNN`` for the verified ones.

The search indexes (``registry`` migration 0005) are dropped before the load and built again
after it from the migration's own statements (building a GIN index once is much faster than
inserting a million rows into it).
"""

from __future__ import annotations

import importlib
import time

from django.conf import settings
from django.db import connection

WOMEN = [
    "Siti", "Sri", "Dewi", "Nur", "Rina", "Wati", "Ani", "Yuni", "Lestari", "Ratna", "Indah",
    "Fitri", "Putri", "Ayu", "Dian", "Ika", "Nurul", "Eka", "Endang", "Tuti", "Yanti", "Rini",
    "Maya", "Novi", "Wulan", "Mega", "Intan", "Kartika", "Ratih", "Astuti", "Winarsih", "Sumarni",
    "Ningsih", "Halimah", "Aisyah", "Fatimah", "Khadijah", "Zahra", "Nabila", "Salsabila",
]  # fmt: skip
MEN = [
    "Muhammad", "Ahmad", "Budi", "Agus", "Joko", "Eko", "Hendra", "Rudi", "Andi", "Dedi",
    "Bambang", "Slamet", "Iwan", "Asep", "Ujang", "Yusuf", "Rizky", "Dimas", "Fajar", "Hadi",
    "Wahyu", "Teguh", "Arif", "Dani", "Irfan", "Hasan", "Imam", "Sutrisno", "Suparman", "Sugeng",
    "Taufik", "Firman", "Gilang", "Bayu", "Anton", "Heru", "Yoga", "Rahmat", "Ilham", "Fauzi",
]  # fmt: skip
SURNAMES = [
    "Rahayu", "Wahyuni", "Susanti", "Handayani", "Kurniawan", "Saputra", "Pratama", "Hidayat",
    "Setiawan", "Nugroho", "Santoso", "Wibowo", "Hermawan", "Suryadi", "Gunawan", "Permana",
    "Sulistyowati", "Purnamasari", "Anggraini", "Maharani", "Ramadhan", "Firmansyah", "Hakim",
    "Syahputra", "Utami", "Puspita", "Safitri", "Kusuma", "Wijaya", "Halim", "Siregar", "Nasution",
    "Lubis", "Harahap", "Sinaga", "Simanjuntak", "Hutapea", "Manurung", "Tanjung", "Rangkuti",
]  # fmt: skip
# Borne by about 1 person in 20,000 each: the "rare name" of the benchmark.
RARE = [
    "Pardede", "Sitompul", "Panjaitan", "Simatupang", "Hutagalung", "Situmorang", "Napitupulu",
    "Tambunan", "Pangaribuan", "Sihombing", "Damanik", "Purba", "Saragih", "Ginting", "Tarigan",
    "Sembiring", "Karokaro", "Perangin", "Sebayang", "Barus",
]  # fmt: skip
TRADES = [
    "Warung Makan", "Toko", "Kripik", "Laundry", "Bengkel", "Katering", "Kue", "Jahit", "Salon",
    "Warung Kopi", "Sambal", "Batik", "Kerajinan", "Bakso", "Mie Ayam", "Gorengan", "Es Teh",
    "Percetakan", "Sablon", "Pulsa",
]  # fmt: skip
WORDS = [
    "Berkah", "Barokah", "Jaya", "Makmur", "Sejahtera", "Lancar", "Mandiri", "Sentosa", "Abadi",
    "Rezeki", "Amanah", "Sumber Rejeki", "Maju", "Bersama", "Mekar", "Harapan", "Cahaya",
    "Mulia", "Indah", "Nusantara",
]  # fmt: skip
STATUSES = "(ARRAY['verified','verified','verified','verified','verified','verified','verified','submitted','needs_revision','rejected'])"  # noqa: E501


def _array(words: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + w.replace("'", "''") + "'" for w in words) + "]::text[]"


def _pick(words: list[str], skew: str = "random()") -> str:
    """An element of ``words``: index floor(n * r) with r = ``skew`` in [0, 1)."""
    return f"({_array(words)})[1 + floor({len(words)} * {skew})::int]"


def _index_statements() -> tuple[list[str], list[str]]:
    migration = importlib.import_module("berdaya.registry.migrations.0005_search_indexes")
    return migration.CREATE, migration.DROP


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}")
    return cursor.fetchone()[0]


def loaded() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_registration")
        return cursor.fetchone()[0]


def load(persons: int) -> None:
    """Generate ``persons`` persons, each with one business and one registration."""
    from berdaya.regions.models import Kelurahan
    from berdaya.regions.services import regions_load

    if not Kelurahan.objects.exists():
        regions_load(city_code=settings.BERDAYA_CITY_CODE)
    create, drop = _index_statements()
    began = time.perf_counter()
    with connection.cursor() as c:
        for sql in drop:
            c.execute(sql)
        c.execute("SELECT setseed(0.13)")
        c.execute("CREATE TEMP TABLE kel AS SELECT row_number() OVER (ORDER BY code) n, code "
                  "FROM regions_kelurahan")  # fmt: skip
        c.execute("SELECT count(*) FROM kel")
        kels = c.fetchone()[0]
        c.execute("CREATE TEMP TABLE kb AS SELECT row_number() OVER (ORDER BY id) n, id, section "
                  "FROM registry_kblicode WHERE level = 'kelompok'")  # fmt: skip
        c.execute("SELECT count(*) FROM kb")
        kbs = c.fetchone()[0]
        woman = "(i % 2 = 0)"
        first = f"CASE WHEN {woman} THEN {_pick(WOMEN, 'power(random(), 2)')} ELSE {_pick(MEN, 'power(random(), 2)')} END"  # noqa: E501
        last = f"CASE WHEN random() < 0.001 THEN {_pick(RARE)} ELSE {_pick(SURNAMES, 'power(random(), 1.5)')} END"  # noqa: E501
        if _count(c, "registry_person") != persons:  # a load cut short starts the table again
            c.execute("TRUNCATE registry_person CASCADE")
            c.execute(f"""
            INSERT INTO registry_person (id, created_at, updated_at, rw, rt, street_address, nik,
                full_name, gender, birth_date, phone, email, education, disability, consent_text,
                kelurahan_id)
            SELECT i, now(), now(), 1 + (i % 12), 1 + (i % 9), 'Jl. Melati No. ' || (i % 200),
                '3276' || lpad(i::text, 12, '0'),
                {first} || CASE WHEN random() < 0.6 THEN ' ' || {_pick(SURNAMES)} ELSE '' END
                    || ' ' || {last},
                CASE WHEN {woman} THEN 'P' ELSE 'L' END,
                date '1960-01-01' + (i % 15000)::int, '+62812' || lpad(i::text, 8, '0'), '',
                'sma', '', '', (SELECT code FROM kel WHERE n = 1 + (i % {kels}))
            FROM generate_series(1, {persons}) i
        """)  # fmt: skip
        print(f"  persons {time.perf_counter() - began:.0f} s", flush=True)
        if _count(c, "registry_business") != persons:  # a load cut short starts the table again
            c.execute("TRUNCATE registry_business CASCADE")
            c.execute(f"""
            INSERT INTO registry_business (id, created_at, updated_at, rw, rt, street_address,
                name, legal_form, started_on, kbli_version, kbli_section, nib, npwp,
                capital_rupiah, annual_sales_rupiah, workers_women, workers_men,
                marketing_channels, size_class, size_rule, kelurahan_id, kbli_id, owner_id)
            SELECT p.id, now(), now(), p.rw, p.rt, p.street_address,
                {_pick(TRADES)} || ' ' || CASE WHEN random() < 0.5
                    THEN {_pick(WORDS, 'power(random(), 2)')}
                    ELSE split_part(p.full_name, ' ', 1) END,
                'perorangan', date '2015-01-01' + (p.id % 3000)::int, '2020', kb.section,
                CASE WHEN p.id % 3 = 0 THEN lpad((9100000000000 + p.id)::text, 13, '0')
                    ELSE '' END, '',
                10000000, 120000000, 1, 1, '[]'::jsonb, 'mikro', 'modal', p.kelurahan_id,
                kb.id, p.id
            FROM registry_person p JOIN kb ON kb.n = 1 + (p.id % {kbs})
            WHERE p.id <= {persons}
        """)  # fmt: skip
        print(f"  businesses {time.perf_counter() - began:.0f} s", flush=True)
        if _count(c, "registry_registration") != persons:  # a load cut short starts the table again
            c.execute("TRUNCATE registry_registration CASCADE")
            c.execute(f"""
            INSERT INTO registry_registration (id, created_at, updated_at, status, partner_number,
                submitted_at, verified_at, reason, is_new_entrepreneur, business_id, person_id)
            SELECT s.id, s.at, s.at, s.status,
                CASE WHEN s.status = 'verified' THEN 'MB-' || extract(year FROM s.at)::int || '-'
                    || lpad((s.id % 1000000)::text, 6, '0') END,
                s.at, CASE WHEN s.status = 'verified' THEN s.at + interval '3 days' END, '',
                s.id % 4 = 0, s.id, s.id
            FROM (SELECT i AS id, {STATUSES}[1 + floor(10 * random())::int] AS status,
                    timestamptz '2021-01-01 08:00+07' + i * interval '2 minutes'
                        + floor(random() * 60) * interval '1 second' AS at
                  FROM generate_series(1, {persons}) i) s
        """)  # fmt: skip
        print(f"  registrations {time.perf_counter() - began:.0f} s", flush=True)
        for table in ("registry_person", "registry_business", "registry_registration"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        c.execute("SET maintenance_work_mem = '256MB'")
        for sql in create:
            c.execute(sql)
        print(f"  search indexes {time.perf_counter() - began:.0f} s", flush=True)
        for table in ("registry_person", "registry_business", "registry_registration"):
            c.execute(f"VACUUM ANALYZE {table}")
        print(f"  vacuum analyze {time.perf_counter() - began:.0f} s", flush=True)
