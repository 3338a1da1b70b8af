"""The board's member pages (also DKUM staff): list, add, edit, status, export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from berdaya.cooperatives import selectors, services
from berdaya.cooperatives.forms import MemberForm, MemberStatusForm
from berdaya.cooperatives.models import MemberStatus
from berdaya.cooperatives.views.common import closed_reason, managed_or_403, status_moves
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.export import Column, choice_column, export_list, nik_column
from berdaya.core.once import once_per_token
from berdaya.core.pagination import keyset_page
from berdaya.core.privacy import Action, access_record

CONFLICT_FIELDS = {"member_number_taken": "member_number", "already_member": "nik"}


@login_required
def members(request, pk: int):
    coop = managed_or_403(request, pk)
    status = request.GET.get("status", "")
    status = status if status in MemberStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    page = keyset_page(
        selectors.members_of(coop, status=status, q=q), cursor=request.GET.get("cursor")
    )
    query = urlencode({k: v for k, v in {"status": status, "q": q}.items() if v})
    context = {
        "coop": coop,
        "page": page,
        "status": status,
        "q": q,
        "query": query,
        "statuses": MemberStatus.choices,
    }
    counts = selectors.member_counts(coop)
    context["status_counts"] = [(v, label, counts[v]) for v, label in MemberStatus.choices]
    return render(request, "cooperatives/members.html", context)


def _apply(form, exc: RuleError | ConflictError) -> list:
    if isinstance(exc, ConflictError):
        form.add_error(CONFLICT_FIELDS.get(exc.code), exc.message)
        return []
    return form.add_problems(exc)


@login_required
@once_per_token
def member_add(request, pk: int):
    coop = managed_or_403(request, pk)
    form = MemberForm(request.POST if request.method == "POST" else None)
    others: list = []
    if request.method == "POST":
        try:
            member = services.member_add(cooperative=coop, actor=request.user, data=form.raw())
        except (RuleError, ConflictError) as exc:
            form.is_valid()
            others = _apply(form, exc)
        else:
            messages.success(request, f"{member.full_name} ditambahkan sebagai anggota.")
            if request.POST.get("again"):
                return redirect("cooperatives:member_add", pk=coop.pk)
            return redirect("cooperatives:members", pk=coop.pk)
    context = {
        "coop": coop, "form": form, "others": others, "title": "Tambah anggota",
        "closed": closed_reason(coop, "Penambahan anggota"),
    }  # fmt: skip
    return render(request, "cooperatives/member_form.html", context)


@login_required
@once_per_token
def member_edit(request, pk: int, member_pk: int):
    coop = managed_or_403(request, pk)
    member = selectors.member_get(coop, member_pk)
    if member is None:
        raise Http404
    initial = {
        "member_number": member.member_number, "nik": member.nik, "full_name": member.full_name,
        "gender": member.gender, "birth_date": member.birth_date.isoformat(),
        "joined_on": member.joined_on.isoformat(),
        "savings_pokok_rupiah": member.savings_pokok_rupiah,
        "savings_wajib_rupiah": member.savings_wajib_rupiah,
        "savings_sukarela_rupiah": member.savings_sukarela_rupiah,
    }  # fmt: skip
    is_status = request.method == "POST" and "status" in request.POST
    form = MemberForm(request.POST if request.method == "POST" and not is_status else None,
                      initial=initial)  # fmt: skip
    status_form = MemberStatusForm(request.POST if is_status else None)
    moves = status_moves(member)
    status_form.fields["status"].choices = moves  # type: ignore[attr-defined]
    others: list = []
    if request.method == "POST":
        try:
            if is_status:
                services.member_status_set(
                    member=member, actor=request.user,
                    status=request.POST.get("status", ""), on=request.POST.get("on", ""),
                )  # fmt: skip
                messages.success(request, "Status anggota diubah.")
            else:
                services.member_update(member=member, actor=request.user, data=form.raw())
                messages.success(request, "Data anggota disimpan.")
        except (RuleError, ConflictError) as exc:
            target = status_form if is_status else form
            target.is_valid()
            if isinstance(exc, ConflictError) and is_status:
                target.add_error(None, exc.message)
            else:
                others = _apply(target, exc)
        else:
            return redirect("cooperatives:members", pk=coop.pk)
    access_record(
        actor=request.user, action=Action.VIEW, subject=member, purpose="Data anggota koperasi"
    )
    context = {
        "coop": coop, "member": member, "form": form, "status_form": status_form,
        "others": others, "title": f"Anggota {member.member_number}",
        "closed": closed_reason(coop, "Perubahan data anggota"), "moves": moves,
    }  # fmt: skip
    return render(request, "cooperatives/member_form.html", context)


@login_required
def members_export(request, pk: int, fmt: str = "xlsx"):
    """The member list exactly as filtered on the page (status, search), as XLSX or CSV through
    ``core.export``; NIK masked; recorded with the filter and the row count."""
    coop = managed_or_403(request, pk)
    status = request.GET.get("status", "")
    status = status if status in MemberStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    columns = [
        Column("Nomor anggota", "member_number"),
        Column("Nama", "full_name"),
        nik_column("NIK (disamarkan)", "nik", full=False),
        Column("Jenis kelamin", "gender"),
        Column("Tanggal lahir", "birth_date"),
        Column("Tanggal masuk", "joined_on"),
        choice_column("Status", "status", MemberStatus.choices),
        Column("Tanggal status", "status_on"),
        Column("Simpanan pokok (Rp)", "savings_pokok_rupiah"),
        Column("Simpanan wajib (Rp)", "savings_wajib_rupiah"),
        Column("Simpanan sukarela (Rp)", "savings_sukarela_rupiah"),
    ]
    return export_list(
        request, fmt, queryset=selectors.members_of(coop, status=status, q=q).order_by(
            "member_number", "pk"
        ), columns=columns, filename=f"anggota-koperasi-{coop.pk}", sheet="Anggota",
        subject=f"cooperatives.Cooperative:{coop.pk}",
        purpose="Ekspor anggota koperasi (NIK disamarkan)",
        filters=urlencode({k: v for k, v in {"status": status, "q": q}.items() if v}) or "semua",
    )  # fmt: skip
