"""Issue 8, class 4: the dashboard, its exports and the API counts are the whole city's, so
only pimpinan and DKUM staff/admin with the city as reach see them (DESIGN §1); DKUM staff
limited to one kecamatan are refused every one of them (page 403, API 403), not shown the city."""

import pytest
from django.urls import reverse

from berdaya.core.personas import BEJI_KECAMATAN, DEMO_PASSWORD
from berdaya.targets.tests.builders import log_in, seeded_targets

PAGES = ("targets:dashboard", "targets:export_xlsx", "targets:export_pdf")


@pytest.fixture
def kecamatan_staff(db):
    from berdaya.accounts.services import role_assign, user_create

    user = user_create(
        full_name="Staf Kecamatan Beji",
        phone="081277770001",
        password=DEMO_PASSWORD,
        validate=False,
    )
    role_assign(user=user, role="staf_dkum", kecamatan_code=BEJI_KECAMATAN)
    return user


def test_it_refuses_the_dashboard_and_its_exports_to_staff_of_one_kecamatan(
    kecamatan_staff, client
):
    seeded_targets()
    log_in(client, kecamatan_staff)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_it_refuses_the_api_counts_to_staff_of_one_kecamatan(kecamatan_staff, api):
    new, _ = seeded_targets()
    client = api(kecamatan_staff)
    assert client.get("targets").status_code == 403
    assert client.get(f"targets/{new.pk}").status_code == 403
    breakdown = client.get(f"targets/{new.pk}/breakdown", {"by": "kecamatan"})
    assert breakdown.status_code == 403
    assert breakdown.json()["code"] == "forbidden"


def test_it_still_shows_them_to_city_staff(personas, client, api):
    new, _ = seeded_targets()
    log_in(client, personas.staff)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    breakdown = api(personas.staff).get(f"targets/{new.pk}/breakdown", {"by": "kecamatan"})
    assert breakdown.status_code == 200


def test_the_menu_links_to_the_dashboard_only_for_whom_it_opens(kecamatan_staff, personas, client):
    # Given staff of one kecamatan (refused the dashboard) and city-wide staff and the head
    dashboard = f'href="{reverse("targets:dashboard")}"'
    # When staff of one kecamatan open the home page, then the menu has no link to the dashboard
    log_in(client, kecamatan_staff)
    assert dashboard not in client.get("/").content.decode()
    assert client.get(reverse("targets:dashboard")).status_code == 403
    # and for city-wide staff and the head it has one, which opens
    for who in (personas.staff, personas.head):
        log_in(client, who)
        assert dashboard in client.get("/").content.decode(), who
        assert client.get(reverse("targets:dashboard")).status_code == 200, who
