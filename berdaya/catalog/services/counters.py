"""Counters of a product's views and clicks: no cookies, no visitor data, one row per product
and week."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from berdaya.catalog import selectors
from berdaya.catalog.models import Product, WeekStat


def _count(product_id: int, field: str) -> None:
    week = selectors.week_start()
    rows = WeekStat.objects.filter(product_id=product_id, week=week)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            WeekStat.objects.create(product_id=product_id, week=week, **{field: 1})
    except IntegrityError:  # created by a concurrent request in between
        rows.update(**{field: F(field) + 1})


def product_view_count(*, product: Product) -> None:
    _count(product.pk, "views")


def product_click_count(*, product: Product) -> None:
    _count(product.pk, "clicks")
