"""Every "hubungi DKUM" carries the office's contact itself (issue 14).

A message that tells a person to contact the office (hubungi DKUM, hubungi kantor, datang ke
kantor ...) gives the phone/WhatsApp and hours right there, read from settings, so that nobody
has to look for them. Python builds such a sentence with ``berdaya.accounts.office
.contact_sentence()`` and templates with ``includes/office_contact.html`` (``office_lead=``, the
sentence that leads into the contact) or ``{% office_reach %}``; the scans below refuse the
phrase anywhere else, and the page tests check that the rendered phrase is followed by the
number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils.html import strip_tags

from berdaya.accounts.office import contact_sentence

ROOT = Path(__file__).resolve().parents[3]
CONTACT_PHRASE = re.compile(
    r"hubungi|datang ke kantor|ke kantor (?:dinas|dkum)|kantor dinas|kantor dkum"
    r"|minta (?:staf|petugas)",
    re.I,
)
# Not a request to contact the office: the office contacts the person, or the page says that
# nobody needs to come to the office.
NOT_A_REQUEST = re.compile(
    r"tanpa datang ke kantor|akan menghubungi anda|yang akan menghubungi", re.I
)
SKIPPED_PARTS = {"tests", "migrations", "node_modules", ".venv", "bench"}
# The one place that writes the sentence from settings.
SOURCE_OF_THE_SENTENCE = {"berdaya/accounts/office.py", "templates/includes/office_contact.html"}


def _ours(*patterns: str) -> list[Path]:
    found = {p for pattern in patterns for p in ROOT.glob(pattern)}
    return sorted(p for p in found if not SKIPPED_PARTS & set(p.relative_to(ROOT).parts))


def _requests(text: str) -> list[re.Match]:
    masked = NOT_A_REQUEST.sub(lambda m: "_" * len(m.group(0)), text)
    return list(CONTACT_PHRASE.finditer(masked))


def template_problems(rel: str, text: str) -> list[str]:
    bad = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _requests(line):
            before, after = line[: match.start()], line[match.start() :]
            if re.search(r"""office_lead=(?:_\()?["'][^"']*$""", before):
                continue  # the lead sentence of includes/office_contact.html
            if re.match(r"[^<{]*\{%\s*office_reach\s*%\}", after):
                continue  # "... hubungi DKUM di {% office_reach %}"
            bad.append(f"{rel}:{number}: {line.strip()[:120]}")
    return bad


def python_problems(rel: str, text: str) -> list[str]:
    """String literals (not docstrings, not comments) that ask the reader to contact the
    office: they must be built with contact_sentence() instead."""
    tree = ast.parse(text)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                docstrings.add(id(body[0].value))
    carried: set[int] = set()  # the text of an f-string that also writes contact_sentence()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(part, ast.FormattedValue)
            and isinstance(part.value, ast.Call)
            and getattr(part.value.func, "id", "").startswith("contact_sentence")
            for part in node.values
        ):
            carried.update(id(part) for part in node.values)
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings | carried and _requests(node.value):
                bad.append(f"{rel}:{node.lineno}: {node.value.strip()[:120]!r}")
    return bad


def test_templates_give_the_contact_with_every_request_to_contact_the_office():
    bad: list[str] = []
    for path in _ours(
        "templates/**/*.html",
        "templates/**/*.txt",
        "templates/**/*.js",
        "berdaya/**/templates/**/*.html",
        "berdaya/**/templates/**/*.txt",
    ):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in SOURCE_OF_THE_SENTENCE:
            bad += template_problems(rel, path.read_text(encoding="utf-8"))
    assert not bad, (
        "Pass the sentence as office_lead= of includes/office_contact.html, or follow it with "
        "{% office_reach %}:\n" + "\n".join(bad)
    )


def test_python_messages_build_every_request_to_contact_the_office_from_settings():
    bad: list[str] = []
    for path in _ours("berdaya/**/*.py", "config/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in SOURCE_OF_THE_SENTENCE:
            bad += python_problems(rel, path.read_text(encoding="utf-8"))
    assert not bad, (
        "Write '... atau {contact_sentence()}.' (berdaya.accounts.office):\n" + "\n".join(bad)
    )


def test_scripts_do_not_send_people_to_the_office_without_its_contact():
    bad: list[str] = []
    for path in _ours("static/js/*.js"):
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _requests(line):
                bad.append(f"{rel}:{number}: {line.strip()[:120]}")
    assert not bad, "Scripts cannot read the office's contact; say it in the page:\n" + "\n".join(
        bad
    )


def test_the_scans_see_a_bare_request():
    assert template_problems("x.html", "<p>Hubungi DKUM bila ada pertanyaan.</p>")
    assert template_problems("x.html", '{% translate "Jika perlu, hubungi petugas DKUM." as x %}')
    assert not template_problems("x.html", "<p>Daftar tanpa datang ke kantor.</p>")
    assert not template_problems(
        "x.html", '{% include "includes/office_contact.html" with office_lead="Hubungi DKUM" %}'
    )
    assert not template_problems(
        "x.html", "<p>(sebutkan bila menghubungi DKUM di {% office_reach %})</p>"
    )
    assert python_problems("x.py", 'M = "Akun tidak aktif. Hubungi Dinas Koperasi dan UMKM."\n')
    assert python_problems("x.py", 'm = f"Coba lagi dalam {n} menit, atau hubungi kantor DKUM."\n')
    assert not python_problems("x.py", 'm = f"Coba lagi, atau {contact_sentence()}."\n')
    assert not python_problems("x.py", 'm = f"Minta staf mencatatnya, atau {contact_sentence()}."')
    assert python_problems("x.py", 'm = "Sesi selesai. Minta staf mencatat kehadiran Anda."\n')
    assert not python_problems("x.py", '"""Shown with each hubungi DKUM."""\n')


# --- As people read it --------------------------------------------------------------------
WA = "0811-2233-4455"


@pytest.fixture
def office(settings):
    settings.BERDAYA_OFFICE_PHONE = "(021) 555 0101"
    settings.BERDAYA_OFFICE_WHATSAPP = WA
    settings.BERDAYA_OFFICE_HOURS = "Senin-Jumat 08.00-15.00 WIB"
    return settings


def assert_each_request_carries_the_contact(html: str, within: int = 200) -> int:
    """Every request to contact the office in the page's text is followed, within ``within``
    characters, by the office's WhatsApp number. Returns how many there were."""
    text = re.sub(r"\s+", " ", strip_tags(html))
    requests = _requests(text)
    for match in requests:
        following = text[match.start() : match.end() + within]
        assert WA in following, f"no contact after: {text[max(0, match.start() - 80) :][:300]!r}"
    return len(requests)


def test_the_sentence_reads_the_settings(office):
    sentence = contact_sentence()
    assert sentence.startswith("hubungi Dinas Koperasi dan UMKM Kota Depok")
    assert "(021) 555 0101" in sentence and WA in sentence and "08.00-15.00" in sentence
    assert office.BERDAYA_OFFICE_ADDRESS in sentence


def test_an_inactive_account_is_told_how_to_reach_the_office(personas, office):
    from django.core.exceptions import ValidationError

    from berdaya.accounts.forms import LoginForm

    user = personas.outsider
    user.is_active = False
    with pytest.raises(ValidationError) as caught:
        LoginForm(data={}).confirm_login_allowed(user)
    assert assert_each_request_carries_the_contact(" ".join(caught.value.messages)) == 1


def test_the_registration_status_page_gives_the_contact_where_it_says_to_contact(
    client, db, office
):
    from berdaya.registry.services import registration_review
    from berdaya.registry.tests.factories import submit

    reg = submit()
    client.force_login(reg.person.user)
    html = client.get(f"/daftar/status/{reg.pk}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert assert_each_request_carries_the_contact(main) >= 1  # "sebutkan bila menghubungi DKUM"
    from berdaya.accounts.personas import create_personas

    staff = create_personas().staff
    registration_review(registration=reg, reviewer=staff, decision="reject", reason="Data ganda.")
    html = client.get(f"/daftar/status/{reg.pk}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert assert_each_request_carries_the_contact(main) >= 2  # and "Ada pertanyaan? Hubungi"


def test_the_403_page_gives_the_contact_with_its_request(client, personas, office):
    client.force_login(personas.outsider)
    response = client.get("/dkum/mitra/")
    assert response.status_code == 403
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert assert_each_request_carries_the_contact(main) >= 1


def test_a_registered_nik_is_answered_with_the_contact(db, office):
    from berdaya.core.errors import ConflictError
    from berdaya.registry.tests.factories import person_data, submit

    first = submit()
    with pytest.raises(ConflictError) as caught:
        submit(person=person_data(nik=first.person.nik))
    assert assert_each_request_carries_the_contact(str(caught.value.message)) == 1
