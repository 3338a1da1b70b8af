"""The cooperative_members kind: member_add's rules, set-based, matched by NIK."""

from __future__ import annotations

import pytest

from berdaya.cooperatives.models import Member
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user
from berdaya.imports import engine, services
from berdaya.imports.tests.conftest import upload, xlsx_bytes

pytestmark = pytest.mark.usefixtures("refdata")
HEADERS = ["No Anggota", "NIK", "Nama", "JK", "Tgl Lahir", "Tgl Masuk", "Simpanan Pokok",
           "Simpanan Wajib", "Simpanan Sukarela"]  # fmt: skip


def member(n: int, **over) -> list:
    values = {
        "No Anggota": f"A-{n:04d}", "NIK": f"327606570890{n:04d}", "Nama": f"Ani {n}",
        "JK": "P", "Tgl Lahir": "17/08/1990", "Tgl Masuk": "15 Januari 2020",
        "Simpanan Pokok": "Rp 100.000", "Simpanan Wajib": "600rb", "Simpanan Sukarela": 0,
    }  # fmt: skip
    values.update(over)
    return [values[h] for h in HEADERS]


@pytest.fixture
def board(db):
    return a_user("Budi Pengurus")


@pytest.fixture
def coop(personas, board):
    return a_cooperative(board_user=board, staff=personas.staff)


def run_members(actor, coop, rows, **kw):
    imp = services.import_create(
        actor=actor, upload=upload(xlsx_bytes(rows, HEADERS)), kind="cooperative_members",
        cooperative_id=coop.pk, start=False, dry_run=kw.pop("dry_run", False), **kw,
    )  # fmt: skip
    return engine.run(imp.pk)


def test_it_imports_members_for_the_board(coop, board):
    imp = run_members(board, coop, [member(n) for n in range(1, 21)])
    assert (imp.status, imp.new, imp.invalid) == ("done", 20, 0), imp.error
    m = Member.objects.get(cooperative=coop, member_number="A-0001")
    assert (m.savings_pokok_rupiah, m.savings_wajib_rupiah) == (100_000, 600_000)
    assert m.status == "active"
    assert m.joined_on.isoformat() == "2020-01-15"
    again = run_members(board, coop, [member(n) for n in range(1, 21)])
    assert (again.new, again.unchanged) == (0, 20)


def test_it_refuses_member_rows_by_member_adds_rules(coop, board):
    Member.objects.create(
        cooperative=coop, member_number="A-0009", nik="3276061708800001", full_name="Lama",
        gender="L", birth_date="1980-08-17", joined_on="2010-01-01", status_on="2010-01-01",
    )  # fmt: skip
    rows = [
        member(1, **{"NIK": "3276065708900000"}),  # serial 0000
        member(2, **{"JK": "L"}),  # NIK of a woman
        member(3, **{"Simpanan Wajib": "-5000"}),
        member(4, **{"Tgl Masuk": "1/1/2099"}),
        member(5, **{"No Anggota": ""}),
        member(6, **{"No Anggota": "A-0009"}),  # taken by another person
        member(7),
        member(8, **{"No Anggota": "A-0007"}),  # taken earlier in the file
    ]
    imp = run_members(board, coop, rows)
    assert (imp.new, imp.invalid) == (1, 7)


def test_it_updates_a_known_member_and_undoes(coop, board):
    run_members(board, coop, [member(1)])
    imp = run_members(board, coop, [member(1, **{"Simpanan Sukarela": "1jt"}), member(2)])
    assert (imp.new, imp.updated) == (1, 1)
    assert Member.objects.get(member_number="A-0001").savings_sukarela_rupiah == 1_000_000
    services.import_undo(imp=imp, actor=board)
    assert Member.objects.get(member_number="A-0001").savings_sukarela_rupiah == 0
    assert not Member.objects.filter(member_number="A-0002").exists()


def test_it_keeps_other_boards_and_citizens_out(coop, personas):
    from berdaya.core.errors import AccessDenied

    other_board = a_user("Pengurus Lain")
    for outsider in (other_board, personas.outsider, personas.rt_chair, personas.head):
        with pytest.raises(AccessDenied):
            services.import_create(
                actor=outsider, upload=upload(xlsx_bytes([member(1)], HEADERS)),
                kind="cooperative_members", cooperative_id=coop.pk, start=False,
            )  # fmt: skip
    # DKUM staff of the area may import for the cooperative.
    assert run_members(personas.staff, coop, [member(1)]).new == 1


# --- the upload page: the cooperative is chosen, never typed as a number -------------------------
def _page_client(user):
    from django.test import Client

    from berdaya.core.personas import DEMO_PASSWORD

    client = Client()
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    assert client.login(username=str(user.phone), password=DEMO_PASSWORD)
    return client


def test_the_board_finds_its_cooperative_chosen_and_imports_without_typing_a_number(coop, board):
    from django.urls import reverse

    from berdaya.imports.models import Import

    client = _page_client(board)
    # the members page leads to the import page, which has the cooperative chosen already
    members_page = client.get(reverse("cooperatives:members", args=[coop.pk])).content.decode()
    link = f"{reverse('imports:index')}?koperasi={coop.pk}"
    assert f'href="{link}"' in members_page
    page = client.get(reverse("imports:index")).content.decode()
    assert f'<option value="{coop.pk}" selected>{coop.name}</option>' in page
    assert "Nomor koperasi" not in page
    # and an upload with it goes on to the column check
    response = client.post(reverse("imports:index"), {
        "file": upload(xlsx_bytes([member(1), member(2)], HEADERS)),
        "kind": "cooperative_members", "cooperative": str(coop.pk), "on_existing": "update",
    })  # fmt: skip
    imp = Import.objects.get()
    assert response.status_code == 302 and imp.cooperative_id == coop.pk


def test_the_page_asks_for_a_cooperative_and_offers_only_those_one_may_import(coop, personas):
    from django.urls import reverse

    from berdaya.imports.models import Import

    # given the board of another cooperative
    other_board = a_user("Pengurus Lain")
    elsewhere = a_cooperative(board_user=other_board, staff=personas.staff)
    client = _page_client(other_board)
    # then only their own cooperative is offered
    page = client.get(reverse("imports:index")).content.decode()
    assert f'value="{elsewhere.pk}"' in page and f'value="{coop.pk}"' not in page
    # and an upload without a cooperative, or into one they do not keep, is refused on the form
    assert "(opsional)" not in page.split("Koperasi", 1)[1].split("</label>", 1)[0]
    for chosen, message in (("", "Koperasi wajib diisi."),
                            (str(coop.pk), "Pilih koperasi dari daftar.")):  # fmt: skip
        response = client.post(reverse("imports:index"), {
            "file": upload(xlsx_bytes([member(1)], HEADERS)), "kind": "cooperative_members",
            "cooperative": chosen, "on_existing": "update",
        })  # fmt: skip
        assert response.status_code == 200 and message in response.content.decode(), chosen
    assert not Import.objects.exists()


def test_staff_arrive_from_a_members_page_with_the_kind_and_cooperative_chosen(coop, personas):
    from django.urls import reverse

    from berdaya.imports.models import Import

    client = _page_client(personas.staff)
    page = client.get(f"{reverse('imports:index')}?koperasi={coop.pk}").content.decode()
    assert '<option value="cooperative_members" selected>' in page
    assert f'<option value="{coop.pk}" selected>' in page
    # staff may import either kind: members without a cooperative are refused on the form
    response = client.post(reverse("imports:index"), {
        "file": upload(xlsx_bytes([member(1)], HEADERS)), "kind": "cooperative_members",
        "cooperative": "", "on_existing": "update",
    })  # fmt: skip
    assert "Pilih koperasi yang anggotanya diimpor." in response.content.decode()
    assert not Import.objects.exists()
