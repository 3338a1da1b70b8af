"""Staff pages of the registry: queue, detail, review, export, scope; inbox and own data."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berdaya.core.models import PersonalDataAccess
from berdaya.core.personas import BEJI, BEJI_KECAMATAN
from berdaya.core.tests.responses import redirect_url, streamed_bytes
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def step(n):
    return reverse("registry:register_step", args=[n])


IDENTITY = {
    "nik": "3276065705900001", "full_name": "Siti Aminah", "gender": "P",
    "birth_date": "1990-05-17", "phone": "0857 1111 2222", "email": "",
}  # fmt: skip
ADDRESS = {"kecamatan_code": BEJI_KECAMATAN, "kelurahan_code": BEJI, "rw": "7", "rt": "3"}
BUSINESS = {
    "name": "Kue Basah Bu Siti", "legal_form": "perorangan", "started_on": "2026-01-10",
    "kbli_code": "10792", "capital_rupiah": "5.000.000", "annual_sales_rupiah": "60.000.000",
    "workers_women": "2", "workers_men": "0", "marketing_channels": ["media_sosial"],
}  # fmt: skip


# --- staff queue, detail, review, export ----------------------------------------------------
def test_it_lets_staff_filter_search_and_page_the_queue(personas):
    regs = [f.submit() for _ in range(3)]
    man = f.submit(person={"gender": "L", "full_name": "Budi Santoso"})
    staff = client_for(personas.staff)
    url = reverse("registry:queue")
    assert staff.get(url).status_code == 200
    html = staff.get(url, {"gender": "L"}).content.decode()
    assert "Budi Santoso" in html and "Siti Aminah" not in html
    assert "Budi" in staff.get(url, {"q": "budi"}).content.decode()
    assert "Budi" in staff.get(url, {"q": man.person.nik}).content.decode()
    page = staff.get(url, {"cursor": str(regs[1].pk)}).context["page"]
    assert [r.pk for r in page.items] == [regs[0].pk]


def test_it_verifies_from_the_detail_page_with_the_timeline(personas):
    reg = f.submit(person={"full_name": "<b>Siti</b>"})
    staff = client_for(personas.staff)
    detail = reverse("registry:detail", args=[reg.pk])
    html = staff.get(detail).content.decode()
    assert "&lt;b&gt;Siti&lt;/b&gt;" in html and "<b>Siti</b>" not in html
    assert reg.person.nik in html
    assert PersonalDataAccess.objects.filter(actor=personas.staff, action="view").exists()
    response = staff.post(reverse("registry:review", args=[reg.pk]), {"decision": "reject"})
    assert response.status_code == 422 and "Tulis alasan" in response.content.decode()
    staff.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"})
    reg.refresh_from_db()
    assert reg.status == "verified"
    html = staff.get(detail).content.decode()
    assert "Diverifikasi" in html and reg.partner_number in html


def test_it_flags_likely_duplicates(personas):
    from berdaya.registry.models import Person

    first = f.submit(person={"full_name": "Siti Aminah"})
    second = f.submit(person={"full_name": "Siti Aminah"})
    staff = client_for(personas.staff)
    html = staff.get(reverse("registry:detail", args=[second.pk])).content.decode()
    assert "Kemungkinan data ganda" in html and "nama dan tanggal lahir sama" in html
    # A person known without an account (e.g. from a training roster) with the same phone.
    other = Person.objects.get(pk=first.person_id)
    other.pk, other.user, other.nik, other.full_name = None, None, f.nik_for(), "Rina"
    other.birth_date = datetime.date(1980, 1, 1)
    other.phone = second.person.phone
    other.save()
    html = staff.get(reverse("registry:detail", args=[second.pk])).content.decode()
    assert "nomor HP sama" in html


def test_it_exports_xlsx_with_the_nik_masked_unless_the_role_needs_it_and_records_it(personas):
    reg = f.submit()
    masked = reg.person.nik[:4] + "********" + reg.person.nik[-4:]
    url = reverse("registry:queue_export")
    for user, nik in ((personas.staff, reg.person.nik), (personas.rt_chair, masked)):
        response = client_for(user).get(url)
        rows = list(load_workbook(io.BytesIO(streamed_bytes(response))).active.values)
        assert rows[1][2] == nik
        assert PersonalDataAccess.objects.filter(actor=user, action="export").count() == 1
    head = client_for(personas.head).get(url, {"status": "verified"})
    assert len(list(load_workbook(io.BytesIO(streamed_bytes(head))).active.values)) == 1


def test_it_scopes_the_queue_to_each_role(personas):
    beji = f.submit()
    far = f.submit(person={"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"})
    url = reverse("registry:queue")

    def seen(user):
        return {r.pk for r in client_for(user).get(url).context["page"].items}

    assert seen(personas.staff) == {beji.pk, far.pk}
    assert seen(personas.admin) == {beji.pk, far.pk}
    assert seen(personas.head) == {beji.pk, far.pk}
    assert seen(personas.rt_chair) == {beji.pk}
    assert seen(personas.rw_chair) == {beji.pk}
    assert seen(personas.kelurahan_officer) == {beji.pk}
    assert seen(personas.other_rt_chair) == set()
    assert seen(personas.far_rt_chair) == set()


@pytest.mark.parametrize("persona", ["outsider", "bank_officer", "baznas_officer"])
def test_it_refuses_outsiders_every_staff_page(personas, persona):
    reg = f.submit()
    client = client_for(getattr(personas, persona))
    for name, args in (("queue", []), ("queue_export", []), ("detail", [reg.pk]), ("changes", [])):
        assert client.get(reverse(f"registry:{name}", args=args)).status_code == 403, name
    assert (
        client.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"}).status_code
        == 403
    )
    for name in ("status", "resubmit"):
        assert client.get(reverse(f"registry:{name}", args=[reg.pk])).status_code == 404
    for name in ("report", "business_edit", "photo"):
        assert client.get(reverse(f"registry:{name}", args=[reg.business_id])).status_code == 404


def test_it_refuses_area_officials_writes_and_other_areas(personas):
    reg = f.submit()
    rt = client_for(personas.rt_chair)
    assert rt.get(reverse("registry:detail", args=[reg.pk])).status_code == 200
    assert (
        rt.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"}).status_code
        == 403
    )
    assert rt.get(reverse("registry:report", args=[reg.business_id])).status_code == 403
    other = client_for(personas.other_rt_chair)
    assert other.get(reverse("registry:detail", args=[reg.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_login():
    reg = f.submit()
    urls = [reverse("registry:dashboard"), reverse("registry:queue")]
    urls += [reverse("registry:detail", args=[reg.pk]), reverse("registry:status", args=[reg.pk])]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and "/akun/masuk/" in redirect_url(response)


def test_it_lists_waiting_work_in_the_inbox(personas):
    from berdaya.registry.selectors import inbox
    from berdaya.registry.services import registration_review

    reg = f.submit()
    assert [i.count for i in inbox(personas.staff)] == [1]
    registration_review(registration=reg, reviewer=personas.staff, decision="revise", reason="NIB")
    assert "Perbaiki" in inbox(reg.person.user)[0].title
    assert inbox(personas.outsider) == [] and inbox(personas.bank_officer) == []


def test_it_opens_the_registry_in_the_django_admin_for_the_dkum_admin(personas):
    f.submit()
    client = client_for(personas.admin)
    for model in ("person", "business", "registration", "developmentreport", "identitychange"):
        assert client.get(f"/admin/registry/{model}/").status_code == 200, model
    assert client_for(personas.staff).get("/admin/registry/person/").status_code == 302


def test_it_gives_a_person_their_own_data_and_nobody_else_any(personas):
    reg = f.submit()
    url = reverse("core:my_data_json")
    data = client_for(reg.person.user).get(url).json()
    assert data["nik"] == reg.person.nik
    assert data["businesses"][0]["registration"]["status"] == "submitted"
    assert client_for(personas.outsider).get(url).status_code == 404


def test_it_tags_a_woman_entrepreneur_only_once_her_registration_is_verified(personas, api):
    from berdaya.registry.services import registration_review

    def flagged(reg) -> bool:
        return api(personas.staff).get(f"registrations/{reg.pk}").json()["is_woman_entrepreneur"]

    def tagged(user, url) -> bool:
        return "Perempuan pengusaha" in client_for(user).get(url).content.decode()

    # given a woman's registration waiting for review, and a man's verified one
    waiting = f.submit(person={"gender": "P"})
    man = f.verified(personas.staff, person={"gender": "L", "full_name": "Budi"})
    detail = reverse("registry:detail", args=[waiting.pk])
    dashboard = reverse("registry:dashboard")

    # then neither counts as a woman entrepreneur, on the page, the API and the dashboard
    assert not tagged(personas.staff, detail) and not tagged(waiting.person.user, dashboard)
    assert flagged(waiting) is False and flagged(man) is False

    # when the staff verify her registration
    registration_review(registration=waiting, reviewer=personas.staff, decision="verify")

    # then she is tagged everywhere
    assert tagged(personas.staff, detail) and tagged(waiting.person.user, dashboard)
    assert flagged(waiting) is True
