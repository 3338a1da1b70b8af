"""Products are data the DKUM admin edits: every change is validated (``Product.clean``) and
leaves one event naming the fields changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from berdaya.core import events
from berdaya.core.errors import Problem, RuleError
from berdaya.financing.models import FinancingEvents, Product


def product_save(*, product: Product, user, changed: dict | None = None) -> Product:
    """Validate and save ``product`` (new or changed) and record who changed what. A product
    whose rules cannot work is refused with one problem per field (code ``product_invalid``)."""
    created = product.pk is None
    try:
        product.full_clean()
    except ValidationError as exc:
        raise RuleError(
            *[
                Problem("product_invalid", str(message), field=field)
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc
    with transaction.atomic():
        product.save()
        events.record(
            product,
            FinancingEvents.PRODUCT_CREATED if created else FinancingEvents.PRODUCT_CHANGED,
            actor=user,
            data={k: str(v) for k, v in (changed or {}).items()},
        )
    return product


def product_terms_save(*, product: Product, user, save) -> None:
    """Save the product's terms (``save``: the admin formset's save) and record the terms now
    offered in one event."""
    with transaction.atomic():
        save()
        events.record(
            product,
            FinancingEvents.PRODUCT_CHANGED,
            actor=user,
            data={"terms": [f"{t.months}:{t.admin_fee_percent}" for t in product.terms.all()]},
        )
