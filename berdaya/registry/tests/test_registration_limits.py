"""Abuse limits of the public registration (issue 13): what an abuser needs (the same phone,
NIK or device repeatedly; bursts far above a registration desk's pace) is limited, not one
address's ordinary day, and DKUM staff open a registration event with its own allowance."""

import datetime
from typing import Any

import pytest
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.registry import services
from berdaya.registry.models import Registration, RegistrationAttempt, RegistrationEvent
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db

HALL = "36.80.12.34"  # a kelurahan hall's Wi-Fi, or a carrier's CGNAT address


def time_passes(seconds: int) -> None:
    """Move the counted attempts (and events) back in time, as if ``seconds`` went by. (The
    clock is not frozen: freezegun's fake datetime breaks the API's pydantic schemas.)"""
    delta = datetime.timedelta(seconds=seconds)
    RegistrationAttempt.objects.update(created_at=F("created_at") - delta)
    RegistrationEvent.objects.update(starts_at=F("starts_at") - delta, ends_at=F("ends_at") - delta)


def test_forty_people_from_one_address_within_an_hour_are_all_accepted():
    # Given a kelurahan hall's shared address and a desk registering one person every 85 s
    for _ in range(40):
        # When each person registers (distinct phone and NIK)
        f.submit(client_address=HALL)
        time_passes(85)
    # Then all 40 are taken (the old limit refused the 31st), in 57 minutes
    assert Registration.objects.count() == 40


def test_the_same_phone_again_and_again_is_refused_with_the_wait():
    # Given one phone used for 5 registrations in an hour (a family may share one phone)
    phone = "085799990123"
    for i in range(5):
        f.submit(person={"phone": phone}, client_address=f"10.9.0.{i}")
    # When it is used a 6th time, from yet another address
    with pytest.raises(services.RegistrationThrottled) as refused:
        f.submit(person={"phone": phone}, client_address="10.9.1.1")
    # Then it is refused, in Indonesian, with the wait
    assert refused.value.code == "registration_same_phone"
    assert refused.value.message.startswith("Nomor HP ini sudah terlalu sering dipakai")
    assert "Coba lagi dalam 60 menit" in refused.value.message
    assert 3500 < refused.value.retry_after_seconds <= 3600
    assert Registration.objects.count() == 5


def test_the_same_nik_tried_again_and_again_is_refused_with_the_wait():
    # Given a NIK registered once and tried twice more (both refused as already registered)
    first = f.submit(client_address="10.9.0.1")
    nik = first.person.nik
    for i in range(2):
        with pytest.raises(ConflictError):
            f.submit(person={"nik": nik}, client_address=f"10.9.2.{i}")
    # When it is tried a 4th time
    with pytest.raises(services.RegistrationThrottled) as refused:
        f.submit(person={"nik": nik}, client_address="10.9.3.1")
    # Then the NIK limit refuses it (no more probing whether it is registered)
    assert refused.value.code == "registration_same_nik"
    assert "NIK ini sudah terlalu sering dipakai" in refused.value.message
    assert "menit" in refused.value.message


@override_settings(BERDAYA_REGISTRATION_DEVICE_LIMIT=3)
def test_the_same_device_is_limited_but_not_its_neighbours():
    # Given one device that registered 3 people in the hour
    for _ in range(3):
        f.submit(client_address=HALL, device="perangkat-a")
    # When it registers a 4th, Then it is refused; another device at the same address is not
    with pytest.raises(services.RegistrationThrottled) as refused:
        f.submit(client_address=HALL, device="perangkat-a")
    assert refused.value.code == "registration_same_device"
    assert "Perangkat ini" in refused.value.message
    f.submit(client_address=HALL, device="perangkat-b")


def test_a_burst_far_above_a_desks_pace_from_one_address_is_refused():
    # Given 20 registrations from one address within a minute (the default allowance)
    for _ in range(20):
        f.submit(client_address=HALL)
        time_passes(2)
    # When a 21st comes in the same minute
    with pytest.raises(services.RegistrationThrottled) as refused:
        f.submit(client_address=HALL)
    # Then it is refused with the seconds to wait; another address goes on
    assert refused.value.code == "registration_rate_limited"
    assert "Terlalu banyak pendaftaran" in refused.value.message
    assert 0 < refused.value.retry_after_seconds <= 60
    f.submit(client_address="10.9.9.9")
    # and a minute later the address is served again
    time_passes(60)
    f.submit(client_address=HALL)
    assert Registration.objects.count() == 22


@override_settings(BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE=5, BERDAYA_REGISTRATION_DEVICE_LIMIT=3)
def test_a_registration_event_raises_its_venues_allowance(personas):
    now = timezone.now()
    # Given staff open a registration day at the hall, 30 a minute, for 8 hours
    services.registration_event_open(
        actor=personas.staff,
        name="Hari Pendaftaran UMKM Beji",
        place="Aula Kelurahan Beji",
        client_address=HALL,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=8),
        allowance_per_minute=30,
    )
    # When 12 people register in the same minute on the hall's one tablet
    for _ in range(12):
        f.submit(client_address=HALL, device="tablet-aula")
    # Then all are taken (above the ordinary 5 a minute and 3 per device)
    assert Registration.objects.count() == 12
    # while another address keeps the ordinary allowance
    for _ in range(5):
        f.submit(client_address="10.8.0.1")
    with pytest.raises(services.RegistrationThrottled):
        f.submit(client_address="10.8.0.1")
    # and once the event is over, the hall is back to the ordinary allowance
    time_passes(8 * 3600)
    for i in range(5):
        f.submit(client_address=HALL, device=f"d{i}")
    with pytest.raises(services.RegistrationThrottled):
        f.submit(client_address=HALL, device="d9")


def test_only_staff_open_a_registration_event_and_its_fields_are_checked(personas):
    now = timezone.now()
    good: dict[str, Any] = {
        "name": "Bazar UMKM",
        "place": "Alun-alun Depok",
        "client_address": HALL,
        "starts_at": now,
        "ends_at": now + datetime.timedelta(hours=6),
        "allowance_per_minute": 40,
    }
    # Given an entrepreneur / When they open an event / Then refused
    with pytest.raises(AccessDenied):
        services.registration_event_open(actor=f.submit().person.user, **good)
    # Given staff and bad fields / Then each is named
    bad = {**good, "client_address": "aula", "ends_at": now, "allowance_per_minute": 0}
    with pytest.raises(RuleError) as refused:
        services.registration_event_open(actor=personas.staff, **bad)
    assert {p.field for p in refused.value.problems} == {
        "client_address",
        "ends_at",
        "allowance_per_minute",
    }
    assert RegistrationEvent.objects.count() == 0
    services.registration_event_open(actor=personas.staff, **good)
    assert RegistrationEvent.objects.get().created_by == personas.staff


def test_it_refuses_an_event_that_has_already_ended(personas):
    now = timezone.now()
    with pytest.raises(RuleError) as exc:
        services.registration_event_open(
            actor=personas.staff, name="Kemarin", place="Aula", client_address=HALL,
            starts_at=now - datetime.timedelta(hours=8), ends_at=now - datetime.timedelta(hours=1),
            allowance_per_minute=30,
        )  # fmt: skip
    assert exc.value.codes == ["ends_at_past"]
    assert not RegistrationEvent.objects.exists()


def test_the_admin_opens_a_registration_event_through_the_service(personas):
    # Given the DKUM admin in the Django admin
    from django.test import Client

    from berdaya.core.models import Event

    client = Client()
    client.force_login(personas.admin)
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()  # any date: tomorrow
    # When they add a registration event
    response = client.post(
        "/admin/registry/registrationevent/add/",
        {
            "name": "Hari Pendaftaran Cipayung",
            "place": "Aula Kecamatan Cipayung",
            "client_address": HALL,
            "starts_at_0": day,
            "starts_at_1": "08:00:00",
            "ends_at_0": day,
            "ends_at_1": "15:00:00",
            "allowance_per_minute": "30",
        },
    )
    # Then it is created by the service, with its event and its author
    assert response.status_code == 302, response.content.decode()[:2000]
    event = RegistrationEvent.objects.get()
    assert event.created_by == personas.admin
    assert Event.objects.filter(verb="registration_event_opened", object_id=str(event.pk)).exists()


def test_staff_open_a_registration_event_on_its_page(personas):
    from django.test import Client
    from django.urls import reverse

    url = reverse("registry:registration_events")
    client = Client()
    client.force_login(personas.staff)
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()  # any date: tomorrow
    # Given staff on the events page / When they open an event with an end before its start
    bad = {
        "name": "Hari Pendaftaran Sawangan",
        "place": "Aula Kelurahan Sawangan",
        "client_address": HALL,
        "starts_at": f"{day}T08:00",
        "ends_at": f"{day}T07:00",
        "allowance_per_minute": "40",
    }
    response = client.post(url, bad)
    # Then the page says what is wrong, in Indonesian, and nothing is opened
    assert response.status_code == 422
    assert "Waktu selesai harus setelah mulai." in response.content.decode()
    assert not RegistrationEvent.objects.exists()
    # When they correct it / Then the event is opened and listed
    response = client.post(url, {**bad, "ends_at": f"{day}T15:00"}, follow=True)
    assert response.status_code == 200
    assert "Aula Kelurahan Sawangan" in response.content.decode()
    assert RegistrationEvent.objects.get().allowance_per_minute == 40


@override_settings(BERDAYA_REGISTRATION_DEVICE_LIMIT=1)
def test_the_registration_pages_count_their_device_and_say_the_wait():
    from django.test import Client

    from berdaya.core.personas import DEMO_PASSWORD
    from berdaya.registry.device import DEVICE_COOKIE
    from berdaya.registry.tests.test_views import ADDRESS, BUSINESS, IDENTITY, step

    # Given a browser on the registration pages: it gets a device cookie
    client = Client()
    client.get(step(1))
    device = client.cookies[DEVICE_COOKIE].value
    assert len(device) >= 32
    # and that device already registered someone this hour
    f.submit(person={"nik": f.nik_for(serial=9001)}, client_address="10.7.0.1", device=device)
    # When it registers another person through the pages
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    # Then the page refuses it with the device message and the wait
    assert response.status_code == 429
    assert "Perangkat ini sudah terlalu sering dipakai" in response.content.decode()
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert Registration.objects.count() == 1


def test_the_partners_list_links_the_events_page_for_dkum_staff_only(personas):
    from django.test import Client
    from django.urls import reverse

    events = reverse("registry:registration_events")
    # Given DKUM staff and an RT chair, who both open the partners' list
    for user, shown in ((personas.staff, True), (personas.rt_chair, False)):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("registry:queue")).content.decode()
        # Then only staff, whom the events page lets in, get the link to it
        assert (events in page) is shown
        assert client.get(events).status_code == (200 if shown else 403)
