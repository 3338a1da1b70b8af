"""Issue 14, documents: the group's collection sheet prints names, amounts and signature lines."""

import pytest
from django.urls import reverse

from berdaya.core.money import format_rupiah
from berdaya.financing import selectors

pytestmark = pytest.mark.django_db


def test_it_prints_names_amounts_and_signature_lines(flow, page, personas):
    # Given a disbursed group loan, looked at once its first instalment is due
    application = flow.disbursed()
    first_due = min(i.due_date for loan in application.loans.all() for i in loan.instalments.all())
    rows = selectors.collection_sheet(application, first_due)
    assert len(rows) == 3 and all(r["owed_rupiah"] > 0 for r in rows)
    url = reverse("financing:collection_print", args=[application.pk])

    # When the bank officer opens the printable sheet for that date
    response = page(personas.bank_officer).get(f"{url}?tanggal={first_due:%Y-%m-%d}")

    # Then every borrower has a row with their name, what is due and a signature box; the total
    # is printed; the leader and the officer have signature lines
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-borrower") == 3
    for row in rows:
        assert row["name"] in html
        assert format_rupiah(row["owed_rupiah"]) in html
    total = format_rupiah(sum(r["owed_rupiah"] for r in rows))
    assert f"data-owed-total>{total}<" in html
    assert html.count('class="sign"') == 1 + 3
    assert "Ketua kelompok" in html and flow.members[0].full_name in html
    assert "Petugas" in html and 'class="line"' in html
    assert "PEMERINTAH KOTA DEPOK" in html and "css/document" in html


def test_the_collection_page_links_to_the_printable_sheet(flow, page, personas):
    # Given a disbursed loan
    application = flow.disbursed()

    # When the officer opens the collection form
    html = (
        page(personas.bank_officer)
        .get(reverse("financing:collection", args=[application.pk]))
        .content.decode()
    )

    # Then it links to the printable sheet
    assert reverse("financing:collection_print", args=[application.pk]) in html


def test_it_refuses_the_printable_sheet_like_the_collection_form(flow, page, personas):
    # Given an approved application, not disbursed yet
    application = flow.approved()
    url = reverse("financing:collection_print", args=[application.pk])

    # When the officer asks before disbursement, or the leader or another lender at any time
    # Then they are refused, as on the collection form
    assert page(personas.bank_officer).get(url).status_code == 403
    assert page(flow.leader).get(url).status_code == 403
    assert page(personas.baznas_officer).get(url).status_code == 404
