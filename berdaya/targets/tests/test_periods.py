"""Issue 14, targets dashboard: the current year is shown (with its achievement even when no
target covers it) beside the periods before; an admin sets the next period's target in the app;
cumulative achievement against the target line; on the public page a suppressed count (<5) is
never drawn as 0."""

import datetime
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from berdaya.core.models import Event
from berdaya.targets import periods, selectors
from berdaya.targets.models import Target, TargetYear
from berdaya.targets.tests.builders import local, log_in, population, registration, seeded_targets

NOVEMBER_2026 = datetime.date(2026, 11, 15)


@pytest.fixture
def november(db, monkeypatch):
    """Today is 15 November 2026; the seeded targets ended in 2024; the known population plus
    new entrepreneurs verified in 2025 (1 from the population, 6 here) and 2026 (7)."""
    monkeypatch.setattr(selectors, "today_local", lambda: NOVEMBER_2026)
    population()
    for month in (2, 3, 4, 5, 6, 7):
        registration(gender="L", verified_at=local(2025, month, 3))
    for month in (1, 2, 3, 4, 5, 6, 7):
        registration(gender="P" if month < 3 else "L", verified_at=local(2026, month, 3))
    return seeded_targets()


def _client(client, user):
    log_in(client, user)
    return client


def test_it_shows_the_current_year_first_with_its_achievement_and_no_target(
    november, personas, client
):
    # Given targets that ended in 2024 and registrations in 2025 and 2026 (fixture)
    # When the head of office opens the dashboard in November 2026
    response = _client(client, personas.head).get(reverse("targets:dashboard"))

    # Then the first period is 2026, running, with the achievement of each rule so far
    groups = response.context["periods"]
    assert [g["title"] for g in groups] == ["Periode 2026", "Periode 2025", "Periode 2022–2024"]
    now = groups[0]
    assert now["current"] and not now["cards"]
    assert {o["rule"]: o["achieved"] for o in now["open"]} == {
        "new_entrepreneurs": "7",
        "women_entrepreneurs": "2",
    }
    assert {o["rule"]: o["achieved"] for o in groups[1]["open"]} == {
        "new_entrepreneurs": "7",
        "women_entrepreneurs": "1",
    }
    # and the periods before keep their cards, marked finished
    assert groups[2]["finished"] and len(groups[2]["cards"]) == 2
    html = response.content.decode()
    assert html.index("Periode 2026") < html.index("Periode 2022–2024")
    assert "Belum ditetapkan" in html  # the head may not set targets


def test_it_lets_an_admin_set_the_current_periods_target_in_the_app(november, personas, client):
    # Given an admin on the dashboard: each year without a target offers to set it
    admin = _client(client, personas.admin)
    html = admin.get(reverse("targets:dashboard")).content.decode()
    assert "?aturan=new_entrepreneurs&amp;tahun=2026" in html

    # When they open the form, it proposes 2026 for the rule
    url = reverse("targets:target_create") + "?aturan=new_entrepreneurs&tahun=2026"
    form = admin.get(url).context["form"]
    assert form["period_start"].value() == datetime.date(2026, 1, 1)
    assert form["period_end"].value() == datetime.date(2026, 12, 31)
    assert form["year_1"].value() == 2026

    # And they send 2026's target with its year
    response = admin.post(
        url,
        {
            "name": "Pengusaha Baru 2026",
            "rule": "new_entrepreneurs",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "number": "1500",
            "year_1": "2026",
            "year_1_number": "1500",
        },
    )

    # Then the target is saved by the service, with its event, and the dashboard shows it in 2026
    target = Target.objects.get(name="Pengusaha Baru 2026")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?target={target.pk}")
    assert target.number == 1500
    assert list(TargetYear.objects.filter(target=target).values_list("year", "number")) == [
        (2026, 1500)
    ]
    event = Event.objects.get(
        content_type=ContentType.objects.get_for_model(Target), object_id=str(target.pk)
    )
    assert (event.verb, event.actor_id) == ("created", personas.admin.pk)
    groups = admin.get(reverse("targets:dashboard")).context["periods"]
    assert groups[0]["title"] == "Periode 2026"
    assert [c["achieved"] for c in groups[0]["cards"]] == ["7"]
    assert [o["rule"] for o in groups[0]["open"]] == ["women_entrepreneurs"]
    # and 2025, still without a target of either rule, keeps both rows
    assert [o["rule"] for o in groups[1]["open"]] == ["new_entrepreneurs", "women_entrepreneurs"]


def test_it_puts_the_services_refusal_beside_the_field_and_saves_nothing(
    november, personas, client
):
    # Given an admin
    admin = _client(client, personas.admin)

    # When the yearly parts do not add up to the target
    response = admin.post(
        reverse("targets:target_create"),
        {
            "name": "Pengusaha Baru 2027",
            "rule": "new_entrepreneurs",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "number": "1000",
            "year_1": "2027",
            "year_1_number": "900",
        },
    )

    # Then the form comes back with the service's message beside the years, nothing saved
    assert response.status_code == 200
    assert "harus sama dengan target" in " ".join(response.context["form"].errors["year_1"])
    assert not Target.objects.filter(name="Pengusaha Baru 2027").exists()


@pytest.mark.parametrize("who", ["head", "staff"])
def test_it_refuses_the_target_form_to_everyone_but_the_admin(november, personas, client, who):
    # Given the head of office or DKUM staff
    other = _client(client, getattr(personas, who))
    url = reverse("targets:target_create")

    # When they open or send the form
    # Then both are refused and nothing is saved
    assert other.get(url).status_code == 403
    data = {"name": "X", "rule": "new_entrepreneurs", "period_start": "2026-01-01"}
    assert other.post(url, {**data, "period_end": "2026-12-31", "number": "5"}).status_code == 403
    assert not Target.objects.filter(name="X").exists()


def test_it_draws_the_cumulative_achievement_against_the_target_line(november):
    # Given the seeded new entrepreneurs target (2022-2024, 1.750 / 1.750 / 1.500 a year)
    target = Target.objects.get(name="5.000 Pengusaha Baru")

    # When the cumulative series is built on a day inside the period
    board = selectors.dashboard(target_id=target.pk, today=datetime.date(2023, 7, 31))
    assert board.selected is not None
    months = board.selected.months
    series = periods.cumulative_series(target, months, today=datetime.date(2023, 7, 31))

    # Then it has every month of the period, the target line reaching each year's part at the
    # year's end, and the cumulative achievement up to this month only
    assert len(series) == 36
    by_key = {p["key"]: p for p in series}
    assert by_key["2022-12"]["target"] == 1750
    assert by_key["2023-12"]["target"] == 3500
    assert by_key["2024-12"]["target"] == 5000
    assert by_key["2022-06"]["target"] == round(1750 * 181 / 365)
    assert (by_key["2022-02"]["achieved"], by_key["2022-03"]["achieved"]) == (0, 2)
    assert by_key["2023-07"]["achieved"] == 3
    assert by_key["2023-08"]["achieved"] is None


def test_the_dashboard_shows_the_cumulative_chart_with_a_dashed_target_line(
    november, personas, client
):
    # Given the admin opens the breakdown of the seeded target
    target = Target.objects.get(name="5.000 Pengusaha Baru")
    url = reverse("targets:dashboard") + f"?target={target.pk}"

    # When the page is drawn
    response = _client(client, personas.head).get(url)

    # Then the cumulative chart is there with the target line, and its table ends at 4
    html = response.content.decode()
    assert "Capaian kumulatif terhadap target" in html
    assert 'class="chart chart-cumulative"' in html and 'stroke-dasharray="5 3"' in html
    rows = response.context["cumulative"]["rows"]
    assert (rows[-1]["text"], rows[-1]["target_text"]) == ("4", "5.000")


def _polyline_ys(svg: str) -> list[list[float]]:
    runs = re.findall(r'<polyline points="([^"]+)" fill="none" stroke="#1d70b8"', svg)
    return [[float(pt.split(",")[1]) for pt in run.split()] for run in runs]


def test_the_public_page_never_draws_a_suppressed_count_as_zero(november, client):
    # Given the public page of a target whose months all hold fewer than 5 registrations
    target = Target.objects.get(name="5.000 Pengusaha Baru")

    # When anyone opens it
    response = client.get(reverse("targets:public") + f"?target={target.pk}")
    context = response.context

    # Then the month line has no point at all where the month is "<5" (a gap, not a zero)
    month = next(s for s in context["sections"] if s["by"] == "month")
    assert month["rows"] and all(r["text"] == "<5" and r["hidden"] for r in month["rows"])
    assert month["chart"] == ""  # no empty frame either: it would read as zero
    # the bars of "<5" rows are not drawn (no rect), only their label
    kecamatan = next(s for s in context["sections"] if s["by"] == "kecamatan")
    assert all(r["hidden"] for r in kecamatan["rows"])
    assert "<rect" not in kecamatan["chart"] and "&lt;5" in kecamatan["chart"]
    # the card draws no progress bar of 0 for "<5"
    women = next(c for c in context["cards"] if c["name"] == "1.000 Perempuan Pengusaha")
    assert women["achieved"] == "<5" and women["bar_hidden"]
    html = response.content.decode()
    assert f'aria-labelledby="target-{women["id"]}"' in html
    card_html = html.split(f'aria-labelledby="target-{women["id"]}"')[1].split("</section>")[0]
    assert 'class="progress"' not in card_html
    # and the cumulative line starts only once the total reaches 5
    cumulative = context["cumulative"]
    assert all(r["text"] == "<5" for r in cumulative["rows"])
    assert "<circle" not in cumulative["chart"]
    assert "celah pada garis" in html


def test_the_public_page_draws_counts_of_five_and_more(november, client):
    # Given 5 new entrepreneurs verified in March 2023 (no other month reaches 5)
    for _ in range(5):
        registration(verified_at=local(2023, 3, 9))
    target = Target.objects.get(name="5.000 Pengusaha Baru")

    # When the public page is drawn
    response = client.get(reverse("targets:public") + f"?target={target.pk}")

    # Then that month is a drawn point (a circle) while the others stay gaps
    month = next(s for s in response.context["sections"] if s["by"] == "month")
    march = next(r for r in month["rows"] if r["key"] == "2023-03")
    assert (march["text"], march["hidden"]) == ("5", False)
    assert month["chart"].count("<circle") == 1
    assert len(_polyline_ys(month["chart"])) == 1


def test_the_xlsx_export_has_the_years_without_a_target(november, personas, client):
    from python_calamine import CalamineWorkbook

    # Given November 2026 (fixture)
    # When the head of office exports the dashboard
    response = _client(client, personas.head).get(reverse("targets:export_xlsx"))

    # Then 2026 and 2025 are in it with each rule's achievement and no target
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    open_rows = {(r[0], r[2]): (r[4], r[5]) for r in rows if r[1] == "Belum ada target"}
    assert open_rows[("Periode 2026", "new_entrepreneurs")] == ("", 7)
    assert open_rows[("Periode 2026", "women_entrepreneurs")] == ("", 2)
    assert open_rows[("Periode 2025", "new_entrepreneurs")] == ("", 7)
