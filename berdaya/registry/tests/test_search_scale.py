"""Staff search at city scale (issue 13): every kind of search finds the same rows as before on
both databases, within the user's scope, on the partners' list and the API; on PostgreSQL the
search indexes exist and each kind's query is served by them (EXPLAIN), so a million persons
are not scanned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from berdaya.core.personas import DEPOK_JAYA
from berdaya.registry import selectors
from berdaya.registry.models import Business
from berdaya.registry.selectors.search import _either
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigram indexes and query plans are PostgreSQL's (SQLite scans, same results)",
)


@pytest.fixture
def people(personas):
    """Three partners in Beji (one verified) and one in Depok Jaya (another kecamatan)."""
    return {
        "rahayu": f.verified(
            personas.staff,
            person={"full_name": "Sri Rahayu Pardede", "phone": "0812-3456-7890"},
            business={"name": "Kripik Singkong Barokah", "nib": "9120001234567"},
        ),
        "budi": f.submit(
            person={"full_name": "Budi Santoso", "gender": "L"},
            business={"name": "Bengkel Motor Pardede Jaya"},
        ),
        "ani": f.submit(person={"full_name": "Ani Wulandari"}, business={"name": "Toko Ani"}),
        "far": f.submit(
            person={
                "full_name": "Siti Pardede",
                "kelurahan_code": DEPOK_JAYA,
                "kecamatan_code": "32.76.01",
            },
            business={"name": "Warung Pardede", "kelurahan_code": DEPOK_JAYA},
        ),  # fmt: skip
    }


def found(user, q: str, status: str = "") -> set[int]:
    qs = selectors.registration_search(user, selectors.QueueFilters(q=q, status=status))
    return {r.pk for r in qs}


def test_a_name_is_found_by_any_part_in_the_person_or_the_business(personas, people):
    staff = personas.staff
    assert found(staff, "rahayu") == {people["rahayu"].pk}
    assert found(staff, "  WULAN ") == {people["ani"].pk}
    assert found(staff, "singkong") == {people["rahayu"].pk}  # the business's name
    # A person's name and another person's business name: both, and each once.
    assert found(staff, "pardede") == {people["rahayu"].pk, people["budi"].pk, people["far"].pk}
    assert found(staff, "pardede", status="submitted") == {people["budi"].pk, people["far"].pk}
    assert found(staff, "tidak ada yang bernama begini") == set()


def test_a_nik_a_phone_however_written_a_partner_number_and_an_nib_are_exact(personas, people):
    staff, rahayu = personas.staff, people["rahayu"]
    assert found(staff, rahayu.person.nik) == {rahayu.pk}
    assert found(staff, rahayu.person.nik[:15]) == set()  # not a part of a NIK
    for typed in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890", "081234567890"):
        assert found(staff, typed) == {rahayu.pk}, typed
    assert rahayu.partner_number.startswith("MB-")
    assert found(staff, rahayu.partner_number) == {rahayu.pk}
    assert found(staff, rahayu.partner_number.lower()) == {rahayu.pk}
    assert found(staff, "9120001234567") == {rahayu.pk}  # 13 digits: an NIB (or a phone)


def test_the_search_stays_inside_the_users_territory(personas, people):
    officer = personas.kelurahan_officer  # Beji
    assert found(officer, "pardede") == {people["rahayu"].pk, people["budi"].pk}
    assert found(officer, people["far"].person.nik) == set()
    assert found(personas.outsider, "pardede") == set()


def test_the_partners_list_and_the_api_search_the_same_way(personas, people, api):
    staff = Client()
    staff.force_login(personas.staff)
    page = staff.get(reverse("registry:queue"), {"q": "Pardede", "status": ""}).context["page"]
    assert {r.pk for r in page.items} == {people[k].pk for k in ("rahayu", "budi", "far")}
    waiting = staff.get(reverse("registry:queue"), {"q": "Pardede", "status": "submitted"})
    assert [r.pk for r in waiting.context["page"].items] == [people["budi"].pk, people["far"].pk]

    client = api(personas.staff)

    def businesses(q: str) -> set[int]:
        response = client.get("/api/v1/businesses", {"q": q})
        assert response.status_code == 200, response.content
        return {b["id"] for b in response.json()["items"]}

    rahayu = people["rahayu"]
    assert businesses("singkong") == {rahayu.business_id}
    assert businesses("pardede") == {people[k].business_id for k in ("rahayu", "budi", "far")}
    assert businesses(rahayu.partner_number.lower()) == {rahayu.business_id}
    assert businesses("+62 812-3456-7890") == {rahayu.business_id}
    assert businesses(rahayu.person.nik) == {rahayu.business_id}
    assert businesses("9120001234567") == {rahayu.business_id}


def test_both_shapes_of_a_name_search_find_the_same_rows(personas, people):
    """A rare name is ``pk IN (... UNION ...)``, a common one walks the list with the OR of the
    two joined names: the same rows either way, for registrations and businesses."""
    visible = selectors.registrations_visible_to(personas.kelurahan_officer)
    union = _either(visible, {"person__full_name__icontains": "pardede"},
                    {"business__name__icontains": "pardede"})  # fmt: skip
    walk = selectors.registration_search(personas.kelurahan_officer, selectors.QueueFilters())
    walk = walk.filter(
        Q(person__full_name__icontains="pardede") | Q(business__name__icontains="pardede")
    )
    expected = {people["rahayu"].pk, people["budi"].pk}
    assert set(union.values_list("pk", flat=True)) == expected
    assert set(walk.values_list("pk", flat=True)) == expected
    owners = _either(Business.objects.all(), {"owner__full_name__icontains": "santoso"},
                     {"name__icontains": "singkong"})  # fmt: skip
    assert set(owners.values_list("pk", flat=True)) == {
        people["budi"].business_id,
        people["rahayu"].business_id,
    }


# --- PostgreSQL: the indexes and the plans ------------------------------------------------
@on_postgres
def test_the_search_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('registry_person', 'registry_business', 'registry_registration')"
        )
        indexes = dict(cursor.fetchall())
    person = indexes["registry_person_name_trgm"]
    business = indexes["registry_business_name_trgm"]
    assert "USING gin (upper((full_name)::text) gin_trgm_ops)" in person
    assert "USING gin (upper((name)::text) gin_trgm_ops)" in business
    defs = list(indexes.values())
    assert any("UNIQUE INDEX" in d and "btree (nik)" in d for d in defs)
    assert any("UNIQUE INDEX" in d and "btree (partner_number)" in d for d in defs)
    assert any("btree (phone)" in d for d in defs)
    assert any("btree (nib)" in d for d in defs)


def _plan(user, q: str, status: str = "") -> str:
    """The plan of the partners' list's first page for ``q`` with only bitmap index scans
    allowed: on tables this small the planner would rather read everything, so sequential and
    whole-index scans are made as costly as it can; a table that no index condition can reach
    then shows as "Seq Scan"."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_person")
        cursor.execute("ANALYZE registry_business")
        cursor.execute("ANALYZE registry_registration")
    qs = selectors.registration_search(user, selectors.QueueFilters(q=q, status=status))
    ordered = qs.order_by("submitted_at", "pk") if status else qs.order_by("-pk")
    with connection.cursor() as cursor:
        switches = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")
        for switch in switches:
            cursor.execute(f"SET LOCAL {switch} = off")
        try:
            return ordered[:26].explain()
        finally:
            for switch in switches:
                cursor.execute(f"SET LOCAL {switch} = on")


def _no_scan(plan: str) -> None:
    for table in ("registry_person", "registry_business", "registry_registration"):
        assert f"Seq Scan on {table}" not in plan, plan


@on_postgres
@pytest.mark.parametrize("status", ["", "submitted"])
def test_every_kind_of_search_is_an_index_scan(personas, people, status):
    staff, rahayu = personas.staff, people["rahayu"]
    plans = {
        "name": _plan(staff, "pardede", status),
        "nik": _plan(staff, rahayu.person.nik, status),
        "phone": _plan(staff, "0812 3456 7890", status),
        "partner": _plan(staff, rahayu.partner_number.lower(), status),
        "nib": _plan(staff, "9120001234567", status),
        "phone or nib": _plan(staff, "6281234567890", status),  # 13 digits: either
    }
    for plan in plans.values():
        _no_scan(plan)
    assert "registry_person_name_trgm" in plans["name"]
    assert "registry_business_name_trgm" in plans["name"]
    assert "registry_person_nik_" in plans["nik"]
    assert "registry_person_phone_" in plans["phone"]
    assert "registry_registration_partner_number_" in plans["partner"]
    assert "registry_business_nib_" in plans["nib"]
    assert "registry_person_phone_" in plans["phone or nib"]
    assert "registry_business_nib_" in plans["phone or nib"]


@on_postgres
def test_a_name_borne_by_many_walks_the_list_in_its_order(personas):
    """Enough persons bear "Siti" (the threshold is 4 x sqrt(persons)) that the page is found by
    walking the list in its order checking each row's names (the OR of the two joined names;
    at a million rows the planner walks the keyset index), not by fetching every match."""
    for _ in range(12):
        f.submit()  # "Siti Aminah", "Kue Basah Bu Siti"
    plan = _plan(personas.staff, "siti")
    assert "_name_trgm" not in plan, plan
    assert "~~ '%SITI%'::text) OR (upper((registry_business.name)::text) ~~" in plan, plan
