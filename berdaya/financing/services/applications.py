"""Applications: the leader prepares the draft (term, members' amounts), submits it (every
product rule checked at once) or withdraws it.

A draft already refuses what can never be right (a negative amount, a term outside 1-120
months); the product's own limits are checked, all together, on submission."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    FinancingEvents,
    Group,
    MemberStatus,
    Product,
    Status,
)
from berdaya.financing.recommendation_rules import (
    EDITABLE,
    OPEN_STATUSES,
    WITHDRAWABLE,
    status_after_recommendations,
)
from berdaya.financing.rules import application_problems, draft_problems
from berdaya.financing.services._common import (
    clear_recommendation_requests,
    lock_application,
    notify_applicants,
    notify_next_step,
    require_leader,
    require_person,
    wrong_status,
)

E = FinancingEvents
TERM_MONTHS_MAX = 120
AMOUNT_RUPIAH_MAX = 10**12  # far above any product; keeps the value inside the column


def _clean_term(term_months) -> int:
    try:
        term = int(term_months)
    except (TypeError, ValueError):
        term = 0
    if not 1 <= term <= TERM_MONTHS_MAX:
        raise RuleError.one(
            "term_invalid",
            f"Jangka waktu harus 1 sampai {TERM_MONTHS_MAX} bulan.",
            field="term_months",
        )
    return term


def _clean_amounts(members: list[dict]) -> list[dict]:
    bad = []
    cleaned = []
    for item in members:
        nik = str(item.get("nik", "")).strip()
        try:
            amount = int(item.get("amount_rupiah") or 0)
        except (TypeError, ValueError):
            amount = -1
        if not 0 <= amount <= AMOUNT_RUPIAH_MAX:
            bad.append(nik)
        cleaned.append({**item, "nik": nik, "amount_rupiah": amount})
    if bad:
        raise RuleError.one(
            "amount_invalid",
            "Jumlah pinjaman tidak boleh negatif atau melampaui batas.",
            field="members",
            members=bad,
        )
    return cleaned


def _lock_for_members(application: Application) -> Application:
    """Lock order: the group (its members may change) before the application."""
    if application.group_id:
        Group.objects.select_for_update(of=("self",)).get(pk=application.group_id)
    return lock_application(application)


def _sync_members(application: Application, members: list[dict]) -> None:
    group = application.group
    wanted: dict[str, dict] = {item["nik"]: item for item in _clean_amounts(members)}
    if group is not None:
        active = {
            m.person.nik: m.person
            for m in group.memberships.filter(status=MemberStatus.ACTIVE).select_related("person")
        }
    else:
        active = {application.applicant.nik: application.applicant}
    strangers = [nik for nik in wanted if nik not in active]
    if strangers:
        raise RuleError.one(
            "member_not_in_group",
            "NIK ini bukan anggota aktif kelompok.",
            field="members",
            members=strangers,
        )
    existing = {m.person.nik: m for m in application.members.select_related("person")}
    for nik, member in existing.items():
        if nik not in wanted:
            member.delete()  # its recommendations go with it; others keep theirs
    for nik, item in wanted.items():
        amount = item["amount_rupiah"]
        purpose = str(item.get("purpose") or "")[:200]
        current = existing.get(nik)
        if current is None:
            ApplicationMember.objects.create(
                application=application, person=active[nik], amount_rupiah=amount, purpose=purpose
            )
        elif (current.amount_rupiah, current.purpose) != (amount, purpose):
            current.amount_rupiah, current.purpose = amount, purpose
            current.save(update_fields=["amount_rupiah", "purpose"])


def application_create(
    *,
    user,
    term_months: int,
    members: list[dict] | None = None,
    group: Group | None = None,
    product: Product | None = None,
) -> Application:
    """The leader prepares the group's application (or an individual their own)."""
    person = require_person(user)
    if group is not None:
        product = group.product
        if person.pk != group.leader_id:
            raise AccessDenied("Hanya ketua kelompok yang dapat menyiapkan pengajuan.")
    elif product is None:
        raise RuleError.one("required", "Pilih kelompok atau produk.", field="group")
    elif product.is_group:
        raise RuleError.one("group_required", "Produk ini untuk kelompok.", field="group")
    term = _clean_term(term_months)
    refused = draft_problems(person)
    if refused:  # an unverified partner drafts nothing, through a page or the API
        raise RuleError(*refused)
    if members is None:
        if group is None:
            members = [{"nik": person.nik, "amount_rupiah": product.amount_min_rupiah}]
        else:
            members = []
    members = _clean_amounts(members)
    with transaction.atomic():
        if group is not None:
            group = Group.objects.select_for_update(of=("self",)).get(pk=group.pk)
            if group.applications.filter(status__in=OPEN_STATUSES).exists():
                raise ConflictError(
                    "application_exists", "Kelompok ini sudah memiliki pengajuan yang berjalan."
                )
        fee = product.fee_percent(term)
        application = Application.objects.create(
            product=product,
            group=group,
            applicant=person,
            kelurahan_id=group.kelurahan_id if group else person.kelurahan_id,
            term_months=term,
            admin_fee_percent=fee if fee is not None else Decimal(0),
        )
        _sync_members(application, members)
        events.record(application, E.CREATED, actor=user, to_status=Status.DRAFT)
    return application


def application_update(
    *, application: Application, user, term_months: int | None = None, members=None
) -> Application:
    """Change the term or the members' amounts; add or replace members (draft or revision).
    A replaced member's recommendations go with them; the others keep theirs."""
    require_leader(application, user)
    term = None if term_months is None else _clean_term(term_months)
    if members is not None:
        members = _clean_amounts(members)
    with transaction.atomic():
        application = _lock_for_members(application)
        if application.status not in EDITABLE:
            raise wrong_status(application, "diubah")
        if term is not None:
            application.term_months = term
            fee = application.product.fee_percent(term)
            application.admin_fee_percent = fee if fee is not None else Decimal(0)
            application.save(update_fields=["term_months", "admin_fee_percent", "updated_at"])
        if members is not None:
            _sync_members(application, members)
        events.record(application, E.UPDATED, actor=user)
    return application


def application_submit(*, application: Application, user) -> Application:
    require_leader(application, user)
    with transaction.atomic():
        application = _lock_for_members(application)
        if application.status not in EDITABLE:
            raise wrong_status(application, "diajukan")
        problems = application_problems(application)
        if problems:
            raise RuleError(*problems)
        fee = application.product.fee_percent(application.term_months)
        before = application.status
        application.admin_fee_percent = fee
        application.status = status_after_recommendations(application)
        application.submitted_at = timezone.now()
        application.revision_note = ""
        application.save()
        events.record(
            application, E.SUBMITTED, actor=user, from_status=before, to_status=application.status
        )
        notify_applicants(application, f"Pengajuan {application.title} telah diajukan")
        notify_next_step(application)
    return application


def application_withdraw(*, application: Application, user, note: str = "") -> Application:
    require_leader(application, user)
    with transaction.atomic():
        application = lock_application(application)
        if application.status not in WITHDRAWABLE:
            raise wrong_status(application, "ditarik")
        before = application.status
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        application.recommendations.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        events.record(
            application,
            E.WITHDRAWN,
            actor=user,
            from_status=before,
            to_status=Status.WITHDRAWN,
            note=(note or "").strip(),
        )
        notify_applicants(application, f"Pengajuan {application.title} ditarik")
        clear_recommendation_requests(application)  # nothing is left for officials to do
    return application
