"""The applications' list and its loans exported (issue 13): XLSX and CSV of exactly the list
page's filter and the user's scope, NIK masked, formula-safe, recorded with the row count."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes
from berdaya.financing import services
from berdaya.financing.models import Group
from berdaya.financing.tests.factories import make_application

pytestmark = pytest.mark.django_db


def rows_of(page, user, name: str, fmt: str, query: dict) -> list[list]:
    body = streamed_bytes(page(user).get(reverse(f"financing:{name}_{fmt}"), query))
    if fmt == "xlsx":
        return [list(r) for r in openpyxl.load_workbook(io.BytesIO(body)).active.values]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def two_applications(flow):
    """A disbursed application of a group in Beji RW 7 RT 3 (named like a formula), and a
    submitted one of a group in RT 5 (outside the RT 3 chair's area)."""
    disbursed = flow.disbursed()
    Group.objects.filter(pk=disbursed.group_id).update(name="=Kelompok Mawar")
    other, members = make_application(size=3, amount=1_000_000, rt=5)
    services.application_submit(application=other, user=members[0].user)
    return disbursed, other


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_application_export_follows_the_filter_and_the_officials_area(
    two_applications, page, personas, fmt
):
    disbursed, other = two_applications
    # When staff export the disbursed ones and everything, and the RT 3 chair everything
    only = rows_of(page, personas.staff, "applications", fmt, {"status": "disbursed"})
    every = rows_of(page, personas.staff, "applications", fmt, {})
    rt = rows_of(page, personas.rt_chair, "applications", fmt, {})
    # Then each holds exactly its rows; the group's name is text, never a formula
    assert [str(r[0]) for r in only[1:]] == [str(disbursed.pk)]
    assert sorted(str(r[0]) for r in every[1:]) == sorted([str(disbursed.pk), str(other.pk)])
    assert [str(r[0]) for r in rt[1:]] == [str(disbursed.pk)]
    assert only[1][1] == "'=Kelompok Mawar"
    # And the applicant's NIK is masked
    nik = disbursed.applicant.nik
    assert only[1][3] == nik[:4] + "********" + nik[-4:] and nik not in str(every)
    # And each export is recorded with its filter and row count
    details = list(
        PersonalDataAccess.objects.filter(action="export")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == [
        f"{fmt.upper()} 1 baris; filter: status=disbursed",
        f"{fmt.upper()} 2 baris; filter: semua",
        f"{fmt.upper()} 1 baris; filter: semua",
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_loan_export_holds_the_loans_of_the_filtered_list(
    two_applications, page, personas, fmt
):
    disbursed, _ = two_applications
    loans = list(disbursed.loans.order_by("-pk"))
    # When the lender's officer exports the loans of the disbursed applications
    rows = rows_of(page, personas.bank_officer, "loans", fmt, {"status": "disbursed"})
    # Then every loan of that application, NIK masked, with what is left to pay
    assert [str(r[0]) for r in rows[1:]] == [str(loan.pk) for loan in loans]
    first = loans[0]
    assert rows[1][4] == first.person.nik[:4] + "********" + first.person.nik[-4:]
    assert str(rows[1][11]) == str(first.total_rupiah - first.paid_rupiah)
    record = PersonalDataAccess.objects.get(action="export", actor=personas.bank_officer)
    assert record.subject == "financing.Loan:list"
    assert record.detail == f"{fmt.upper()} {len(loans)} baris; filter: status=disbursed"


def test_a_partner_may_not_export_the_list(two_applications, page):
    leader = two_applications[0].applicant.user
    for name in ("applications_csv", "loans_xlsx"):
        assert page(leader).get(reverse(f"financing:{name}")).status_code == 403
    assert not PersonalDataAccess.objects.filter(action="export").exists()
