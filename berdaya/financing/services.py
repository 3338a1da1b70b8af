"""Writes of the financing workflow. One service per step: it locks the row, checks the status,
changes it, writes one event and notifies (messages leave on commit)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role, RoleAssignment, ScopeKind
from berdaya.accounts.selectors import covers_address, is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.masking import mask_nik
from berdaya.core.notify import notify_user, notify_users
from berdaya.financing import people, selectors
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Decision,
    Group,
    GroupMember,
    Instalment,
    Invitation,
    InvitationStatus,
    Level,
    Loan,
    LoanStatus,
    MemberStatus,
    Product,
    Recommendation,
    Repayment,
    Status,
)
from berdaya.financing.rules import application_problems
from berdaya.financing.schedule import build_schedule
from berdaya.regions.selectors import kelurahan_get

LEVEL_ROLE: dict[str, str] = {
    Level.RT: Role.KETUA_RT,
    Level.RW: Role.KETUA_RW,
    Level.KELURAHAN: Role.PETUGAS_KELURAHAN,
}
EDITABLE = (Status.DRAFT, Status.NEEDS_REVISION)
WITHDRAWABLE = (
    Status.DRAFT,
    Status.AWAITING_RECOMMENDATION,
    Status.AWAITING_VERIFICATION,
    Status.FORWARDED,
    Status.NEEDS_REVISION,
)
OPEN_STATUSES = (*WITHDRAWABLE, Status.APPROVED, Status.PARTIALLY_APPROVED, Status.DISBURSED)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


# --- helpers -----------------------------------------------------------------------------------
def _wrong_status(application: Application, action: str) -> ConflictError:
    return ConflictError(
        "wrong_status",
        f"Pengajuan berstatus \u201c{application.get_status_display()}\u201d; "
        f"tidak dapat {action}.",
    )


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("product", "group")
        .get(pk=application.pk)
    )


def _url(application: Application) -> str:
    return reverse("financing:application", args=[application.pk])


def _require_person(user):
    person = people.person_for_user(user)
    if person is None:
        raise RuleError.one(
            "person_required",
            "Lengkapi data diri dan daftar sebagai mitra binaan terlebih dahulu.",
        )
    return person


def _require_leader(application: Application, user) -> None:
    person = people.person_for_user(user)
    if person is None or person.pk != application.applicant_id:
        raise AccessDenied("Hanya ketua kelompok (pemohon) yang dapat melakukan ini.")


def _applicant_users(application: Application):
    users = [m.person.user for m in application.members.select_related("person__user")]
    if application.applicant.user and application.applicant.user not in users:
        users.append(application.applicant.user)
    return [u for u in users if u is not None]


def _notify_applicants(application: Application, title: str, body: str = "") -> None:
    notify_users(_applicant_users(application), title=title, body=body, url=_url(application))


def officials_for(application: Application, level: str):
    """Users holding the ``level`` role over at least one member's address."""
    role = LEVEL_ROLE[level]
    condition = Q(scope=ScopeKind.CITY)
    for m in application.members.select_related("person"):
        p = m.person
        condition |= Q(scope=ScopeKind.KELURAHAN, kelurahan_id=p.kelurahan_id)
        condition |= Q(scope=ScopeKind.RW, kelurahan_id=p.kelurahan_id, rw=p.rw)
        condition |= Q(scope=ScopeKind.RT, kelurahan_id=p.kelurahan_id, rw=p.rw, rt=p.rt)
        condition |= Q(scope=ScopeKind.KECAMATAN, kecamatan_id=p.kelurahan.kecamatan_id)
    assignments = RoleAssignment.objects.filter(condition, role=role).select_related("user")
    return list({a.user for a in assignments})


def _staff_users():
    assignments = RoleAssignment.objects.filter(role=Role.STAF_DKUM).select_related("user")
    return list({a.user for a in assignments})


def _lender_users(product: Product):
    assignments = RoleAssignment.objects.filter(
        role=Role.PETUGAS_LEMBAGA, institution=product.lender_id
    ).select_related("user")
    return list({a.user for a in assignments})


def level_done(application: Application, level: str) -> bool:
    """A level is complete when every member holds a valid recommendation at that level."""
    member_ids = set(application.members.values_list("pk", flat=True))
    if not member_ids:
        return False
    recommended = set(
        Recommendation.objects.filter(
            application=application, level=level, approved=True, revoked_at__isnull=True
        ).values_list("members", flat=True)
    )
    return first_open_level([level], member_ids, {level: recommended}) is None


def first_open_level(
    levels: Iterable[str], member_ids: set[int], recommended: dict[str, set[int]]
) -> str | None:
    """The first of ``levels`` where not every member holds a valid recommendation
    (``recommended[level]``: ids of the members under valid approved ones); None when all are
    complete. An application without members completes no level."""
    for level in levels:
        if not member_ids or not member_ids <= recommended.get(level, set()):
            return level
    return None


def current_level(application: Application) -> str | None:
    """The first level of the product's order that is not complete (None when all are)."""
    for level in application.product.recommendation_levels:
        if not level_done(application, level):
            return level
    return None


def _after_recommendations(application: Application) -> str:
    level = current_level(application)
    if level is None:
        return Status.AWAITING_VERIFICATION
    return Status.AWAITING_RECOMMENDATION


def _notify_next_step(application: Application) -> None:
    if application.status == Status.AWAITING_RECOMMENDATION:
        level = current_level(application)
        if level is None:
            return
        notify_users(
            officials_for(application, level),
            title=f"Permintaan rekomendasi {Level(level).label}: {application.title}",
            body="Mohon periksa anggota di wilayah Anda dan beri rekomendasi.",
            url=_url(application),
        )
    elif application.status == Status.AWAITING_VERIFICATION:
        notify_users(
            _staff_users(),
            title=f"Pengajuan siap diverifikasi: {application.title}",
            url=_url(application),
        )


# --- groups and invitations --------------------------------------------------------------------
def group_create(
    *,
    user,
    product: Product,
    name: str,
    kelurahan_code: str,
    rw: int | None = None,
    rt: int | None = None,
) -> Group:
    """A verified partner forms a group for a product, naming its area. Forming a group of a
    joint-liability product is the leader's signature of the joint-liability statement."""
    leader = _require_person(user)
    if not product.is_group:
        raise RuleError.one(
            "product_not_for_groups",
            "Produk ini untuk perorangan, bukan kelompok.",
            field="product",
        )
    if not product.is_active:
        raise RuleError.one("product_inactive", "Produk ini sedang tidak dibuka.", field="product")
    if not people.is_verified_partner(leader):
        raise RuleError.one(
            "member_not_verified",
            "Ketua kelompok harus mitra binaan DKUM yang terverifikasi.",
            members=[leader.nik],
        )
    name = (name or "").strip()
    if not name:
        raise RuleError.one("required", "Isi nama kelompok.", field="name")
    if rt is not None and rw is None:
        raise RuleError.one("rw_required", "RT harus disertai RW.", field="area.rw")
    kelurahan = kelurahan_get(kelurahan_code, field="area.kelurahan_code")
    area = "rt" if rt is not None else "rw" if rw is not None else "kelurahan"
    if area not in product.allowed_areas:
        raise RuleError.one(
            "area_not_allowed",
            f"Wilayah kelompok tingkat {area.upper() if area != 'kelurahan' else area} "
            "tidak diizinkan untuk produk ini.",
            field="area",
        )
    with transaction.atomic():
        group = Group.objects.create(
            product=product, name=name, leader=leader, kelurahan=kelurahan, rw=rw, rt=rt
        )
        if not group.covers(leader):
            raise RuleError.one(
                "member_outside_area",
                f"Ketua kelompok tidak tinggal di wilayah kelompok ({group.area_label}).",
                members=[leader.nik],
            )
        GroupMember.objects.create(
            group=group,
            person=leader,
            is_leader=True,
            joint_liability_signed_at=timezone.now() if product.joint_liability else None,
        )
        events.record(group, "group_created", actor=user, data={"area": group.area_label})
    return group


def group_locked(group: Group) -> bool:
    return group.applications.exclude(
        status__in=[*EDITABLE, Status.WITHDRAWN, Status.REJECTED, Status.CLOSED]
    ).exists()


def invitation_create(*, group: Group, user, nik: str = "", phone: str = "") -> Invitation:
    leader = people.person_for_user(user)
    if leader is None or leader.pk != group.leader_id:
        raise AccessDenied("Hanya ketua kelompok yang dapat mengundang anggota.")
    nik = (nik or "").strip()
    phone = (phone or "").strip()
    if not nik and not phone:
        raise RuleError.one("required", "Isi NIK atau nomor HP orang yang diundang.", field="nik")
    if nik and (len(nik) != 16 or not nik.isdigit()):
        raise RuleError.one("nik_invalid", "NIK harus 16 angka.", field="nik")
    person = None
    if nik:
        person = people.person_by_nik(nik)
    elif phone:
        from berdaya.accounts.phones import normalize_phone

        normalized = normalize_phone(phone)  # +62812...
        local = "0" + normalized[3:]
        from berdaya.registry.models import Person

        person = Person.objects.filter(phone__in=[normalized, local, phone]).first()
        phone = normalized
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        if group_locked(group):
            raise ConflictError("group_locked", "Pengajuan kelompok sudah diproses.")
        if (
            person is not None
            and group.memberships.filter(person=person, status=MemberStatus.ACTIVE).exists()
        ):
            raise ConflictError("already_member", "Orang ini sudah menjadi anggota kelompok.")
        pending = group.invitations.filter(status=InvitationStatus.PENDING)
        if (nik and pending.filter(nik=nik).exists()) or (
            person is not None and pending.filter(person=person).exists()
        ):
            raise ConflictError("already_invited", "Orang ini sudah diundang.")
        invitation = Invitation.objects.create(
            group=group,
            nik=nik or (person.nik if person else ""),
            phone=phone or (person.phone if person else ""),
            person=person,
            invited_by=user,
        )
        events.record(group, "member_invited", actor=user, data={"invitation": invitation.pk})
        if person is not None and person.user is not None:
            notify_user(
                person.user,
                title=f"Undangan bergabung ke kelompok {group.name}",
                body=f"{group.leader.full_name} mengundang Anda ke kelompok {group.product.name}.",
                url=reverse("financing:invitation", args=[invitation.pk]),
            )
    return invitation


def _invitation_is_for(invitation: Invitation, person) -> bool:
    if person is None:
        return False
    if invitation.person_id:
        return invitation.person_id == person.pk
    if invitation.nik:
        return invitation.nik == person.nik
    from berdaya.accounts.phones import normalize_phone

    try:
        return str(normalize_phone(person.phone)) == invitation.phone
    except RuleError:
        return False


def invitation_answer(*, invitation: Invitation, user, accept: bool, joint_liability=False):
    """The invited person accepts or declines, on their own phone. Where the product asks for joint
    liability they sign it with the acceptance (``joint_liability``) or later
    (``liability_sign``); the submission refuses a group with an unsigned member
    (``liability_not_signed``)."""
    person = people.person_for_user(user)
    if person is None:
        raise AccessDenied("Undangan ini bukan untuk Anda.")
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("group__product")
            .get(pk=invitation.pk)
        )
        if not _invitation_is_for(invitation, person):
            raise AccessDenied("Undangan ini bukan untuk Anda.")
        if invitation.status != InvitationStatus.PENDING:
            raise ConflictError("invitation_answered", "Undangan ini sudah dijawab.")
        group = invitation.group
        if accept and group_locked(group):
            raise ConflictError("group_locked", "Pengajuan kelompok sudah diproses.")
        invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        invitation.person = person
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "person", "answered_at", "updated_at"])
        if accept:
            GroupMember.objects.get_or_create(
                group=group,
                person=person,
                status=MemberStatus.ACTIVE,
                defaults={
                    "joint_liability_signed_at": timezone.now()
                    if group.product.joint_liability and joint_liability
                    else None
                },
            )
        events.record(
            group,
            "member_joined" if accept else "invitation_declined",
            actor=user,
            data={"invitation": invitation.pk},
        )
        if group.leader.user:
            notify_user(
                group.leader.user,
                title=f"{person.full_name} {'bergabung' if accept else 'menolak undangan'}",
                body=f"Kelompok {group.name}",
                url=reverse("financing:group", args=[group.pk]),
            )
    return invitation


def liability_sign(*, group: Group, user) -> GroupMember:
    """A member signs the joint liability statement (tanggung renteng) of their group. Signing
    twice takes effect once."""
    person = people.person_for_user(user)
    with transaction.atomic():
        membership = (
            GroupMember.objects.select_for_update(of=("self",))
            .filter(group=group, person=person, status=MemberStatus.ACTIVE)
            .first()
        )
        if person is None or membership is None:
            raise AccessDenied("Anda bukan anggota kelompok ini.")
        if membership.joint_liability_signed_at is not None:
            return membership
        membership.joint_liability_signed_at = timezone.now()
        membership.save(update_fields=["joint_liability_signed_at"])
        events.record(group, "liability_signed", actor=user, data={"member": membership.pk})
    return membership


def member_leave(*, group: Group, user, person=None, reason: str = "") -> GroupMember:
    """A member leaves (``person`` None) or the leader removes ``person``, before submission."""
    actor_person = people.person_for_user(user)
    target = person or actor_person
    if actor_person is None or target is None:
        raise AccessDenied()
    if target.pk != actor_person.pk and actor_person.pk != group.leader_id:
        raise AccessDenied("Hanya ketua kelompok yang dapat mengeluarkan anggota.")
    if target.pk == group.leader_id:
        raise RuleError.one("leader_cannot_leave", "Ketua kelompok tidak dapat keluar.")
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        if group_locked(group):
            raise ConflictError(
                "group_locked", "Pengajuan sudah diajukan; anggota tidak dapat keluar sekarang."
            )
        membership = group.memberships.filter(person=target, status=MemberStatus.ACTIVE).first()
        if membership is None:
            raise ConflictError("not_member", "Orang ini bukan anggota aktif kelompok.")
        membership.status = MemberStatus.LEFT if target == actor_person else MemberStatus.REMOVED
        membership.left_at = timezone.now()
        membership.save(update_fields=["status", "left_at", "updated_at"])
        ApplicationMember.objects.filter(
            application__group=group, application__status__in=EDITABLE, person=target
        ).delete()
        events.record(
            group,
            f"member_{membership.status}",
            actor=user,
            note=reason,
            data={"person": target.pk},
        )
    return membership


# --- applications ------------------------------------------------------------------------------
def _sync_members(application: Application, members: list[dict]) -> None:
    group = application.group
    wanted: dict[str, dict] = {}
    for item in members:
        nik = str(item.get("nik", "")).strip()
        wanted[nik] = item
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
        amount = int(item.get("amount_rupiah") or 0)
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
    person = _require_person(user)
    if group is not None:
        product = group.product
        if person.pk != group.leader_id:
            raise AccessDenied("Hanya ketua kelompok yang dapat menyiapkan pengajuan.")
    elif product is None:
        raise RuleError.one("required", "Pilih kelompok atau produk.", field="group")
    elif product.is_group:
        raise RuleError.one("group_required", "Produk ini untuk kelompok.", field="group")
    if members is None:
        if group is None:
            members = [{"nik": person.nik, "amount_rupiah": product.amount_min_rupiah}]
        else:
            members = []
    with transaction.atomic():
        if group is not None:
            group = Group.objects.select_for_update().get(pk=group.pk)
            if group.applications.filter(status__in=OPEN_STATUSES).exists():
                raise ConflictError(
                    "application_exists", "Kelompok ini sudah memiliki pengajuan yang berjalan."
                )
        fee = product.fee_percent(int(term_months))
        application = Application.objects.create(
            product=product,
            group=group,
            applicant=person,
            kelurahan_id=group.kelurahan_id if group else person.kelurahan_id,
            term_months=int(term_months),
            admin_fee_percent=fee if fee is not None else Decimal(0),
        )
        _sync_members(application, members)
        events.record(application, "created", actor=user, to_status=Status.DRAFT)
    return application


def application_update(
    *, application: Application, user, term_months: int | None = None, members=None
) -> Application:
    """Change the term or the members' amounts; add or replace members (draft or revision).
    A replaced member's recommendations go with them; the others keep theirs."""
    _require_leader(application, user)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in EDITABLE:
            raise _wrong_status(application, "diubah")
        if term_months is not None:
            application.term_months = int(term_months)
            fee = application.product.fee_percent(application.term_months)
            application.admin_fee_percent = fee if fee is not None else Decimal(0)
            application.save(update_fields=["term_months", "admin_fee_percent", "updated_at"])
        if members is not None:
            _sync_members(application, members)
        events.record(application, "updated", actor=user)
    return application


def application_submit(*, application: Application, user) -> Application:
    _require_leader(application, user)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in EDITABLE:
            raise _wrong_status(application, "diajukan")
        problems = application_problems(application)
        if problems:
            raise RuleError(*problems)
        fee = application.product.fee_percent(application.term_months)
        before = application.status
        application.admin_fee_percent = fee
        application.status = _after_recommendations(application)
        application.submitted_at = timezone.now()
        application.revision_note = ""
        application.save()
        events.record(
            application, "submitted", actor=user, from_status=before, to_status=application.status
        )
        _notify_applicants(application, f"Pengajuan {application.title} telah diajukan")
        _notify_next_step(application)
    return application


def application_withdraw(*, application: Application, user, note: str = "") -> Application:
    _require_leader(application, user)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in WITHDRAWABLE:
            raise _wrong_status(application, "ditarik")
        before = application.status
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        application.recommendations.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        events.record(
            application,
            "withdrawn",
            actor=user,
            from_status=before,
            to_status=Status.WITHDRAWN,
            note=note,
        )
        _notify_applicants(application, f"Pengajuan {application.title} ditarik")
    return application


def members_in_scope(
    application: Application,
    user,
    level: str,
    *,
    members: Iterable[ApplicationMember] | None = None,
) -> list[ApplicationMember]:
    """The members of ``application`` living in ``user``'s scope for ``level`` (``members``:
    the application's members with their person, when the caller already has them)."""
    role = LEVEL_ROLE[level]
    if members is None:
        members = application.members.select_related("person")
    return [
        m
        for m in members
        if covers_address(
            user, role, kelurahan_code=m.person.kelurahan_id, rw=m.person.rw, rt=m.person.rt
        )
    ]


def _letter_number(rec: Recommendation) -> str:
    issued = timezone.localtime(rec.issued_at)
    return f"{rec.pk:05d}/REK-{rec.level.upper()}/{ROMAN[issued.month - 1]}/{issued.year}"


def recommendation_give(
    *, application: Application, official, level: str, approve: bool, note: str = ""
) -> Recommendation:
    """An RT chair, RW chair or kelurahan officer recommends (or refuses) the members living in
    their own scope, at the level that is open now."""
    if level not in LEVEL_ROLE:
        raise RuleError.one("level_unknown", "Tingkat rekomendasi tidak dikenal.", field="level")
    note = (note or "").strip()
    with transaction.atomic():
        application = _lock(application)
        scope = members_in_scope(application, official, level)
        if not scope:
            raise AccessDenied("Tidak ada anggota pengajuan ini di wilayah Anda.")
        if application.status != Status.AWAITING_RECOMMENDATION:
            raise _wrong_status(application, "diberi rekomendasi")
        if level not in application.product.recommendation_levels:
            raise RuleError.one(
                "level_not_required",
                "Produk ini tidak memerlukan rekomendasi tingkat ini.",
                field="level",
            )
        open_level = current_level(application)
        if level != open_level:
            raise ConflictError(
                "level_not_open",
                f"Rekomendasi tingkat {Level(open_level).label} harus selesai lebih dahulu."
                if open_level
                else "Semua rekomendasi sudah lengkap.",
            )
        done = set(
            Recommendation.objects.filter(
                application=application, level=level, approved=True, revoked_at__isnull=True
            ).values_list("members", flat=True)
        )
        pending = [m for m in scope if m.pk not in done]
        if not pending:
            raise ConflictError(
                "already_recommended", "Anggota di wilayah Anda sudah diberi rekomendasi."
            )
        if not approve and not note:
            raise RuleError.one(
                "reason_required", "Tuliskan alasan penolakan rekomendasi.", field="note"
            )
        assignment = next(
            (a for a in official.role_assignments.all() if a.role == LEVEL_ROLE[level]), None
        )
        rec = Recommendation.objects.create(
            application=application,
            level=level,
            official=official,
            official_name=official.full_name,
            official_role=str(assignment) if assignment else Level(level).label,
            approved=bool(approve),
            note=note,
            member_names=[
                {"name": m.person.full_name, "nik_masked": mask_nik(m.person.nik)} for m in pending
            ],
        )
        rec.members.set(pending)
        rec.number = _letter_number(rec)
        rec.save(update_fields=["number"])
        before = application.status
        if approve:
            application.status = _after_recommendations(application)
        else:
            application.status = Status.NEEDS_REVISION
            application.revision_note = note
        application.save(update_fields=["status", "revision_note", "updated_at"])
        events.record(
            application,
            "recommended" if approve else "recommendation_refused",
            actor=official,
            from_status=before,
            to_status=application.status,
            note=note,
            data={"level": level, "recommendation": rec.pk, "members": len(pending)},
        )
        word = "memberi" if approve else "menolak"
        _notify_applicants(
            application,
            f"{rec.official_role} {word} rekomendasi",
            note if not approve else f"Surat nomor {rec.number}",
        )
        if approve and (application.status != before or current_level(application) != level):
            _notify_next_step(application)
    return rec


def application_review(*, application: Application, staff, decision: str, note: str = ""):
    """DKUM staff forward the verified file to the lender or return it for revision."""
    if not is_staff(staff):
        raise AccessDenied("Hanya staf DKUM yang dapat memverifikasi pengajuan.")
    if decision not in ("forward", "revise"):
        raise RuleError.one("decision_invalid", "Pilih teruskan atau kembalikan.", field="decision")
    note = (note or "").strip()
    if decision == "revise" and not note:
        raise RuleError.one("reason_required", "Tuliskan apa yang perlu diperbaiki.", field="note")
    with transaction.atomic():
        application = _lock(application)
        if application.status != Status.AWAITING_VERIFICATION:
            raise _wrong_status(application, "diverifikasi")
        before = application.status
        if decision == "forward":
            application.status = Status.FORWARDED
            application.forwarded_at = timezone.now()
        else:
            application.status = Status.NEEDS_REVISION
            application.revision_note = note
        application.save()
        events.record(
            application,
            "forwarded" if decision == "forward" else "returned",
            actor=staff,
            from_status=before,
            to_status=application.status,
            note=note,
        )
        if decision == "forward":
            _notify_applicants(application, f"Pengajuan diteruskan ke {application.product.lender}")
            notify_users(
                _lender_users(application.product),
                title=f"Pengajuan baru dari DKUM: {application.title}",
                url=_url(application),
            )
        else:
            _notify_applicants(application, "Pengajuan perlu diperbaiki", note)
    return application


def _require_lender(application: Application, officer) -> None:
    if not selectors.is_lender_officer(officer, application.product):
        raise AccessDenied("Pengajuan ini bukan untuk lembaga Anda.")


def application_decide(*, application: Application, officer, decisions: list[dict]):
    """The lender's officer decides per member: approve an amount up to the request, or refuse
    with a reason. The application is decided once every member is."""
    _require_lender(application, officer)
    with transaction.atomic():
        application = _lock(application)
        if application.status != Status.FORWARDED:
            raise _wrong_status(application, "diputuskan")
        members = {m.person.nik: m for m in application.members.select_related("person")}
        problems = []
        for item in decisions:
            nik = str(item.get("nik", "")).strip()
            member = members.get(nik)
            if member is None:
                problems.append(
                    (
                        "member_not_in_application",
                        "NIK ini bukan anggota pengajuan.",
                        "members",
                        [nik],
                    )
                )
                continue
            if member.decision != Decision.PENDING:
                raise ConflictError("already_decided", "Anggota ini sudah diputuskan.")
            if item.get("approve"):
                amount = item.get("amount_rupiah")
                amount = member.amount_rupiah if amount in (None, "") else int(amount)
                if amount > member.amount_rupiah:
                    problems.append(
                        (
                            "amount_over_request",
                            "Jumlah disetujui melebihi jumlah yang diajukan.",
                            "members",
                            [nik],
                        )
                    )
                elif amount <= 0:
                    problems.append(
                        (
                            "amount_under_minimum",
                            "Jumlah disetujui harus lebih dari 0.",
                            "members",
                            [nik],
                        )
                    )
                member.decision = Decision.APPROVED
                member.approved_amount_rupiah = amount
                member.decision_reason = str(item.get("reason") or "")
            else:
                reason = str(item.get("reason") or "").strip()
                if not reason:
                    problems.append(
                        ("reason_required", "Tuliskan alasan penolakan.", "members", [nik])
                    )
                member.decision = Decision.REFUSED
                member.approved_amount_rupiah = None
                member.decision_reason = reason
        if problems:
            raise RuleError(*problems)
        if not decisions:
            raise RuleError.one("required", "Putuskan setidaknya satu anggota.", field="members")
        for item in decisions:
            members[str(item["nik"]).strip()].save(
                update_fields=["decision", "approved_amount_rupiah", "decision_reason"]
            )
        states = [m.decision for m in members.values()]
        before = application.status
        if Decision.PENDING not in states:
            full = all(
                m.decision == Decision.APPROVED and m.approved_amount_rupiah == m.amount_rupiah
                for m in members.values()
            )
            if full:
                application.status = Status.APPROVED
            elif Decision.APPROVED in states:
                application.status = Status.PARTIALLY_APPROVED
            else:
                application.status = Status.REJECTED
            application.decided_at = timezone.now()
            application.save(update_fields=["status", "decided_at", "updated_at"])
            if application.status == Status.REJECTED:
                application.recommendations.filter(revoked_at__isnull=True).update(
                    revoked_at=timezone.now()
                )
        events.record(
            application,
            "decided" if application.status != before else "members_decided",
            actor=officer,
            from_status=before,
            to_status=application.status if application.status != before else "",
            data={"members": [str(d.get("nik")) for d in decisions]},
        )
        if application.status != before:
            _notify_applicants(
                application,
                f"Keputusan {application.product.lender}: {application.get_status_display()}",
            )
    return application


def application_disburse(*, application: Application, officer, disbursed_on: datetime.date):
    """Record the disbursement: each approved member gets a loan with its schedule."""
    _require_lender(application, officer)
    if disbursed_on > timezone.localdate():
        raise RuleError.one(
            "date_in_future", "Tanggal pencairan tidak boleh di masa depan.", field="disbursed_on"
        )
    with transaction.atomic():
        application = _lock(application)
        if application.status not in (Status.APPROVED, Status.PARTIALLY_APPROVED):
            raise _wrong_status(application, "dicairkan")
        for member in application.members.filter(decision=Decision.APPROVED).select_related(
            "person"
        ):
            approved = member.approved_amount_rupiah or 0
            schedule = build_schedule(
                product=application.product,
                amount_rupiah=approved,
                term_months=application.term_months,
                fee_percent=application.admin_fee_percent,
                start=disbursed_on,
            )
            loan = Loan.objects.create(
                application=application,
                member=member,
                person=member.person,
                kelurahan_id=member.person.kelurahan_id,
                principal_rupiah=approved,
                admin_fee_rupiah=schedule.admin_fee_rupiah,
                total_rupiah=schedule.total_rupiah,
                term_months=application.term_months,
                disbursed_on=disbursed_on,
            )
            Instalment.objects.bulk_create(
                Instalment(loan=loan, number=n, due_date=due, amount_rupiah=amount)
                for n, (due, amount) in enumerate(schedule.instalments, start=1)
            )
        before = application.status
        application.status = Status.DISBURSED
        application.disbursed_on = disbursed_on
        application.save(update_fields=["status", "disbursed_on", "updated_at"])
        events.record(
            application,
            "disbursed",
            actor=officer,
            from_status=before,
            to_status=Status.DISBURSED,
            data={"disbursed_on": disbursed_on.isoformat()},
        )
        _notify_applicants(application, "Pinjaman telah dicairkan", "Lihat jadwal angsuran Anda.")
    return application


# --- repayments --------------------------------------------------------------------------------
def _apply_payment(loan: Loan, officer, paid_on: datetime.date, amount: int) -> Repayment:
    if loan.status != LoanStatus.ACTIVE:
        raise ConflictError("loan_closed", "Pinjaman ini sudah lunas.")
    if amount <= 0:
        raise RuleError.one(
            "amount_invalid", "Jumlah pembayaran harus lebih dari 0.", field="amount_rupiah"
        )
    if amount > loan.outstanding_rupiah:
        raise RuleError.one(
            "amount_over_outstanding",
            f"Pembayaran melebihi sisa kewajiban ({loan.outstanding_rupiah:,}).".replace(",", "."),
            field="amount_rupiah",
            members=[loan.person.nik],
        )
    if paid_on < loan.disbursed_on or paid_on > timezone.localdate():
        raise RuleError.one("date_invalid", "Tanggal pembayaran tidak wajar.", field="paid_on")
    repayment = Repayment.objects.create(
        loan=loan, paid_on=paid_on, amount_rupiah=amount, recorded_by=officer
    )
    rest = amount
    for instalment in loan.instalments.filter(paid_rupiah__lt=F("amount_rupiah")):
        if rest <= 0:
            break
        take = min(rest, instalment.due_rupiah)
        instalment.paid_rupiah += take
        if instalment.paid_rupiah == instalment.amount_rupiah:
            instalment.paid_on = paid_on
        instalment.save(update_fields=["paid_rupiah", "paid_on"])
        rest -= take
    loan.paid_rupiah += amount
    if loan.outstanding_rupiah == 0:
        loan.status = LoanStatus.CLOSED
        loan.closed_on = paid_on
    loan.save(update_fields=["paid_rupiah", "status", "closed_on", "updated_at"])
    events.record(
        loan,
        "repayment",
        actor=officer,
        data={"amount": amount, "paid_on": paid_on.isoformat()},
        to_status=loan.status if loan.status == LoanStatus.CLOSED else "",
    )
    return repayment


def _close_application_if_repaid(application_id: int, officer, paid_on) -> None:
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status != Status.DISBURSED:
        return
    if application.loans.filter(status=LoanStatus.ACTIVE).exists():
        return
    application.status = Status.CLOSED
    application.closed_on = paid_on
    application.save(update_fields=["status", "closed_on", "updated_at"])
    events.record(
        application, "closed", actor=officer, from_status=Status.DISBURSED, to_status=Status.CLOSED
    )
    _notify_applicants(application, f"Pinjaman {application.title} lunas. Terima kasih!")


def repayment_record(*, loan: Loan, officer, paid_on: datetime.date, amount_rupiah: int):
    """The lender's officer records one member's payment; a repaid loan closes."""
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("application__product__lender", "person")
            .get(pk=loan.pk)
        )
        _require_lender(loan.application, officer)
        repayment = _apply_payment(loan, officer, paid_on, int(amount_rupiah))
        _close_application_if_repaid(loan.application_id, officer, paid_on)
    return repayment


def collection_record(
    *, application: Application, officer, paid_on: datetime.date, payments: dict[int, int]
) -> list[Repayment]:
    """A group's collection sheet: payments by loan id, recorded together (all or nothing)."""
    _require_lender(application, officer)
    out = []
    with transaction.atomic():
        application = _lock(application)
        loans = {
            loan.pk: loan
            for loan in Loan.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(application=application, pk__in=list(payments))
        }
        for loan_id, amount in payments.items():
            if not amount:
                continue
            if loan_id not in loans:
                raise RuleError.one("loan_unknown", "Pinjaman tidak ada dalam kelompok ini.")
            out.append(_apply_payment(loans[loan_id], officer, paid_on, int(amount)))
        _close_application_if_repaid(application.pk, officer, paid_on)
    return out
