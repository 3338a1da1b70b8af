"""Request and response shapes of the catalog API. Errors use the shared bodies of
``berdaya.core.api_schemas`` (401/403/404/409: ``{"code", "message"}``; 422: ``{"errors": [...]}``),
which ``BerdayaAPI`` also declares on every operation."""

from __future__ import annotations

from ninja import Schema

from berdaya.core.api_schemas import ApiError, ApiValidationError
from berdaya.core.cleaning.schemas import CleanSchema

# --- input ---------------------------------------------------------------------------------


class ProductIn(CleanSchema):
    business: int | str
    name: str = ""
    description: str = ""
    price_rupiah: int | str | None = None
    price_max_rupiah: int | str | None = None
    unit: str = ""
    category: str = ""
    stock: str = "ready"
    halal_number: str = ""
    pirt_number: str = ""
    bpom_number: str = ""
    sni_number: str = ""
    whatsapp: str = ""
    marketplace_links: list[str] = []
    confirm_price: bool = False  # a price over Rp 1 billion, confirmed


class ProductPatch(CleanSchema):
    name: str | None = None
    description: str | None = None
    price_rupiah: int | str | None = None
    price_max_rupiah: int | str | None = None
    unit: str | None = None
    category: str | None = None
    stock: str | None = None
    halal_number: str | None = None
    pirt_number: str | None = None
    bpom_number: str | None = None
    sni_number: str | None = None
    whatsapp: str | None = None
    marketplace_links: list[str] | None = None
    confirm_price: bool = False


class CurationIn(CleanSchema):
    decision: str
    note: str = ""


class HideIn(CleanSchema):
    reason: str = ""


# --- output --------------------------------------------------------------------------------


class ProductCreatedOut(Schema):
    id: int
    status: str


class ProductStatusOut(Schema):
    status: str
    pending_edit: bool = False


class CatalogBusinessOut(Schema):
    name: str
    url: str
    kecamatan: str


class ItemOut(Schema):
    id: int
    name: str
    price_rupiah: int
    price_max_rupiah: int | None
    unit: str
    category: str
    photo_url: str | None
    url: str
    whatsapp_url: str
    business: CatalogBusinessOut


class ListOut(Schema):
    items: list[ItemOut]
    next_cursor: str | None
    corrected: str | None = None  # the query as corrected for a typo (PostgreSQL)


class PhotoOut(Schema):
    id: int
    pending: bool
    urls: dict[str, str]


class PendingOut(Schema):
    """An edit of a published product waiting for curation (the fields it changes)."""

    name: str | None = None
    description: str | None = None
    price_rupiah: int | None = None
    price_max_rupiah: int | None = None
    unit: str | None = None
    category: str | None = None
    stock: str | None = None
    halal_number: str | None = None
    pirt_number: str | None = None
    bpom_number: str | None = None
    sni_number: str | None = None
    whatsapp: str | None = None
    marketplace_links: list[str] | None = None


class DetailOut(ItemOut):
    """One product. The private fields (``status`` ... ``hidden_reason``) are given to its
    owner and to staff only."""

    description: str
    stock: str
    halal_number: str
    pirt_number: str
    bpom_number: str
    sni_number: str
    whatsapp: str
    marketplace_links: list[str]
    photos: list[PhotoOut]
    status: str | None = None
    pending_edit: bool | None = None
    pending: PendingOut | None = None
    curator_note: str | None = None
    hidden_reason: str | None = None


class WeekOut(Schema):
    week: str
    views: int
    clicks: int


class OwnProductOut(DetailOut):
    weeks: list[WeekOut]
    views_total: int
    clicks_total: int


class OwnProductsOut(Schema):
    items: list[OwnProductOut]


class CategoryOut(Schema):
    slug: str
    name: str


__all__ = [
    "ApiError",
    "ApiValidationError",
    "CatalogBusinessOut",
    "CategoryOut",
    "ProductCreatedOut",
    "CurationIn",
    "DetailOut",
    "HideIn",
    "ItemOut",
    "ListOut",
    "OwnProductsOut",
    "PhotoOut",
    "ProductIn",
    "ProductPatch",
    "ProductStatusOut",
]
