from berdaya.core.models import Notification


def test_it_serves_the_landing_page_in_indonesian(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "mitra binaan" in html


def test_it_stays_indonesian_for_a_phone_set_to_english(client, db):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="id">' in response.content.decode()


def test_it_offers_no_language_switch_and_lang_stays_true(client, db):
    # ADR 0007: English was never complete, so the switch is gone and every page says lang="id".
    html = client.get("/").content.decode()
    assert "set_language" not in html and 'name="language"' not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "mitra binaan" in html


def test_it_shows_a_logged_in_user_their_roles_and_waiting_items(client, personas):
    client.force_login(personas.rt_chair)
    html = client.get("/").content.decode()
    assert "Ketua RT" in html
    assert "RT 3/RW 7" in html
    assert "Menunggu tindakan Anda" in html


def test_it_lists_and_marks_a_users_notifications_only(client, personas):
    Notification.objects.create(user=personas.staff, title="Untuk staf")
    Notification.objects.create(user=personas.head, title="Untuk pimpinan")
    client.force_login(personas.staff)
    html = client.get("/notifikasi/").content.decode()
    assert "Untuk staf" in html and "Untuk pimpinan" not in html
    client.post("/notifikasi/dibaca/")
    assert Notification.objects.get(title="Untuk staf").read_at is not None
    assert Notification.objects.get(title="Untuk pimpinan").read_at is None


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get("/notifikasi/")
    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/")


def test_it_serves_the_django_admin_only_to_the_dkum_admin(client, personas):
    client.force_login(personas.staff)
    assert client.get("/admin/").status_code == 302
    client.force_login(personas.admin)
    assert client.get("/admin/").status_code == 200
