"""The catalog (public list, storefront, staff review, the partner's own), opportunities (list,
applicants, one's own applications), imports' history, notifications and the targets."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.catalog.tests.helpers import image_bytes, make_product, verified_partner
from berdaya.opportunities.tests.factories import make_opportunity
from berdaya.opportunities.tests.factories import make_partner as business_partner
from tests.query_counts.base import a_user, api, case, page, times

_n = itertools.count(1)


# --- catalog ----------------------------------------------------------------------------------
def _a_product(owner, business, *, staff=None, publish=True):
    """A product of ``business`` with a photo; submitted, and published by ``staff`` if given."""
    from berdaya.catalog import services

    product = make_product(owner, business)
    upload = SimpleUploadedFile("f.jpg", image_bytes(size=(40, 30)), content_type="image/jpeg")
    services.product_photo_add(actor=owner, product=product, upload=upload)
    services.product_submit(actor=owner, product=product)
    if publish and staff is not None:
        services.product_curate(actor=staff, product=product, decision="publish")
    return product


def _products_of_many(staff, *, publish=True):
    """``grow(n)``: ``n`` products, each of another partner."""

    def one():
        reg = verified_partner(staff, name=f"Usaha Katalog {next(_n)}")
        return _a_product(reg.person.user, reg.business, staff=staff, publish=publish)

    return lambda n: times(n, one)


@case("catalog: katalog/ (public list)")
def _catalog(p):
    return page(None, "/katalog/", _products_of_many(p.staff))


@case("catalog: GET /catalog/products (public)")
def _catalog_api(p):
    return api(None, "/catalog/products", _products_of_many(p.staff))


@case("catalog: katalog/kurasi/ (staff review)")
def _curation(p):
    return page(p.staff, "/katalog/kurasi/", _products_of_many(p.staff, publish=False))


def _one_partner(staff):
    reg = verified_partner(staff, name=f"Toko Uji {next(_n)}")
    user, business = reg.person.user, reg.business
    return user, business, lambda n: times(n, lambda: _a_product(user, business, staff=staff))


@case("catalog: katalog/toko/<slug>/ (storefront)")
def _storefront(p):
    from berdaya.catalog import services

    _user, business, grow = _one_partner(p.staff)
    grow(1)  # a storefront shows once something is published
    return page(None, f"/katalog/toko/{services.storefront_for(business).slug}/", grow)


@case("catalog: katalog/saya/ (the partner's own)")
def _mine(p):
    user, _business, grow = _one_partner(p.staff)
    return page(user, "/katalog/saya/", grow)


@case("catalog: GET /me/products")
def _mine_api(p):
    user, _business, grow = _one_partner(p.staff)
    return api(user, "/me/products", grow)


# --- opportunities ----------------------------------------------------------------------------
@case("opportunities: peluang/ (a partner)")
def _opportunities(p):
    user = business_partner().owner.user
    return page(user, "/peluang/", lambda n: times(n, lambda: make_opportunity(p.staff)))


@case("opportunities: peluang/ (staff)")
def _opportunities_staff(p):
    return page(p.staff, "/peluang/", lambda n: times(n, lambda: make_opportunity(p.staff)))


@case("opportunities: GET /opportunities")
def _opportunities_api(p):
    user = business_partner().owner.user
    return api(user, "/opportunities", lambda n: times(n, lambda: make_opportunity(p.staff)))


def _applicants(opportunity):
    from berdaya.opportunities import services

    def grow(n):
        for business in times(n, business_partner):
            services.application_apply(
                user=business.owner.user, opportunity=opportunity, business=business
            )

    return grow


@case("opportunities: peluang/<pk>/pendaftar/ (applicants)")
def _applicants_page(p):
    opportunity = make_opportunity(p.staff, quota=50)
    return page(p.staff, f"/peluang/{opportunity.pk}/pendaftar/", _applicants(opportunity))


@case("opportunities: GET /opportunities/{id}/applications")
def _applicants_api(p):
    opportunity = make_opportunity(p.staff, quota=50)
    path = f"/opportunities/{opportunity.pk}/applications"
    return api(p.staff, path, _applicants(opportunity))


def _own_applications(p):
    from berdaya.opportunities import services

    business = business_partner()
    user = business.owner.user

    def grow(n):
        for opportunity in times(n, lambda: make_opportunity(p.staff)):
            services.application_apply(user=user, opportunity=opportunity, business=business)

    return user, grow


@case("opportunities: peluang/riwayat/ (one's applications)")
def _history(p):
    user, grow = _own_applications(p)
    return page(user, "/peluang/riwayat/", grow)


@case("opportunities: GET /me/opportunity-applications")
def _history_api(p):
    user, grow = _own_applications(p)
    return api(user, "/me/opportunity-applications", grow)


# --- imports, notifications, targets ----------------------------------------------------------
@case("imports: impor/ (history)")
def _imports(p):
    from berdaya.imports import services

    def grow(n):
        for i in range(n):
            services.import_create(
                actor=a_user(role="staf_dkum", name=f"Pengimpor {i}"),
                upload=SimpleUploadedFile(
                    f"mitra{i}.csv", b"nik,nama\n3276065705900001,Siti\n", content_type="text/csv"
                ),
                kind="registry",
                start=False,
            )

    return page(p.staff, "/impor/", grow)


@case("notifications: notifikasi/")
def _notifications(p):
    from berdaya.core.notify import notify_user

    user = a_user()

    def grow(n):
        for i in range(n):
            notify_user(user, title=f"Kabar {i}", body="Isi kabar", url="/pelatihan/")

    return page(user, "/notifikasi/", grow)


def _targets(p):
    from berdaya.targets import services

    def grow(n):
        for _ in range(n):
            k = next(_n)
            services.target_create(
                actor=p.admin, name=f"Target uji {k}", rule="new_entrepreneurs",
                period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31),
                number=100 + k, years=[(2025, 100 + k)],
            )  # fmt: skip

    return grow


@case("targets: dasbor/ (the targets dashboard)")
def _dashboard(p):
    return page(p.head, "/dasbor/", _targets(p))


@case("targets: GET /targets")
def _targets_api(p):
    return api(p.head, "/targets", _targets(p))
