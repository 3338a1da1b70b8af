"""Request and response shapes of the opportunities API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from berdaya.core.api_schemas import ApiError, ApiValidationError
from berdaya.core.cleaning.schemas import CleanSchema
from berdaya.opportunities.models import Opportunity

# The shared error bodies (also what BerdayaAPI declares on every operation).
ErrorOut = ApiError
ProblemsOut = ApiValidationError


class EligibilityIn(CleanSchema):
    kbli_sections: list[str] = []
    kecamatan_codes: list[str] = []
    size_classes: list[str] = []
    new_entrepreneurs_only: bool = False
    women_only: bool = False
    training_required: bool = False
    training_program: int | str | None = None


class OpportunityIn(CleanSchema):
    kind: str
    title: str
    provider: str
    description: str = ""
    quota: int | None = None
    first_come: bool = False
    opens_on: date
    deadline: date
    eligibility: EligibilityIn = EligibilityIn()
    financing_product: str | None = None


class EligibilityPatch(CleanSchema):
    kbli_sections: list[str] | None = None
    kecamatan_codes: list[str] | None = None
    size_classes: list[str] | None = None
    new_entrepreneurs_only: bool | None = None
    women_only: bool | None = None
    training_required: bool | None = None
    training_program: int | str | None = None


class OpportunityPatch(CleanSchema):
    kind: str | None = None
    title: str | None = None
    provider: str | None = None
    description: str | None = None
    quota: int | None = None
    first_come: bool | None = None
    opens_on: date | None = None
    deadline: date | None = None
    eligibility: EligibilityPatch | None = None
    financing_product: str | None = None


class EligibilityOut(Schema):
    kbli_sections: list[str]
    kecamatan_codes: list[str]
    size_classes: list[str]
    new_entrepreneurs_only: bool
    women_only: bool
    training_required: bool
    training_program: int | None
    verified_partner: bool = True


class DocumentOut(Schema):
    title: str
    url: str


class MyApplicationRef(Schema):
    id: int
    status: str


class OpportunityOut(Schema):
    id: int
    kind: str
    title: str
    provider: str
    description: str
    quota: int | None
    first_come: bool
    opens_on: date
    deadline: date
    status: str
    eligibility: EligibilityOut
    financing_product: str | None
    documents: list[DocumentOut]
    applications: int
    fit: bool | None = None
    why_not: list[str] = []
    application: MyApplicationRef | None = None


class OpportunityPage(Schema):
    items: list[OpportunityOut]
    next_cursor: str | None
    has_more: bool


def opportunity_out(o: Opportunity, *, taken: int = 0, match=None) -> dict:
    """An opportunity as JSON; ``match`` (a ``selectors.Match``) adds fit and why_not."""
    from django.urls import reverse

    data = {
        "id": o.pk,
        "kind": o.kind,
        "title": o.title,
        "provider": o.provider,
        "description": o.description,
        "quota": o.quota,
        "first_come": o.first_come,
        "opens_on": o.opens_on,
        "deadline": o.deadline,
        "status": o.current_status(),
        "eligibility": {
            "kbli_sections": o.kbli_sections,
            "kecamatan_codes": o.kecamatan_codes,
            "size_classes": o.size_classes,
            "new_entrepreneurs_only": o.new_entrepreneurs_only,
            "women_only": o.women_only,
            "training_required": o.training_required,
            "training_program": o.training_program_id,
        },
        "financing_product": o.financing_product.code if o.financing_product else None,
        "documents": [
            {"title": d.title, "url": reverse("opportunities:document", args=[d.pk])}
            for d in o.documents.all()
        ],
        "applications": taken,
    }
    if match is not None:
        data["fit"] = match.fit
        data["why_not"] = match.why_not
        if match.application is not None:
            data["application"] = {"id": match.application.pk, "status": match.application.status}
    return data


class ApplicantBusinessOut(Schema):
    id: int
    name: str
    kbli_section: str
    size_class: str
    kecamatan_code: str
    kelurahan_code: str
    annual_sales_rupiah: int


class ApplicantOut(Schema):
    id: int
    status: str
    business: ApplicantBusinessOut
    name: str
    gender: str
    nik_masked: str
    note: str
    applied_at: datetime
    has_attachment: bool
    fit: bool
    why_not: list[str]
    certificates: list[str]
    previous_selections: int


class ApplicantPage(Schema):
    items: list[ApplicantOut]
    next_cursor: str | None
    has_more: bool


class ApplyIn(CleanSchema):
    business: int | None = None
    note: str = ""


class ApplyOut(Schema):
    id: int
    status: str
    opportunity: int
    business: int
    next_url: str | None = None


class OpportunityApplicationOut(Schema):
    id: int
    status: str


class SelectionIn(CleanSchema):
    selected: list[int]


class SelectionOut(Schema):
    selected: int
    not_selected: int


class MyApplicationOut(Schema):
    id: int
    status: str
    opportunity: int
    opportunity_title: str
    opportunity_kind: str
    opportunity_status: str
    provider: str
    business: int
    business_name: str
    note: str
    applied_at: datetime
    decided_at: datetime | None
    next_url: str | None = None


class MyApplicationPage(Schema):
    items: list[MyApplicationOut]
    next_cursor: str | None
    has_more: bool
