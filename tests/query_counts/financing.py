"""Financing: the home page, groups, applications (list and detail), loans, collection and the
portfolio reports, as their readers see them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from berdaya.core.personas import BEJI
from berdaya.financing.tests.factories import make_partner
from tests.query_counts.base import a_user, api, case, page, times

DISBURSED_ON = datetime.date(2025, 1, 10)


def _group(leader, *, name: str = "Kelompok Melati"):
    from berdaya.financing.models import Group, GroupMember, Product

    group = Group.objects.create(
        product=Product.objects.get(code="kredit-mesra"),
        name=name,
        leader=leader,
        kelurahan_id=BEJI,
        rw=7,
        rt=3,
    )
    GroupMember.objects.create(
        group=group, person=leader, is_leader=True, joint_liability_signed_at=timezone.now()
    )
    return group


def _application(*, status: str = "awaiting_verification", leader=None, name="Kelompok Melati"):
    """A Kredit Mesra application of a group of one (its leader); ``_add_members`` adds more."""
    from berdaya.financing.models import Application

    leader = leader or make_partner()
    group = _group(leader, name=name)
    application = Application.objects.create(
        product=group.product,
        group=group,
        applicant=leader,
        kelurahan_id=BEJI,
        status=status,
        term_months=12,
        submitted_at=timezone.now(),
    )
    _member(application, leader)
    return application


def _member(application, person):
    from berdaya.financing.models import ApplicationMember, GroupMember, Instalment, Loan

    if not GroupMember.objects.filter(group=application.group, person=person).exists():
        GroupMember.objects.create(
            group=application.group, person=person, joint_liability_signed_at=timezone.now()
        )
    member = ApplicationMember.objects.create(
        application=application, person=person, amount_rupiah=5_000_000, purpose="modal"
    )
    if application.status in ("disbursed", "closed"):
        loan = Loan.objects.create(
            application=application, member=member, person=person, kelurahan_id=BEJI,
            principal_rupiah=5_000_000, total_rupiah=5_000_000, term_months=12,
            disbursed_on=DISBURSED_ON,
        )  # fmt: skip
        Instalment.objects.bulk_create(
            Instalment(
                loan=loan,
                number=k,
                amount_rupiah=5_000_000 // 12,
                due_date=DISBURSED_ON + datetime.timedelta(days=30 * k),
            )  # fmt: skip
            for k in range(1, 13)
        )
    return member


def _add_members(application):
    return lambda n: [_member(application, person) for person in times(n, make_partner)]


def _applications(status: str):
    return lambda n: times(n, lambda: _application(status=status))


@case("financing: pembiayaan/ (the leader's groups)")
def _home_groups(p):
    leader = make_partner()
    return page(leader.user, "/pembiayaan/", lambda n: times(n, lambda: _group(leader)))


@case("financing: pembiayaan/ (the RT chair's recommendation queue)")
def _home_rt(p):
    return page(p.rt_chair, "/pembiayaan/", _applications("awaiting_recommendation"))


@case("financing: pembiayaan/ (staff)")
def _home_staff(p):
    return page(p.staff, "/pembiayaan/", _applications("awaiting_verification"))


@case("financing: pembiayaan/kelompok/<pk>/ (group members)")
def _group_detail(p):
    application = _application(status="draft")
    return page(
        application.applicant.user, f"/pembiayaan/kelompok/{application.group_id}/",
        _add_members(application),
    )  # fmt: skip


@case("financing: GET /financing/groups/{id} (group members)")
def _group_api(p):
    application = _application(status="draft")
    path = f"/financing/groups/{application.group_id}"
    return api(application.applicant.user, path, _add_members(application))


@case("financing: pembiayaan/pengajuan/ (staff)")
def _applications_staff(p):
    return page(p.staff, "/pembiayaan/pengajuan/", _applications("awaiting_verification"))


@case("financing: pembiayaan/pengajuan/ (lender)")
def _applications_lender(p):
    return page(p.bank_officer, "/pembiayaan/pengajuan/", _applications("forwarded"))


@case("financing: pembiayaan/pengajuan/ (RT chair)")
def _applications_rt(p):
    return page(p.rt_chair, "/pembiayaan/pengajuan/", _applications("awaiting_recommendation"))


@case("financing: GET /financing/applications (staff)")
def _applications_api(p):
    return api(p.staff, "/financing/applications", _applications("awaiting_verification"))


@case("financing: pembiayaan/pengajuan/<pk>/ (members, staff)")
def _application_detail(p):
    application = _application()
    return page(p.staff, f"/pembiayaan/pengajuan/{application.pk}/", _add_members(application))


@case("financing: pembiayaan/pengajuan/<pk>/ (members, a product requiring training)")
def _application_detail_training(p):
    from berdaya.financing.models import Product
    from berdaya.targets.tests.builders import certificate

    Product.objects.filter(code="kredit-mesra").update(training_required=True)
    application = _application()

    def grow(n):
        for member in _add_members(application)(n):
            certificate(member.person)

    return page(p.staff, f"/pembiayaan/pengajuan/{application.pk}/", grow)


@case("financing: pembiayaan/pengajuan/<pk>/ (members with loans, lender)")
def _application_detail_loans(p):
    application = _application(status="disbursed")
    url = f"/pembiayaan/pengajuan/{application.pk}/"
    return page(p.bank_officer, url, _add_members(application))


@case("financing: GET /financing/applications/{id} (members)")
def _application_api(p):
    application = _application()
    return api(p.staff, f"/financing/applications/{application.pk}", _add_members(application))


@case("financing: pembiayaan/pengajuan/<pk>/tagihan/ (collection sheet)")
def _collection(p):
    application = _application(status="disbursed")
    url = f"/pembiayaan/pengajuan/{application.pk}/tagihan/"
    return page(p.bank_officer, url, _add_members(application))


@case("financing: pembiayaan/pengajuan/<pk>/tagihan/cetak/ (printed collection sheet)")
def _collection_print(p):
    application = _application(status="disbursed")
    url = f"/pembiayaan/pengajuan/{application.pk}/tagihan/cetak/"
    return page(p.bank_officer, url, _add_members(application))


def _repayments(loan):
    from berdaya.financing.models import Repayment

    def grow(n):
        for i in range(n):
            Repayment.objects.create(
                loan=loan, paid_on=DISBURSED_ON + datetime.timedelta(days=i + 1),
                amount_rupiah=10_000, recorded_by=a_user(role="staf_dkum", name=f"Kasir {i}"),
            )  # fmt: skip

    return grow


def _a_loan():
    return _application(status="disbursed").loans.get()


@case("financing: pembiayaan/pinjaman/<pk>/ (repayments)")
def _loan_detail(p):
    loan = _a_loan()
    return page(p.bank_officer, f"/pembiayaan/pinjaman/{loan.pk}/", _repayments(loan))


@case("financing: pembiayaan/laporan/ (portfolio report)")
def _reports(p):
    return page(p.staff, "/pembiayaan/laporan/", _applications("disbursed"))


@case("financing: GET /financing/reports/portfolio")
def _reports_api(p):
    return api(p.staff, "/financing/reports/portfolio", _applications("disbursed"))
