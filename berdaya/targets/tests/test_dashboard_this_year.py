"""The targets dashboard on a phone (issue 14, slow-3G walk): the breakdown opens on the current
year's period (not the ended 2022-2024 target), "Cara menghitung" shows that it opens, and the
links to exports and forms are one compact line, not three large buttons above the figures."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from berdaya.targets import selectors
from berdaya.targets.models import Target
from berdaya.targets.tests.builders import local, log_in, population, registration, seeded_targets

NOVEMBER_2026 = datetime.date(2026, 11, 15)
CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "targets.css"


@pytest.fixture
def november(db, monkeypatch):
    """15 November 2026; the seeded targets ended in 2024; new entrepreneurs verified in 2026:
    2 women (January, February) and 5 men (March to July)."""
    monkeypatch.setattr(selectors, "today_local", lambda: NOVEMBER_2026)
    population()
    for month in (1, 2, 3, 4, 5, 6, 7):
        registration(gender="P" if month < 3 else "L", verified_at=local(2026, month, 3))
    return seeded_targets()


def _month_total(context) -> int:
    month = next(s for s in context["sections"] if s["by"] == "month")
    return sum(r["value"] for r in month["rows"] if not r["hidden"])


def test_the_breakdown_opens_on_the_current_years_period(november, personas, client):
    log_in(client, personas.head)
    response = client.get(reverse("targets:dashboard"))
    context = response.context
    assert context["selected"]["id"] is None
    assert "Periode 2026" in context["selected"]["name"]
    assert context["open_year"].year == 2026
    month = next(s for s in context["sections"] if s["by"] == "month")
    assert [r["key"] for r in month["rows"]][0] == "2026-01"
    assert month["rows"][-1]["key"] == "2026-11"  # up to this month, not 2022-2024
    # the rule of the target that was shown before (women entrepreneurs: 2 this year)
    year = context["open_year"]
    assert (year.rule, _month_total(context)) == ("women_entrepreneurs", 2)
    assert year.achieved == 2
    html = response.content.decode()
    assert f"Rincian: {year.rule_label}, Periode 2026" in html
    assert '<option value="" selected>' in html  # the ended targets stay one choice away
    assert "belum punya target" in html
    # the year's cumulative achievement is drawn, without a target line (there is none yet)
    cumulative = context["cumulative"]
    assert 'class="chart chart-cumulative"' in cumulative["chart"]
    assert (
        'stroke-dasharray="5 3"' not in cumulative["chart"]
        and ">Target<" not in cumulative["chart"]
    )
    assert [r["key"] for r in cumulative["rows"]][-1] == "2026-11"
    assert (cumulative["rows"][-1]["text"], cumulative["rows"][-1]["target_text"]) == ("2", "-")


def test_an_ended_target_is_still_shown_when_chosen(november, personas, client):
    log_in(client, personas.head)
    target = Target.objects.get(name="5.000 Pengusaha Baru")
    response = client.get(reverse("targets:dashboard") + f"?target={target.pk}")
    assert response.context["selected"]["id"] == target.pk
    assert "open_year" not in response.context
    assert response.context["cumulative"] is not None


def test_a_target_covering_today_stays_the_default(november, personas, client):
    log_in(client, personas.admin)
    running = Target.objects.create(
        rule="new_entrepreneurs",
        name="Pengusaha Baru 2026",
        number=100,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    response = client.get(reverse("targets:dashboard"))
    assert response.context["selected"]["id"] == running.pk
    assert "open_year" not in response.context


def test_the_public_page_also_opens_on_the_current_year(november, client):
    response = client.get(reverse("targets:public"))
    assert response.context["selected"]["id"] is None
    assert response.context["open_year"].year == 2026


def test_the_page_links_are_one_compact_line_and_summaries_have_a_marker(
    november, personas, client
):
    log_in(client, personas.admin)
    html = client.get(reverse("targets:dashboard")).content.decode()
    assert 'class="button-secondary" href="/dasbor/ekspor' not in html
    line = html.split('class="page-links">', 1)[1].split("</p>", 1)[0]
    for label in ("Unduh XLSX", "Unduh PDF", "Halaman publik", "Tetapkan target periode"):
        assert label in line
    assert html.index('class="page-links"') < html.index("Rincian")
    assert "<summary>Cara menghitung</summary>" in html
    css = CSS.read_text(encoding="utf-8")
    assert ".definitions summary::before" in css and r'content: "\25B8"' in css
    assert ".definitions[open] > summary::before" in css and r'content: "\25BE"' in css


def test_a_year_with_nothing_counted_yet_keeps_the_latest_target(db, monkeypatch, personas, client):
    monkeypatch.setattr(selectors, "today_local", lambda: NOVEMBER_2026)
    population()
    registration(gender="P", verified_at=local(2023, 5, 3))
    seeded_targets()
    log_in(client, personas.head)
    response = client.get(reverse("targets:dashboard"))
    assert response.context["selected"]["id"] is not None
    assert "open_year" not in response.context
