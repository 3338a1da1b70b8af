"""Turning submitted values (form, API, import) into clean, typed values or problems with codes.

Each function returns the clean value or appends a ``Problem`` naming the field, so a submission
reports every problem at once and nothing is saved until all are gone.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import npwp as stdnum_npwp

from berdaya.accounts.phones import normalize_phone
from berdaya.core.cleaning import MAX_RUPIAH, CleanError, clean_phone_digits, to_ascii_digits
from berdaya.core.cleaning import Cleaner as CoreCleaner
from berdaya.core.errors import Problem, RuleError
from berdaya.regions.selectors import kelurahan_get
from berdaya.registry import rules
from berdaya.registry.models import (
    Education,
    Gender,
    KbliCode,
    LegalForm,
    MarketingChannel,
    Need,
)
from berdaya.registry.nik import validate_nik

__all__ = ["MAX_RUPIAH", "Cleaner"]

# English names accepted for the stored (Indonesian) choice values, as the issue names them:
# needs (capital, training, marketing, permits, other). Each choice's enum name also works.
CHOICE_ALIASES: dict[str, str] = {
    "permit": Need.PERMITS,
    "licensing": Need.PERMITS,
    "social_media": MarketingChannel.SOCIAL,
    "whatsapp": MarketingChannel.SOCIAL,
    "instagram": MarketingChannel.SOCIAL,
    "facebook": MarketingChannel.SOCIAL,
    "tiktok": MarketingChannel.SOCIAL,
    "shop": MarketingChannel.OFFLINE,
    "store": MarketingChannel.OFFLINE,
    "warung": MarketingChannel.OFFLINE,
    "bazaar": MarketingChannel.EXPO,
    "exhibition": MarketingChannel.EXPO,
    "agent": MarketingChannel.RESELLER,
}


class Cleaner(CoreCleaner):
    """The core cleaner, knowing the registry's other spellings of choices."""

    aliases = CHOICE_ALIASES


def clean_identity(c: Cleaner, data: dict, *, today: datetime.date | None = None) -> dict:
    """NIK, name, gender and birth date, cross-checked with each other."""
    today = today or timezone.localdate()
    out: dict = {}
    out["full_name"] = c.text(data, "full_name", "Nama lengkap", required=True)
    data = {**data, "gender": c.text(data, "gender", "Jenis kelamin", max_length=1).upper()}
    out["gender"] = c.choice(data, "gender", "Jenis kelamin", Gender)
    if not out["gender"]:
        c.add("gender_required", "Pilih jenis kelamin.", "gender")
    birth = c.date(data, "birth_date", "Tanggal lahir")
    if birth is not None:
        if birth > today:
            c.add("birth_date_future", "Tanggal lahir tidak boleh di masa depan.", "birth_date")
            birth = None
        elif rules.age_on(birth, today) < rules.MIN_AGE_YEARS:
            c.add(
                "age_under_17",
                f"Pendaftar harus berusia minimal {rules.MIN_AGE_YEARS} tahun "
                "(sudah memiliki KTP).",
                "birth_date",
            )
            birth = None
        elif birth.year < 1900:
            c.add("birth_date_invalid", "Tanggal lahir tidak valid.", "birth_date")
            birth = None
    out["birth_date"] = birth
    gender_ok = out["gender"] in Gender.values
    try:
        info = validate_nik(
            data.get("nik"),
            gender=out["gender"] if gender_ok else None,
            birth_date=birth,
            field=c.field("nik"),
        )
        out["nik"] = info.nik
        out["nik_warnings"] = info.warnings
    except RuleError as exc:
        c.problems.extend(exc.problems)
        out["nik"] = ""
    return out


def clean_address(c: Cleaner, data: dict, *, required=True) -> dict:
    out: dict = {"kelurahan": None}
    code = c.text(data, "kelurahan_code", "Kelurahan", max_length=13)
    if not code:
        if required:
            c.add("kelurahan_required", "Pilih kelurahan.", "kelurahan_code")
    else:
        try:
            out["kelurahan"] = kelurahan_get(code, field=c.field("kelurahan_code"))
        except RuleError as exc:
            c.problems.extend(exc.problems)
    kecamatan = c.text(data, "kecamatan_code", "Kecamatan", max_length=8)
    if out["kelurahan"] is not None and kecamatan and out["kelurahan"].kecamatan_id != kecamatan:
        c.add(
            "kelurahan_not_in_kecamatan",
            "Kelurahan yang dipilih tidak berada di kecamatan yang dipilih.",
            "kelurahan_code",
        )
        out["kelurahan"] = None
    if required or data.get("rw") not in (None, ""):
        if data.get("rw") in (None, ""):
            c.add("rw_required", "RW wajib diisi.", "rw")
        out["rw"] = c.count(data, "rw", "RW", low=1, high=999, default=None)
    if required or data.get("rt") not in (None, ""):
        if data.get("rt") in (None, ""):
            c.add("rt_required", "RT wajib diisi.", "rt")
        out["rt"] = c.count(data, "rt", "RT", low=1, high=999, default=None)
    out["street_address"] = c.text(data, "street_address", "Alamat jalan", max_length=200)
    return out


def _phone(c: Cleaner, data: dict) -> str:
    try:
        digits = clean_phone_digits(data.get("phone"))
        return normalize_phone(digits, field=c.field("phone"))
    except CleanError as exc:
        c.add(exc.code, exc.message, "phone")
    except RuleError as exc:
        c.problems.extend(exc.problems)
    return ""


def clean_contact(c: Cleaner, data: dict) -> dict:
    out: dict = {}
    if not str(data.get("phone") or "").strip():
        c.add("phone_required", "Nomor HP wajib diisi.", "phone")
        out["phone"] = ""
    else:
        out["phone"] = _phone(c, data)
    email = c.text(data, "email", "Email", max_length=254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            c.add("email_invalid", "Alamat email tidak valid.", "email")
    out["email"] = email
    out["education"] = c.choice(data, "education", "Pendidikan", Education)
    out["disability"] = c.text(data, "disability", "Disabilitas", max_length=100)
    return out


def clean_person(data: dict, *, prefix: str = "person.") -> tuple[dict, list[Problem]]:
    c = Cleaner(prefix)
    out = clean_identity(c, data)
    out.update(clean_contact(c, data))
    out.update(clean_address(c, data))
    return out, c.problems


def kbli_find(code: str) -> KbliCode | None:
    return KbliCode.objects.filter(
        version="2020", code=(code or "").strip(), level="kelompok"
    ).first()


def clean_business(
    data: dict, *, prefix: str = "business.", partial: dict | None = None
) -> tuple[dict, list[Problem]]:
    """The business fields. With ``partial`` (the current values), missing keys keep them."""
    if partial is not None:
        data = {**partial, **{k: v for k, v in data.items() if v is not None}}
    c = Cleaner(prefix)
    out: dict = {}
    today = timezone.localdate()
    out["name"] = c.text(data, "name", "Nama usaha", required=True)
    out["legal_form"] = c.choice(
        data, "legal_form", "Bentuk usaha", LegalForm, default=LegalForm.PERORANGAN
    )
    started = c.date(data, "started_on", "Tanggal mulai usaha")
    if started is not None and started > today:
        c.add("started_on_future", "Tanggal mulai usaha tidak boleh di masa depan.", "started_on")
        started = None
    if started is not None and started.year < 1900:
        c.add("started_on_invalid", "Tanggal mulai usaha tidak valid.", "started_on")
        started = None
    out["started_on"] = started
    code = c.text(data, "kbli_code", "Kode KBLI", max_length=5)
    out["kbli"] = kbli_find(code) if code else None
    if not code:
        c.add("kbli_required", "Pilih kode KBLI usaha Anda.", "kbli_code")
    elif out["kbli"] is None:
        c.add("kbli_unknown", f"Kode KBLI {code!r} tidak ada di KBLI 2020 (5 angka).", "kbli_code")
    nib = re.sub(r"[\s.-]", "", to_ascii_digits(c.text(data, "nib", "NIB", max_length=40)))
    if nib and not re.fullmatch(r"[0-9]{13}", nib):
        c.add("nib_invalid", "NIB harus 13 angka.", "nib")
    out["nib"] = nib
    npwp = re.sub(r"[\s.-]", "", to_ascii_digits(c.text(data, "npwp", "NPWP", max_length=40)))
    if npwp:
        try:
            npwp = stdnum_npwp.validate(npwp)
        except StdnumError:
            c.add(
                "npwp_invalid",
                "NPWP harus 15 angka (dengan angka pemeriksa) atau 16 angka.",
                "npwp",
            )
    out["npwp"] = npwp
    out["capital_rupiah"] = c.rupiah(data, "capital_rupiah", "Modal usaha")
    out["annual_sales_rupiah"] = c.rupiah(data, "annual_sales_rupiah", "Omzet setahun")
    out["workers_women"] = c.count(data, "workers_women", "Tenaga kerja perempuan")
    out["workers_men"] = c.count(data, "workers_men", "Tenaga kerja laki-laki")
    out["marketing_channels"] = c.choices(
        data, "marketing_channels", "Saluran pemasaran", MarketingChannel
    )
    out.update(clean_address(c, data, required=False))
    return out, c.problems


def clean_report(data: dict, *, prefix: str = "") -> tuple[dict, list[Problem]]:
    c = Cleaner(prefix)
    out: dict = {}
    period = data.get("period")
    value: datetime.date | None = None
    if isinstance(period, datetime.date):
        value = period.replace(day=1)
    elif period:
        text = str(period).strip()[:10]
        try:
            value = datetime.date.fromisoformat(text if len(text) == 10 else f"{text[:7]}-01")
            value = value.replace(day=1)
        except ValueError:
            value = None
    if value is None:
        c.add("period_invalid", "Bulan laporan wajib diisi (format TTTT-BB).", "period")
    elif value > timezone.localdate():
        c.add("period_future", "Bulan laporan tidak boleh di masa depan.", "period")
        value = None
    out["period"] = value
    out["sales_rupiah"] = c.rupiah(data, "sales_rupiah", "Omzet bulan ini")
    out["assets_rupiah"] = c.rupiah(data, "assets_rupiah", "Aset")
    out["workers_women"] = c.count(data, "workers_women", "Tenaga kerja perempuan")
    out["workers_men"] = c.count(data, "workers_men", "Tenaga kerja laki-laki")
    out["production"] = c.text(data, "production", "Produksi", max_length=200)
    out["marketing_channels"] = c.choices(
        data, "marketing_channels", "Saluran pemasaran", MarketingChannel
    )
    out["needs"] = c.choices(data, "needs", "Kebutuhan", Need)
    out["note"] = c.text(data, "note", "Catatan", max_length=2000)
    return out, c.problems
