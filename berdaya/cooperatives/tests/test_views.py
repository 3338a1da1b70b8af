"""Every page: who gets it, and an outsider's 403/404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport, Cooperative, Member
from berdaya.cooperatives.tests.helpers import (
    LAST_CLOSED,
    a_cooperative,
    cooperative_data,
    member_data,
    report_data,
)
from berdaya.core.tests.responses import streamed_bytes

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member(coop, board_user):
    return services.member_add(cooperative=coop, actor=board_user, data=member_data())


@pytest.fixture
def report(coop, board_user):
    filed = services.report_file(cooperative=coop, actor=board_user, data=report_data())
    services.minutes_attach(
        report=filed.report, actor=board_user, upload=SimpleUploadedFile("n.pdf", b"%PDF-1.4 x")
    )
    return filed.report


def test_pages_need_a_login(coop):
    for url in (reverse("cooperatives:index"), reverse("cooperatives:list"),
                reverse("cooperatives:detail", args=[coop.pk])):  # fmt: skip
        response = Client().get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_index_shows_kept_cooperatives_and_memberships(coop, board_user, personas):
    page = client_for(board_user).get(reverse("cooperatives:index"))
    assert page.status_code == 200
    assert coop.name in page.content.decode()
    outsider = client_for(personas.outsider).get(reverse("cooperatives:index")).content.decode()
    assert coop.name not in outsider and "Daftarkan koperasi" in outsider


def test_register_page_registers_and_keeps_input_on_error(board_user):
    client = client_for(board_user)
    assert client.get(reverse("cooperatives:register")).status_code == 200
    data = cooperative_data()
    form = {k: v for k, v in data.items() if k != "board"}
    form.update({"ketua_name": "Budi", "ketua_nik": data["board"][0]["nik"],
                 "term_start": "2024-01-01", "term_end": "2028-12-31"})  # fmt: skip
    bad = client.post(reverse("cooperatives:register"), {**form, "nik_koperasi": "12"})
    assert bad.status_code == 200
    assert "16 angka" in bad.content.decode() and data["name"] in bad.content.decode()
    ok = client.post(reverse("cooperatives:register"), form)
    coop = Cooperative.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "cooperatives:detail", args=[coop.pk]
    )
    assert coop.board.get().position == "ketua"
    wrong_nik = client.post(
        reverse("cooperatives:register"),
        {**form, "nik_koperasi": "3276999999999999", "sekretaris_name": "X",
         "sekretaris_nik": "1"},
    )  # fmt: skip
    assert "NIK harus terdiri dari 16 angka" in wrong_nik.content.decode()


def test_detail_for_each_role(coop, report, board_user, personas):
    url = reverse("cooperatives:detail", args=[coop.pk])
    for user in (board_user, personas.staff, personas.head, personas.kelurahan_officer):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert "Rasio modal sendiri" in page.content.decode()
    board_page = client_for(board_user).get(url).content.decode()
    assert "Tambah anggota" in board_page
    officer_page = client_for(personas.kelurahan_officer).get(url).content.decode()
    assert "Tambah anggota" not in officer_page
    assert coop.board.get().nik not in officer_page  # masked for readers
    for who in ("outsider", "far_rt_chair", "bank_officer"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404


def test_staff_review_from_the_detail_page(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    url = reverse("cooperatives:review", args=[coop.pk])
    assert client_for(board_user).post(url, {"decision": "verify"}).status_code == 403
    assert client_for(personas.head).post(url, {"decision": "verify"}).status_code == 403
    response = client_for(personas.staff).post(url, {"decision": "reject"})
    assert response.status_code == 302
    coop.refresh_from_db()
    assert coop.status == "submitted"  # no reason: refused, shown as a message
    client_for(personas.staff).post(url, {"decision": "verify"})
    coop.refresh_from_db()
    assert coop.status == "verified"


def test_status_page_is_for_staff(coop, personas, board_user):
    url = reverse("cooperatives:status", args=[coop.pk])
    assert client_for(board_user).post(url, {"status": "inactive"}).status_code == 403
    client_for(personas.staff).post(url, {"status": "inactive"})
    coop.refresh_from_db()
    assert coop.status == "inactive"


def test_resubmit_page(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="needs_revision")
    url = reverse("cooperatives:resubmit", args=[coop.pk])
    assert client_for(personas.outsider).get(url).status_code == 404
    client = client_for(board_user)
    detail = reverse("cooperatives:detail", args=[coop.pk])
    assert "Yang perlu diperbaiki:</strong> alasan" in client.get(detail).content.decode()
    assert client.get(url).status_code == 200
    form = {k: v for k, v in cooperative_data(nik_koperasi=coop.nik_koperasi).items()
            if k != "board"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    coop.refresh_from_db()
    assert coop.status == "submitted"
    # the note that asked for the fix belongs to that state: sent back, it no longer shows
    page = client.get(detail).content.decode()
    assert "Yang perlu diperbaiki" not in page and "Catatan staf" not in page


def test_members_pages(coop, member, board_user, personas):
    client = client_for(board_user)
    listing = client.get(reverse("cooperatives:members", args=[coop.pk]))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert member.full_name in text and member.nik not in text
    add = reverse("cooperatives:member_add", args=[coop.pk])
    assert client.get(add).status_code == 200
    taken = client.post(add, member_data(member_number=member.member_number))
    assert "sudah dipakai" in taken.content.decode()
    assert client.post(add, member_data()).status_code == 302
    assert coop.members.count() == 2
    edit = reverse("cooperatives:member_edit", args=[coop.pk, member.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {**member_data(), "nik": member.nik, "member_number": "Z-9"})
    member.refresh_from_db()
    assert member.member_number == "Z-9"
    client.post(edit, {"status": "deceased", "on": "2024-02-02"})
    member.refresh_from_db()
    assert member.status == "deceased"
    export = client.get(reverse("cooperatives:members_export", args=[coop.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")


@pytest.mark.parametrize("name", ["members", "member_add", "members_export", "report_add"])
def test_board_pages_refuse_readers_and_hide_from_outsiders(coop, personas, name):
    url = reverse(f"cooperatives:{name}", args=[coop.pk])
    assert client_for(personas.kelurahan_officer).get(url).status_code == 403
    assert client_for(personas.head).get(url).status_code == 403
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.staff).get(url).status_code == 200


def test_member_edit_of_another_cooperative_is_404(coop, member, personas, board_user):
    other = a_cooperative(board_user=board_user, staff=personas.staff)
    url = reverse("cooperatives:member_edit", args=[other.pk, member.pk])
    assert client_for(board_user).get(url).status_code == 404


def test_report_page_files_with_minutes_and_saves_nothing_on_a_bad_pdf(coop, board_user):
    client = client_for(board_user)
    url = reverse("cooperatives:report_add", args=[coop.pk])
    assert client.get(url).status_code == 200
    data = report_data()
    bad = client.post(url, {**data, "minutes": SimpleUploadedFile("n.pdf", b"not a pdf")})
    assert "harus berkas PDF" in bad.content.decode()
    assert not AnnualReport.objects.exists()
    ok = client.post(url, {**data, "minutes": SimpleUploadedFile("n.pdf", b"%PDF-1.4 x")})
    assert ok.status_code == 302
    report = AnnualReport.objects.get()
    assert report.fiscal_year == LAST_CLOSED() and report.minutes
    warned = client.post(url, {**data, "total_assets_rupiah": "1"}, follow=True)
    assert "Total aset lebih kecil" in warned.content.decode()
    assert "versi 2" in warned.content.decode()


def test_minutes_download_for_who_sees_the_cooperative(coop, report, personas):
    url = reverse("cooperatives:minutes", args=[coop.pk, report.pk])
    response = client_for(personas.kelurahan_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client_for(personas.outsider).get(url).status_code == 404


def test_list_export_and_compliance_for_staff_pimpinan_and_kelurahan(coop, report, personas):
    for user in (personas.staff, personas.head, personas.kelurahan_officer):
        client = client_for(user)
        listing = client.get(reverse("cooperatives:list"), {"rat_status": "held"})
        assert listing.status_code == 200 and coop.name in listing.content.decode()
        assert client.get(reverse("cooperatives:compliance")).status_code == 200
        export = client.get(reverse("cooperatives:export"))
        assert export.status_code == 200
    late = client_for(personas.staff).get(reverse("cooperatives:list"), {"rat_status": "late"})
    assert coop.name not in late.content.decode()


@pytest.mark.parametrize("name", ["list", "export", "compliance"])
def test_city_pages_refuse_the_board_and_outsiders(personas, board_user, name):
    for user in (board_user, personas.outsider, personas.rt_chair, personas.bank_officer):
        assert client_for(user).get(reverse(f"cooperatives:{name}")).status_code == 403


def test_the_export_masks_niks(coop, report, personas):
    import io

    import openpyxl

    response = client_for(personas.staff).get(reverse("cooperatives:export"))
    book = openpyxl.load_workbook(io.BytesIO(streamed_bytes(response)))
    rows = list(book.active.iter_rows(values_only=True))
    ketua = coop.board.get().nik
    assert rows[1][0] == coop.name
    assert ketua not in str(rows) and ketua[:4] + "********" + ketua[-4:] in str(rows)


def test_member_export_masks_niks(coop, member, board_user):
    import io

    import openpyxl

    response = client_for(board_user).get(reverse("cooperatives:members_export", args=[coop.pk]))
    book = openpyxl.load_workbook(io.BytesIO(streamed_bytes(response)))
    text = str(list(book.active.iter_rows(values_only=True)))
    assert member.nik not in text and member.nik[-4:] in text
    assert Member.objects.count() == 1


def test_full_niks_shown_or_exported_leave_an_audit_record(coop, member, board_user, personas):
    from berdaya.core.models import PersonalDataAccess

    client_for(board_user).get(reverse("cooperatives:detail", args=[coop.pk]))
    client_for(board_user).get(reverse("cooperatives:member_edit", args=[coop.pk, member.pk]))
    client_for(personas.staff).get(reverse("cooperatives:export"))
    client_for(personas.kelurahan_officer).get(reverse("cooperatives:detail", args=[coop.pk]))
    rows = list(PersonalDataAccess.objects.values_list("actor_id", "action", "subject"))
    assert rows == [
        (board_user.pk, "view", f"cooperatives.Cooperative:{coop.pk}"),
        (board_user.pk, "view", f"cooperatives.Member:{member.pk}"),
        (personas.staff.pk, "export", "cooperatives.Cooperative"),
    ]
