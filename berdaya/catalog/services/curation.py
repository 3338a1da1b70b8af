"""Visibility of a product: staff curation (publish, send back, hide; a pending edit is applied
or returned), the partner hiding their own product, and the system hiding the products of a
business that is no longer verified. Each change clears the cached catalog pages."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.catalog import cache_keys, rules, selectors
from berdaya.catalog.models import (
    Category,
    HiddenBy,
    Photo,
    Product,
    ProductEvents,
    ProductStatus,
)
from berdaya.catalog.services._common import (
    _model_values,
    _not_verified,
    _owner_user,
    _require_owner,
    _search_text,
    refresh_search,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.registry.models import Business, RegistrationStatus


def _apply_pending(product: Product) -> None:
    if product.pending_data:  # else only new photos wait
        cleaned = rules.check_product_fields(product.pending_data, confirmed_price=True)
        for name, value in _model_values(cleaned).items():
            setattr(product, name, value)
        product.category = Category.objects.get(pk=product.category_id)
        product.search_text = _search_text(product)
    product.pending_data = {}
    product.pending_edit = False
    Photo.objects.filter(product=product, is_pending=True).update(is_pending=False)


DECISIONS = ("publish", "needs_changes", "hide")


def product_curate(*, actor, product: Product, decision: str, note: str = "") -> Product:
    """Staff: ``publish`` (a product in review, or a pending edit), ``needs_changes`` (with a
    note; a pending edit goes back and the published version stays) or ``hide`` (a published
    product, with a reason)."""
    if not is_staff(actor):
        raise AccessDenied("Hanya staf DKUM yang dapat mengkurasi produk.")
    if decision not in DECISIONS:
        raise RuleError.one(
            "decision_invalid",
            "Pilih keputusan: tayangkan, kembalikan untuk perbaikan, atau sembunyikan.",
            field="decision",
        )
    note = rules.clean_text(note, multiline=True)[:2000]
    if decision in ("needs_changes", "hide") and not note:
        raise RuleError.one(
            "note_required", "Tulis catatan atau alasan untuk pemilik usaha.", field="note"
        )
    with transaction.atomic():
        product = (
            Product.objects.select_for_update(of=("self",))
            .select_related("category", "business__owner__user")
            .get(pk=product.pk)
        )
        status, pending = product.status, product.pending_edit
        from_status = status
        if decision == "publish" and status == ProductStatus.IN_REVIEW:
            business = Business.objects.select_related("registration").get(pk=product.business_id)
            if not selectors.business_is_verified(business):
                raise _not_verified()
            product.status = ProductStatus.PUBLISHED
            product.published_at = timezone.now()
            product.curator_note = note
            if product.pending_edit:
                _apply_pending(product)
            verb, title = ProductEvents.PUBLISHED, f"Produk {product.name} tayang di katalog"
        elif decision == "publish" and status == ProductStatus.PUBLISHED and pending:
            _apply_pending(product)
            product.curator_note = note
            verb, title = ProductEvents.EDIT_PUBLISHED, f"Perubahan {product.name} ditayangkan"
        elif decision == "needs_changes" and status == ProductStatus.IN_REVIEW:
            product.status = ProductStatus.NEEDS_CHANGES
            product.curator_note = note
            verb, title = ProductEvents.NEEDS_CHANGES, f"Produk {product.name} perlu perbaikan"
        elif decision == "needs_changes" and status == ProductStatus.PUBLISHED and pending:
            product.pending_edit = False
            product.curator_note = note
            verb, title = ProductEvents.EDIT_RETURNED, f"Perubahan {product.name} perlu perbaikan"
        elif decision == "hide" and status == ProductStatus.PUBLISHED:
            product.status = ProductStatus.HIDDEN
            product.hidden_by, product.hidden_reason = HiddenBy.STAFF, note
            verb, title = ProductEvents.HIDDEN, f"Produk {product.name} disembunyikan"
        else:
            raise ConflictError(
                "wrong_status",
                f"Keputusan {decision} tidak berlaku untuk produk berstatus "
                f"{product.get_status_display()}"
                + (" dengan perubahan tertunda." if pending else "."),
            )
        product.save()
        events.record(
            product, verb, actor=actor, from_status=from_status, to_status=product.status,
            note=note,
        )  # fmt: skip
        notify_user(
            _owner_user(product),
            title=title,
            body=note,
            url=reverse("catalog:mine_edit", args=[product.pk]),
        )
    refresh_search([product.pk])
    cache_keys.changed()
    return product


def product_hide(*, actor, product: Product, reason: str = "") -> Product:
    """The partner takes a published (or waiting) product off the catalog."""
    _require_owner(actor, product)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        if product.status not in (ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW):
            raise ConflictError(
                "wrong_status",
                f"Produk berstatus {product.get_status_display()} tidak dapat disembunyikan.",
            )
        from_status = product.status
        product.status = ProductStatus.HIDDEN
        product.hidden_by = HiddenBy.PARTNER
        product.hidden_reason = rules.clean_text(reason)[:500] or "Disembunyikan oleh pemilik."
        product.save(update_fields=["status", "hidden_by", "hidden_reason", "updated_at"])
        events.record(
            product, ProductEvents.HIDDEN, actor=actor, from_status=from_status,
            to_status=product.status, note=product.hidden_reason,
        )  # fmt: skip
    cache_keys.changed()
    return product


def products_hide_for_unverified(*, business_ids: list[int] | None = None) -> int:
    """Hide (as the system) the published or waiting products whose business's registration is
    no longer verified. Public reads already exclude them; this makes the state explicit for
    the partner and the staff. Returns how many were hidden."""
    candidates = Product.objects.filter(
        status__in=(ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW)
    ).exclude(business__registration__status=RegistrationStatus.VERIFIED)
    if business_ids is not None:
        candidates = candidates.filter(business_id__in=business_ids)
    hidden = 0
    for pk in list(candidates.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            product = Product.objects.select_for_update().get(pk=pk)
            if product.status not in (ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW):
                continue
            from_status = product.status
            product.status = ProductStatus.HIDDEN
            product.hidden_by = HiddenBy.SYSTEM
            product.hidden_reason = "Pendaftaran mitra binaan tidak lagi terverifikasi."
            product.save(update_fields=["status", "hidden_by", "hidden_reason", "updated_at"])
            events.record(
                product, ProductEvents.HIDDEN_UNVERIFIED, from_status=from_status,
                to_status=product.status, note=product.hidden_reason,
            )  # fmt: skip
            hidden += 1
    if hidden:
        cache_keys.changed()
    return hidden
