"""The registration's reference (``DFT-000123``): quotable by phone, shown wherever the
registrant sees their registration, found by staff in the partners' list however it is read out,
and added (beside the unchanged id) to the API's answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.accounts.models import User
from berdaya.core.models import Notification
from berdaya.registry import selectors
from berdaya.registry.references import registration_pk, registration_reference
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_writes_the_id_as_a_prefixed_zero_padded_reference():
    assert registration_reference(1) == "DFT-000001"
    assert registration_reference(123) == "DFT-000123"
    assert registration_reference(1_234_567) == "DFT-1234567"  # longer ids keep every digit


@pytest.mark.parametrize(
    ("written", "pk"),
    [
        ("DFT-000123", 123),
        ("dft-000123", 123),
        ("DFT 123", 123),
        ("DFT000123", 123),
        (" DFT - 000123 ", 123),
        ("DFT-٠٠٠١٢٣", 123),  # Arabic-Indic digits, as some phone keyboards type them
        ("DFT-1234567", 1_234_567),
    ],
)
def test_it_reads_a_reference_however_it_is_written(written, pk):
    assert registration_pk(written) == pk


@pytest.mark.parametrize(
    "text", ["", "123", "DFT", "DFT-", "DFT-000000", "MB-2026-000001", "DFT-12a", "Dafit 12"]
)
def test_it_reads_no_reference_from_other_text(text):
    assert registration_pk(text) is None


def _owner_client(reg) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=reg.person.user_id))
    return client


def test_the_registrant_sees_the_reference_on_the_status_page_their_page_and_notice():
    # Given a registration just sent
    reg = f.submit()
    client = _owner_client(reg)
    # Then the status page (where sending leads), "Usaha saya" and the notice all carry it
    status = client.get(reverse("registry:status", args=[reg.pk])).content.decode()
    assert f'<strong class="reference">{reg.reference}</strong>' in status
    assert f"<strong>{reg.pk}</strong>" not in status
    mine = client.get(reverse("registry:dashboard")).content.decode()
    assert reg.reference in mine
    notice = Notification.objects.get(user_id=reg.person.user_id)
    assert reg.reference in notice.body


@pytest.mark.parametrize("written", ["{ref}", "{ref_lower}", "DFT {pk}", "DFT{pk:06d}"])
def test_staff_find_a_registration_by_its_reference(personas, written):
    # Given two registrations
    reg = f.submit()
    other = f.submit()
    text = written.format(ref=reg.reference, ref_lower=reg.reference.lower(), pk=reg.pk)
    # When staff search the partners' list and the businesses by the reference as read out
    found = selectors.registration_search(personas.staff, selectors.QueueFilters(q=text))
    businesses = selectors.business_search(personas.staff, selectors.QueueFilters(q=text))
    # Then they find that registration (and its business) only
    assert list(found) == [reg]
    assert list(businesses) == [reg.business]
    assert other not in found


def test_the_reference_search_keeps_the_staff_scope(personas):
    # Given a registration in the RT chair's RT 3 and one in RT 9
    inside = f.submit()
    outside = f.submit(person={"rt": 9}, business={"rt": 9})
    # When the RT chair searches by each reference, then only their RT's is found
    for reg, found in ((inside, [inside]), (outside, [])):
        filters = selectors.QueueFilters(q=reg.reference)
        assert list(selectors.registration_search(personas.rt_chair, filters)) == found


def test_the_staff_list_page_finds_and_shows_the_reference(client, personas):
    reg = f.submit()
    client.force_login(personas.staff)
    html = client.get(reverse("registry:queue"), {"q": reg.reference.lower()}).content.decode()
    assert reg.business.name in html and reg.reference in html
    detail = client.get(reverse("registry:detail", args=[reg.pk])).content.decode()
    assert reg.reference in detail


def test_the_api_adds_the_reference_and_keeps_the_id(api, personas):
    reg = f.submit()
    staff = api(personas.staff)
    body = staff.get(f"registrations/{reg.pk}").json()
    assert body["id"] == reg.pk and body["reference"] == reg.reference
    business = staff.get(f"businesses/{reg.business_id}").json()
    assert business["registration"]["id"] == reg.pk
    assert business["registration"]["reference"] == reg.reference


def test_the_own_data_and_the_staff_export_carry_the_reference(personas):
    import csv
    import io

    from berdaya.core.tests.responses import streamed_bytes

    reg = f.submit()
    # the registrant's own data (UU 27/2022: access and export) names it
    mine = _owner_client(reg).get(reverse("core:my_data_json")).json()
    assert mine["businesses"][0]["registration"]["reference"] == reg.reference
    # the staff export has it as its last column (the columns before keep their places)
    client = Client()
    client.force_login(personas.staff)
    body = streamed_bytes(client.get(reverse("registry:queue_export_csv")))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Nomor mitra" and rows[0][-1] == "Nomor pendaftaran"
    assert rows[1][-1] == reg.reference
