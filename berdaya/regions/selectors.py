"""Reads of regions. Regions are public reference data: no scope applies."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from berdaya.core.errors import RuleError
from berdaya.regions.models import Kecamatan, Kelurahan


def kecamatan_list(*, city_code: str | None = None) -> QuerySet[Kecamatan]:
    return Kecamatan.objects.filter(city_code=city_code or settings.BERDAYA_CITY_CODE)


def kelurahan_list(*, kecamatan_code: str | None = None) -> QuerySet[Kelurahan]:
    qs = Kelurahan.objects.filter(kecamatan__city_code=settings.BERDAYA_CITY_CODE)
    if kecamatan_code:
        qs = qs.filter(kecamatan_id=kecamatan_code)
    return qs.select_related("kecamatan")


def kelurahan_get(code: str, *, field: str = "kelurahan_code") -> Kelurahan:
    """The kelurahan with this code in the configured city, or a RuleError naming ``field``."""
    try:
        return Kelurahan.objects.select_related("kecamatan").get(
            code=(code or "").strip(), kecamatan__city_code=settings.BERDAYA_CITY_CODE
        )
    except Kelurahan.DoesNotExist:
        raise RuleError.one(
            "kelurahan_unknown", "Pilihan kelurahan tidak dikenal; pilih dari daftar.", field=field
        ) from None


def kecamatan_get(code: str, *, field: str = "kecamatan_code") -> Kecamatan:
    try:
        return Kecamatan.objects.get(
            code=(code or "").strip(), city_code=settings.BERDAYA_CITY_CODE
        )
    except Kecamatan.DoesNotExist:
        raise RuleError.one(
            "kecamatan_unknown", "Pilihan kecamatan tidak dikenal; pilih dari daftar.", field=field
        ) from None
