"""The check-your-answers summary of the registration draft, shown before it is sent."""

from __future__ import annotations

import datetime

from berdaya.core.errors import RuleError
from berdaya.regions.selectors import kecamatan_get, kelurahan_get
from berdaya.registry import selectors
from berdaya.registry.models import Education, Gender, LegalForm, MarketingChannel


def _label(choices, value) -> str:
    return dict(choices.choices).get(value, "") if value else ""


def _date(value) -> datetime.date | str:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value or "")


def _region(get, code) -> str:
    try:
        return get(code).name if code else ""
    except RuleError:
        return ""


def _kbli(code: str) -> str:
    found = [k for k in selectors.kbli_search(code or "") if k.code == code]
    return f"{code} {found[0].title}" if found else code or ""


def answers_of(draft) -> list[dict]:
    """Each earlier step's answers as (label, value) rows with the step to change them."""
    who = draft.data.get("identity", {})
    where = draft.data.get("address", {})
    biz = draft.data.get("business", {})
    channels = [_label(MarketingChannel, c) for c in biz.get("marketing_channels") or []]
    sections = [
        (1, "Data diri", [
            ("NIK", who.get("nik")),
            ("Nama lengkap", who.get("full_name")),
            ("Jenis kelamin", _label(Gender, who.get("gender"))),
            ("Tanggal lahir", _date(who.get("birth_date"))),
            ("Nomor HP", who.get("phone")),
            ("Email", who.get("email")),
            ("Pendidikan terakhir", _label(Education, who.get("education"))),
            ("Disabilitas", who.get("disability")),
        ]),
        (2, "Alamat", [
            ("Kecamatan", _region(kecamatan_get, where.get("kecamatan_code"))),
            ("Kelurahan", _region(kelurahan_get, where.get("kelurahan_code"))),
            ("RW / RT", f"{where.get('rw', '')} / {where.get('rt', '')}"),
            ("Alamat jalan", where.get("street_address")),
        ]),
        (3, "Usaha", [
            ("Nama usaha", biz.get("name")),
            ("Bentuk usaha", _label(LegalForm, biz.get("legal_form"))),
            ("Mulai usaha", _date(biz.get("started_on"))),
            ("KBLI", _kbli(biz.get("kbli_code", ""))),
            ("NIB", biz.get("nib")),
            ("NPWP", biz.get("npwp")),
            ("Modal usaha (Rp)", biz.get("capital_rupiah")),
            ("Omzet setahun (Rp)", biz.get("annual_sales_rupiah")),
            ("Tenaga kerja", f"{biz.get('workers_women') or 0} perempuan, "
                             f"{biz.get('workers_men') or 0} laki-laki"),
            ("Saluran pemasaran", ", ".join(channels)),
        ]),
    ]  # fmt: skip
    return [
        {"step": step, "title": title, "rows": [(k, v) for k, v in rows if v not in ("", None)]}
        for step, title, rows in sections
    ]
