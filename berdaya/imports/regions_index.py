"""Finding a kelurahan (and its kecamatan) by code or by name as people write it:
``Kel. Pancoran Mas``, ``PANCORANMAS``, ``pancoran-mas``, ``32.76.01.1001``, ``3276011001``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from berdaya.regions.selectors import kecamatan_list, kelurahan_list

_PREFIXES = re.compile(r"^(kelurahan|kel|desa|ds|kecamatan|kec)\b\.?\s*")


def name_key(value: str) -> str:
    text = str(value or "").strip().lower()
    text = _PREFIXES.sub("", text)
    return re.sub(r"[^a-z0-9]", "", text)


def code_key(value: str) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    return digits


@dataclass
class RegionIndex:
    kelurahan_by_code: dict[str, str]  # digits -> code
    kelurahan_by_name: dict[str, list[tuple[str, str]]]  # name key -> [(code, kecamatan code)]
    kecamatan_by_code: dict[str, str]
    kecamatan_by_name: dict[str, str]
    kelurahan_names: list[str]
    display: dict[str, str]
    _seen: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> RegionIndex:
        by_code: dict[str, str] = {}
        by_name: dict[str, list[tuple[str, str]]] = {}
        display: dict[str, str] = {}
        for kel in kelurahan_list():
            by_code[code_key(kel.code)] = kel.code
            display[name_key(kel.name)] = kel.name
            by_name.setdefault(name_key(kel.name), []).append((kel.code, kel.kecamatan_id))
        kec_code: dict[str, str] = {}
        kec_name: dict[str, str] = {}
        for kec in kecamatan_list():
            kec_code[code_key(kec.code)] = kec.code
            kec_name[name_key(kec.name)] = kec.code
        return cls(by_code, by_name, kec_code, kec_name, sorted(by_name), display)

    def kecamatan(self, value: str) -> str | None:
        if not str(value or "").strip():
            return None
        return self.kecamatan_by_code.get(code_key(value)) or self.kecamatan_by_name.get(
            name_key(value)
        )

    def kelurahan(self, value: str, kecamatan_value: str = "") -> tuple[str | None, str]:
        """(code, why not): the kelurahan of the configured city named or coded ``value``.
        Remembered per spelling: a sheet repeats a few dozen names many times."""
        key = (value, kecamatan_value)
        found = self._seen.get(key)
        if found is None:
            found = self._kelurahan(value, kecamatan_value)
            if len(self._seen) < 50_000:
                self._seen[key] = found
        return found

    def _kelurahan(self, value: str, kecamatan_value: str = "") -> tuple[str | None, str]:
        raw = str(value or "").strip()
        if not raw:
            return None, "Kelurahan wajib diisi."
        kecamatan = self.kecamatan(kecamatan_value) if kecamatan_value else None
        if kecamatan_value and str(kecamatan_value).strip() and kecamatan is None:
            return None, f"Kecamatan {kecamatan_value!r} tidak dikenal."
        digits = code_key(raw)
        if len(digits) == 10 and digits in self.kelurahan_by_code:
            code = self.kelurahan_by_code[digits]
            if kecamatan and not code.startswith(kecamatan + "."):
                return None, "Kelurahan tidak berada di kecamatan yang diisi."
            return code, ""
        found = self.kelurahan_by_name.get(name_key(raw), [])
        if kecamatan:
            found = [f for f in found if f[1] == kecamatan] or ([] if found else found)
            if not found and self.kelurahan_by_name.get(name_key(raw)):
                return None, "Kelurahan tidak berada di kecamatan yang diisi."
        if len(found) == 1:
            return found[0][0], ""
        if len(found) > 1:
            return None, f"Ada beberapa kelurahan bernama {raw!r}; isi juga kecamatannya."
        close = difflib.get_close_matches(name_key(raw), self.kelurahan_names, n=1, cutoff=0.8)
        hint = ""
        if close:
            hint = f" Mungkin maksudnya {self._display(close[0])!r}?"
        return None, f"Kelurahan {raw!r} tidak dikenal.{hint}"

    def _display(self, key: str) -> str:
        return self.display.get(key, key)
