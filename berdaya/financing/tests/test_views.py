"""Pages: each role's path through the workflow, and outsiders kept out."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.core.personas import BEJI
from berdaya.financing import services
from berdaya.financing.models import Application, Invitation, Loan, Recommendation
from berdaya.financing.tests.factories import logged_in_client, make_application, make_partner

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    return logged_in_client(user)


def submitted(personas):
    application, members = make_application()
    services.application_submit(application=application, user=members[0].user)
    return application, members


def test_it_forms_a_group_and_invites_on_the_pages():
    # given a verified partner and a neighbour
    leader, neighbour = make_partner(), make_partner()
    page = client_for(leader.user)
    # when the leader forms a group and invites the neighbour
    response = page.post(
        reverse("financing:group_create") + "?produk=kredit-mesra",
        {
            "name": "Kelompok Anggrek",
            "kelurahan_code": BEJI,
            "rw": 7,
            "rt": 3,
            "joint_liability": "on",
        },
    )
    assert response.status_code == 302
    group_url = response["Location"]
    response = page.post(group_url + "undang/", {"nik": neighbour.nik})
    assert response.status_code == 302
    # then the neighbour accepts on their own phone, signing joint liability
    invitation = Invitation.objects.get(nik=neighbour.nik)
    other = client_for(neighbour.user)
    assert "Undangan" in other.get(reverse("financing:index")).content.decode()
    # the neighbour joins without ticking the statement: a member, not yet signed
    response = other.post(
        reverse("financing:invitation", args=[invitation.pk]),
        {"answer": "accept"},
    )
    assert response.status_code == 302
    html = other.get(group_url).content.decode()
    assert neighbour.full_name in html
    assert "Belum menandatangani tanggung renteng" in html
    # and signs it from the group page
    response = other.post(reverse("financing:group_liability_sign", args=[invitation.group_id]))
    assert response.status_code == 302
    html = page.get(group_url).content.decode()
    assert "Belum menandatangani" not in html and "Tanggung renteng ✓" in html


def test_it_shows_the_leader_the_per_member_preview():
    application, members = make_application(amount=5_000_000, term=12)
    html = (
        client_for(members[1].user)
        .get(reverse("financing:application", args=[application.pk]))
        .content.decode()
    )
    assert "Rp425.000" in html and "Rp5.425.000" in html
    assert members[1].nik not in html  # masked


def test_it_lets_the_leader_edit_and_submit_the_application():
    application, members = make_application(amount=4_000_000)
    page = client_for(members[0].user)
    data: dict[str, object] = {"term_months": 6}
    for p in members:
        data[f"amount_{p.pk}"] = 3_000_000
        data[f"purpose_{p.pk}"] = "stok"
    response = page.post(reverse("financing:application_edit", args=[application.pk]), data)
    assert response.status_code == 302
    response = page.post(reverse("financing:submit", args=[application.pk]), follow=True)
    assert "Pengajuan telah diajukan" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "awaiting_recommendation"
    assert application.term_months == 6 and application.members.first().amount_rupiah == 3_000_000


def test_it_walks_the_officials_through_their_steps_on_the_pages(personas):
    application, members = submitted(personas)
    url = reverse("financing:application", args=[application.pk])
    # the RT chair sees it in the queue and recommends
    rt = client_for(personas.rt_chair)
    assert application.title in rt.get(reverse("financing:index")).content.decode()
    assert "Rekomendasi RT Anda" in rt.get(url).content.decode()
    rt.post(reverse("financing:recommend", args=[application.pk]), {"approve": "1", "note": ""})
    for persona in (personas.rw_chair, personas.kelurahan_officer):
        client_for(persona).post(
            reverse("financing:recommend", args=[application.pk]), {"approve": "1"}
        )
    application.refresh_from_db()
    assert application.status == "awaiting_verification"
    # the letter is a PDF and its QR page confirms it
    rec = Recommendation.objects.filter(application=application)[0]
    pdf = rt.get(reverse("financing:letter", args=[rec.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # DKUM forwards
    staff = client_for(personas.staff)
    assert application.title in staff.get(reverse("financing:index")).content.decode()
    staff.post(reverse("financing:review", args=[application.pk]), {"decision": "forward"})
    # the bank decides per member and disburses
    bank = client_for(personas.bank_officer)
    data: dict[str, object] = {}
    for m in application.members.all():
        data[f"approve_{m.pk}"] = "1"
        data[f"amount_{m.pk}"] = m.amount_rupiah
    first = application.members.first()
    data[f"approve_{first.pk}"] = "0"
    data[f"reason_{first.pk}"] = "Usaha belum berjalan"
    response = bank.post(reverse("financing:decide", args=[application.pk]), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "partially_approved"
    start = timezone.localdate() - datetime.timedelta(days=70)
    bank.post(
        reverse("financing:disburse", args=[application.pk]),
        {"disbursed_on": start.isoformat(), "confirm": "1"},
    )
    assert Loan.objects.filter(application=application).count() == 9
    # a collection sheet for the group, then one member's payment
    sheet = reverse("financing:collection", args=[application.pk])
    html = bank.get(sheet).content.decode()
    assert "Lembar setoran" in html
    loans = list(Loan.objects.filter(application=application))
    owed = loans[0].instalments.all()[0].amount_rupiah
    data = {"paid_on": timezone.localdate().isoformat()}
    data.update({f"loan_{loan.pk}": owed for loan in loans})
    assert bank.post(sheet, data).status_code == 302
    loan = loans[0]
    response = bank.post(
        reverse("financing:loan", args=[loan.pk]),
        {"paid_on": timezone.localdate().isoformat(), "amount_rupiah": 1000},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.paid_rupiah == owed + 1000
    # reports with XLSX for the head of office
    head = client_for(personas.head)
    assert "PAR 30" in head.get(reverse("financing:reports")).content.decode()
    xlsx = head.get(reverse("financing:reports") + "?unduh=par-kelurahan")
    assert xlsx.status_code == 200 and "spreadsheet" in xlsx["Content-Type"]


def test_it_confirms_a_genuine_letter_and_shows_nothing_more(personas):
    application, members = submitted(personas)
    rec = services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    html = Client().get(f"/verifikasi/{rec.code}").content.decode()
    assert "Asli dan masih berlaku" in html
    assert members[0].full_name not in html and "NIK" not in html
    services.application_withdraw(application=application, user=members[0].user)
    assert "tidak berlaku" in Client().get(f"/verifikasi/{rec.code}").content.decode()
    assert Client().get("/verifikasi/palsu").status_code == 404


def test_it_keeps_outsiders_out_of_the_pages(personas):
    application, members = submitted(personas)
    loan_free = reverse("financing:application", args=[application.pk])
    for persona in (personas.outsider, personas.far_rt_chair, personas.bank_officer):
        assert client_for(persona).get(loan_free).status_code == 404
    group_url = reverse("financing:group", args=[application.group_id])
    assert client_for(personas.outsider).get(group_url).status_code == 404
    assert client_for(personas.outsider).get(reverse("financing:reports")).status_code == 403
    assert Client().get(reverse("financing:index")).status_code == 302


def test_it_shows_each_role_its_home(personas):
    for persona in vars(personas).values():
        assert client_for(persona).get(reverse("financing:index")).status_code == 200
    assert Application.objects.count() == 0


def test_it_puts_waiting_work_in_each_inbox(personas):
    application, members = make_application()
    newcomer = make_partner()
    services.invitation_create(group=application.group, user=members[0].user, nik=newcomer.nik)
    assert [i.title for i in selectors_inbox(newcomer.user)] == ["Undangan kelompok pembiayaan"]
    assert [i.title for i in selectors_inbox(members[0].user)] == [
        "Pengajuan pembiayaan perlu dilengkapi"
    ]
    services.application_submit(application=application, user=members[0].user)
    titles = [item.title for item in selectors_inbox(personas.rt_chair)]
    assert "Rekomendasi pembiayaan menunggu" in titles
    assert selectors_inbox(personas.far_rt_chair) == []


def selectors_inbox(user):
    from berdaya.financing.selectors import inbox

    return inbox(user)


def test_it_lists_only_the_applications_in_scope(personas):
    application, members = submitted(personas)
    url = reverse("financing:applications")
    assert application.title in client_for(personas.head).get(url).content.decode()
    body = client_for(personas.rt_chair).get(url + "?status=awaiting_recommendation").content
    assert application.title in body.decode()
    assert application.title not in client_for(personas.far_rt_chair).get(url).content.decode()
    assert application.title not in client_for(personas.bank_officer).get(url).content.decode()
    html = client_for(personas.head).get(url + "?status=closed").content.decode()
    assert application.title not in html


def test_it_builds_the_recommendation_queue_in_flat_queries(
    personas, django_assert_max_num_queries
):
    # given one application waiting for the RT chair, and the queries its home page needs
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submitted(personas)
    client = client_for(personas.rt_chair)
    url = reverse("financing:index")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    # when two more applications wait for the same chair
    submitted(personas)
    submitted(personas)
    # then the page lists all three with no more queries than for one
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("10 warga") == 3


def test_it_shows_an_invitation_only_to_the_invitee_and_the_leader(personas):
    # given a pending invitation from a group leader to a neighbour
    application, members = make_application()
    neighbour = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=neighbour.nik
    )
    url = reverse("financing:invitation", args=[invitation.pk])
    # then the invitee and the leader see it, and anyone else gets a 404
    assert client_for(neighbour.user).get(url).status_code == 200
    assert client_for(members[0].user).get(url).status_code == 200
    for user in (members[1].user, personas.outsider, personas.rt_chair):
        assert client_for(user).get(url).status_code == 404
