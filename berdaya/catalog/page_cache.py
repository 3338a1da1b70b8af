"""Whole-page cache of the public catalog pages (the list with its searches and filters, and the
storefronts) for anonymous visitors.

These pages are the same for every visitor who is not logged in, so their rendered HTML is kept
in Django's cache for ``TTL`` seconds (shared between processes when the cache is Redis), under
a key made of:

- the catalog's version (``cache_keys.generation()``), bumped by every catalog write, so a publish,
  hide, edit or photo change shows at once in every process that shares the cache;
- the day's rotation seed (``search.day_seed()``): the order changes at midnight;
- the page's normalised query (the search filters and the cursor, or the storefront's slug),
  the host and scheme (canonical links) and the language.

Never cached, never served from the cache: a logged-in user (their pages carry their menu and a
CSRF token), a token holder, a visitor with messages waiting, anything but a 200 answer, and an
answer that sets a cookie or needed a CSRF token. The anonymous page carries no CSRF token (it has
no form that posts; ``page_context``). A hit reads no database at all. What counts (the product
page's views, the WhatsApp redirect) is not cached here.

The registry's changes reach the cache too (ADR 0006): when a registration or a business with
published products is saved (a partner no longer verified, a renamed business), the catalog's
version is bumped, at once and again when the transaction commits (``registry_saved``).

A cached answer says ``Cache-Control: public, max-age=TTL`` with ``Vary: Cookie``; pages for a
logged-in user stay ``private, no-store`` (``berdaya.core.middleware``)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from berdaya.catalog import cache_keys, search
from berdaya.catalog.models import Product, ProductStatus
from berdaya.registry.models import Business, Registration

TTL = cache_keys.TTL
_PUBLIC = "_catalog_public_page"


def _anonymous(request: HttpRequest) -> bool:
    """True when the page may come from (and go to) the cache for this request."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    waiting = getattr(request, "_messages", None)
    return not (waiting is not None and len(waiting))


def page_context(request: HttpRequest) -> dict:
    """Extra context of a page rendered for the cache: no CSRF token (the page posts nothing; a
    token would tie the cached HTML to one visitor and set their cookie)."""
    return {"csrf_token": ""} if getattr(request, _PUBLIC, False) else {}


def key(request: HttpRequest, parts: tuple) -> str:
    text = repr(
        (parts, request.scheme, request.get_host(), translation.get_language(), search.day_seed())
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"catalog:page:{cache_keys.generation()}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    waiting = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (waiting is not None and (waiting.used or len(waiting)))
    )


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=TTL)
    patch_vary_headers(response, ("Cookie",))
    return response


def cached(parts: Callable[..., tuple]):
    """Serve the decorated view's page from the cache to anonymous visitors; ``parts(request,
    **kwargs)`` names what the page depends on besides host, language, version and day."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _anonymous(request):
                return view(request, *args, **kwargs)
            page_key = key(request, parts(request, *args, **kwargs))
            hit = cache.get(page_key)
            if hit is not None:
                response = HttpResponse(hit["content"], content_type=hit["content_type"])
                return _public(response)
            setattr(request, _PUBLIC, True)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                entry = {"content": response.content, "content_type": response["Content-Type"]}
                cache.set(page_key, entry, TTL)
                _public(response)
            return response

        return wrapper

    return decorator


def registry_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A saved registration or business whose products are published changes public pages (a
    partner no longer verified disappears, a new name shows): bump the catalog's version now and
    once more after the commit (a page cached in between from the old rows is dropped too)."""
    if created or raw:
        return  # a new registration or business has no published product yet
    business_id = instance.pk if isinstance(instance, Business) else instance.business_id
    published = Product.objects.filter(business_id=business_id, status=ProductStatus.PUBLISHED)
    if published.exists():
        cache_keys.changed()
        transaction.on_commit(cache_keys.changed)


def connect() -> None:
    """Listen to the registry's saves (called once from the catalog's app config)."""
    post_save.connect(registry_saved, sender=Registration, dispatch_uid="catalog-page-cache-reg")
    post_save.connect(registry_saved, sender=Business, dispatch_uid="catalog-page-cache-business")
