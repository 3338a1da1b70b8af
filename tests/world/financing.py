"""The financing part of the world: the owner's Kredit Mesra group (disbursed, with recommendation
letters and loans), a second group with a pending invitation and a draft application, and
neighbours' applications waiting at each step (RT recommendation, DKUM verification, the
lender's decision, disbursement)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from berdaya.core.personas import BEJI
from tests.world.base import World


def _sign(group, user) -> None:
    """The leader's joint-liability signature (given at group creation in some versions of the
    service, separately in others): sign unless already signed."""
    from berdaya.core.errors import ConflictError, RuleError
    from berdaya.financing import services

    try:
        services.liability_sign(group=group, user=user)
    except (ConflictError, RuleError):
        pass


def _recommend_all(application, p) -> None:
    from berdaya.financing import services

    for official, level in (
        (p.rt_chair, "rt"),
        (p.rw_chair, "rw"),
        (p.kelurahan_officer, "kelurahan"),
    ):
        services.recommendation_give(
            application=application, official=official, level=level, approve=True
        )


def _application_at(stage: str, p, *, name: str):
    """A two-member Kredit Mesra application of RT 3/RW 7 Beji neighbours, taken to ``stage``."""
    from berdaya.financing import services
    from berdaya.financing.models import Application
    from berdaya.financing.tests.factories import make_application

    application, members = make_application(size=2, term=12)
    application.group.name = name
    application.group.save(update_fields=["name"])
    _sign(application.group, members[0].user)
    if stage == "draft":
        return application, members
    services.application_submit(application=application, user=members[0].user)
    if stage == "awaiting_recommendation":
        return Application.objects.get(pk=application.pk), members
    _recommend_all(application, p)
    if stage == "awaiting_verification":
        return Application.objects.get(pk=application.pk), members
    services.application_review(application=application, staff=p.staff, decision="forward")
    if stage == "forwarded":
        return Application.objects.get(pk=application.pk), members
    services.application_decide(
        application=application,
        officer=p.bank_officer,
        decisions=[{"nik": m.nik, "approve": True} for m in members],
    )
    if stage == "approved":
        return Application.objects.get(pk=application.pk), members
    services.application_disburse(
        application=application,
        officer=p.bank_officer,
        disbursed_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    return Application.objects.get(pk=application.pk), members


def small_groups() -> None:
    from berdaya.financing.models import Product

    # Kredit Mesra with groups of 2-3 (an admin edit), so the world stays small.
    Product.objects.filter(code="kredit-mesra").update(group_size_min=2, group_size_max=3)


def build_financing(w: World, p, owner) -> None:
    from berdaya.financing import services as financing
    from berdaya.financing.models import Loan, Product, Recommendation
    from berdaya.financing.tests.factories import make_partner

    # The owner's group: disbursed, with recommendation letters and loans.
    member = make_partner(name="Anggota Kelompok Pemilik", rt=3, rw=7)
    product = Product.objects.get(code="kredit-mesra")
    group = financing.group_create(
        user=owner.user,
        product=product,
        name="Kelompok Melati Tiga",
        kelurahan_code=BEJI,
        rw=7,
        rt=3,
    )
    _sign(group, owner.user)
    invitation = financing.invitation_create(group=group, user=owner.user, nik=member.nik)
    financing.invitation_answer(
        invitation=invitation, user=member.user, accept=True, joint_liability=True
    )
    w.text["owner_group"] = group.name
    application = financing.application_create(
        user=owner.user,
        group=group,
        term_months=12,
        members=[
            {"nik": person.nik, "amount_rupiah": 5_000_000, "purpose": "modal"}
            for person in (owner, member)
        ],
    )
    financing.application_submit(application=application, user=owner.user)
    _recommend_all(application, p)
    financing.application_review(application=application, staff=p.staff, decision="forward")
    financing.application_decide(
        application=application,
        officer=p.bank_officer,
        decisions=[{"nik": person.nik, "approve": True} for person in (owner, member)],
    )
    financing.application_disburse(
        application=application,
        officer=p.bank_officer,
        disbursed_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    loan = Loan.objects.get(application=application, person=owner)
    letter = Recommendation.objects.filter(application=application, level="rt").get()

    # A second group of the owner, with a draft application (the owner alone so far).
    draft_group = financing.group_create(
        user=owner.user,
        product=product,
        name="Kelompok Mawar Draf",
        kelurahan_code=BEJI,
        rw=7,
        rt=3,
    )
    _sign(draft_group, owner.user)
    draft_member = make_partner(name="Calon Anggota Draf", rt=3, rw=7)
    pending_invitation = financing.invitation_create(
        group=draft_group, user=owner.user, nik=draft_member.nik
    )
    draft = financing.application_create(
        user=owner.user,
        group=draft_group,
        term_months=12,
        members=[{"nik": owner.nik, "amount_rupiah": 5_000_000, "purpose": "modal"}],
    )

    # Neighbours' applications at each step (RT 3 / RW 7 Beji).
    awaiting_rt, _ = _application_at("awaiting_recommendation", p, name="Kelompok Tunggu RT")
    awaiting_verification, _ = _application_at(
        "awaiting_verification", p, name="Kelompok Tunggu DKUM"
    )
    forwarded, _ = _application_at("forwarded", p, name="Kelompok Di Bank")
    approved, _ = _application_at("approved", p, name="Kelompok Disetujui")
    w.ids.update(
        group=group.pk,
        draft_group=draft_group.pk,
        invitation=invitation.pk,
        pending_invitation=pending_invitation.pk,
        member_person=member.pk,
        member_membership=group.memberships.get(person=member).pk,
        member_nik=member.nik,
        application=application.pk,
        application_draft=draft.pk,
        application_awaiting_rt=awaiting_rt.pk,
        application_awaiting_verification=awaiting_verification.pk,
        application_forwarded=forwarded.pk,
        application_approved=approved.pk,
        loan=loan.pk,
        letter=letter.pk,
        letter_code=letter.code,
    )
