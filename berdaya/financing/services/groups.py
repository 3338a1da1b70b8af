"""Groups and invitations: a verified partner forms a group, invites neighbours by NIK or phone,
they answer on their own phone, members sign joint liability (tanggung renteng), leave or are
removed before the application is submitted.

Joint liability, one rule here: the leader signs it when forming the group (``joint_liability``)
or later, like every member (``liability_sign``); the submission refuses a group with an
unsigned member (``liability_not_signed``). Pages and API ask the same services.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.financing import people
from berdaya.financing.models import (
    ApplicationMember,
    FinancingEvents,
    Group,
    GroupMember,
    Invitation,
    InvitationStatus,
    MemberStatus,
    Product,
)
from berdaya.financing.recommendation_rules import EDITABLE, group_locked
from berdaya.financing.services._common import require_person
from berdaya.regions.selectors import kelurahan_get

E = FinancingEvents


def _lock_group(group: Group | int) -> Group:
    pk = group if isinstance(group, int) else group.pk
    return Group.objects.select_for_update(of=("self",)).select_related("product").get(pk=pk)


def group_create(
    *,
    user,
    product: Product,
    name: str,
    kelurahan_code: str,
    rw: int | None = None,
    rt: int | None = None,
    joint_liability: bool = False,
) -> Group:
    """A verified partner forms a group for a product, naming its area. With
    ``joint_liability`` the leader signs the product's joint-liability statement now."""
    leader = require_person(user)
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
    for value, field in ((rw, "area.rw"), (rt, "area.rt")):
        if value is not None and not 1 <= value <= 999:
            raise RuleError.one("out_of_range", "RT/RW harus 1 sampai 999.", field=field)
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
            joint_liability_signed_at=timezone.now()
            if product.joint_liability and joint_liability
            else None,
        )
        events.record(group, E.GROUP_CREATED, actor=user, data={"area": group.area_label})
    return group


def invitation_create(*, group: Group, user, nik: str = "", phone: str = "") -> Invitation:
    leader = people.person_for_user(user)
    if leader is None or leader.pk != group.leader_id:
        raise AccessDenied("Hanya ketua kelompok yang dapat mengundang anggota.")
    nik = (nik or "").strip()
    phone = (phone or "").strip()
    if not nik and not phone:
        raise RuleError.one("required", "Isi NIK atau nomor HP orang yang diundang.", field="nik")
    if nik and (len(nik) != 16 or not nik.isascii() or not nik.isdigit()):
        raise RuleError.one("nik_invalid", "NIK harus 16 angka.", field="nik")
    person = None
    if nik:
        person = people.person_by_nik(nik)
    else:
        from berdaya.accounts.phones import normalize_phone

        normalized = str(normalize_phone(phone))  # +62812...
        person = people.person_by_phone(phone, normalized=normalized)
        phone = normalized
    with transaction.atomic():
        group = _lock_group(group)
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
        events.record(group, E.MEMBER_INVITED, actor=user, data={"invitation": invitation.pk})
        if person is not None and person.user is not None:
            notify_user(
                person.user,
                title=f"Undangan bergabung ke {group.phrase}",
                body=f"{group.leader.full_name} mengundang Anda ke kelompok {group.product.name}.",
                url=reverse("financing:invitation", args=[invitation.pk]),
            )
    return invitation


def invitation_reaches_someone(invitation: Invitation) -> bool:
    """Whether the invitee has an account on Berdaya (so the invitation reaches them in-app)."""
    person = invitation.person
    return person is not None and person.user_id is not None


def _lock_pending_invitation(*, invitation: Invitation, user) -> tuple[Group, Invitation]:
    leader = people.person_for_user(user)
    if leader is None or leader.pk != invitation.group.leader_id:
        raise AccessDenied("Hanya ketua kelompok yang dapat mengatur undangan.")
    group = _lock_group(invitation.group_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise ConflictError("invitation_not_pending", "Undangan ini sudah tidak menunggu jawaban.")
    return group, invitation


def invitation_cancel(*, invitation: Invitation, user) -> Invitation:
    """The leader cancels a pending invitation (lock order: group, then the invitation)."""
    with transaction.atomic():
        group, invitation = _lock_pending_invitation(invitation=invitation, user=user)
        invitation.status = InvitationStatus.CANCELLED
        invitation.save(update_fields=["status"])
        events.record(group, E.INVITATION_CANCELLED, actor=user, data={"invitation": invitation.pk})
    return invitation


def invitation_resend(*, invitation: Invitation, user) -> Invitation:
    """The leader sends a pending invitation again: it is matched again to a person who has
    registered since, and notifies them."""
    with transaction.atomic():
        group, invitation = _lock_pending_invitation(invitation=invitation, user=user)
        if invitation.person is None or invitation.person.user_id is None:
            person = people.person_by_nik(invitation.nik) if invitation.nik else None
            if person is None and invitation.phone:
                person = people.person_by_phone(invitation.phone, normalized=invitation.phone)
            if person is not None:
                invitation.person = person
                invitation.save(update_fields=["person"])
        events.record(group, E.INVITATION_RESENT, actor=user, data={"invitation": invitation.pk})
        person = invitation.person
        if person is not None and person.user is not None:
            notify_user(
                person.user,
                title=f"Undangan bergabung ke {group.phrase}",
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


def invitation_answer(
    *, invitation: Invitation, user, accept: bool, joint_liability: bool = False
) -> Invitation:
    """The invited person accepts or declines, on their own phone. Where the product asks for joint
    liability they sign it with the acceptance (``joint_liability``) or later
    (``liability_sign``); the submission refuses a group with an unsigned member
    (``liability_not_signed``)."""
    person = people.person_for_user(user)
    if person is None:
        raise AccessDenied("Undangan ini bukan untuk Anda.")
    with transaction.atomic():
        # Lock order: the group, then the invitation.
        group = _lock_group(invitation.group_id)
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if not _invitation_is_for(invitation, person):
            raise AccessDenied("Undangan ini bukan untuk Anda.")
        if invitation.status != InvitationStatus.PENDING:
            raise ConflictError("invitation_answered", "Undangan ini sudah dijawab.")
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
            E.MEMBER_JOINED if accept else E.INVITATION_DECLINED,
            actor=user,
            data={"invitation": invitation.pk},
        )
        if group.leader.user:
            notify_user(
                group.leader.user,
                title=f"{person.full_name} {'bergabung' if accept else 'menolak undangan'}",
                body=group.phrase[:1].upper() + group.phrase[1:],
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
        events.record(group, E.LIABILITY_SIGNED, actor=user, data={"member": membership.pk})
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
        group = _lock_group(group)
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
            E.MEMBER_LEFT if membership.status == MemberStatus.LEFT else E.MEMBER_REMOVED,
            actor=user,
            note=reason,
            data={"person": target.pk},
        )
    return membership
