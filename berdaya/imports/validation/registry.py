"""Checking one row of a legacy mitra binaan sheet: person, business, registration date."""

from __future__ import annotations

import re

from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import npwp as stdnum_npwp

from berdaya.imports import values
from berdaya.imports.regions_index import RegionIndex
from berdaya.imports.validation.common import Row, contact_address, identity
from berdaya.registry.bulk import kbli_index

# Sector words often written instead of a KBLI code -> the KBLI 2020 kelompok they stand for.
SECTOR_WORDS = {
    "kuliner": "56103", "makanan": "56103", "makanan dan minuman": "56103", "mamin": "56103",
    "warung makan": "56102", "rumah makan": "56102", "katering": "56210", "catering": "56210",
    "makanan keliling": "56104", "kue": "10710", "roti": "10710", "kue basah": "10792",
    "keripik": "10794", "kerupuk": "10794", "makanan olahan": "10750", "frozen food": "10750",
    "minuman": "56301", "kopi": "56303", "kedai kopi": "56303",
    "fashion": "14111", "konveksi": "14111", "pakaian": "47711", "busana": "14111",
    "jahit": "14111", "batik": "13134", "sulaman": "13912", "kerajinan": "16292",
    "anyaman": "16292", "craft": "16292",
    "toko kelontong": "47111", "kelontong": "47111", "warung": "47111", "sembako": "47111",
    "perdagangan": "47111", "dagang": "47111", "retail": "47111", "beras": "47241",
    "online shop": "47911", "jualan online": "47911",
    "salon": "96112", "kecantikan": "96112", "pangkas rambut": "96111", "barbershop": "96111",
    "cukur": "96111", "laundry": "96201", "binatu": "96201",
    "bengkel": "45407", "bengkel motor": "45407", "reparasi motor": "45407",
    "fotografi": "74201", "foto": "74201", "sablon": "18111", "percetakan": "18111",
    "pertanian": "01135", "sayuran": "01135", "peternakan": "01461", "ternak ayam": "01461",
    "perikanan": "03222", "ikan": "03222",
}  # fmt: skip


_SEPARATORS = re.compile(r"[\s.-]")
_NIB = re.compile(r"\d{13}")


def _word_key(value: str) -> str:
    text = re.sub(r"[^a-z ]+", " ", str(value).lower())
    return re.sub(r"\s+", " ", text).strip()


class KbliIndex:
    def __init__(self) -> None:
        self.by_code: dict[str, tuple[int, str, str]] = kbli_index()
        self.by_word = {w: c for w, c in SECTOR_WORDS.items() if c in self.by_code}
        self._seen: dict = {}

    def find(self, value) -> tuple[tuple[int, str, str] | None, str]:
        key = (type(value), value)
        found = self._seen.get(key)
        if found is None:
            found = self._find(value)
            if len(self._seen) < 50_000:
                self._seen[key] = found
        return found

    def _find(self, value) -> tuple[tuple[int, str, str] | None, str]:
        if value is None or value == "":
            return None, "Sektor atau kode KBLI wajib diisi."
        if isinstance(value, float | int) and float(value).is_integer():
            value = f"{int(value):05d}"
        raw = values.text(value)
        code = re.match(r"^\s*(\d{4,5})\b", raw)
        if code:
            digits = code.group(1).zfill(5)
            found = self.by_code.get(digits)
            if found is None:
                return None, f"Kode KBLI {digits!r} tidak ada di KBLI 2020 (5 angka)."
            return found, ""
        key = _word_key(raw)
        word = self.by_word.get(key)
        if word is None:
            # "Usaha kuliner", "kuliner/makanan": the first known word inside
            for part in re.split(r"[/,;]| dan | usaha ", f" {key} "):
                word = self.by_word.get(part.strip())
                if word:
                    break
        if word is None:
            return None, (
                f"Sektor {raw!r} tidak dikenal; isi kode KBLI 5 angka (misalnya 56103 untuk "
                "kuliner)."
            )
        return self.by_code[word], ""


class RegistryRowChecker:
    """Checks rows of one sheet. Build once per import (loads regions and KBLI)."""

    def __init__(self) -> None:
        self.regions = RegionIndex.load()
        self.kbli = KbliIndex()
        self.today = timezone.localdate()

    def check(self, row: Row) -> dict | None:
        """The clean values of ``row``, or None (with ``row.reasons`` filled)."""
        today = self.today
        person = identity(row, today)
        person.update(contact_address(row, self.regions))
        business: dict = {}
        business["name"] = row.text("business_name", "Nama usaha", required=True)
        found, why = self.kbli.find(row.get("sector"))
        if found is None:
            row.reasons.append(why)
        else:
            business["kbli_id"], business["kbli_version"], business["kbli_section"] = found
        started = row.parse(values.date, "started_on", year_only=True)
        if started is None and not _said(row, "Tanggal"):
            row.reasons.append("Tanggal mulai usaha wajib diisi.")
        elif started is not None and started > today:
            row.reasons.append("Tanggal mulai usaha tidak boleh di masa depan.")
        elif started is not None and started.year < 1900:
            row.reasons.append("Tanggal mulai usaha tidak valid.")
        business["started_on"] = started
        nib = values.text(row.get("nib"))
        if nib:
            nib = _SEPARATORS.sub("", nib)
            if not _NIB.fullmatch(nib):
                row.reasons.append("NIB harus 13 angka.")
        business["nib"] = nib
        npwp = values.text(row.get("npwp"))
        if npwp:
            npwp = _SEPARATORS.sub("", npwp)
        if npwp:
            try:
                npwp = stdnum_npwp.validate(npwp)
            except StdnumError:
                row.reasons.append("NPWP harus 15 angka (dengan angka pemeriksa) atau 16 angka.")
        business["npwp"] = npwp
        capital = row.parse(values.rupiah, "capital_rupiah")
        if capital is None and not _said(row, "Rupiah"):
            row.reasons.append("Modal usaha wajib diisi.")
        sales = row.parse(values.rupiah, "annual_sales_rupiah")
        if sales is None:
            monthly = row.parse(values.rupiah, "monthly_sales_rupiah")
            sales = monthly * 12 if monthly is not None else None
        if sales is None and not _said(row, "Rupiah"):
            row.reasons.append("Omzet wajib diisi.")
        business["capital_rupiah"], business["annual_sales_rupiah"] = capital, sales
        women = row.parse(values.count, "workers_women", label="Karyawan perempuan")
        men = row.parse(values.count, "workers_men", label="Karyawan laki-laki")
        total = row.parse(values.count, "workers_total", label="Jumlah karyawan")
        if total is not None:
            if women is not None and men is not None and women + men != total:
                row.reasons.append(
                    f"Jumlah karyawan ({total}) tidak sama dengan perempuan ({women}) + "
                    f"laki-laki ({men})."
                )
            elif women is not None and men is None:
                men = total - women if total >= women else None
                if men is None:
                    row.reasons.append("Karyawan perempuan lebih banyak dari jumlah karyawan.")
            elif men is not None and women is None:
                women = total - men if total >= men else None
                if women is None:
                    row.reasons.append("Karyawan laki-laki lebih banyak dari jumlah karyawan.")
            elif women is None and men is None:
                men = total  # no split given: recorded as men, written in the import guide
        business["workers_women"], business["workers_men"] = women or 0, men or 0
        registered = row.parse(values.date, "registered_on")
        if registered is None and not _said(row, "Tanggal"):
            row.reasons.append("Tanggal daftar wajib diisi.")
        elif registered is not None and registered > today:
            row.reasons.append("Tanggal daftar tidak boleh di masa depan.")
        elif registered is not None and registered.year < 1990:
            row.reasons.append("Tanggal daftar tidak valid.")
        if row.reasons:
            return None
        return {"person": person, "business": business, "registered_on": registered}


def _said(row: Row, word: str) -> bool:
    return any(word in r for r in row.reasons)
