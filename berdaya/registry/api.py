"""Registry API: public registration, staff review, businesses and development reports."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Schema, Status

from berdaya.accounts.selectors import is_staff
from berdaya.core.api_schemas import ApiError
from berdaya.core.cleaning.schemas import BoundedInt, CleanSchema, CleanText
from berdaya.core.client import client_address
from berdaya.core.errors import AccessDenied
from berdaya.core.masking import mask_nik
from berdaya.core.pagination import keyset_page
from berdaya.core.privacy import Action, access_record
from berdaya.registry import selectors, services
from berdaya.registry.device import device_of
from berdaya.registry.schemas import (
    BusinessOut,
    BusinessPageOut,
    RegistrationOut,
    ReportListOut,
    ReportOut,
    ThrottledOut,
)

router = Router(tags=["registry"])


class PersonIn(CleanSchema):
    nik: str
    full_name: str
    gender: str
    birth_date: str
    phone: str
    email: str | None = None
    kelurahan_code: str
    kecamatan_code: str | None = None
    rw: int | str
    rt: int | str
    street_address: str = ""
    education: str = ""
    disability: str = ""


class BusinessIn(CleanSchema):
    name: str
    kbli_code: str
    started_on: str
    capital_rupiah: int | str
    annual_sales_rupiah: int | str
    workers_women: int | str = 0
    workers_men: int | str = 0
    nib: str | None = None
    npwp: str | None = None
    legal_form: str | None = None
    marketing_channels: list[str] = []
    kelurahan_code: str | None = None
    rw: int | str | None = None
    rt: int | str | None = None
    street_address: str | None = None


class RegistrationIn(CleanSchema):
    person: PersonIn
    business: BusinessIn
    password: CleanText(128)
    consent: bool = False


class CreatedOut(Schema):
    id: int
    status: str
    reference: str  # DFT-000123: what the registrant quotes by phone (added; id stays)


ErrorOut = ApiError  # the shared error body


class ReviewIn(CleanSchema):
    decision: CleanText(20)
    reason: CleanText(2000, multiline=True) | None = ""


class ReviewOut(Schema):
    status: str
    partner_number: str | None


class ReportIn(CleanSchema):
    period: str
    sales_rupiah: int | str | None = None
    assets_rupiah: int | str | None = None
    # The issue names them "sales" and "assets"; both spellings are accepted.
    sales: int | str | None = None
    assets: int | str | None = None
    workers_women: int | str = 0
    workers_men: int | str = 0
    production: str | None = ""
    marketing_channels: list[str] | str = []
    # A list (["capital", "training"]) or ticks ({"capital": true, ...}).
    needs: list[str] | dict[str, bool] | str = []
    note: str | None = ""

    def data(self) -> dict:
        data = self.dict()
        for name in ("sales", "assets"):
            alias = data.pop(name)
            if data[f"{name}_rupiah"] is None:
                data[f"{name}_rupiah"] = alias
        return data


def _business_out(b, *, user, full_nik: bool = False) -> dict:
    """A business as JSON; the owner's NIK is masked unless ``full_nik`` (a detail for a role
    that needs it, recorded by the caller)."""
    reg = getattr(b, "registration", None)
    return {
        "id": b.pk,
        "name": b.name,
        "owner": {
            "id": b.owner_id,
            "full_name": b.owner.full_name,
            "gender": b.owner.gender,
            "nik": b.owner.nik if full_nik else mask_nik(b.owner.nik),
        },
        "legal_form": b.legal_form,
        "started_on": b.started_on.isoformat(),
        "kbli_code": b.kbli.code,
        "kbli_version": b.kbli_version,
        "kbli_section": b.kbli_section,
        "kbli_title": b.kbli.title,
        "nib": b.nib,
        "capital_rupiah": b.capital_rupiah,
        "annual_sales_rupiah": b.annual_sales_rupiah,
        "workers_women": b.workers_women,
        "workers_men": b.workers_men,
        "marketing_channels": b.marketing_channels,
        "size_class": b.size_class,
        "size_rule": b.size_rule,
        "kelurahan_code": b.kelurahan_id,
        "rw": b.rw,
        "rt": b.rt,
        "registration": (
            {
                "id": reg.pk,
                "reference": reg.reference,
                "status": reg.status,
                "partner_number": reg.partner_number,
                "is_new_entrepreneur": reg.is_new_entrepreneur,
            }
            if reg
            else None
        ),
    }


def _registration_out(reg, *, user, full_nik: bool = False) -> dict:
    p = reg.person
    return {
        "id": reg.pk,
        "reference": reg.reference,
        "status": reg.status,
        "partner_number": reg.partner_number,
        "submitted_at": reg.submitted_at,
        "verified_at": reg.verified_at,
        "reason": reg.reason,
        "is_new_entrepreneur": reg.is_new_entrepreneur,
        "is_woman_entrepreneur": selectors.registration_is_woman_entrepreneur(reg),
        "person": {
            "id": p.pk,
            "nik": p.nik if (full_nik or p.user_id == user.pk) else mask_nik(p.nik),
            "full_name": p.full_name,
            "gender": p.gender,
            "birth_date": p.birth_date.isoformat(),
            "kelurahan_code": p.kelurahan_id,
            "rw": p.rw,
            "rt": p.rt,
        },
        "business": _business_out(reg.business, user=user, full_nik=full_nik),
    }


def _report_out(r) -> dict:
    return {
        "id": r.pk,
        "period": r.period.strftime("%Y-%m"),
        "sales_rupiah": r.sales_rupiah,
        "assets_rupiah": r.assets_rupiah,
        "workers_women": r.workers_women,
        "workers_men": r.workers_men,
        "production": r.production,
        "marketing_channels": r.marketing_channels,
        "needs": r.needs,
        "note": r.note,
        "updated_at": r.updated_at,
    }


@router.post(
    "/registrations",
    auth=None,
    response={201: CreatedOut, 409: ErrorOut, 429: ThrottledOut},
    summary="Daftar sebagai mitra binaan (publik)",
)
def registration_create(request, payload: RegistrationIn):
    """Anyone. An app sends its installation id in the ``X-Berdaya-Device`` header: the
    per-device abuse limit counts on it (a browser on the pages counts on a cookie)."""
    try:
        reg = services.registration_submit(
            person=payload.person.dict(),
            business=payload.business.dict(),
            password=payload.password,
            consent=payload.consent,
            client_address=client_address(request),
            device=device_of(request),
        )
    except services.RegistrationThrottled as exc:
        problem = {"field": "", "code": exc.code, "message": exc.message}
        return Status(429, {"code": exc.code, "message": exc.message, "errors": [problem]})
    return Status(201, {"id": reg.pk, "status": reg.status, "reference": reg.reference})


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def registration_detail(request, registration_id: int):
    """The applicant, staff, or an area official of the applicant's address."""
    reg = selectors.registration_get(request.auth, registration_id)
    if reg is None:
        raise Http404
    full = selectors.can_see_full_nik(request.auth) and reg.person.user_id != request.auth.pk
    if full:
        access_record(
            actor=request.auth,
            action=Action.VIEW,
            subject=reg.person,
            purpose="API registrasi mitra binaan",
        )
    return _registration_out(reg, user=request.auth, full_nik=full)


@router.post("/registrations/{registration_id}/review", response={200: ReviewOut, 409: ErrorOut})
def registration_review(request, registration_id: int, payload: ReviewIn):
    """DKUM staff: verify, reject (reason) or revise (what to fix)."""
    if not is_staff(request.auth):
        raise AccessDenied()
    reg = selectors.registration_get(request.auth, registration_id)
    if reg is None:
        raise Http404
    reg = services.registration_review(
        registration=reg,
        reviewer=request.auth,
        decision=payload.decision,
        reason=payload.reason or "",
    )
    return Status(200, {"status": reg.status, "partner_number": reg.partner_number})


# "new entrepreneurs only" (1) or "the others" (0), however the flag is spelled
_FLAGS = {
    "1": "1",
    "true": "1",
    "yes": "1",
    "ya": "1",
    "0": "0",
    "false": "0",
    "no": "0",
    "tidak": "0",
}


class BusinessFilters(CleanSchema):
    kecamatan: str = ""
    kelurahan: str = ""
    section: str = ""
    size: str = ""  # a size class (mikro, kecil, ...), or a page size when numeric
    status: str = ""
    gender: str = ""
    new: str = ""
    q: str = ""
    cursor: CleanText(20) | None = None
    limit: BoundedInt(1, 200) | None = None
    # Aliases with the model's field names.
    kecamatan_code: str = ""
    kelurahan_code: str = ""
    kbli_section: str = ""
    size_class: str = ""
    is_new_entrepreneur: str = ""
    # Aliases with the words (KBLI kategori, new entrepreneur, search).
    kategori: str = ""
    kbli_kategori: str = ""
    new_entrepreneur: str = ""
    search: str = ""

    def queue_filters(self) -> selectors.QueueFilters:
        new = ""
        for value in (self.new, self.new_entrepreneur, self.is_new_entrepreneur):
            flag = _FLAGS.get(value.strip().lower(), "")
            if flag:
                new = flag
                break
        return selectors.QueueFilters(
            kecamatan=self.kecamatan or self.kecamatan_code,
            kelurahan=self.kelurahan or self.kelurahan_code,
            section=(
                self.section or self.kbli_section or self.kategori or self.kbli_kategori
            ).upper(),
            size=self.size_class or ("" if self.size.strip().isdigit() else self.size),
            status=self.status,
            gender=self.gender.upper(),
            new=new,
            q=self.q or self.search,
        )

    def page_size(self) -> int:
        size = self.size.strip()
        return self.limit or (int(size) if size.isascii() and size.isdigit() else 25)


@router.get("/businesses", response=BusinessPageOut)
def business_list(request, filters: Query[BusinessFilters]):
    """Businesses the caller may see, newest first; ``next_cursor`` gives the next page."""
    page = keyset_page(
        selectors.business_search(request.auth, filters.queue_filters()),
        cursor=filters.cursor,
        size=filters.page_size(),
    )
    return {
        "items": [_business_out(b, user=request.auth) for b in page.items],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }


def _business_or_404(user, business_id: int):
    business = selectors.business_get(user, business_id)
    if business is None:
        raise Http404
    return business


@router.get("/businesses/{business_id}", response=BusinessOut)
def business_detail(request, business_id: int):
    business = _business_or_404(request.auth, business_id)
    full = selectors.can_see_full_nik(request.auth) and business.owner.user_id != request.auth.pk
    if full:
        access_record(
            actor=request.auth, action=Action.VIEW, subject=business.owner, purpose="API usaha"
        )
    return _business_out(business, user=request.auth, full_nik=full)


@router.post("/businesses/{business_id}/reports", response={200: ReportOut, 201: ReportOut})
def report_create(request, business_id: int, payload: ReportIn):
    """File the month's development report; the same month again updates it (200)."""
    business = _business_or_404(request.auth, business_id)
    report, created = services.report_file(
        business=business, actor=request.auth, data=payload.data()
    )
    return Status(201 if created else 200, _report_out(report))


@router.get("/businesses/{business_id}/reports", response=ReportListOut)
def report_list(request, business_id: int):
    business = _business_or_404(request.auth, business_id)
    return {"items": [_report_out(r) for r in selectors.reports_of(business)]}
