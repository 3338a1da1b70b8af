"""Data generator of the dashboard benchmark: persons, businesses, registrations, training
certificates, financing applications and loans, bulk-loaded with PostgreSQL COPY (psycopg 3).

Rows are built from the models' own field lists, so a new nullable or defaulted field in another
app does not break the loader. Deterministic (seeded random), so runs are comparable.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import time
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import NOT_PROVIDED, Model
from django.utils import timezone

FULL = {"persons": 1_000_000, "registrations": 600_000, "applications": 50_000}
SMALL = {"persons": 20_000, "registrations": 12_000, "applications": 1_000}
START = datetime.date(2022, 1, 1)
GENDERS = ("L", "P")
REGISTRATION_STATUS = (("verified", 70), ("submitted", 12), ("needs_revision", 6), ("rejected", 12))
APPLICATION_STATUS = (
    ("draft", 5),
    ("awaiting_recommendation", 15),
    ("awaiting_verification", 10),
    ("forwarded", 10),
    ("approved", 5),
    ("rejected", 10),
    ("disbursed", 30),
    ("closed", 10),
    ("needs_revision", 3),
    ("withdrawn", 2),
)


def _columns(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields]


def _fallback(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.default is not NOT_PROVIDED:
        value = field.get_default()
        return json.dumps(value) if field.get_internal_type() == "JSONField" else value
    if field.null:
        return None
    if field.get_internal_type() in (
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
    ):
        return ""
    raise ValueError(f"the generator needs a value for {field.model.__name__}.{field.name}")


def copy_rows(model: type[Model], rows: Iterable[dict]) -> int:
    """COPY ``rows`` (dicts keyed by attname) into ``model``'s table; other columns get their
    default, NULL or ''. Returns the number of rows."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    fields = [
        f for f in _columns(model) if not (f.primary_key and f.attname not in first)
    ]  # an id not given comes from the table's identity
    now = timezone.now()
    table = model._meta.db_table
    names = ", ".join(f'"{f.column}"' for f in fields)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            fallbacks = {}
            for row in itertools.chain([first], rows):
                values = []
                for f in fields:
                    if f.attname in row:
                        values.append(row[f.attname])
                    else:
                        if f.attname not in fallbacks:
                            fallbacks[f.attname] = _fallback(f, now)
                        values.append(fallbacks[f.attname])
                copy.write_row(values)
                count += 1
    return count


def _reset_sequence(model: type[Model]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )


def _weighted(rng: random.Random, choices) -> Iterator[str]:
    values = [v for v, _ in choices]
    weights = [w for _, w in choices]
    while True:
        yield from rng.choices(values, weights, k=1000)


def load(sizes: dict, *, say=print) -> None:
    """Load a fresh population of ``sizes`` (tables must be empty of bench data)."""
    from berdaya.accounts.models import Institution  # noqa: F401  (seeded by migration)
    from berdaya.financing.models import Application, Loan, Product
    from berdaya.regions.models import Kelurahan
    from berdaya.registry.models import Business, KbliCode, Person, Registration
    from berdaya.training.models import Batch, Certificate, Program

    rng = random.Random(20220217)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    span = (today - START).days
    kelurahan = list(Kelurahan.objects.values_list("code", flat=True))
    # more people in some kelurahan than others, as in a real city
    kel_weights = [rng.randint(1, 10) for _ in kelurahan]
    kbli = list(
        KbliCode.objects.filter(level="kelompok", section__in="CGIJMNS").values_list(
            "id", "section"
        )
    )
    n_persons, n_regs, n_apps = sizes["persons"], sizes["registrations"], sizes["applications"]
    first_person = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    person_ids = range(first_person, first_person + n_persons)
    person_kel = rng.choices(kelurahan, kel_weights, k=n_persons)
    person_gender = rng.choices(GENDERS, (55, 45), k=n_persons)

    began = time.perf_counter()

    def persons():
        for i, pk in enumerate(person_ids):
            yield {
                "id": pk,
                "nik": f"9{pk:015d}",
                "full_name": f"Warga Bench {pk}",
                "gender": person_gender[i],
                "birth_date": datetime.date(1960 + pk % 45, 1 + pk % 12, 1 + pk % 28),
                "phone": f"+6281{pk:09d}",
                "kelurahan_id": person_kel[i],
                "rw": 1 + pk % 15,
                "rt": 1 + pk % 12,
            }

    copy_rows(Person, persons())
    _reset_sequence(Person)
    say(f"  persons: {n_persons:,} in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    first_business = (
        Business.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1
    owners = rng.sample(range(n_persons), n_regs)
    business_kbli = [kbli[rng.randrange(len(kbli))] for _ in range(n_regs)]

    def businesses():
        for i, owner_index in enumerate(owners):
            pk = first_business + i
            kbli_id, section = business_kbli[i]
            yield {
                "id": pk,
                "owner_id": person_ids[owner_index],
                "name": f"Usaha Bench {pk}",
                "started_on": START,
                "kbli_id": kbli_id,
                "kbli_section": section,
                "capital_rupiah": 5_000_000,
                "annual_sales_rupiah": 60_000_000,
                "size_class": "mikro",
                "size_rule": "PP 7/2021 Pasal 35: modal usaha",
                "marketing_channels": "[]",
                "kelurahan_id": person_kel[owner_index],
                "rw": 1,
                "rt": 1,
            }

    copy_rows(Business, businesses())
    _reset_sequence(Business)
    statuses = _weighted(rng, REGISTRATION_STATUS)

    def registrations():
        for i, owner_index in enumerate(owners):
            status = next(statuses)
            day = START + datetime.timedelta(days=rng.randrange(span))
            at = datetime.datetime.combine(day, datetime.time(8 + i % 9, i % 60), tzinfo=tz)
            yield {
                "person_id": person_ids[owner_index],
                "business_id": first_business + i,
                "status": status,
                "submitted_at": at - datetime.timedelta(days=3),
                "verified_at": at if status == "verified" else None,
                "is_new_entrepreneur": rng.random() < 0.6,
            }

    copy_rows(Registration, registrations())
    _reset_sequence(Registration)
    say(f"  businesses + registrations: {n_regs:,} each in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    program, _ = Program.objects.get_or_create(name="Pelatihan Wirausaha Baru (bench)")
    batches = [
        Batch.objects.create(program=program, name=f"Bench {n}", capacity=400).pk
        for n in range(max(n_regs // 20_000, 5))
    ]
    trained = rng.sample(owners, n_regs // 20)

    def certificates():
        for i, owner_index in enumerate(trained):
            yield {
                "number": f"BENCH/{i}",
                "code": f"bench{i}",
                "person_id": person_ids[owner_index],
                "batch_id": batches[i % len(batches)],
                "issued_on": START + datetime.timedelta(days=rng.randrange(span)),
                "revoked_at": None,
            }

    copy_rows(Certificate, certificates())
    say(f"  certificates: {len(trained):,} in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    products = {p.borrower_type: p.pk for p in Product.objects.all()}
    first_app = (Application.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    app_status = _weighted(rng, APPLICATION_STATUS)
    loans = []

    def applications():
        for i in range(n_apps):
            pk = first_app + i
            borrower = "group" if rng.random() < 0.8 else "individual"
            applicant = rng.randrange(n_persons)
            status = next(app_status)
            day = START + datetime.timedelta(days=rng.randrange(span))
            disbursed = day if status in ("disbursed", "closed") else None
            if disbursed:
                for m in range(5 if borrower == "group" else 1):
                    member = (applicant + m * 7919) % n_persons
                    loans.append(
                        {
                            "application_id": pk,
                            "person_id": person_ids[member],
                            "kelurahan_id": person_kel[applicant],
                            "principal_rupiah": rng.choice((2, 3, 4, 5)) * 1_000_000,
                            "total_rupiah": 5_425_000,
                            "term_months": 12,
                            "disbursed_on": disbursed + datetime.timedelta(days=m % 2),
                            "status": "closed" if status == "closed" else "active",
                        }
                    )
            yield {
                "id": pk,
                "product_id": products[borrower],
                "applicant_id": person_ids[applicant],
                "kelurahan_id": person_kel[applicant],
                "status": status,
                "term_months": 12,
                "admin_fee_percent": 8.5,
                "disbursed_on": disbursed,
            }

    copy_rows(Application, applications())
    _reset_sequence(Application)
    copy_rows(Loan, loans)
    _reset_sequence(Loan)
    say(f"  applications: {n_apps:,}, loans: {len(loans):,} in {time.perf_counter() - began:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
