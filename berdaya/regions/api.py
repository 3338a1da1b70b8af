from __future__ import annotations

from ninja import Query, Router, Schema

from berdaya.core.cleaning.schemas import CleanSchema, CleanText
from berdaya.regions.selectors import kecamatan_get, kecamatan_list, kelurahan_list

router = Router(tags=["regions"])


class KecamatanOut(Schema):
    code: str
    name: str


class KelurahanOut(Schema):
    code: str
    name: str
    postal_code: str
    kecamatan_code: str


@router.get("/regions/kecamatan", auth=None, response=list[KecamatanOut])
def kecamatan_index(request):
    return list(kecamatan_list().values("code", "name"))


class KelurahanQuery(CleanSchema):
    kecamatan: CleanText(20) | None = None


@router.get("/regions/kelurahan", auth=None, response=list[KelurahanOut])
def kelurahan_index(request, query: Query[KelurahanQuery]):
    kecamatan = query.kecamatan
    if kecamatan:
        kecamatan_get(kecamatan, field="kecamatan")
    return [
        {
            "code": k.code,
            "name": k.name,
            "postal_code": k.postal_code,
            "kecamatan_code": k.kecamatan_id,
        }
        for k in kelurahan_list(kecamatan_code=kecamatan)
    ]
