"""Route policies of the public catalog, the partner's products and their curation
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ALL_STAFF,
    EVERYONE,
    LOGGED_IN,
    OWNER,
    Lit,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    # catalog: the owner's product is published; the public pages are for everyone
    "katalog/": page(EVERYONE),
    "katalog/toko/<slug:slug>/": page(EVERYONE, args={"slug": "storefront"}),
    "katalog/produk/<int:pk>/": page(EVERYONE, args={"pk": "product"}),
    "katalog/produk/<int:pk>/pesan/": page(EVERYONE, args={"pk": "product"}),
    "katalog/foto/<int:pk>-<int:width>.webp": page(
        EVERYONE, args={"pk": "product_photo", "width": Lit(320)}
    ),
    "sitemap.xml": page(EVERYONE),
    "katalog/saya/": page(LOGGED_IN, marker="owner_product", seen_by=OWNER),
    # without a verified business the page sends the person back to "my catalog" to say why
    "katalog/saya/baru/": page(LOGGED_IN, form=True),
    "katalog/saya/<int:pk>/": page(OWNER, args={"pk": "product"}, form=True),
    "katalog/saya/<int:pk>/foto/": page(OWNER, args={"pk": "product"}, post=True),
    "katalog/saya/<int:pk>/foto/<int:photo_pk>/hapus/": page(
        OWNER, args={"pk": "product", "photo_pk": "product_photo"}, post=True
    ),
    "katalog/saya/<int:pk>/ajukan/": page(OWNER, args={"pk": "product"}, post=True),
    "katalog/saya/<int:pk>/sembunyikan/": page(OWNER, args={"pk": "product"}, post=True),
    # curation of public content (no personal data): any DKUM staff
    "katalog/kurasi/": page(ALL_STAFF),
    "katalog/kurasi/<int:pk>/": page(ALL_STAFF, args={"pk": "product"}, form=True),
}

API: dict[str, Policy] = {
    # catalog
    "GET /catalog/categories": op(EVERYONE),
    "GET /catalog/products": op(EVERYONE),
    "GET /catalog/products/{product_id}": op(EVERYONE, args={"product_id": "product"}),
    "POST /catalog/products": op(
        OWNER, data={"business": "@owner_business", "name": "Produk Uji Rute", "price_rupiah": 1000}
    ),
    "PATCH /catalog/products/{product_id}": op(
        OWNER, args={"product_id": "product"}, data={"name": "Kue Lapis Pemilik Baru"}
    ),
    "POST /catalog/products/{product_id}/photos": op(OWNER, args={"product_id": "product"}),
    "DELETE /catalog/products/{product_id}/photos/{photo_id}": op(
        OWNER, args={"product_id": "product", "photo_id": "product_photo"}
    ),
    "POST /catalog/products/{product_id}/submit": op(OWNER, args={"product_id": "product"}),
    "POST /catalog/products/{product_id}/hide": op(OWNER, args={"product_id": "product"}),
    "POST /catalog/products/{product_id}/curation": op(
        ALL_STAFF, args={"product_id": "product"}, data={"decision": "publish"}
    ),
    "GET /me/products": op(LOGGED_IN, marker="owner_product", seen_by=OWNER),
}
