"""Cleaning the fields of an opportunity once, for the page, the API and the demo alike."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from berdaya.core.errors import Problem, RuleError
from berdaya.opportunities.models import (
    KBLI_SECTIONS,
    Opportunity,
    OpportunityKind,
    SizeChoice,
)

FIELDS = (
    "kind",
    "title",
    "provider",
    "description",
    "quota",
    "first_come",
    "opens_on",
    "deadline",
    "kbli_sections",
    "kecamatan_codes",
    "size_classes",
    "new_entrepreneurs_only",
    "women_only",
    "training_required",
    "training_program",
    "financing_product",
)
REQUIRED = ("kind", "title", "provider", "opens_on", "deadline")
MAX_PDF_BYTES = 10 * 1024 * 1024


def _text(value: Any, *, limit: int) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\x00", "").strip()
    return text[: limit + 1]


def _list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def clean_fields(data: dict, *, partial: bool = False) -> dict:
    """Check and normalise the given fields; every problem at once as a RuleError."""
    from berdaya.regions.selectors import kecamatan_get

    problems: list[Problem] = []
    out: dict = {}
    unknown = set(data) - set(FIELDS)
    for name in sorted(unknown):
        problems.append(Problem("field_unknown", f"Isian {name!r} tidak dikenal.", name))
    if not partial:
        for name in REQUIRED:
            if data.get(name) in (None, ""):
                problems.append(Problem("required", "Wajib diisi.", name))
    for name, value in data.items():
        if name in unknown or (name in REQUIRED and value in (None, "")):
            continue
        if name == "kind":
            if value not in OpportunityKind.values:
                problems.append(
                    Problem("kind_invalid", "Jenis peluang harus business atau capital.", name)
                )
            out[name] = value
        elif name in ("title", "provider", "description"):
            limit = {"title": 200, "provider": 150, "description": 5000}[name]
            text = _text(value, limit=limit)
            if len(text) > limit:
                problems.append(Problem("too_long", f"Paling banyak {limit} karakter.", name))
            out[name] = text
        elif name == "quota":
            if value in (None, ""):
                out[name] = None
                continue
            try:
                quota = int(value)
            except (TypeError, ValueError):
                quota = 0
            if isinstance(value, bool) or quota < 1 or quota > 100_000:
                problems.append(
                    Problem("quota_invalid", "Kuota harus bilangan bulat 1 atau lebih, "
                            "atau dikosongkan bila tanpa kuota.", name)
                )  # fmt: skip
            out[name] = quota
        elif name in ("first_come", "new_entrepreneurs_only", "women_only", "training_required"):
            out[name] = bool(value)
        elif name in ("opens_on", "deadline"):
            day = _date(value)
            if day is None:
                problems.append(Problem("date_invalid", "Tanggal tidak valid (TTTT-BB-HH).", name))
            out[name] = day
        elif name == "kbli_sections":
            sections = [s.upper() for s in _list(value)]
            bad = [s for s in sections if s not in KBLI_SECTIONS]
            if bad:
                problems.append(
                    Problem("kbli_section_unknown",
                            f"Kategori KBLI tidak dikenal: {', '.join(bad)}.", name)
                )  # fmt: skip
            out[name] = sorted(set(sections))
        elif name == "kecamatan_codes":
            codes = _list(value)
            for code in codes:
                try:
                    kecamatan_get(code, field=name)
                except RuleError as exc:
                    problems.extend(exc.problems)
            out[name] = sorted(set(codes))
        elif name == "size_classes":
            sizes = [s.lower() for s in _list(value)]
            bad = [s for s in sizes if s not in SizeChoice.values]
            if bad:
                problems.append(
                    Problem("size_class_unknown",
                            "Skala usaha harus mikro, kecil atau menengah.", name)
                )  # fmt: skip
            out[name] = [s for s in SizeChoice.values if s in sizes]
        elif name == "training_program":
            out[name] = _program(value, problems)
        elif name == "financing_product":
            out[name] = _product(value, problems)
    if problems:
        raise RuleError(*problems)
    if out.get("training_program") is not None:
        out["training_required"] = True
    return out


def _program(value: Any, problems: list[Problem]):
    if value in (None, ""):
        return None
    if hasattr(value, "pk"):
        return value
    from berdaya.training.services import program_resolve

    try:
        return program_resolve(value)
    except RuleError:
        problems.append(
            Problem("training_program_unknown", "Program pelatihan tidak ditemukan.",
                    "training_program")
        )  # fmt: skip
        return None


def _product(value: Any, problems: list[Problem]):
    if value in (None, ""):
        return None
    if hasattr(value, "pk"):
        return value
    from berdaya.financing.selectors import product_list

    product = product_list().filter(code=str(value).strip()).first()
    if product is None:
        problems.append(
            Problem("financing_product_unknown",
                    f"Produk pembiayaan {value!r} tidak dikenal.", "financing_product")
        )  # fmt: skip
    return product


def check_whole(opportunity: Opportunity, *, publishing: bool) -> None:
    """Rules across fields, checked on the saved values (and at publication, against today)."""
    problems = []
    if opportunity.deadline < opportunity.opens_on:
        problems.append(
            Problem("deadline_before_opening",
                    "Batas pendaftaran tidak boleh sebelum tanggal dibuka.", "deadline")
        )  # fmt: skip
    if publishing and opportunity.deadline < timezone.localdate():
        problems.append(Problem("deadline_past", "Batas pendaftaran sudah lewat.", "deadline"))
    if opportunity.financing_product_id and opportunity.kind != OpportunityKind.CAPITAL:
        problems.append(
            Problem("financing_product_not_capital",
                    "Produk pembiayaan hanya untuk peluang modal.", "financing_product")
        )  # fmt: skip
    if problems:
        raise RuleError(*problems)


def check_pdf(upload, *, field: str = "attachment") -> None:
    """An uploaded file must be a PDF (by name and by content) of at most 10 MB."""
    if upload is None:
        return
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_PDF_BYTES:
        raise RuleError.one("attachment_too_large", "Berkas paling besar 10 MB.", field=field)
    head = upload.read(5)
    upload.seek(0)
    if not name.endswith(".pdf") or head != b"%PDF-":
        raise RuleError.one("attachment_not_pdf", "Berkas harus berformat PDF.", field=field)
