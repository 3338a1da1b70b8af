"""The header menu leads only to pages the user can use (``berdaya.portal.templatetags.menus``).

Given users of every kind (each persona, a newcomer whose registration waits, a waiting
newcomer invited to a financing group, a verified partner, a board without a cooperative, staff
limited to one kecamatan): every menu entry they see opens (never a refusal); each entry that is
not for everyone has users on both sides; and each role sees its own pages ("Pembiayaan" was
shown to a newcomer who can do nothing there, "Impor" to a board without a cooperative, whom
the page refuses)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from berdaya.core.personas import DEMO_PASSWORD

# the page of each menu entry (templates/includes/nav.html)
ENTRY_PAGES = (
    "/mitra/",  # Usaha saya
    "/dkum/mitra/",  # Verifikasi / Data mitra
    "/pelatihan/",  # Pelatihan / Pelatihan saya
    "/pembiayaan/",  # Pembiayaan
    "/dasbor/",  # Dasbor
    "/koperasi/",  # Koperasi
    "/peluang/",  # Peluang
    "/impor/",  # Impor
    "/privasi/log-akses/",  # Log akses data
)
FOR_EVERYONE = ("/", "/katalog/", "/notifikasi/", "/akun/kata-sandi/")


class _HeaderLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "header":
            self.inside = True
        if self.inside and tag == "a":
            self.hrefs.add(dict(attrs).get("href") or "")

    def handle_endtag(self, tag) -> None:
        if tag == "header":
            self.inside = False


def header_links(html: str) -> set[str]:
    parser = _HeaderLinks()
    parser.feed(html)
    return parser.hrefs


def _newcomer():
    """A citizen who registered online; DKUM has not verified the registration yet."""
    from berdaya.accounts.models import User
    from berdaya.registry.tests import factories as f

    registration = f.submit()
    return User.objects.get(pk=registration.person.user_id), registration


def _users(personas) -> dict:
    from berdaya.accounts.services import role_assign, user_create
    from berdaya.financing import services as financing_services
    from berdaya.financing.models import Product
    from berdaya.financing.tests.factories import make_partner
    from berdaya.financing.tests.service_helpers import small_application
    from berdaya.registry.tests import factories as f

    users = {
        name: getattr(personas, name)
        for name in (
            "rt_chair",
            "rw_chair",
            "kelurahan_officer",
            "staff",
            "admin",
            "bank_officer",
            "baznas_officer",
            "head",
            "outsider",
        )
    }
    users["newcomer"], _ = _newcomer()
    users["verified_partner"] = User_of(f.verified(personas.staff))
    # an invited newcomer: someone's group waits for their answer while DKUM checks them
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    application, members = small_application()
    invited = make_partner(verified=False)
    financing_services.invitation_create(
        group=application.group, user=members[0].user, nik=invited.nik
    )
    users["newcomer_invited"] = invited.user
    board = user_create(
        full_name="Pengurus Koperasi", phone="081277770050", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=board, role="pengurus_koperasi")
    users["coop_board_without_data"] = board
    kecamatan_staff = user_create(
        full_name="Staf Kecamatan", phone="081277770001", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=kecamatan_staff, role="staf_dkum", kecamatan_code="32.76.06")
    users["kecamatan_staff"] = kecamatan_staff
    return users


def User_of(registration):  # noqa: N802 - reads as "the User of"
    from berdaya.accounts.models import User

    return User.objects.get(pk=registration.person.user_id)


def test_every_menu_entry_opens_for_whom_it_is_shown(client, personas):
    seen_by: dict[str, set[str]] = {url: set() for url in ENTRY_PAGES}
    hidden_from: dict[str, set[str]] = {url: set() for url in ENTRY_PAGES}
    refused = []
    for who, user in _users(personas).items():
        client.force_login(user)
        shown = header_links(client.get("/").content.decode())
        for url in FOR_EVERYONE:
            assert url in shown, (who, url)
        for url in ENTRY_PAGES:
            (seen_by if url in shown else hidden_from)[url].add(who)
            if url in shown and (status := client.get(url).status_code) != 200:
                refused.append(f"{who}: the menu leads to {url}, which answers {status}")
        client.logout()
    assert not refused, "\n".join(refused)
    # every entry is really asked: someone sees it and, but for the page open to anyone logged
    # in that some see anyway, someone does not
    for url in ENTRY_PAGES:
        assert seen_by[url], url
        assert hidden_from[url], (url, seen_by[url])


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("newcomer", {"/mitra/"}, {"/pembiayaan/", "/peluang/", "/pelatihan/", "/koperasi/"}),
        ("newcomer_invited", {"/mitra/", "/pembiayaan/"}, {"/peluang/", "/dkum/mitra/"}),
        ("outsider", {"/mitra/"}, {"/pembiayaan/", "/pelatihan/", "/peluang/", "/impor/"}),
        ("coop_board_without_data", {"/koperasi/"}, {"/impor/", "/pembiayaan/", "/peluang/"}),
        (
            "verified_partner",
            {"/mitra/", "/pembiayaan/", "/pelatihan/", "/peluang/", "/koperasi/"},
            {"/dkum/mitra/", "/impor/", "/dasbor/"},
        ),
        ("head", {"/dasbor/", "/pembiayaan/", "/koperasi/"}, {"/pelatihan/", "/peluang/"}),
        ("bank_officer", {"/pembiayaan/"}, {"/mitra/", "/pelatihan/", "/dkum/mitra/"}),
        ("kecamatan_staff", {"/dkum/mitra/", "/pelatihan/"}, {"/dasbor/", "/privasi/log-akses/"}),
    ],
)
def test_a_waiting_newcomer_gets_no_pembiayaan_and_each_role_its_pages(
    client, personas, who, shown, hidden
):
    # Given the user (a newcomer: "Pembiayaan" was shown to them, though they can do nothing there)
    user = _users(personas)[who]
    client.force_login(user)
    # When they open any page, then the menu leads only to what they can use
    links = header_links(client.get("/").content.decode())
    assert shown <= links, shown - links
    assert not hidden & links, hidden & links
