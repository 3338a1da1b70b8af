"""Public addresses of catalog pages and the WhatsApp order link."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from berdaya.catalog.models import Photo, Product
from berdaya.core.money import format_rupiah


def absolute(request, path: str) -> str:
    """The full URL of ``path`` as this request reached us (else BERDAYA_PUBLIC_URL)."""
    if request is None:
        return settings.BERDAYA_PUBLIC_URL + path
    return request.build_absolute_uri(path)


def product_path(product: Product) -> str:
    return reverse("catalog:product", args=[product.pk])


def storefront_path(product: Product) -> str:
    return reverse("catalog:storefront", args=[product.storefront.slug])


def photo_path(photo: Photo, width: int) -> str:
    paths = getattr(photo, "_paths", None)
    if paths is None:
        paths = _photo_paths(photo)
        photo._paths = paths  # type: ignore[attr-defined]
    return paths.get(width) or reverse("catalog:photo", args=[photo.pk, width])


def _photo_paths(photo: Photo) -> dict[int, str]:
    """The photo's path at each width from one ``reverse`` (a card shows four of them; the
    widths differ only in the name's end, ``<pk>-<width>.webp``)."""
    first_width = Photo.WIDTHS[0]
    first = reverse("catalog:photo", args=[photo.pk, first_width])
    suffix = f"-{first_width}.webp"
    if not first.endswith(suffix):
        return {first_width: first}
    stem = first.removesuffix(suffix)
    return {width: f"{stem}-{width}.webp" for width in Photo.WIDTHS}


def price_text(product: Product) -> str:
    text = format_rupiah(product.price_rupiah)
    if product.price_max_rupiah:
        text += " - " + format_rupiah(product.price_max_rupiah)
    return f"{text} / {product.unit}" if product.unit else text


def order_message(product: Product, page_url: str) -> str:
    return (
        f"Halo {product.business.name}, saya mau pesan {product.name} "
        f"({price_text(product)}). {page_url}"
    )


def whatsapp_target(request, product: Product) -> str:
    """``https://wa.me/62...?text=...``: the order message names the product, price and page."""
    digits = product.whatsapp.lstrip("+")
    message = order_message(product, absolute(request, product_path(product)))
    return f"https://wa.me/{digits}?text={quote(message, safe='')}"


def whatsapp_counting_path(product: Product) -> str:
    return reverse("catalog:order", args=[product.pk])
