"""Catalog pages: public (search, storefront, product, order redirect, photos, sitemap), the
partner's products and the staff curation."""
