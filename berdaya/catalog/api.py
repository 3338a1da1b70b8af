"""Catalog API: the partner's products, curation by staff, the public search and product."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja import File, Router, Status
from ninja.files import UploadedFile

from berdaya.accounts.api_auth import API_AUTH
from berdaya.accounts.selectors import is_staff
from berdaya.catalog import links, search, selectors, services
from berdaya.catalog.models import Product
from berdaya.catalog.schemas import (
    CategoryOut,
    CurationIn,
    DetailOut,
    HideIn,
    ListOut,
    OwnProductsOut,
    PhotoOut,
    ProductCreatedOut,
    ProductIn,
    ProductPatch,
    ProductStatusOut,
)
from berdaya.core.api_schemas import ApiError, ApiValidationError
from berdaya.core.errors import AccessDenied, RuleError

router = Router(tags=["katalog"])


def _anonymous(request):
    """Lets an endpoint answer visitors too (after the bearer token and the session)."""
    return AnonymousUser()


OPTIONAL_AUTH = [*API_AUTH, _anonymous]


def _photo_out(request, photo) -> dict:
    return {
        "id": photo.pk,
        "pending": photo.is_pending,
        "urls": {str(w): links.absolute(request, links.photo_path(photo, w)) for w in photo.WIDTHS},
    }


def _item_out(request, product: Product) -> dict:
    photos = getattr(product, "public_photos", None)
    if photos is None:
        photos = [p for p in product.photos.all() if not p.is_pending]
    return {
        "id": product.pk,
        "name": product.name,
        "price_rupiah": product.price_rupiah,
        "price_max_rupiah": product.price_max_rupiah,
        "unit": product.unit,
        "category": product.category.slug,
        "photo_url": links.absolute(request, links.photo_path(photos[0], 640)) if photos else None,
        "url": links.absolute(request, links.product_path(product)),
        "whatsapp_url": links.absolute(request, links.whatsapp_counting_path(product)),
        "business": {
            "name": product.business.name,
            "url": links.absolute(request, links.storefront_path(product)),
            "kecamatan": product.business.kelurahan.kecamatan.name,
        },
    }


def _detail_out(request, product: Product, *, private: bool) -> dict:
    data = _item_out(request, product)
    data.update(
        description=product.description,
        stock=product.stock,
        halal_number=product.halal_number,
        pirt_number=product.pirt_number,
        bpom_number=product.bpom_number,
        sni_number=product.sni_number,
        whatsapp=product.whatsapp,
        marketplace_links=product.marketplace_links,
        photos=[
            _photo_out(request, p) for p in product.photos.all() if private or not p.is_pending
        ],
    )
    if private:
        data.update(
            status=product.status,
            pending_edit=product.pending_edit,
            pending=product.pending_data if product.pending_edit else None,
            curator_note=product.curator_note,
            hidden_reason=product.hidden_reason,
        )
    return data


def _owned(request, product_id: int) -> Product:
    """The caller's own product; someone else's is 403 when public, else 404."""
    product = selectors.product_owned_get(request.auth, product_id)
    if product is None:
        if selectors.product_get(request.auth, product_id) is not None:
            raise AccessDenied("Hanya pemilik usaha yang dapat mengubah produk ini.")
        raise Http404
    return product


@router.post(
    "/catalog/products",
    response={201: ProductCreatedOut, 403: ApiError, 422: ApiValidationError},
    summary="Tambah produk (pemilik usaha terverifikasi)",
)
def product_create(request, payload: ProductIn):
    """A business that is not the caller's is 403 whether or not it exists (no oracle of
    business ids); a business id that is not a number is 422."""
    data = payload.dict()
    business = data.pop("business")
    digits = str(business).strip()
    if digits.isascii() and digits.isdigit():
        own = selectors.own_businesses(request.auth)
        if len(digits) > 18 or not own.filter(pk=int(digits)).exists():
            raise AccessDenied("Produk hanya dapat dibuat oleh pemilik usaha.")
    confirm = data.pop("confirm_price")
    product = services.product_create(
        actor=request.auth, business_id=business, data=data, confirm_price=confirm
    )
    return Status(201, {"id": product.pk, "status": product.status})


@router.get(
    "/catalog/products",
    auth=None,
    response=ListOut,
    summary="Cari produk katalog (publik)",
)
def product_list(
    request,
    q: str = "",
    category: str = "",
    kecamatan: str = "",
    halal: str = "",
    ready: str = "",
    price_min: str = "",
    price_max: str = "",
    cursor: str = "",
    size: int = 24,
):
    filters = search.Filters.from_params(
        {
            "q": q, "category": category, "kecamatan": kecamatan, "halal": halal,
            "ready": ready, "price_min": price_min, "price_max": price_max,
        }
    )  # fmt: skip
    page = search.page(filters, cursor=cursor or None, size=size)
    return {
        "items": [_item_out(request, p) for p in page.items],
        "next_cursor": page.next_cursor,
        "corrected": page.corrected or None,
    }


@router.get(
    "/catalog/products/{product_id}",
    auth=OPTIONAL_AUTH,
    response={200: DetailOut, 404: ApiError},
    exclude_unset=True,
    summary="Satu produk: publik bila tayang; pemilik dan staf melihat semua status",
)
def product_detail(request, product_id: int):
    user = request.auth
    product = selectors.product_get(user, product_id)
    if product is None:
        raise Http404
    private = is_staff(user) or selectors.is_owner(user, product)
    return _detail_out(request, product, private=private)


@router.patch(
    "/catalog/products/{product_id}",
    response={200: DetailOut, 403: ApiError, 404: ApiError, 422: ApiValidationError},
    exclude_unset=True,
)
def product_update(request, product_id: int, payload: ProductPatch):
    product = _owned(request, product_id)
    data = payload.dict(exclude_unset=True)
    confirm = bool(data.pop("confirm_price", False))
    data = {k: ("" if v is None and k != "price_max_rupiah" else v) for k, v in data.items()}
    product = services.product_update(
        actor=request.auth, product=product, data=data, confirm_price=confirm
    )
    fresh = selectors.product_get(request.auth, product.pk)
    assert fresh is not None
    return _detail_out(request, fresh, private=True)


@router.post(
    "/catalog/products/{product_id}/photos",
    response={201: PhotoOut, 403: ApiError, 404: ApiError, 422: ApiValidationError},
)
def photo_add(request, product_id: int, file: UploadedFile = File(None)):  # noqa: B008
    product = _owned(request, product_id)
    if file is None:
        raise RuleError.one("photo_required", "Pilih foto untuk diunggah.", field="file")
    photo = services.product_photo_add(actor=request.auth, product=product, upload=file)
    return Status(201, _photo_out(request, photo))


@router.delete(
    "/catalog/products/{product_id}/photos/{photo_id}",
    response={204: None, 403: ApiError, 404: ApiError, 422: ApiValidationError},
)
def photo_remove(request, product_id: int, photo_id: int):
    product = _owned(request, product_id)
    services.product_photo_remove(actor=request.auth, product=product, photo_id=photo_id)
    return Status(204, None)


@router.post(
    "/catalog/products/{product_id}/submit",
    response={
        200: ProductStatusOut,
        403: ApiError,
        404: ApiError,
        409: ApiError,
        422: ApiValidationError,
    },
)
def product_submit(request, product_id: int):
    product = services.product_submit(actor=request.auth, product=_owned(request, product_id))
    return {"status": product.status, "pending_edit": product.pending_edit}


@router.post(
    "/catalog/products/{product_id}/hide",
    response={200: ProductStatusOut, 403: ApiError, 404: ApiError, 409: ApiError},
    summary="Pemilik menyembunyikan produknya",
)
def product_hide(request, product_id: int, payload: HideIn | None = None):
    product = services.product_hide(
        actor=request.auth,
        product=_owned(request, product_id),
        reason=payload.reason if payload else "",
    )
    return {"status": product.status, "pending_edit": product.pending_edit}


@router.post(
    "/catalog/products/{product_id}/curation",
    response={
        200: ProductStatusOut,
        403: ApiError,
        404: ApiError,
        409: ApiError,
        422: ApiValidationError,
    },
    summary="Kurasi oleh staf DKUM: publish, needs_changes (catatan) atau hide (alasan)",
)
def product_curation(request, product_id: int, payload: CurationIn):
    if not is_staff(request.auth):
        raise AccessDenied("Hanya staf DKUM yang dapat mengkurasi produk.")
    product = selectors.product_get(request.auth, product_id)
    if product is None:
        raise Http404
    product = services.product_curate(
        actor=request.auth, product=product, decision=payload.decision, note=payload.note
    )
    return {"status": product.status, "pending_edit": product.pending_edit}


@router.get("/catalog/categories", auth=None, response=list[CategoryOut])
def category_list(request):
    return [{"slug": c.slug, "name": c.name} for c in selectors.categories()]


@router.get(
    "/me/products",
    response=OwnProductsOut,
    exclude_unset=True,
    summary="Produk saya, dengan kunjungan dan klik per minggu",
)
def my_products(request):
    own = list(selectors.own_businesses(request.auth).values_list("pk", flat=True))
    if own:
        services.products_hide_for_unverified(business_ids=own)
    products = list(
        selectors.products_owned_by(request.auth)
        .select_related("category", "storefront", "business__kelurahan__kecamatan")
        .prefetch_related("photos")
        .order_by("-id")[:500]
    )
    stats = selectors.week_stats(products)
    items = []
    for product in products:
        data = _detail_out(request, product, private=True)
        data["weeks"] = [
            {"week": s.week.isoformat(), "views": s.views, "clicks": s.clicks}
            for s in stats[product.pk]
        ]
        data["views_total"] = sum(s.views for s in stats[product.pk])
        data["clicks_total"] = sum(s.clicks for s in stats[product.pk])
        items.append(data)
    return {"items": items}
