"""Writes of the catalog, one module per workflow step. Each step locks the product row, checks
its status, writes one event (``ProductEvents``) and notifies on commit; every write clears the
cached catalog pages. Photos are decoded and re-encoded before the transaction.

- ``products``: create, update (a published product holds the edit as pending), submit;
- ``curation``: staff curation, the partner hiding a product, the system hiding the products of
  a business no longer verified;
- ``photos``: add and remove a product's photos;
- ``counters``: the weekly view and click counts (no visitor data);
- ``_common``: the helpers they share (fields, search text and index, storefront).

Pages, the API, the demo and the bench call these names through ``berdaya.catalog.services``."""

from berdaya.catalog.services._common import (
    EDITABLE,
    refresh_search,
    storefront_for,
)

# the demo builds products in bulk with the same field conversion and search text
from berdaya.catalog.services._common import _model_values as _model_values
from berdaya.catalog.services._common import _search_text as _search_text
from berdaya.catalog.services.counters import product_click_count, product_view_count
from berdaya.catalog.services.curation import (
    DECISIONS,
    product_curate,
    product_hide,
    products_hide_for_unverified,
)
from berdaya.catalog.services.photos import product_photo_add, product_photo_remove
from berdaya.catalog.services.products import product_create, product_submit, product_update

__all__ = [
    "DECISIONS",
    "EDITABLE",
    "product_click_count",
    "product_create",
    "product_curate",
    "product_hide",
    "product_photo_add",
    "product_photo_remove",
    "product_submit",
    "product_update",
    "product_view_count",
    "products_hide_for_unverified",
    "refresh_search",
    "storefront_for",
]
