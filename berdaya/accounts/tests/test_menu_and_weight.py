"""Each role's own menu, the greeting, the office contact, and page weight (base.html)."""

import gzip

import pytest

HTMX = "vendor/htmx-2.0.11.min.js"


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        (  # a citizen without registry data: nothing there they can use yet (issue 14)
            "outsider",
            ["Usaha saya"],
            ["Verifikasi", "Dasbor", "Impor", "Pelatihan saya", "Peluang", "Koperasi"],
        ),
        ("rt_chair", ["Data mitra", "Pembiayaan"], ["Pelatihan", "Usaha saya", "Peluang", "Impor"]),
        ("bank_officer", ["Pembiayaan"], ["Pelatihan", "Usaha saya", "Peluang", "Data mitra"]),
        ("head", ["Dasbor", "Data mitra"], ["Pelatihan", "Usaha saya", "Peluang", "Impor"]),
        ("staff", ["Verifikasi", "Pelatihan", "Dasbor", "Impor"], ["Usaha saya", "Log akses"]),
        ("admin", ["Verifikasi", "Log akses data"], ["Usaha saya", "Pelatihan saya"]),
    ],
)
def test_it_shows_each_role_its_own_menu(client, personas, persona, shown, hidden):
    client.force_login(getattr(personas, persona))
    html = client.get("/").content.decode()
    nav = html[html.index('class="top-nav"') : html.index("</nav>")]
    for label in shown:
        assert f">{label}<" in nav, label
    for label in hidden:
        assert f">{label}" not in nav, label


def _nav(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('class="top-nav"') : html.index("</nav>")]


PARTNER_ONLY_WHEN_USABLE = ("Koperasi", "Peluang", "Pelatihan saya")


def test_a_newcomer_waiting_for_verification_gets_only_what_they_can_use(client, personas):
    """Peluang is for verified partners, Pelatihan saya and Koperasi show a partner's own
    trainings and cooperatives: a newcomer whose registration waits gets none of them, and gets
    them once verified (slow-3G walk, issue 14)."""
    from berdaya.accounts.models import User
    from berdaya.registry.services import registration_review
    from berdaya.registry.tests import factories as f

    reg = f.submit()
    newcomer = User.objects.get(pk=reg.person.user_id)
    client.force_login(newcomer)
    nav = _nav(client)
    assert ">Usaha saya<" in nav
    for label in PARTNER_ONLY_WHEN_USABLE:
        assert f">{label}<" not in nav, label
    assert nav.count("<a ") <= 6  # short on a phone: Beranda, Usaha saya, ..., Akun
    registration_review(registration=reg, reviewer=personas.staff, decision="verify")
    nav = _nav(client)
    for label in PARTNER_ONLY_WHEN_USABLE:
        assert f">{label}<" in nav, label


def test_a_waiting_newcomer_already_enrolled_keeps_their_trainings(client, personas):
    from berdaya.accounts.models import User
    from berdaya.registry.tests import factories as f
    from berdaya.training.tests.helpers import make_batch, register

    reg = f.submit()
    register(make_batch(), reg.person)
    client.force_login(User.objects.get(pk=reg.person.user_id))
    nav = _nav(client)
    assert ">Pelatihan saya<" in nav and ">Peluang<" not in nav


def test_it_greets_by_the_nickname_then_the_first_real_word(client, personas):
    user = personas.outsider
    user.full_name = "T. Wulandari Siregar"
    user.save()
    client.force_login(user)
    assert "Halo, Wulandari" in client.get("/").content.decode()
    user.nickname = "Wulan"
    user.save()
    html = client.get("/").content.decode()
    assert "Halo, Wulan<" in html and "Hai, Wulan<" in html
    assert "Halo, T." not in html


def test_the_short_name_falls_back_sensibly(personas):
    user = personas.outsider
    for full, short in [("Siti Aminah", "Siti"), ("A. B.", "A."), ("", str(user.phone))]:
        user.full_name, user.nickname = full, ""
        assert user.get_short_name() == short


def test_every_page_shows_the_office_contact(client, db, settings):
    settings.BERDAYA_OFFICE_PHONE = "(021) 7777 8888"
    settings.BERDAYA_OFFICE_WHATSAPP = "0812-1111-2222"
    for url in ("/", "/akun/masuk/", "/akun/lupa-kata-sandi/", "/akun/lupa-kata-sandi/kode/"):
        html = client.get(url).content.decode()
        assert 'href="tel:02177778888"' in html, url
        assert "https://wa.me/6281211112222" in html, url
        assert settings.BERDAYA_OFFICE_ADDRESS in html and settings.BERDAYA_OFFICE_HOURS in html


def test_htmx_is_loaded_only_by_pages_that_use_it(client, personas):
    client.force_login(personas.staff)
    for url in ("/", "/notifikasi/", "/dkum/mitra/", "/pelatihan/", "/akun/kata-sandi/"):
        html = client.get(url).content.decode()
        if " hx-" in html.replace("<body hx-headers", "<body "):
            assert HTMX in html, url  # a page with hx-* attributes always gets htmx
    for url in ("/", "/pelatihan/", "/akun/kata-sandi/"):
        assert HTMX not in client.get(url).content.decode(), url
    assert HTMX not in client.get("/").content.decode()
    assert HTMX in client.get("/notifikasi/").content.decode()
    client.logout()
    assert HTMX in client.get("/daftar/langkah/1/", follow=True).content.decode()


def test_html_is_compressed_when_the_browser_accepts_it(client, db):
    response = client.get("/akun/masuk/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Vary" in response and "Accept-Encoding" in response["Vary"]
    assert "Masuk ke Berdaya" in gzip.decompress(response.content).decode()
    plain = client.get("/akun/masuk/")
    assert not plain.has_header("Content-Encoding")


def test_static_files_are_hashed_and_compressed_outside_tests(settings):
    from config import settings as real

    assert real.STORAGES["staticfiles"]["BACKEND"].endswith("CompressedManifestStaticFilesStorage")
