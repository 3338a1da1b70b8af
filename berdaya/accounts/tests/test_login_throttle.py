"""Class 2: failures are counted per (login, address); a locked pair is refused whatever the
password; other logins from the address go on; a higher per-address limit stops spraying."""

import pytest

from berdaya.core.personas import DEMO_PASSWORD

TOKEN = "/api/v1/auth/token"
LOGIN = "/akun/masuk/"


def token(client, username, password, address="10.0.0.1"):
    return client.post(
        TOKEN,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


@pytest.fixture
def limits(settings):
    settings.BERDAYA_LOGIN_FAILURE_LIMIT = 3
    settings.BERDAYA_LOGIN_ADDRESS_LIMIT = 6
    return settings


def test_it_refuses_a_locked_pair_even_with_the_right_password(client, personas, limits):
    for _ in range(3):
        assert token(client, "081200000020", "salah").status_code == 401
    locked = token(client, "081200000020", DEMO_PASSWORD)
    assert locked.status_code == 429
    body = locked.json()
    assert body["code"] == "too_many_attempts"
    assert 0 < body["retry_after_seconds"] <= 15 * 60
    assert int(locked["Retry-After"]) == body["retry_after_seconds"]
    # the same phone written differently is the same login
    assert token(client, "+62 812-0000-0020", DEMO_PASSWORD).status_code == 429


def test_it_counts_below_the_limit_and_a_success_resets(client, personas, limits):
    for _ in range(2):
        token(client, "081200000020", "salah")
    assert token(client, "081200000020", DEMO_PASSWORD).status_code == 200
    for _ in range(2):
        token(client, "081200000020", "salah")
    assert token(client, "081200000020", DEMO_PASSWORD).status_code == 200


def test_it_leaves_other_logins_and_other_addresses_alone(client, personas, limits):
    for _ in range(4):
        token(client, "081200000020", "salah")
    assert token(client, "081200000021", DEMO_PASSWORD).status_code == 200
    assert token(client, "081200000020", DEMO_PASSWORD, address="10.0.0.2").status_code == 200


def test_an_empty_username_never_locks_anyone_out(client, personas, limits):
    for _ in range(20):
        response = token(client, "", "salah")
        assert response.status_code in (401, 422)
    assert token(client, "081200000020", DEMO_PASSWORD).status_code == 200


def test_it_stops_password_spraying_from_one_address(client, personas, limits):
    users = [
        "081200000003",
        "081200000007",
        "081200000010",
        "081200000030",
        "081200000031",
        "081200000040",
    ]
    for username in users:
        assert token(client, username, "salah").status_code == 401
    sprayed = token(client, "081200000020", DEMO_PASSWORD)
    assert sprayed.status_code == 429
    assert sprayed.json()["code"] == "too_many_attempts_address"
    assert token(client, "081200000020", DEMO_PASSWORD, address="10.9.9.9").status_code == 200


def test_the_page_login_shares_the_same_counter(client, personas, limits):
    for _ in range(3):
        token(client, "081200000020", "salah", address="127.0.0.1")
    page = client.post(LOGIN, {"username": "081200000020", "password": DEMO_PASSWORD})
    assert page.status_code == 429
    assert "menit" in page.content.decode()
    assert page["Retry-After"]
    other = client.post(LOGIN, {"username": "081200000021", "password": DEMO_PASSWORD})
    assert other.status_code == 302


def test_the_page_login_with_an_empty_username_locks_no_one(client, personas, limits):
    for _ in range(10):
        client.post(LOGIN, {"username": "", "password": "salah"})
    assert (
        client.post(LOGIN, {"username": "081200000020", "password": DEMO_PASSWORD}).status_code
        == 302
    )


def test_the_django_admin_login_is_throttled_too(client, personas, limits):
    for _ in range(3):
        client.post("/admin/login/", {"username": "081200000021", "password": "salah"})
    # the admin login counted: the pair is locked on the API and the page too
    assert token(client, "081200000021", DEMO_PASSWORD, address="127.0.0.1").status_code == 429
    refused = client.post("/admin/login/", {"username": "081200000021", "password": DEMO_PASSWORD})
    assert refused.status_code == 200  # the form again: not logged in
    assert client.get("/admin/").status_code == 302


def test_a_right_password_below_the_limit_leaves_no_failure_counted(client, personas, limits):
    from berdaya.accounts.models import LoginFailure

    # given one wrong password, then the right one by the Django admin login (which does not
    # reset the count)
    token(client, "081200000020", "salah")
    client.post("/admin/login/", {"username": "081200000020", "password": DEMO_PASSWORD},
                REMOTE_ADDR="10.0.0.1")  # fmt: skip
    # then only the wrong one is counted: the right one's advance count was taken back
    assert LoginFailure.objects.filter(login="+6281200000020").count() == 1
