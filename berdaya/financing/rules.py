"""The rules a product enforces on an application, read from the product row (rules are data).

``application_problems`` returns every problem at once; the submit service refuses with all of
them. Each problem has a stable code, an Indonesian message and the members (NIK) concerned.
"""

from __future__ import annotations

from berdaya.core.errors import Problem
from berdaya.core.money import format_rupiah
from berdaya.financing import people
from berdaya.financing.models import (
    ACTIVE_STATUSES,
    Application,
    ApplicationMember,
    GroupMember,
    MemberStatus,
)


def _niks(members) -> list[str]:
    return [m.person.nik for m in members]


def application_problems(application: Application) -> list[Problem]:
    product = application.product
    members = list(application.members.select_related("person"))
    problems: list[Problem] = []

    count = len(members)
    if not (product.group_size_min <= count <= product.group_size_max):
        if product.group_size_min == product.group_size_max:
            size = f"tepat {product.group_size_min} orang"
        else:
            size = f"{product.group_size_min} sampai {product.group_size_max} orang"
        problems.append(
            Problem(
                "group_size",
                f"Jumlah anggota pengajuan {count} orang; produk {product.name} memerlukan {size}.",
                field="members",
                members=_niks(members),  # the whole group is concerned
            )
        )

    over = [m for m in members if m.amount_rupiah > product.amount_max_rupiah]
    if over:
        problems.append(
            Problem(
                "amount_over_limit",
                f"Jumlah pinjaman melebihi batas {format_rupiah(product.amount_max_rupiah)} "
                "per anggota.",
                members=_niks(over),
            )
        )
    under = [m for m in members if m.amount_rupiah < max(1, product.amount_min_rupiah)]
    if under:
        problems.append(
            Problem(
                "amount_under_minimum",
                "Jumlah pinjaman kurang dari batas minimal "
                f"{format_rupiah(max(1, product.amount_min_rupiah))} per anggota.",
                members=_niks(under),
            )
        )
    step = max(1, product.amount_step_rupiah)
    off_step = [m for m in members if m.amount_rupiah % step]
    if off_step:
        problems.append(
            Problem(
                "amount_step",
                f"Jumlah pinjaman harus kelipatan {format_rupiah(step)}.",
                members=_niks(off_step),
            )
        )

    if not product.terms.filter(months=application.term_months).exists():
        offered = ", ".join(str(t.months) for t in product.terms.all()) or "-"
        problems.append(
            Problem(
                "term_not_offered",
                f"Jangka waktu {application.term_months} bulan tidak tersedia "
                f"(pilihan: {offered} bulan).",
                field="term_months",
                members=_niks(members),  # every member's schedule depends on the term
            )
        )

    unverified = [m for m in members if not people.is_verified_partner(m.person)]
    if unverified:
        problems.append(
            Problem(
                "member_not_verified",
                "Anggota ini belum terverifikasi sebagai mitra binaan DKUM.",
                members=_niks(unverified),
            )
        )

    group = application.group
    if group is not None:
        outside = [m for m in members if not group.covers(m.person)]
        if outside:
            problems.append(
                Problem(
                    "member_outside_area",
                    f"Anggota ini tidak tinggal di wilayah kelompok ({group.area_label}).",
                    members=_niks(outside),
                )
            )

    if product.single_active_application:
        busy_ids = set(
            ApplicationMember.objects.filter(
                person__in=[m.person_id for m in members],
                application__status__in=ACTIVE_STATUSES,
            )
            .exclude(application=application)
            .values_list("person_id", flat=True)
        )
        busy = [m for m in members if m.person_id in busy_ids]
        if busy:
            problems.append(
                Problem(
                    "member_in_other_application",
                    "Anggota ini masih tercatat dalam pengajuan pembiayaan lain yang aktif.",
                    members=_niks(busy),
                )
            )

    if product.training_required:
        untrained = [m for m in members if not people.has_certificate(m.person)]
        if untrained:
            problems.append(
                Problem(
                    "training_required",
                    "Produk ini memerlukan sertifikat pelatihan DKUM.",
                    members=_niks(untrained),
                )
            )

    if product.joint_liability and group is not None:
        signed = set(
            GroupMember.objects.filter(
                group=group, status=MemberStatus.ACTIVE, joint_liability_signed_at__isnull=False
            ).values_list("person_id", flat=True)
        )
        unsigned = [m for m in members if m.person_id not in signed]
        if unsigned:
            problems.append(
                Problem(
                    "liability_not_signed",
                    "Anggota ini belum menandatangani pernyataan tanggung renteng.",
                    members=_niks(unsigned),
                )
            )
    return problems


def draft_problems(person) -> list[Problem]:
    """Who may draft an application at all: a verified partner of DKUM. Enforced by
    ``services.application_create`` (pages and API alike) and part of ``start_problems``."""
    if person is None:
        return [
            Problem(
                "person_required",
                "Daftarkan usaha Anda sebagai mitra binaan DKUM terlebih dahulu.",
            )
        ]
    if not people.is_verified_partner(person):
        return [
            Problem(
                "applicant_not_verified",
                "Usaha Anda belum terverifikasi sebagai mitra binaan DKUM.",
                members=[person.nik],
            )
        ]
    return []


def start_problems(person, product, group=None) -> list[Problem]:
    """What keeps ``person`` from starting an application for ``product`` through ``group``,
    shown before they start (``selectors.start_blockers``): who may draft (``draft_problems``,
    which the draft service refuses) and the product's conditions that the submission checks
    (certificate, group size), so no one prepares a draft that can never be submitted."""
    problems = draft_problems(person)
    if person is None:
        return problems
    if product.training_required and not people.has_certificate(person):
        problems.append(
            Problem(
                "certificate_required",
                "Produk ini memerlukan sertifikat pelatihan DKUM.",
                members=[person.nik],
            )
        )
    if group is not None:
        count = group.memberships.filter(status=MemberStatus.ACTIVE).count()
        if count < product.group_size_min:
            problems.append(
                Problem(
                    "group_size",
                    f"Kelompok perlu paling sedikit {product.group_size_min} anggota; "
                    f"sekarang {count} orang. Undang anggota dulu.",
                    field="group",
                )
            )
    return problems
