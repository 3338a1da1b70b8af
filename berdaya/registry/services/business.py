"""After verification: the business is updated, reports are filed and photos added."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ImageOps

from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.cleaning import CleanError, clean_text
from berdaya.core.errors import AccessDenied, RuleError
from berdaya.core.images import ImageRefused, open_image
from berdaya.registry import selectors
from berdaya.registry.cleaning import (
    clean_business,
    clean_report,
)
from berdaya.registry.models import (
    Business,
    BusinessPhoto,
    DevelopmentReport,
    Registration,
    RegistryEvents,
)
from berdaya.registry.services.common import PHOTO_MAX_BYTES, PHOTO_MAX_SIDE, Status
from berdaya.registry.services.registration import _business_fields


# --- Business profile -----------------------------------------------------------------------
def _business_current(b: Business) -> dict:
    return {
        "name": b.name,
        "legal_form": b.legal_form,
        "started_on": b.started_on,
        "kbli_code": b.kbli.code,
        "nib": b.nib,
        "npwp": b.npwp,
        "capital_rupiah": b.capital_rupiah,
        "annual_sales_rupiah": b.annual_sales_rupiah,
        "workers_women": b.workers_women,
        "workers_men": b.workers_men,
        "marketing_channels": b.marketing_channels,
        "kelurahan_code": b.kelurahan_id,
        "rw": b.rw,
        "rt": b.rt,
        "street_address": b.street_address,
    }


def _business_apply(business: Business, data: dict, *, actor) -> list[str]:
    cleaned, problems = clean_business(data, prefix="", partial=_business_current(business))
    if problems:
        raise RuleError(*problems)
    fields = _business_fields(cleaned, business.owner)
    changed = [k for k, v in fields.items() if getattr(business, k) != v]
    for key in changed:
        setattr(business, key, fields[key])
    if changed:
        business.save()
        events.record(
            business, RegistryEvents.BUSINESS_UPDATED, actor=actor, data={"fields": changed}
        )
    return changed


def business_update(*, business: Business, actor, data: dict) -> Business:
    """The owner (or staff) edits the business profile; no review needed."""
    if not selectors.manages_person(actor, business.owner):
        raise AccessDenied()
    with transaction.atomic():
        business = (
            Business.objects.select_for_update().select_related("owner", "kbli").get(pk=business.pk)
        )
        _business_apply(business, data, actor=actor)
    return business


# --- Development reports --------------------------------------------------------------------
def report_file(*, business: Business, actor, data: dict) -> tuple[DevelopmentReport, bool]:
    """File the month's development report; a second one for the same month updates it.
    Returns (report, created)."""
    if not selectors.manages_person(actor, business.owner):
        raise AccessDenied()
    cleaned, problems = clean_report(data)
    if problems:
        raise RuleError(*problems)
    with transaction.atomic():
        business = Business.objects.select_for_update().get(pk=business.pk)
        reg = Registration.objects.filter(business=business).first()
        if reg is not None and reg.status == Status.REJECTED:
            raise RuleError.one(
                "registration_rejected",
                "Usaha yang pendaftarannya ditolak tidak dapat melapor perkembangan.",
            )
        report = DevelopmentReport.objects.filter(
            business=business, period=cleaned["period"]
        ).first()
        created = report is None
        if report is None:
            report = DevelopmentReport(business=business, period=cleaned["period"])
        for key, value in cleaned.items():
            setattr(report, key, value)
        report.filed_by = actor
        report.save()
        events.record(
            report,
            RegistryEvents.REPORT_FILED if created else RegistryEvents.REPORT_UPDATED,
            actor=actor,
            data={"period": cleaned["period"].strftime("%Y-%m"), "by_staff": is_staff(actor)},
        )
    return report, created


# --- Photos ---------------------------------------------------------------------------------
def photo_add(*, business: Business, actor, upload, caption: str = "") -> BusinessPhoto:
    """Accept a JPEG, PNG or WebP image up to 5 MB and 40 megapixels (checked before decoding);
    re-encode as JPEG without metadata, at most 1600 px."""
    if not selectors.manages_person(actor, business.owner):
        raise AccessDenied()
    try:
        opened = open_image(upload, max_bytes=PHOTO_MAX_BYTES)
    except ImageRefused as exc:
        raise RuleError.one(exc.code, exc.message, field="photo") from None
    img = ImageOps.exif_transpose(opened).convert("RGB")
    img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82, optimize=True)
    width, height = img.size
    try:
        caption = clean_text(caption, max_length=150, label="Keterangan")
    except CleanError as exc:
        raise RuleError.one(exc.code, exc.message, field="caption") from None
    with transaction.atomic():
        photo = BusinessPhoto(
            business=business,
            caption=caption,
            width=width,
            height=height,
            uploaded_by=actor,
        )
        photo.image.save(f"usaha-{business.pk}.jpg", ContentFile(out.getvalue()), save=False)
        photo.save()
        events.record(business, RegistryEvents.PHOTO_ADDED, actor=actor, data={"photo": photo.pk})
    return photo
