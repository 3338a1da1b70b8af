"""Products of a partner: create (``draft``), update (a published product holds the edit as
``pending_edit`` until staff publish it) and submit for review."""

from __future__ import annotations

import random

from django.db import transaction

from berdaya.catalog import rules, selectors
from berdaya.catalog.models import Category, HiddenBy, Product, ProductEvents, ProductStatus
from berdaya.catalog.services._common import (
    EDITABLE,
    _json_values,
    _model_values,
    _not_verified,
    _require_owner,
    _search_text,
    _values_of,
    refresh_search,
    storefront_for,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.registry import selectors as registry
from berdaya.registry.models import Business

_rng = random.SystemRandom()


def product_create(*, actor, business_id, data: dict, confirm_price: bool = False) -> Product:
    """A new product (``draft``) of the actor's own verified business."""
    try:
        business_pk = int(business_id)
    except (TypeError, ValueError):
        raise RuleError.one("business_unknown", "Pilih usaha Anda.", field="business") from None
    business = registry.business_get(actor, business_pk)
    person = registry.person_for_user(actor)
    if business is None or person is None or business.owner_id != person.pk:
        if business is None and not Business.objects.filter(pk=business_pk).exists():
            raise RuleError.one("business_unknown", "Usaha tidak ditemukan.", field="business")
        raise AccessDenied("Produk hanya dapat dibuat oleh pemilik usaha.")
    if not selectors.business_is_verified(business):
        raise _not_verified()
    cleaned = rules.check_product_fields(data, confirmed_price=confirm_price)
    with transaction.atomic():
        storefront = storefront_for(business)
        product = Product(
            business=business,
            storefront=storefront,
            shuffle=_rng.randrange(2**31),
            **_model_values(cleaned),
        )
        product.search_text = _search_text(product)
        product.save()
        events.record(product, ProductEvents.CREATED, actor=actor, to_status=product.status)
    refresh_search([product.pk])
    return product


def product_update(*, actor, product: Product, data: dict, confirm_price: bool = False) -> Product:
    """Change the given fields. A published product keeps its published version and holds the
    edit as ``pending_edit`` until staff publish it."""
    _require_owner(actor, product)
    with transaction.atomic():
        product = (
            Product.objects.select_for_update()
            .select_related("category", "business")
            .get(pk=product.pk)
        )
        base = _values_of(product)
        if product.status == ProductStatus.PUBLISHED and product.pending_data:
            base.update(product.pending_data)
        merged = {**base, **{k: v for k, v in data.items() if k in EDITABLE}}
        cleaned = rules.check_product_fields(merged, confirmed_price=confirm_price)
        if product.status == ProductStatus.PUBLISHED:
            product.pending_data = _json_values(cleaned)
            product.pending_edit = True
            product.save(update_fields=["pending_data", "pending_edit", "updated_at"])
            events.record(product, ProductEvents.EDIT_PENDING, actor=actor)
        else:
            for name, value in _model_values(cleaned).items():
                setattr(product, name, value)
            product.category = Category.objects.get(pk=product.category_id)
            product.search_text = _search_text(product)
            product.save()
            events.record(product, ProductEvents.EDITED, actor=actor)
    refresh_search([product.pk])
    return product


def product_submit(*, actor, product: Product) -> Product:
    """draft / needs_changes / hidden -> in_review."""
    _require_owner(actor, product)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        allowed = (ProductStatus.DRAFT, ProductStatus.NEEDS_CHANGES, ProductStatus.HIDDEN)
        if product.status not in allowed:
            raise ConflictError(
                "wrong_status",
                f"Produk berstatus {product.get_status_display()} tidak dapat diajukan.",
            )
        business = Business.objects.select_related("registration").get(pk=product.business_id)
        if not selectors.business_is_verified(business):
            raise _not_verified()
        from_status = product.status
        product.status = ProductStatus.IN_REVIEW
        product.hidden_by, product.hidden_reason = HiddenBy.NONE, ""
        product.save(update_fields=["status", "hidden_by", "hidden_reason", "updated_at"])
        events.record(
            product, ProductEvents.SUBMITTED, actor=actor, from_status=from_status,
            to_status=product.status,
        )  # fmt: skip
    return product
