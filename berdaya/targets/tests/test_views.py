import datetime
import io

import pytest
from django.urls import reverse

from berdaya.targets import selectors
from berdaya.targets.tests.builders import local, log_in, population, registration, seeded_targets

TODAY = datetime.date(2023, 1, 1)


@pytest.fixture
def known(db, monkeypatch):
    monkeypatch.setattr(selectors, "today_local", lambda: TODAY)
    population()
    return seeded_targets()


def _login(client, user):
    log_in(client, user)
    return client


@pytest.mark.parametrize("who", ["head", "staff", "admin"])
def test_it_shows_the_dashboard_to_leaders_and_staff(known, personas, client, who):
    response = _login(client, getattr(personas, who)).get(reverse("targets:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "5.000 Pengusaha Baru" in html
    assert "1.000 Perempuan Pengusaha" in html
    assert "<svg" in html
    assert "Tertinggal" in html


def test_it_shows_the_known_numbers_on_the_dashboard(known, personas, client):
    new, _ = known
    response = _login(client, personas.head).get(reverse("targets:dashboard"))
    cards = response.context["cards"]
    first = next(c for c in cards if c["id"] == new.pk)
    assert (first["achieved"], first["target"], first["projected"]) == ("4", "5.000", "12")
    assert [y["achieved"] for y in first["years"]] == ["2", "1", "1"]
    sections = {
        s["by"]: {r["key"]: r["text"] for r in s["rows"]} for s in response.context["sections"]
    }
    assert sections["kecamatan"] == {"32.76.01": "1", "32.76.06": "3"}
    assert sections["gender"] == {"L": "2", "P": "2"}
    # the line has every month of the period up to today, with zeros
    assert len(sections["month"]) == 13
    assert sections["month"]["2022-03"] == "2"


@pytest.mark.parametrize("who", ["outsider", "rt_chair", "bank_officer"])
def test_it_refuses_the_dashboard_and_exports_to_others(known, personas, client, who):
    _login(client, getattr(personas, who))
    for name in ("targets:dashboard", "targets:export_xlsx", "targets:export_pdf"):
        assert client.get(reverse(name)).status_code == 403


def test_it_sends_anonymous_visitors_of_the_dashboard_to_login(known, client):
    response = client.get(reverse("targets:dashboard"))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_it_shows_the_public_page_without_login_with_small_counts_suppressed(known, client):
    # given 5 more new entrepreneurs in Beji in 2022 (7 in Beji, 1 in Kukusan, 1 in Depok Jaya)
    for _ in range(5):
        registration(verified_at=local(2022, 9, 9))
    response = client.get(reverse("targets:public"))
    assert response.status_code == 200
    cards = {c["name"]: c for c in response.context["cards"]}
    assert cards["5.000 Pengusaha Baru"]["achieved"] == "9"
    assert cards["1.000 Perempuan Pengusaha"]["achieved"] == "<5"
    assert cards["1.000 Perempuan Pengusaha"]["projected"] == "<5"
    assert [y["achieved"] for y in cards["5.000 Pengusaha Baru"]["years"]] == ["7", "<5", "<5"]
    sections = {
        s["by"]: {r["key"]: r["text"] for r in s["rows"]} for s in response.context["sections"]
    }
    assert sections["kelurahan"] == {
        "32.76.01.1007": "<5",
        "32.76.06.1001": "7",
        "32.76.06.1002": "<5",
    }
    assert sections["gender"] == {"L": "7", "P": "<5"}
    html = response.content.decode()
    assert "&lt;5" in html
    assert ">2<" not in html


def test_it_exports_the_dashboard_to_xlsx(known, personas, client):
    from python_calamine import CalamineWorkbook

    response = _login(client, personas.staff).get(reverse("targets:export_xlsx"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[0][:6] == ["Target", "Bagian", "Kode", "Uraian", "Target", "Capaian"]
    total = next(r for r in rows if r[0] == "5.000 Pengusaha Baru" and r[1] == "Total")
    assert (total[4], total[5], total[6]) == (5000, 4, 12)
    kecamatan = [r for r in rows if r[1] == "Per kecamatan" and r[0] == "5.000 Pengusaha Baru"]
    assert {r[2]: r[5] for r in kecamatan} == {"32.76.06": 3, "32.76.01": 1}
    women = [r for r in rows if r[1] == "Per jenis kelamin" and r[0] == "1.000 Perempuan Pengusaha"]
    assert {r[2]: r[5] for r in women} == {"P": 2}


def test_it_exports_the_dashboard_to_pdf(known, personas, client):
    response = _login(client, personas.head).get(reverse("targets:export_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
