"""Reads of the catalog. Public reads always require, at read time, that the product is
published and that its business's registration is still verified (docs/adr: catalog hiding)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.catalog.models import Category, Photo, Product, ProductStatus, Storefront, WeekStat
from berdaya.registry import selectors as registry
from berdaya.registry.models import Business, RegistrationStatus

# The one condition that makes a product public (the owner's registration checked at read time).
PUBLIC_Q = Q(
    status=ProductStatus.PUBLISHED, business__registration__status=RegistrationStatus.VERIFIED
)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def public_photos() -> Prefetch:
    return Prefetch(
        "photos", queryset=Photo.objects.filter(is_pending=False), to_attr="public_photos"
    )


# Columns a list or card never shows (the search vector is the heaviest).
LIST_DEFERRED = ("search_vector", "search_text", "pending_data", "description", "curator_note",
                 "hidden_reason", "marketplace_links")  # fmt: skip
BUSINESS_FIELDS = ("business__id", "business__name", "business__kelurahan_id")


def public_products() -> QuerySet[Product]:
    return (
        Product.objects.filter(PUBLIC_Q)
        .select_related("category", "storefront", "business__kelurahan__kecamatan")
        .prefetch_related(public_photos())
    )


def public_cards() -> QuerySet[Product]:
    """Public products for lists: few joins and columns; ``with_places`` adds the kecamatan."""
    return (
        Product.objects.filter(PUBLIC_Q)
        .select_related("category", "storefront", "business")
        .defer(*LIST_DEFERRED)
        .prefetch_related(public_photos())
    )


def with_places(products: list[Product]) -> list[Product]:
    """Attach each business's kelurahan (with its kecamatan) from one small cached table."""
    places = _places()
    for product in products:
        product.business.kelurahan = places[product.business.kelurahan_id]
    return products


_PLACES: dict = {}


def _places() -> dict:
    from berdaya.regions.models import Kelurahan

    if not _PLACES:
        _PLACES.update({k.code: k for k in Kelurahan.objects.select_related("kecamatan")})
    return _PLACES


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True))


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug, is_active=True).first() if slug else None


def is_owner(user, product: Product) -> bool:
    if not _authenticated(user):
        return False
    person = registry.person_for_user(user)
    return person is not None and product.business.owner_id == person.pk


def products_owned_by(user) -> QuerySet[Product]:
    person = registry.person_for_user(user)
    if person is None:
        return Product.objects.none()
    return Product.objects.filter(business__owner=person)


def product_get(user, pk: int) -> Product | None:
    """The product for ``user``: the owner and DKUM staff see any status, everyone else only a
    public one (else None, shown as 404)."""
    base = Product.objects.select_related(
        "category", "storefront", "business__kelurahan__kecamatan", "business__registration"
    ).prefetch_related("photos")
    if is_staff(user):
        return base.filter(pk=pk).first()
    if _authenticated(user):
        owned = products_owned_by(user).filter(pk=pk)
        product = base.filter(pk__in=owned).first()
        if product is not None:
            return product
    return base.filter(PUBLIC_Q, pk=pk).first()


def product_public_get(pk: int) -> Product | None:
    return public_products().select_related("business__registration").filter(pk=pk).first()


def product_owned_get(user, pk: int) -> Product | None:
    """A product of one of ``user``'s own businesses (the partner's edit pages and API)."""
    return (
        products_owned_by(user)
        .select_related("category", "storefront", "business__registration")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )


def own_businesses(user) -> QuerySet[Business]:
    """The user's own businesses (the form offers those whose registration is verified)."""
    person = registry.person_for_user(user)
    if person is None:
        return Business.objects.none()
    return registry.businesses_visible_to(user).filter(owner=person).select_related("registration")


def business_is_verified(business: Business) -> bool:
    registration = getattr(business, "registration", None)
    return registration is not None and registration.status == RegistrationStatus.VERIFIED


def storefront_get(slug: str) -> Storefront | None:
    """A storefront is public while its business is verified and has a published product."""
    storefront = (
        Storefront.objects.select_related(
            "business__kelurahan__kecamatan", "business__registration"
        )
        .filter(slug=slug)
        .first()
    )
    if storefront is None or not business_is_verified(storefront.business):
        return None
    return storefront


def storefront_products(storefront: Storefront, *, limit: int = 200) -> list[Product]:
    products = public_cards().filter(storefront=storefront).order_by("name", "id")[:limit]
    return with_places(list(products))


def curation_queue(user) -> QuerySet[Product]:
    """Staff: products waiting for curation (new ones and pending edits), oldest first."""
    if not is_staff(user):
        return Product.objects.none()
    return (
        Product.objects.filter(
            Q(status=ProductStatus.IN_REVIEW) | Q(status=ProductStatus.PUBLISHED, pending_edit=True)
        )
        .select_related("category", "business__kelurahan__kecamatan")
        .order_by("updated_at", "id")
    )


def pending_differences(product: Product) -> list[tuple[str, str, str]]:
    """(field label, published value, proposed value) for each field a pending edit changes."""
    if not product.pending_edit:
        return []
    rows = []
    for name, proposed in sorted(product.pending_data.items()):
        if name == "category":
            current = product.category.slug
        else:
            current = getattr(product, name, "")
        if current != proposed:
            try:
                label = str(getattr(Product._meta.get_field(name), "verbose_name", name))
            except LookupError:
                label = name
            rows.append((label, _show(current), _show(proposed)))
    if any(p.is_pending for p in product.photos.all()):
        rows.append(("foto", "", "foto baru menunggu kurasi"))
    return rows


def _show(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def week_start(day: datetime.date | None = None) -> datetime.date:
    day = day or timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def week_stats(products: Iterable[Product], *, weeks: int = 8) -> dict[int, list[WeekStat]]:
    ids = [p.pk for p in products]
    since = week_start() - datetime.timedelta(weeks=weeks - 1)
    stats: dict[int, list[WeekStat]] = {pk: [] for pk in ids}
    for row in WeekStat.objects.filter(product_id__in=ids, week__gte=since).order_by("-week"):
        stats[row.product_id].append(row)
    return stats


def sitemap_products(limit: int = 45_000):
    return Product.objects.filter(PUBLIC_Q).order_by("-id").values_list("id", "updated_at")[:limit]


def sitemap_storefronts(limit: int = 4_000):
    verified = Product.objects.filter(PUBLIC_Q).values("storefront_id")
    return (
        Storefront.objects.filter(pk__in=verified)
        .order_by("slug")
        .values_list("slug", flat=True)[:limit]
    )


def curation_decisions(product) -> list[str]:
    """The decisions ``services.product_curate`` accepts for this product now: a product in
    review is published or sent back; a published one is hidden, and its pending edit
    published or sent back. Nothing for a draft, one sent back, or a hidden one."""
    if product.status == ProductStatus.IN_REVIEW:
        return ["publish", "needs_changes"]
    if product.status == ProductStatus.PUBLISHED:
        return ["publish", "needs_changes", "hide"] if product.pending_edit else ["hide"]
    return []
