"""Public catalog pages (no login): search, storefront, product, the counting WhatsApp redirect,
photos and the sitemap. Nothing here reads or sets a cookie for counting. The list and the
storefronts are served whole from the cache to anonymous visitors (``page_cache``); the product
page and the redirect count every visit and are never cached."""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from berdaya.accounts.selectors import is_staff
from berdaya.catalog import cache_keys, links, page_cache, search, selectors, services
from berdaya.catalog.models import Photo
from berdaya.regions.selectors import kecamatan_list

BOT_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "whatsapp")


def _is_bot(request) -> bool:
    agent = request.headers.get("User-Agent", "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def _filter_choices() -> dict:
    """The category and kecamatan options of the search form (cached like the results)."""
    key = f"catalog:choices:{cache_keys.generation()}"
    choices = cache.get(key)
    if choices is None:
        choices = {"categories": selectors.categories(), "kecamatan": list(kecamatan_list())}
        cache.set(key, choices, cache_keys.TTL)
    return choices


def _query(filters: search.Filters) -> dict[str, str]:
    """The normalised query of ``filters`` (the form's names and order, empty ones left out)."""
    params = {
        "q": filters.q,
        "category": filters.category,
        "kecamatan": filters.kecamatan,
        "price_min": "" if filters.price_min is None else str(filters.price_min),
        "price_max": "" if filters.price_max is None else str(filters.price_max),
        "halal": "1" if filters.halal else "",
        "ready": "1" if filters.ready else "",
    }
    return {name: value for name, value in params.items() if value}


def _index_parts(request) -> tuple:
    filters = search.Filters.from_params(request.GET)
    return ("index", tuple(_query(filters).items()), request.GET.get("cursor") or "")


@require_GET
@page_cache.cached(_index_parts)
def index(request):
    filters = search.Filters.from_params(request.GET)
    cursor = request.GET.get("cursor") or None
    key = cache_keys.results_key(filters, cursor)
    results = cache.get(key)
    if results is None:  # the list is the same for every visitor: cached for a minute
        page = search.page(filters, cursor=cursor)
        next_url = None
        if page.next_cursor:
            params = {**_query(filters), "cursor": page.next_cursor}
            next_url = f"{reverse('catalog:index')}?{urlencode(params)}"
        grid = render_to_string("catalog/_grid.html", {"products": page.items, "show_seller": True})
        results = {"grid": grid, "count": len(page.items), "next_url": next_url,
                   "corrected": page.corrected}  # fmt: skip
        cache.set(key, results, cache_keys.TTL)
    context = {
        "filters": filters,
        "results": results,
        "grid": mark_safe(results["grid"]),  # noqa: S308 (rendered by our template, escaped)
        "first_page": not cursor,
        **_filter_choices(),
        "is_staff": is_staff(request.user),
        **page_cache.page_context(request),
    }
    return render(request, "catalog/index.html", context)


@require_GET
@page_cache.cached(lambda request, slug: ("storefront", slug))
def storefront(request, slug: str):
    front = selectors.storefront_get(slug)
    if front is None:
        raise Http404
    key = cache_keys.storefront_key(slug)
    grid = cache.get(key)
    if grid is None:
        products = selectors.storefront_products(front)
        grid = render_to_string("catalog/_grid.html", {"products": products}) if products else ""
        cache.set(key, grid, cache_keys.TTL)
    if not grid:
        raise Http404
    context = {
        "front": front,
        "business": front.business,
        "grid": mark_safe(grid),  # noqa: S308 (rendered by our template, escaped)
        **page_cache.page_context(request),
    }
    return render(request, "catalog/storefront.html", context)


def _product_ld(request, product, photos) -> dict:
    offer: dict = {
        "@type": "Offer",
        "priceCurrency": "IDR",
        "price": product.price_rupiah,
        "availability": {
            "ready": "https://schema.org/InStock",
            "pre_order": "https://schema.org/PreOrder",
            "habis": "https://schema.org/OutOfStock",
        }[product.stock],
        "url": links.absolute(request, links.product_path(product)),
        "seller": {"@type": "Organization", "name": product.business.name},
    }
    if product.price_max_rupiah:
        offer = {
            **offer,
            "@type": "AggregateOffer",
            "lowPrice": product.price_rupiah,
            "highPrice": product.price_max_rupiah,
        }
        offer.pop("price")
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": product.business.name},
        "offers": offer,
    }
    if photos:
        data["image"] = [links.absolute(request, links.photo_path(photos[0], 1280))]
    return data


@require_GET
def product(request, pk: int):
    item = selectors.product_get(request.user, pk)
    if item is None:
        raise Http404
    is_public = item.is_public and selectors.business_is_verified(item.business)
    private = is_staff(request.user) or selectors.is_owner(request.user, item)
    photos = [p for p in item.photos.all() if not p.is_pending]
    if is_public and not private and not _is_bot(request):
        services.product_view_count(product=item)
    context = {
        "product": item,
        "photos": photos,
        "is_public": is_public,
        "private": private,
        "page_url": links.absolute(request, links.product_path(item)),
        "image_url": links.absolute(request, links.photo_path(photos[0], 1280)) if photos else "",
        "price_text": links.price_text(item),
        "ld": _product_ld(request, item, photos),
        "order_url": links.whatsapp_counting_path(item),
    }
    return render(request, "catalog/product.html", context)


@require_GET
def order(request, pk: int):
    """The WhatsApp order button: counts one click (no cookie, nothing about the visitor) and
    answers 302 to ``https://wa.me/62...?text=...``."""
    item = selectors.product_public_get(pk)
    if item is None:
        raise Http404
    if not _is_bot(request):
        services.product_click_count(product=item)
    response = HttpResponseRedirect(links.whatsapp_target(request, item))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(max_age=86400)
def photo(request, pk: int, width: int):
    if width not in Photo.WIDTHS:
        raise Http404
    item = Photo.objects.select_related("product").filter(pk=pk).first()
    if item is None:
        raise Http404
    visible = selectors.product_get(request.user, item.product_id)
    if visible is None:
        raise Http404
    if item.is_pending and not (
        is_staff(request.user) or selectors.is_owner(request.user, visible)
    ):
        raise Http404
    try:
        handle = default_storage.open(item.storage_name(width), "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, content_type="image/webp")


@require_GET
def sitemap(request):
    rows = [
        (links.absolute(request, reverse("catalog:index")), None),
    ]
    for slug in selectors.sitemap_storefronts():
        rows.append((links.absolute(request, reverse("catalog:storefront", args=[slug])), None))
    for pk, updated_at in selectors.sitemap_products():
        rows.append((links.absolute(request, reverse("catalog:product", args=[pk])), updated_at))
    body = render(request, "catalog/sitemap.xml", {"rows": rows}).content
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
