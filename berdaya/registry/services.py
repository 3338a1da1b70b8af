"""Writes of the registry. Each workflow step locks its row, checks the status, writes one event
and notifies on commit. Pages, the API, the demo and imports all call these."""

from __future__ import annotations

import datetime
import io
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import is_staff
from berdaya.accounts.services import role_assign, user_create
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, Problem, RuleError
from berdaya.core.models import PersonalDataAccess
from berdaya.core.notify import notify_user
from berdaya.registry import rules, selectors
from berdaya.registry.cleaning import (
    Cleaner,
    clean_business,
    clean_identity,
    clean_person,
    clean_report,
)
from berdaya.registry.models import (
    Business,
    BusinessPhoto,
    ChangeStatus,
    DevelopmentReport,
    IdentityChange,
    PartnerSequence,
    Person,
    Registration,
    RegistrationAttempt,
    RegistrationStatus,
)

CONSENT_TEXT = (
    "Saya menyetujui Dinas Koperasi dan UMKM Kota Depok mengumpulkan dan memproses NIK dan data "
    "diri serta data usaha saya untuk pendaftaran, verifikasi dan pembinaan mitra binaan "
    "(UU 27/2022). Saya berhak mengakses, memperbaiki, mengunduh dan meminta penghapusan data saya."
)
IDENTITY_FIELDS = ("nik", "full_name", "birth_date", "gender")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1600

Status = RegistrationStatus


class RegistrationThrottled(Exception):
    """Too many registrations from one client address in the last hour (API: 429)."""

    code = "registration_rate_limited"

    def __init__(self) -> None:
        self.message = (
            "Terlalu banyak pendaftaran dari alamat jaringan ini dalam satu jam. "
            "Silakan coba lagi nanti."
        )
        super().__init__(self.message)


def _status_url(registration: Registration) -> str:
    return reverse("registry:status", args=[registration.pk])


# --- Public registration ------------------------------------------------------------------------
def registration_throttle(*, client_address: str) -> None:
    """Count this attempt; refuse when the address made BERDAYA_REGISTRATION_RATE attempts in
    the last hour. Counted in the database, so it holds across processes."""
    if not client_address:
        return
    now = timezone.now()
    with transaction.atomic():
        recent = RegistrationAttempt.objects.filter(
            client_address=client_address, created_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= settings.BERDAYA_REGISTRATION_RATE:
            raise RegistrationThrottled()
        RegistrationAttempt.objects.create(client_address=client_address, created_at=now)
        RegistrationAttempt.objects.filter(created_at__lt=now - timedelta(hours=2)).delete()


def registration_submit(
    *,
    person: dict,
    business: dict,
    password: str | None,
    consent: bool,
    client_address: str = "",
    user=None,
    actor=None,
) -> Registration:
    """Register a person, their business and a submitted registration, with a user account
    (created here, or the logged-in ``user`` without a person). All or nothing."""
    registration_throttle(client_address=client_address)
    person_data, problems = clean_person(person or {})
    business_data, more = clean_business(business or {})
    problems += more
    if consent is not True:
        problems.append(
            Problem("consent_required", "Anda perlu menyetujui pemrosesan data diri.", "consent")
        )
    if user is None and not password:
        problems.append(
            Problem("password_required", "Buat kata sandi untuk akun Anda.", "password")
        )
    if problems:
        raise RuleError(*problems)
    now = timezone.now()
    try:
        with transaction.atomic():
            if Person.objects.filter(nik=person_data["nik"]).exists():
                raise ConflictError(
                    "nik_registered",
                    "NIK ini sudah terdaftar. Jika ini NIK Anda, masuk dengan akun Anda atau "
                    "hubungi Dinas Koperasi dan UMKM.",
                )
            account_note = ""
            if user is None:
                user, account_note = _account_for(person_data, password)
            elif Person.objects.filter(user=user).exists():
                raise ConflictError("already_registered", "Akun ini sudah memiliki data diri.")
            if user is not None:
                role_assign(user=user, role=Role.PELAKU_USAHA)
            person_obj = Person.objects.create(
                user=user,
                consent_text=CONSENT_TEXT,
                consent_at=now,
                **_person_fields(person_data),
            )
            business_obj = _business_create(person_obj, business_data)
            registration = Registration.objects.create(
                person=person_obj,
                business=business_obj,
                status=Status.SUBMITTED,
                submitted_at=now,
                is_new_entrepreneur=rules.is_new_entrepreneur(
                    person_obj,
                    started_on=business_obj.started_on,
                    registered_on=timezone.localdate(now),
                ),
            )
            events.record(
                registration,
                "submitted",
                actor=actor or user,
                to_status=Status.SUBMITTED,
                note=account_note,
                data={"nik_warnings": person_data.get("nik_warnings", [])},
            )
            notify_user(
                user,
                title="Pendaftaran mitra binaan diterima",
                body=f"Pendaftaran usaha {business_obj.name} sedang diperiksa staf DKUM.",
                url=_status_url(registration),
            )
    except IntegrityError:
        raise ConflictError("nik_registered", "NIK ini sudah terdaftar.") from None
    return registration


def _account_for(person_data: dict, password: str | None):
    """A new login for the applicant, or (None, why) when the phone already belongs to another
    account: family members often share one phone, so the registration is still taken and the
    shared phone is flagged to the reviewer as a likely duplicate."""
    from berdaya.accounts.models import User

    if User.objects.filter(phone=person_data["phone"]).exists():
        return None, "Nomor HP sudah dipakai akun lain: pendaftaran diterima tanpa akun baru."
    email = person_data["email"] or None
    if email and User.objects.filter(email__iexact=email).exists():
        email = None  # the email stays on the person; the login goes by phone
    user = user_create(
        full_name=person_data["full_name"],
        phone=person_data["phone"],
        password=password,
        email=email,
    )
    return user, ""


def _person_fields(data: dict) -> dict:
    keys = (
        "nik", "full_name", "gender", "birth_date", "phone", "email", "education", "disability",
        "kelurahan", "rw", "rt", "street_address",
    )  # fmt: skip
    return {k: data[k] for k in keys}


def _business_fields(data: dict, owner: Person) -> dict:
    size_class, size_rule = rules.classify_size(
        capital_rupiah=data["capital_rupiah"], annual_sales_rupiah=data["annual_sales_rupiah"]
    )
    kbli = data["kbli"]
    return {
        "name": data["name"],
        "legal_form": data["legal_form"] or "perorangan",
        "started_on": data["started_on"],
        "kbli": kbli,
        "kbli_version": kbli.version,
        "kbli_section": kbli.section,
        "nib": data["nib"],
        "npwp": data["npwp"],
        "capital_rupiah": data["capital_rupiah"],
        "annual_sales_rupiah": data["annual_sales_rupiah"],
        "workers_women": data["workers_women"],
        "workers_men": data["workers_men"],
        "marketing_channels": data["marketing_channels"],
        "size_class": size_class,
        "size_rule": size_rule,
        # The business address defaults to the owner's home.
        "kelurahan": data.get("kelurahan") or owner.kelurahan,
        "rw": data.get("rw") or owner.rw,
        "rt": data.get("rt") or owner.rt,
        "street_address": data.get("street_address") or owner.street_address,
    }


def _business_create(owner: Person, data: dict) -> Business:
    return Business.objects.create(owner=owner, **_business_fields(data, owner))


# --- Staff review ---------------------------------------------------------------------------
def _next_partner_number(year: int) -> str:
    """MB-YYYY-NNNNNN, the sequence locked per year so two staff verifying at once never share
    a number."""
    PartnerSequence.objects.get_or_create(year=year)
    seq = PartnerSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"MB-{year}-{seq.last:06d}"


REVIEW_DECISIONS = {
    "verify": Status.VERIFIED,
    "reject": Status.REJECTED,
    "revise": Status.NEEDS_REVISION,
}


def registration_review(
    *, registration: Registration, reviewer, decision: str, reason: str = ""
) -> Registration:
    """Verify, reject (with reason) or send back for revision (with what to fix) a submitted
    registration. A second decision on the same registration is a conflict."""
    if not is_staff(reviewer):
        raise AccessDenied()
    if decision not in REVIEW_DECISIONS:
        raise RuleError.one(
            "decision_invalid", "Keputusan harus verify, reject atau revise.", field="decision"
        )
    reason = (reason or "").strip()
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("person", "business")
            .get(pk=registration.pk)
        )
        if reg.status != Status.SUBMITTED:
            raise ConflictError(
                "registration_not_submitted",
                "Pendaftaran ini tidak lagi menunggu keputusan "
                f"(status: {reg.get_status_display()}).",
            )
        # Checked after the status: a decision on a decided registration is a conflict (409)
        # whatever it carries.
        if decision != "verify" and not reason:
            raise RuleError.one(
                "reason_required",
                "Tulis alasan penolakan atau hal yang perlu diperbaiki.",
                field="reason",
            )
        from_status = reg.status
        now = timezone.now()
        reg.status = REVIEW_DECISIONS[decision]
        reg.reviewed_by = reviewer
        reg.reason = reason
        if decision == "verify":
            reg.partner_number = _next_partner_number(timezone.localdate(now).year)
            reg.verified_at = now
            reg.is_new_entrepreneur = rules.is_new_entrepreneur(
                reg.person,
                started_on=reg.business.started_on,
                registered_on=timezone.localdate(reg.submitted_at),
            )
        reg.save()
        events.record(
            reg,
            decision,
            actor=reviewer,
            from_status=from_status,
            to_status=reg.status,
            note=reason,
        )
        _notify_status(reg)
    return reg


def _notify_status(reg: Registration) -> None:
    user = reg.person.user
    if reg.status == Status.VERIFIED:
        title = f"Selamat, usaha Anda terverifikasi sebagai mitra binaan ({reg.partner_number})"
        body = "Isi laporan perkembangan usaha setiap bulan dari halaman Usaha Saya."
    elif reg.status == Status.REJECTED:
        title, body = "Pendaftaran mitra binaan ditolak", f"Alasan: {reg.reason}"
    elif reg.status == Status.NEEDS_REVISION:
        title, body = "Pendaftaran perlu diperbaiki", f"Yang perlu diperbaiki: {reg.reason}"
    else:
        title, body = "Pendaftaran dikirim ulang", "Perbaikan Anda sedang diperiksa staf DKUM."
    notify_user(user, title=title, body=body, url=_status_url(reg))


def registration_resubmit(
    *, registration: Registration, actor, business: dict | None = None, note: str = ""
) -> Registration:
    """The applicant sends a registration back after fixing what staff asked."""
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("person", "business")
            .get(pk=registration.pk)
        )
        if not selectors.manages_person(actor, reg.person):
            raise AccessDenied()
        if reg.status != Status.NEEDS_REVISION:
            raise ConflictError(
                "registration_not_in_revision", "Pendaftaran ini tidak sedang diminta perbaikan."
            )
        if business:
            _business_apply(reg.business, business, actor=actor)
        reg.status = Status.SUBMITTED
        reg.submitted_at = timezone.now()
        reg.save(update_fields=["status", "submitted_at", "updated_at"])
        events.record(
            reg,
            "resubmitted",
            actor=actor,
            from_status=Status.NEEDS_REVISION,
            to_status=Status.SUBMITTED,
            note=(note or "").strip(),
        )
        _notify_status(reg)
    return reg


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
        events.record(business, "business_updated", actor=actor, data={"fields": changed})
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
            "report_filed" if created else "report_updated",
            actor=actor,
            data={"period": cleaned["period"].strftime("%Y-%m"), "by_staff": is_staff(actor)},
        )
    return report, created


# --- Photos ---------------------------------------------------------------------------------
def photo_add(*, business: Business, actor, upload, caption: str = "") -> BusinessPhoto:
    """Accept an image up to 5 MB; re-encode as JPEG without metadata, at most 1600 px."""
    if not selectors.manages_person(actor, business.owner):
        raise AccessDenied()
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > PHOTO_MAX_BYTES:
        raise RuleError.one("photo_too_large", "Foto paling besar 5 MB.", field="photo")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            if opened.width * opened.height > 50_000_000:
                raise RuleError.one("photo_invalid", "Gambar terlalu besar.", field="photo")
            img = ImageOps.exif_transpose(opened)
            img = img.convert("RGB")
            img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=82, optimize=True)
            width, height = img.size
    except RuleError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise RuleError.one(
            "photo_invalid", "Berkas bukan gambar (pilih foto JPG atau PNG).", field="photo"
        ) from None
    with transaction.atomic():
        photo = BusinessPhoto(
            business=business,
            caption=(caption or "").strip()[:150],
            width=width,
            height=height,
            uploaded_by=actor,
        )
        photo.image.save(f"usaha-{business.pk}.jpg", ContentFile(out.getvalue()), save=False)
        photo.save()
        events.record(business, "photo_added", actor=actor, data={"photo": photo.pk})
    return photo


# --- Identity changes -----------------------------------------------------------------------
def _identity_of(person: Person) -> dict:
    return {
        "nik": person.nik,
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
    }


def identity_change_request(
    *, person: Person, actor, data: dict, reason: str = ""
) -> IdentityChange:
    """Ask staff to change NIK, name, birth date or gender; the change waits for review."""
    if not selectors.manages_person(actor, person):
        raise AccessDenied()
    before = _identity_of(person)
    merged = {**before, **{k: v for k, v in data.items() if k in IDENTITY_FIELDS and v}}
    c = Cleaner()
    cleaned = clean_identity(c, merged)
    c.raise_if_any()
    after_all = {
        "nik": cleaned["nik"],
        "full_name": cleaned["full_name"],
        "birth_date": cleaned["birth_date"].isoformat(),
        "gender": cleaned["gender"],
    }
    after = {k: v for k, v in after_all.items() if v != before[k]}
    if not after:
        raise RuleError.one("no_change", "Tidak ada data identitas yang berubah.")
    if "nik" in after and Person.objects.filter(nik=after["nik"]).exclude(pk=person.pk).exists():
        raise ConflictError("nik_registered", "NIK ini sudah terdaftar.")
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if IdentityChange.objects.filter(person=person, status=ChangeStatus.PENDING).exists():
            raise ConflictError(
                "change_pending", "Masih ada perubahan identitas yang menunggu tinjauan."
            )
        change = IdentityChange.objects.create(
            person=person,
            before={k: before[k] for k in after},
            after=after,
            reason=(reason or "").strip(),
            requested_by=actor,
        )
        events.record(change, "requested", actor=actor, to_status=ChangeStatus.PENDING)
    return change


def identity_change_decide(
    *, change: IdentityChange, reviewer, approve: bool, note: str = ""
) -> IdentityChange:
    if not is_staff(reviewer):
        raise AccessDenied()
    with transaction.atomic():
        change = (
            IdentityChange.objects.select_for_update().select_related("person").get(pk=change.pk)
        )
        if change.status != ChangeStatus.PENDING:
            raise ConflictError("change_decided", "Perubahan ini sudah diputuskan.")
        person = Person.objects.select_for_update().get(pk=change.person_id)
        if approve:
            after = dict(change.after)
            if (
                "nik" in after
                and Person.objects.filter(nik=after["nik"]).exclude(pk=person.pk).exists()
            ):
                raise ConflictError("nik_registered", "NIK ini sudah terdaftar.")
            if "birth_date" in after:
                after["birth_date"] = datetime.date.fromisoformat(after["birth_date"])
            for key, value in after.items():
                setattr(person, key, value)
            person.save()
            if "full_name" in after and person.user is not None:
                person.user.full_name = person.full_name
                person.user.save(update_fields=["full_name"])
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.decided_by = reviewer
        change.decided_at = timezone.now()
        change.decision_note = (note or "").strip()
        change.save()
        events.record(
            change,
            "approved" if approve else "rejected",
            actor=reviewer,
            from_status=ChangeStatus.PENDING,
            to_status=change.status,
            note=change.decision_note,
        )
        notify_user(
            person.user,
            title="Perubahan identitas " + ("disetujui" if approve else "ditolak"),
            body=change.decision_note,
            url=reverse("registry:dashboard"),
        )
    return change


# --- Personal data audit --------------------------------------------------------------------
def personal_data_access_record(*, actor, action: str, subject: str, purpose: str = "") -> None:
    PersonalDataAccess.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject=subject[:200],
        purpose=purpose[:200],
    )
