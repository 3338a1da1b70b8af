"""RAT reports: closed years only, amounts, versions (corrections) and the minutes PDF."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport
from berdaya.cooperatives.tests.helpers import LAST_CLOSED, a_cooperative, report_data
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file(coop, actor, **over):
    return services.report_file(cooperative=coop, actor=actor, data=report_data(**over))


def test_it_files_the_last_closed_year(coop, board_user):
    filed = file(coop, board_user)
    assert (filed.report.fiscal_year, filed.report.version) == (LAST_CLOSED(), 1)
    assert filed.warnings == []
    coop.refresh_from_db()
    assert coop.last_rat_year == LAST_CLOSED()
    assert Event.objects.filter(verb="report_filed").count() == 1


def test_it_refuses_the_current_year_which_is_not_closed(coop, board_user):
    this_year = datetime.date.today().year
    with pytest.raises(RuleError) as exc:
        file(coop, board_user, fiscal_year=this_year, meeting_date=f"{this_year}-01-02")
    assert exc.value.codes == ["fiscal_year_future"]
    with pytest.raises(RuleError):
        file(coop, board_user, fiscal_year=this_year + 1)
    assert not AnnualReport.objects.exists()


def test_it_files_a_correction_as_version_2_and_keeps_version_1(coop, board_user):
    first = file(coop, board_user).report
    second = file(coop, board_user, shu_rupiah=50_000_000).report
    first.refresh_from_db()
    assert second.version == 2 and second.is_latest and not first.is_latest
    assert first.shu_rupiah == 45_000_000
    assert Event.objects.filter(verb="report_corrected").count() == 1
    third = file(coop, board_user).report
    assert third.version == 3


def test_an_older_year_does_not_lower_the_last_rat_year(coop, board_user):
    file(coop, board_user)
    file(coop, board_user, fiscal_year=LAST_CLOSED() - 3)
    coop.refresh_from_db()
    assert coop.last_rat_year == LAST_CLOSED()


@pytest.mark.parametrize(
    "name",
    ["members_present", "members_total", "members_women", "members_men", "employees",
     "total_assets_rupiah", "own_capital_rupiah", "outside_capital_rupiah",
     "business_volume_rupiah"],
)  # fmt: skip
def test_it_refuses_a_negative_figure(coop, board_user, name):
    with pytest.raises(RuleError) as exc:
        file(coop, board_user, **{name: -1})
    assert "negative_amount" in exc.value.codes
    assert {p.field for p in exc.value.problems if p.code == "negative_amount"} == {name}


def test_it_takes_a_negative_shu_as_a_loss(coop, board_user):
    assert file(coop, board_user, shu_rupiah=-2_500_000).report.shu_rupiah == -2_500_000


def test_it_refuses_more_members_present_than_total_but_takes_all_present(coop, board_user):
    with pytest.raises(RuleError) as exc:
        file(coop, board_user, members_present=61, members_total=60)
    assert exc.value.codes == ["members_present_over_total"]
    assert file(coop, board_user, members_present=60, members_total=60)


def test_it_writes_the_members_in_its_messages_grouped_by_thousands(coop, board_user):
    with pytest.raises(RuleError) as exc:
        file(coop, board_user, members_present=12_001, members_total=12_000)
    assert exc.value.problems[0].message == (
        "Anggota hadir (12.001) melebihi jumlah anggota (12.000)."
    )
    filed = file(coop, board_user, members_total=12_000, members_women=3_000, members_men=2_000)
    assert "(5.000)" in filed.warnings[0]["message"] and "(12.000)" in filed.warnings[0]["message"]


def test_it_warns_but_files_when_assets_are_below_own_plus_outside_capital(coop, board_user):
    filed = file(
        coop, board_user, total_assets_rupiah=839_999_999, own_capital_rupiah=540_000_000,
        outside_capital_rupiah=300_000_000,
    )  # fmt: skip
    assert [w["code"] for w in filed.warnings] == ["assets_below_capital"]
    filed = file(coop, board_user, total_assets_rupiah=840_000_000)
    assert filed.warnings == []


def test_it_warns_when_women_and_men_do_not_add_up(coop, board_user):
    filed = file(coop, board_user, members_women=30, members_men=20)
    assert [w["code"] for w in filed.warnings] == ["members_gender_sum"]


def test_it_checks_the_meeting_date(coop, board_user):
    year = LAST_CLOSED()
    with pytest.raises(RuleError) as exc:
        file(coop, board_user, meeting_date=f"{year}-12-31")
    assert exc.value.codes == ["meeting_date_before_year_end"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    if tomorrow.year > year:
        with pytest.raises(RuleError) as exc:
            file(coop, board_user, meeting_date=tomorrow.isoformat())
        assert exc.value.codes == ["meeting_date_future"]
    assert file(coop, board_user, meeting_date=f"{year + 1}-01-01")


def test_it_takes_missing_optional_figures_as_unknown(coop, board_user):
    report = services.report_file(
        cooperative=coop, actor=board_user,
        data={"fiscal_year": LAST_CLOSED(), "meeting_date": f"{LAST_CLOSED() + 1}-02-01",
              "members_present": 10, "members_total": 20},
    ).report  # fmt: skip
    assert report.total_assets_rupiah is None and report.shu_rupiah is None


def test_it_refuses_text_for_a_number(coop, board_user):
    with pytest.raises(RuleError) as exc:
        services.report_file(
            cooperative=coop, actor=board_user,
            data={**report_data(), "total_assets_rupiah": "banyak", "fiscal_year": "dua ribu"},
        )  # fmt: skip
    assert set(exc.value.codes) == {"total_assets_rupiah_invalid", "fiscal_year_invalid"}


def test_it_refuses_reports_from_outsiders_and_for_closed_cooperatives(personas, board_user, coop):
    for who in ("outsider", "head", "kelurahan_officer"):
        with pytest.raises(AccessDenied):
            file(coop, getattr(personas, who))
    dissolved = a_cooperative(board_user=board_user, staff=personas.staff, status="dissolved")
    with pytest.raises(ConflictError) as exc:
        file(dissolved, board_user)
    assert exc.value.code == "cooperative_closed"


# --- Minutes ----------------------------------------------------------------------------------
def test_it_attaches_a_pdf_as_the_minutes(coop, board_user):
    report = file(coop, board_user).report
    upload = SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")
    services.minutes_attach(report=report, actor=board_user, upload=upload)
    report.refresh_from_db()
    assert report.minutes.read().startswith(b"%PDF-")
    assert Event.objects.filter(verb="minutes_attached").count() == 1


def test_it_refuses_a_file_that_is_not_a_pdf_whatever_its_name(coop, board_user):
    report = file(coop, board_user).report
    upload = SimpleUploadedFile("notulen.pdf", b"PK\x03\x04 docx", content_type="application/pdf")
    with pytest.raises(RuleError) as exc:
        services.minutes_attach(report=report, actor=board_user, upload=upload)
    assert exc.value.codes == ["minutes_not_pdf"]
    report.refresh_from_db()
    assert not report.minutes


def test_it_takes_10_mb_of_minutes_but_not_a_byte_more(coop, board_user):
    limit = services.MINUTES_MAX_BYTES
    services.minutes_check(io.BytesIO(PDF + b"0" * (limit - len(PDF))))
    with pytest.raises(RuleError) as exc:
        services.minutes_check(io.BytesIO(PDF + b"0" * (limit - len(PDF) + 1)))
    assert exc.value.codes == ["minutes_too_large"]


def test_it_refuses_minutes_from_an_outsider(coop, board_user, personas):
    report = file(coop, board_user).report
    with pytest.raises(AccessDenied):
        services.minutes_attach(
            report=report, actor=personas.outsider, upload=SimpleUploadedFile("a.pdf", PDF)
        )
