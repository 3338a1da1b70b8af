"""The cooperatives API's operations, mounted under /api/v1/. The handlers call the same selectors
and services as the pages; rule refusals are 422 with codes, conflicts 409."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from berdaya.accounts.selectors import is_staff
from berdaya.cooperatives import selectors, services
from berdaya.cooperatives.api.schemas import (
    READ,
    WRITE,
    CooperativeCreatedOut,
    CooperativeIn,
    CooperativeOut,
    CooperativePage,
    CooperativeReviewIn,
    CooperativeStatusOut,
    CoopMemberIn,
    ListFilters,
    MemberCreatedOut,
    MemberOut,
    MemberPage,
    MembershipList,
    MemberStatusIn,
    RatReportIn,
    RatReportOut,
    ReportCreatedOut,
    ReportList,
)
from berdaya.cooperatives.models import AnnualReport, Cooperative, Member
from berdaya.core.errors import AccessDenied
from berdaya.core.masking import mask_nik
from berdaya.core.pagination import keyset_page
from berdaya.core.privacy import Action, access_record

router = Router(tags=["cooperatives"])


def _coop_summary(c: Cooperative) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "nik_koperasi": c.nik_koperasi,
        "type": c.type,
        "status": c.status,
        "kelurahan_code": c.kelurahan_id,
        "kecamatan_code": c.kelurahan.kecamatan_id,
        "health": c.health.as_dict(),  # type: ignore[attr-defined]
    }


def _coop_out(c: Cooperative, *, user) -> dict[str, Any]:
    board_nik = selectors.manages(user, c) or selectors.is_registrant(user, c)
    return {
        **_coop_summary(c),
        "legal_number": c.legal_number,
        "legal_date": c.legal_date.isoformat(),
        "rw": c.rw,
        "rt": c.rt,
        "street_address": c.street_address,
        "phone": c.phone,
        "email": c.email,
        "reason": c.reason,
        "submitted_at": c.submitted_at,
        "verified_at": c.verified_at,
        "board": [
            {
                "position": b.position,
                "full_name": b.full_name,
                "nik_masked": mask_nik(b.nik),
                **({"nik": b.nik} if board_nik else {}),
                "term_start": b.term_start.isoformat() if b.term_start else None,
                "term_end": b.term_end.isoformat() if b.term_end else None,
            }
            for b in c.board.all()
        ],
    }


def _member_out(m: Member) -> dict[str, Any]:
    return {
        "id": m.pk,
        "member_number": m.member_number,
        "nik_masked": mask_nik(m.nik),
        "full_name": m.full_name,
        "gender": m.gender,
        "birth_date": m.birth_date.isoformat(),
        "joined_on": m.joined_on.isoformat(),
        "status": m.status,
        "status_on": m.status_on.isoformat(),
        "savings_pokok_rupiah": m.savings_pokok_rupiah,
        "savings_wajib_rupiah": m.savings_wajib_rupiah,
        "savings_sukarela_rupiah": m.savings_sukarela_rupiah,
        "is_registered_person": m.person_id is not None,
    }


def _report_out(r: AnnualReport) -> dict[str, Any]:
    fields = (
        "fiscal_year", "version", "members_present", "members_total", "members_women",
        "members_men", "employees", "total_assets_rupiah", "own_capital_rupiah",
        "outside_capital_rupiah", "business_volume_rupiah", "shu_rupiah",
    )  # fmt: skip
    return {
        "id": r.pk,
        **{f: getattr(r, f) for f in fields},
        "meeting_date": r.meeting_date.isoformat(),
        "filed_at": r.filed_at,
        "has_minutes": bool(r.minutes),
    }


def _version_out(v: AnnualReport) -> dict[str, Any]:
    by = v.filed_by
    return {"version": v.version, "filed_at": v.filed_at, "filed_by": by.full_name if by else None}


def _coop_or_404(user, pk: int) -> Cooperative:
    coop = selectors.cooperative_get(user, pk)
    if coop is None:
        raise Http404
    return coop


def _managed_or_403(user, pk: int) -> Cooperative:
    coop = _coop_or_404(user, pk)
    if not selectors.manages(user, coop):
        raise AccessDenied()
    return coop


@router.post("/cooperatives", response={201: CooperativeCreatedOut, **WRITE})
def cooperative_create(request, payload: CooperativeIn):
    """Any logged-in person registers a cooperative they are on the board of; staff too."""
    coop = services.cooperative_register(actor=request.auth, data=payload.dict())
    return Status(201, {"id": coop.pk, "status": coop.status})


@router.get("/cooperatives", response={200: CooperativePage, **READ})
def cooperative_list(request, filters: Query[ListFilters]):
    f = selectors.ListFilters(
        kecamatan=filters.kecamatan, kelurahan=filters.kelurahan, type=filters.type,
        status=filters.status, rat_status=filters.rat_status, q=filters.q,
    )  # fmt: skip
    page = keyset_page(
        selectors.cooperative_search(request.auth, f),
        cursor=filters.cursor,
        size=filters.limit or 25,
    )
    selectors.health_many(page.items)
    return {
        "items": [_coop_summary(c) for c in page.items],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }


@router.get(
    "/cooperatives/{cooperative_id}",
    response={200: CooperativeOut, **READ},
    exclude_unset=True,  # a board row has "nik" only for the board itself
)
def cooperative_detail(request, cooperative_id: int):
    coop = _coop_or_404(request.auth, cooperative_id)
    selectors.health_of(coop)
    out = _coop_out(coop, user=request.auth)
    if any("nik" in row for row in out["board"]):
        access_record(
            actor=request.auth, action=Action.VIEW, subject=coop,
            purpose="API: data pengurus dan pengawas koperasi",
        )  # fmt: skip
    return out


@router.post("/cooperatives/{cooperative_id}/review", response={200: CooperativeStatusOut, **WRITE})
def cooperative_review(request, cooperative_id: int, payload: CooperativeReviewIn):
    """DKUM staff: verify, reject (reason) or revise (what to fix) a submitted cooperative."""
    if not is_staff(request.auth):
        raise AccessDenied()
    coop = _coop_or_404(request.auth, cooperative_id)
    coop = services.cooperative_review(
        cooperative=coop,
        reviewer=request.auth,
        decision=payload.decision,
        reason=payload.reason or "",
    )
    return Status(200, {"status": coop.status})


@router.post("/cooperatives/{cooperative_id}/members", response={201: MemberCreatedOut, **WRITE})
def member_create(request, cooperative_id: int, payload: CoopMemberIn):
    coop = _managed_or_403(request.auth, cooperative_id)
    member = services.member_add(cooperative=coop, actor=request.auth, data=payload.dict())
    return Status(
        201, {"id": member.pk, "member_number": member.member_number, "status": member.status}
    )


@router.get("/cooperatives/{cooperative_id}/members", response={200: MemberPage, **READ})
def member_list(
    request,
    cooperative_id: int,
    cursor: str | None = None,
    limit: int | None = None,
    status: str = "",
    q: str = "",
):
    """The board and staff; NIK is masked in the list."""
    coop = _managed_or_403(request.auth, cooperative_id)
    page = keyset_page(
        selectors.members_of(coop, status=status, q=q), cursor=cursor, size=limit or 25
    )
    return {
        "items": [_member_out(m) for m in page.items],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }


def _member_or_404(coop: Cooperative, member_id: int) -> Member:
    member = selectors.member_get(coop, member_id)
    if member is None:
        raise Http404
    return member


@router.patch(
    "/cooperatives/{cooperative_id}/members/{member_id}", response={200: MemberOut, **WRITE}
)
def member_patch(request, cooperative_id: int, member_id: int, payload: CoopMemberIn):
    coop = _managed_or_403(request.auth, cooperative_id)
    member = services.member_update(
        member=_member_or_404(coop, member_id),
        actor=request.auth,
        data=payload.dict(exclude_unset=True),
    )
    return Status(200, _member_out(member))


@router.post(
    "/cooperatives/{cooperative_id}/members/{member_id}/status",
    response={200: MemberOut, **WRITE},
)
def member_status(request, cooperative_id: int, member_id: int, payload: MemberStatusIn):
    coop = _managed_or_403(request.auth, cooperative_id)
    member = services.member_status_set(
        member=_member_or_404(coop, member_id),
        actor=request.auth,
        status=payload.status,
        on=payload.on,
    )
    return Status(200, _member_out(member))


@router.post("/cooperatives/{cooperative_id}/reports", response={201: ReportCreatedOut, **WRITE})
def report_create(request, cooperative_id: int, payload: RatReportIn):
    """The board files the RAT report; the same year again is a correction (version 2, ...).
    ``warnings`` lists checks that do not refuse the report."""
    coop = _managed_or_403(request.auth, cooperative_id)
    filed = services.report_file(cooperative=coop, actor=request.auth, data=payload.dict())
    r = filed.report
    return Status(
        201,
        {"id": r.pk, "fiscal_year": r.fiscal_year, "version": r.version,
         "warnings": filed.warnings},
    )  # fmt: skip


@router.get("/cooperatives/{cooperative_id}/reports", response={200: ReportList, **READ})
def report_list(request, cooperative_id: int):
    """Each year's latest version with the list of its versions."""
    coop = _coop_or_404(request.auth, cooperative_id)
    return {
        "items": [
            {**_report_out(r), "versions": [_version_out(v) for v in r.versions]}  # type: ignore[attr-defined]
            for r in selectors.reports_of(coop)
        ]
    }


@router.post(
    "/cooperatives/{cooperative_id}/reports/{report_id}/minutes",
    response={200: RatReportOut, **WRITE},
)
def report_minutes(request, cooperative_id: int, report_id: int, file: File[UploadedFile]):
    """The minutes of the RAT: a PDF (checked by its content) of at most 10 MB."""
    coop = _managed_or_403(request.auth, cooperative_id)
    report = selectors.report_get(coop, report_id)
    if report is None:
        raise Http404
    report = services.minutes_attach(report=report, actor=request.auth, upload=file)
    return Status(200, _report_out(report))


@router.get("/me/memberships", response={200: MembershipList, **READ})
def my_memberships(request):
    return {
        "items": [
            {
                "cooperative": {"id": m.cooperative_id, "name": m.cooperative.name},
                "member_number": m.member_number,
                "status": m.status,
                "savings_pokok_rupiah": m.savings_pokok_rupiah,
                "savings_wajib_rupiah": m.savings_wajib_rupiah,
                "savings_sukarela_rupiah": m.savings_sukarela_rupiah,
            }
            for m in selectors.memberships_for_user(request.auth)
        ]
    }
