"""Group pages: form a group, see it, invite, sign joint liability, leave or remove a member,
and answer an invitation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.public_url import public_url
from berdaya.core.refusals import show_refusal
from berdaya.financing import people, selectors, services
from berdaya.financing.forms import AcceptForm, GroupForm, InviteForm, add_rule_errors
from berdaya.financing.models import InvitationStatus, Status
from berdaya.financing.views._common import guarded, require, step


@guarded
def group_create(request):
    product = selectors.product_get_active(request.GET.get("produk", ""))
    person = people.person_for_user(request.user)
    require(
        person is not None and people.is_verified_partner(person),
        "Hanya mitra binaan terverifikasi yang dapat membentuk kelompok.",
    )
    form = GroupForm(request.POST or None, product=product, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                user=request.user,
                product=product,
                name=form.cleaned_data["name"],
                kelurahan_code=form.cleaned_data["kelurahan_code"],
                rw=form.cleaned_data["rw"],
                rt=form.cleaned_data["rt"],
                joint_liability=form.cleaned_data.get("joint_liability", False),
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        else:
            messages.success(request, "Kelompok dibentuk. Undang anggota kelompok.")
            return redirect("financing:group", group.pk)
    return render(request, "financing/group_form.html", {"form": form, "product": product})


@guarded
def group_detail(request, pk):
    group = selectors.group_get(request.user, pk)
    person = people.person_for_user(request.user)
    is_leader = person is not None and person.pk == group.leader_id
    members = selectors.active_members(group)
    locked = services.group_locked(group)
    context = {
        "group": group,
        "members": members,
        "is_leader": is_leader,
        "person": person,
        "is_member": person is not None and members.filter(person=person).exists(),
        "invitations": [
            (inv, services.invitation_reaches_someone(inv), invitation_share_url(request, inv))
            for inv in group.invitations.filter(status=InvitationStatus.PENDING).select_related(
                "person", "group__leader", "group__product"
            )
        ],
        "locked": locked,
        "can_invite": selectors.can_invite(request.user, group),
        "can_prepare": selectors.can_prepare_application(request.user, group),
        "prepare_blockers": selectors.start_blockers(person, group.product, group)
        if is_leader
        else [],
        "form": InviteForm(),
        "application": group.applications.exclude(status=Status.WITHDRAWN).order_by("-pk").first(),
    }
    return render(request, "financing/group_detail.html", context)


@guarded
@require_POST
def group_liability_sign(request, pk):
    group = selectors.group_get(request.user, pk)
    return step(
        request,
        lambda: services.liability_sign(group=group, user=request.user),
        "Pernyataan tanggung renteng Anda tercatat.",
        reverse("financing:group", args=[pk]),
    )


@guarded
@require_POST
def group_invite(request, pk):
    group = selectors.group_led_by(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi NIK atau nomor HP orang yang diundang.")
        return redirect("financing:group", pk)
    try:
        invitation = services.invitation_create(
            group=group,
            user=request.user,
            nik=form.cleaned_data["nik"],
            phone=form.cleaned_data["phone"],
        )
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        if services.invitation_reaches_someone(invitation):
            messages.success(request, "Undangan terkirim ke akun Berdaya orang tersebut.")
        else:
            messages.warning(
                request,
                "Orang ini belum terdaftar di Berdaya, jadi undangan belum sampai kepadanya. "
                "Bagikan undangan lewat WhatsApp (tombol di bawah) agar ia mendaftar dulu.",
            )
    return redirect("financing:group", pk)


def invitation_share_url(request, invitation) -> str:
    """A WhatsApp share link (wa.me) with the invitation and the registration address."""
    group = invitation.group
    register = public_url(request, reverse("registry:register"))
    text = (
        f"Halo, {group.leader.full_name} mengundang Anda bergabung ke {group.phrase} "
        f"untuk pembiayaan {group.product.name}. Daftar dulu di Berdaya: {register} "
        "lalu buka menu Pembiayaan untuk menerima undangan."
    )
    return "https://wa.me/?" + urlencode({"text": text})


@guarded
@require_POST
def invitation_cancel(request, pk):
    invitation = selectors.invitation_led_by(request.user, pk)
    return step(
        request,
        lambda: services.invitation_cancel(invitation=invitation, user=request.user),
        "Undangan dibatalkan.",
        reverse("financing:group", args=[invitation.group_id]),
    )


@guarded
@require_POST
def invitation_resend(request, pk):
    invitation = selectors.invitation_led_by(request.user, pk)
    try:
        invitation = services.invitation_resend(invitation=invitation, user=request.user)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        if services.invitation_reaches_someone(invitation):
            messages.success(request, "Undangan dikirim ulang ke akun Berdaya orang tersebut.")
        else:
            messages.warning(
                request,
                "Orang ini masih belum terdaftar di Berdaya. Bagikan undangan lewat WhatsApp.",
            )
    return redirect("financing:group", invitation.group_id)


@guarded
@require_POST
def group_leave(request, pk, member_pk=None):
    """A member leaves; the leader removes a member. Anyone but the leader asking to remove a
    member gets 404, whether or not that member exists."""
    if member_pk is None:
        group = selectors.group_get(request.user, pk)
        target = None
    else:
        group = selectors.group_led_by(request.user, pk)
        target = selectors.group_member_get(group, pk=member_pk).person
    return step(
        request,
        lambda: services.member_leave(group=group, user=request.user, person=target),
        "Anggota dikeluarkan." if target else "Anda telah keluar dari kelompok.",
        reverse("financing:group", args=[pk]) if target else reverse("financing:index"),
    )


@guarded
def invitation(request, pk):
    invitation = selectors.invitation_get(request.user, pk)
    can_answer = selectors.can_answer_invitation(request.user, invitation)
    if request.method == "POST":
        require(can_answer, "Undangan ini tidak dapat Anda jawab.")
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") != "decline"
        try:
            services.invitation_answer(
                invitation=invitation,
                user=request.user,
                accept=accept,
                joint_liability=form.cleaned_data["joint_liability"],
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Anda bergabung." if accept else "Undangan ditolak.")
            return redirect(
                "financing:group" if accept else "financing:index",
                *([invitation.group_id] if accept else []),
            )
    context = {"invitation": invitation, "form": form, "can_answer": can_answer}
    return render(request, "financing/invitation.html", context)
