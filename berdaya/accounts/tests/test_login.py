from django.urls import reverse

from berdaya.core.personas import DEMO_PASSWORD

LOGIN = "/akun/masuk/"


def test_it_logs_in_with_a_phone_in_any_local_format(client, personas):
    response = client.post(LOGIN, {"username": "0812-0000-0020", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get("/").context["user"] == personas.staff


def test_it_logs_in_with_an_email(client, personas):
    response = client.post(LOGIN, {"username": "STAF@berdaya.local", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_it_refuses_a_wrong_password_with_a_clear_message_and_keeps_the_input(client, personas):
    response = client.post(LOGIN, {"username": "081200000020", "password": "salah"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "kata sandi salah" in html
    assert 'value="081200000020"' in html
    assert 'class="error-summary"' in html


def test_it_throttles_repeated_failures_without_a_permanent_lock(client, personas, settings):
    for _ in range(settings.BERDAYA_LOGIN_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "081200000020", "password": "salah"})
    response = client.post(LOGIN, {"username": "081200000020", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "15 menit" in response.content.decode()
    # Another account from the same address is not locked.
    other = client.post(LOGIN, {"username": "081200000021", "password": DEMO_PASSWORD})
    assert other.status_code == 302


def test_it_shows_the_login_page_in_indonesian(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Nomor HP atau email" in html


def test_it_logs_out_and_changes_the_password(client, personas):
    client.force_login(personas.staff)
    response = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Baru#Sekali2026",
            "new_password2": "Baru#Sekali2026",
        },
    )
    assert response.status_code == 302
    client.post("/akun/keluar/")
    assert (
        client.post(LOGIN, {"username": "081200000020", "password": "Baru#Sekali2026"}).status_code
        == 302
    )


def test_it_sends_a_password_reset_link_by_email(client, personas, mailoutbox):
    response = client.post("/akun/lupa-kata-sandi/", {"email": "staf@berdaya.local"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/akun/atur-ulang/" in mailoutbox[0].body
