"""The check-in QR code's address (issue 14): on BERDAYA_PUBLIC_URL when it is set, else on the
address the app is served at (a phone scanning the QR on a LAN or test server must reach it, not
127.0.0.1). The page prints the same address under the code, and the QR holds exactly it."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from berdaya.core.pdf import qr_svg_data_uri
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.public_url import UNSET_PUBLIC_URL
from berdaya.training import services
from berdaya.training.models import Certificate
from berdaya.training.tests.helpers import first_session, make_batch, make_participant

pytestmark = pytest.mark.django_db


def _attendance_page(personas, host: str):
    session = first_session(make_batch(first_start=timezone.now() - timedelta(hours=1), hours=2))
    staff = Client(HTTP_HOST=host)
    staff.force_login(personas.staff)
    response = staff.get(reverse("training:session_attendance", args=[session.pk]))
    assert response.status_code == 200
    path = reverse("training:checkin", args=[session.pk, session.checkin_code])
    return response, path


def _holds(response, url: str) -> None:
    """The QR code encodes ``url`` (the same image as one made from it), and the page prints
    it for a participant whose camera cannot scan."""
    assert response.context["checkin_url"] == url
    assert response.context["qr"] == qr_svg_data_uri(url)
    assert f'href="{url}"' in response.content.decode()


@override_settings(BERDAYA_PUBLIC_URL=UNSET_PUBLIC_URL, ALLOWED_HOSTS=["192.168.1.20"])
def test_the_checkin_qr_uses_the_served_address_without_a_public_url(personas):
    # Given no BERDAYA_PUBLIC_URL (its default) and the app served on a LAN address
    # When staff open a running session's attendance page there
    response, path = _attendance_page(personas, "192.168.1.20")
    # Then the QR code leads to that address, not to 127.0.0.1
    _holds(response, "http://192.168.1.20" + path)
    assert "127.0.0.1" not in response.context["checkin_url"]


@override_settings(BERDAYA_PUBLIC_URL="https://berdaya.depok.go.id", ALLOWED_HOSTS=["10.0.0.5"])
def test_the_checkin_qr_uses_the_public_url_when_it_is_set(personas):
    response, path = _attendance_page(personas, "10.0.0.5")
    _holds(response, "https://berdaya.depok.go.id" + path)


@override_settings(BERDAYA_PUBLIC_URL=UNSET_PUBLIC_URL, ALLOWED_HOSTS=["192.168.1.20"])
def test_the_api_gives_the_certificate_address_the_app_is_served_at(personas):
    # The same class: the verification link the API gives a participant for a certificate.
    user, person = make_participant(phone="081333330077")
    batch = make_batch(sessions=1)
    services.enrollment_register(batch=batch, person=person)
    services.attendance_record(session=first_session(batch), person=person, actor=personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    certificate = Certificate.objects.get(batch=batch, person=person)

    client = Client(HTTP_HOST="192.168.1.20")
    token = client.post(
        "/api/v1/auth/token",
        data={"username": str(user.phone), "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    mine = client.get(
        "/api/v1/me/certificates", headers={"Authorization": f"Bearer {token}"}
    ).json()
    expected = "http://192.168.1.20" + reverse("training:verify", args=[certificate.code])
    assert [c["verify_url"] for c in mine] == [expected]
