"""Issue 14, financing forms: what is missing is shown before the user starts; the cost is
shown as the amount and term are chosen; forms on ten members put each error beside its member
and name them, pre-set nothing, accept amounts with thousands separators."""

import datetime

import pytest
from django.urls import reverse

from berdaya.financing.models import Product
from berdaya.financing.schedule import build_schedule
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = pytest.mark.django_db


def test_it_shows_an_unverified_partner_what_is_missing_and_refuses_a_draft(page):
    person = make_partner(verified=False)
    url = reverse("financing:application_create") + "?produk=baznas-modal-usaha"
    response = page(person.user).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "belum terverifikasi" in html and "Simpan dan lihat rincian" not in html
    assert page(person.user).post(url, {"term_months": 6}).status_code == 403
    home = page(person.user).get(reverse("financing:index")).content.decode()
    assert "belum terpenuhi" in home


def test_it_explains_the_fee_on_the_product_card(page):
    person = make_partner()
    html = page(person.user).get(reverse("financing:index")).content.decode()
    product = Product.objects.filter(is_active=True).first()
    assert product is not None
    term = product.terms.first()
    assert term is not None
    assert f"dari pinjaman untuk tenor {term.months} bulan" in html
    assert "biaya administrasi" in html


def test_it_gives_a_group_of_one_no_prepare_button(small_mesra, page):
    group, (leader,) = make_full_group(size=1)
    html = page(leader.user).get(reverse("financing:group", args=[group.pk])).content.decode()
    assert "Siapkan pengajuan</a>" not in html
    assert "paling sedikit 2 anggota" in html
    url = reverse("financing:application_create") + f"?kelompok={group.pk}"
    assert "Simpan dan lihat rincian" not in page(leader.user).get(url).content.decode()
    group2, (leader2, _) = make_full_group(size=2)
    html2 = page(leader2.user).get(reverse("financing:group", args=[group2.pk])).content.decode()
    assert "Siapkan pengajuan</a>" in html2


def test_it_shows_the_cost_after_hitung_with_the_schedule_code(small_mesra, page):
    group, (leader, member) = make_full_group(size=2)
    url = reverse("financing:application_create") + f"?kelompok={group.pk}"
    term = small_mesra.terms.order_by("months").first()
    data = {
        "term_months": term.months,
        f"amount_{leader.pk}": "Rp 5.000.000",
        f"amount_{member.pk}": "3.000.000",
        "hitung": "1",
    }
    response = page(leader.user).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="biaya"' in html
    plan = build_schedule(
        product=small_mesra,
        amount_rupiah=5_000_000,
        term_months=term.months,
        fee_percent=term.admin_fee_percent,
        start=datetime.date.today(),
    )
    rupiah = f"Rp{plan.admin_fee_rupiah:,}".replace(",", ".")
    assert rupiah.replace("Rp", "") in html
    assert f"{plan.instalment_rupiah:,}".replace(",", ".") in html
    assert not group.applications.exists()  # nothing saved by "Hitung"


def test_it_accepts_amounts_with_thousands_separators_on_save(small_mesra, page):
    group, (leader, member) = make_full_group(size=2)
    url = reverse("financing:application_create") + f"?kelompok={group.pk}"
    term = small_mesra.terms.order_by("months").first()
    data = {
        "term_months": term.months,
        f"amount_{leader.pk}": "Rp 1.000.000",
        f"amount_{member.pk}": "1.000.000",
    }
    response = page(leader.user).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application = group.applications.get()
    assert sorted(application.members.values_list("amount_rupiah", flat=True)) == [
        1_000_000,
        1_000_000,
    ]


def test_it_presets_no_decision_and_names_each_member_beside_their_error(flow, page, personas):
    application = flow.forwarded()
    url = reverse("financing:decide", args=[application.pk])
    html = page(personas.bank_officer).get(url).content.decode()
    assert "checked" not in html
    members = list(application.members.select_related("person").order_by("pk"))
    first, second, third = members
    data = {
        f"approve_{first.pk}": "1",
        f"amount_{first.pk}": "Rp 1.000.000",
        f"approve_{second.pk}": "0",  # refused without a reason
        # the third member: no choice at all
    }
    response = page(personas.bank_officer).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{third.person.full_name}: Pilih setujui atau tolak." in html
    data[f"approve_{third.pk}"] = "1"
    data[f"amount_{third.pk}"] = "1.000.000"
    html = page(personas.bank_officer).post(url, data).content.decode()
    assert f"{second.person.full_name}: Tuliskan alasan penolakan." in html
    data[f"reason_{second.pk}"] = "Usaha belum berjalan"
    assert page(personas.bank_officer).post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.approved_amount_rupiah == 1_000_000


def test_it_accepts_collection_amounts_with_separators(flow, page, personas):
    application = flow.disbursed()
    url = reverse("financing:collection", args=[application.pk])
    loans = list(application.loans.order_by("pk"))
    data = {"paid_on": datetime.date.today().isoformat()}
    for loan in loans:
        data[f"loan_{loan.pk}"] = "0"
    data[f"loan_{loans[0].pk}"] = "Rp 100.000"
    data[f"loan_{loans[1].pk}"] = "abc"
    html = page(personas.bank_officer).post(url, data).content.decode()
    assert f"{loans[1].person.full_name}:" in html
    data[f"loan_{loans[1].pk}"] = "0"
    assert page(personas.bank_officer).post(url, data).status_code == 302
    assert loans[0].repayments.get().amount_rupiah == 100_000
