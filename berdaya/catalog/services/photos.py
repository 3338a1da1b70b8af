"""Photos of a product: added (decoded and re-encoded before the transaction; on a published
product the photo waits with the pending edit) and removed (files deleted on commit)."""

from __future__ import annotations

from django.db import transaction

from berdaya.catalog import cache_keys, rules
from berdaya.catalog import photos as photo_files
from berdaya.catalog.models import Photo, Product, ProductEvents, ProductStatus
from berdaya.catalog.services._common import _require_owner
from berdaya.core import events
from berdaya.core.errors import RuleError


def _photo_limit() -> RuleError:
    return RuleError.one(
        "photo_limit",
        f"Paling banyak {rules.MAX_PHOTOS} foto per produk. Hapus satu foto dulu.",
        field="file",
    )


def product_photo_add(*, actor, product: Product, upload) -> Photo:
    _require_owner(actor, product)
    if Photo.objects.filter(product=product).count() >= rules.MAX_PHOTOS:
        raise _photo_limit()
    renditions = photo_files.process(upload)  # slow work, outside any transaction
    names = photo_files.store(renditions, product_id=product.pk)
    try:
        with transaction.atomic():
            product = Product.objects.select_for_update().get(pk=product.pk)
            count = Photo.objects.filter(product=product).count()
            if count >= rules.MAX_PHOTOS:
                raise _photo_limit()
            photo = Photo.objects.create(
                product=product,
                position=count,
                token=renditions.token,
                width=renditions.width,
                height=renditions.height,
                is_pending=product.status == ProductStatus.PUBLISHED,
            )
            if photo.is_pending:
                product.pending_edit = True
                product.save(update_fields=["pending_edit", "updated_at"])
            events.record(product, ProductEvents.PHOTO_ADDED, actor=actor, data={"photo": photo.pk})
    except BaseException:
        photo_files.delete_files(names)
        raise
    cache_keys.changed()
    return photo


def product_photo_remove(*, actor, product: Product, photo_id: int) -> None:
    _require_owner(actor, product)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        photo = Photo.objects.filter(product=product, pk=photo_id).first()
        if photo is None:
            raise RuleError.one("photo_unknown", "Foto tidak ditemukan.", field="photo")
        names = [photo.storage_name(w) for w in Photo.WIDTHS]
        photo.delete()
        events.record(product, ProductEvents.PHOTO_REMOVED, actor=actor, data={"photo": photo_id})
    transaction.on_commit(lambda: photo_files.delete_files(names))
    cache_keys.changed()
