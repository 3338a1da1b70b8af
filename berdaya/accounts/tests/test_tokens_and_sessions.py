"""Class 7: tokens and other sessions end with the password; staff sessions expire."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from berdaya.accounts.models import ApiToken
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.responses import redirect_url

LOGIN = "/akun/masuk/"
NEW = "Baru#Sekali2026"


def logged_in(user, password=DEMO_PASSWORD) -> Client:
    client = Client()
    assert (
        client.post(LOGIN, {"username": str(user.phone), "password": password}).status_code == 302
    )
    return client


def test_a_password_change_revokes_tokens_and_other_sessions(api, personas):
    token_client = api(personas.rt_chair)
    other = logged_in(personas.rt_chair)
    me = logged_in(personas.rt_chair)
    response = me.post(
        "/akun/kata-sandi/",
        {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert token_client.get("me").status_code == 401
    assert ApiToken.objects.filter(user=personas.rt_chair, revoked_at__isnull=True).count() == 0
    assert other.get("/notifikasi/").status_code == 302  # logged out
    assert me.get("/notifikasi/").status_code == 200  # the session that changed it stays


def test_a_password_reset_revokes_tokens(api, personas):
    token_client = api(personas.staff)
    personas.staff.set_password(NEW)
    personas.staff.save()
    assert token_client.get("me").status_code == 401


def test_deactivating_a_user_revokes_tokens_and_sessions(api, personas):
    token_client = api(personas.rt_chair)
    session = logged_in(personas.rt_chair)
    personas.rt_chair.is_active = False
    personas.rt_chair.save()
    assert ApiToken.objects.filter(user=personas.rt_chair, revoked_at__isnull=True).count() == 0
    assert token_client.get("me").status_code == 401
    assert session.get("/notifikasi/").status_code == 302


def test_the_caller_revokes_all_their_tokens(api, personas):
    first = api(personas.rt_chair)
    second = api(personas.rt_chair)
    others = api(personas.rw_chair)
    response = first.delete("auth/tokens")
    assert response.status_code == 200
    assert response.json() == {"revoked": 2}
    assert first.get("me").status_code == 401
    assert second.get("me").status_code == 401
    assert others.get("me").status_code == 200
    assert api().delete("auth/tokens").status_code == 401


@pytest.fixture
def short(settings):
    settings.BERDAYA_STAFF_SESSION_HOURS = 8
    settings.BERDAYA_STAFF_IDLE_MINUTES = 30


def _age(client, *, started=None, seen=None):
    session = client.session
    now = timezone.now().timestamp()
    if started is not None:
        session["berdaya_started"] = now - started
    if seen is not None:
        session["berdaya_seen"] = now - seen
    session.save()


def test_staff_sessions_end_after_30_minutes_idle(personas, short):
    client = logged_in(personas.staff)
    _age(client, seen=29 * 60)
    assert client.get("/notifikasi/").status_code == 200
    _age(client, seen=31 * 60)
    response = client.get("/notifikasi/")
    assert response.status_code == 302 and redirect_url(response).startswith("/akun/masuk/")
    assert client.get("/api/v1/me").status_code == 401


def test_staff_sessions_end_after_a_working_day_even_when_busy(personas, short):
    client = logged_in(personas.staff)
    _age(client, started=int(timedelta(hours=7, minutes=59).total_seconds()), seen=10)
    assert client.get("/notifikasi/").status_code == 200
    _age(client, started=int(timedelta(hours=8, minutes=1).total_seconds()), seen=10)
    assert client.get("/notifikasi/").status_code == 302


def test_citizen_sessions_keep_todays_behaviour(personas, short):
    client = logged_in(personas.rt_chair)
    _age(client, started=3 * 24 * 3600, seen=5 * 3600)
    assert client.get("/notifikasi/").status_code == 200
