"""Helpers shared by the catalog services: the editable fields, the caller and verification
checks, the field conversions, the search text and index, and the storefront of a business."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils.text import slugify

from berdaya.catalog import selectors
from berdaya.catalog.models import Product, SearchWord, Storefront
from berdaya.catalog.words import words_of
from berdaya.core.errors import AccessDenied, RuleError
from berdaya.registry.models import Business

EDITABLE = (
    "name", "description", "price_rupiah", "price_max_rupiah", "unit", "category", "stock",
    "halal_number", "pirt_number", "bpom_number", "sni_number", "whatsapp", "marketplace_links",
)  # fmt: skip


def _not_verified() -> RuleError:
    return RuleError.one(
        "business_not_verified",
        "Usaha ini belum (atau tidak lagi) terverifikasi sebagai mitra binaan, jadi produknya "
        "belum bisa tampil di katalog.",
        field="business",
    )


def _require_owner(actor, product: Product) -> None:
    if not selectors.is_owner(actor, product):
        raise AccessDenied("Hanya pemilik usaha yang dapat mengubah produk ini.")


def _values_of(product: Product) -> dict:
    """The product's editable fields as plain JSON values (category by slug)."""
    data = {name: getattr(product, name) for name in EDITABLE if name != "category"}
    data["category"] = product.category.slug
    return data


def _model_values(cleaned: dict) -> dict:
    values = dict(cleaned)
    category = values.pop("category")
    values["category_id"] = category.pk
    values["is_halal"] = bool(values.get("halal_number"))
    return values


def _json_values(cleaned: dict) -> dict:
    values = dict(cleaned)
    values["category"] = values["category"].slug
    return values


def _search_text(product: Product) -> str:
    parts = [product.name, product.category.name, product.business.name, product.description]
    return " ".join(p for p in parts if p).lower()[:4000]


def refresh_search(product_ids: list[int]) -> None:
    """Rebuild the full-text vector (PostgreSQL) of these products from their search text."""
    if connection.vendor != "postgresql" or not product_ids:
        return
    Product.objects.filter(pk__in=product_ids).update(
        search_vector=SearchVector("name", weight="A", config="simple")
        + SearchVector("search_text", weight="B", config="simple")
    )
    words: set[str] = set()
    for text in Product.objects.filter(pk__in=product_ids).values_list("search_text", flat=True):
        words.update(w for w in words_of(text, limit=None) if 3 <= len(w) <= 40)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=2000
    )


def storefront_for(business: Business) -> Storefront:
    existing = Storefront.objects.filter(business=business).first()
    if existing:
        return existing
    base = slugify(business.name)[:60] or "usaha"
    slug, n = base, 1
    while Storefront.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Storefront.objects.create(business=business, slug=slug)


def _owner_user(product: Product):
    return product.business.owner.user
