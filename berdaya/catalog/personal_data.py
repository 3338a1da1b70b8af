"""The catalog's part of "Unduh semua data saya": the products of the person's businesses."""

from __future__ import annotations

from berdaya.catalog.models import Product
from berdaya.core.own_data import Part, iso

PRODUCT_FIELDS = (
    ("name", "Nama produk"),
    ("business", "Usaha"),
    ("category", "Kategori"),
    ("price_rupiah", "Harga (Rp)"),
    ("price_max_rupiah", "Harga tertinggi (Rp)"),
    ("unit", "Satuan"),
    ("stock", "Stok"),
    ("description", "Keterangan"),
    ("whatsapp", "Nomor WhatsApp pemesanan"),
    ("marketplace_links", "Tautan marketplace"),
    ("halal_number", "Nomor sertifikat halal"),
    ("pirt_number", "Nomor P-IRT"),
    ("bpom_number", "Nomor BPOM"),
    ("sni_number", "Nomor SNI"),
    ("status", "Status"),
    ("published_at", "Tayang sejak"),
    ("photos", "Foto"),
)


def personal_data(person) -> list[Part]:
    items = [
        {
            "name": p.name,
            "business": p.business.name,
            "category": p.category.name,
            "price_rupiah": p.price_rupiah,
            "price_max_rupiah": p.price_max_rupiah,
            "unit": p.unit,
            "stock": p.get_stock_display(),
            "description": p.description,
            "whatsapp": p.whatsapp,
            "marketplace_links": [str(link) for link in p.marketplace_links],
            "halal_number": p.halal_number,
            "pirt_number": p.pirt_number,
            "bpom_number": p.bpom_number,
            "sni_number": p.sni_number,
            "status": p.get_status_display(),
            "published_at": iso(p.published_at),
            "photos": [photo.storage_name(1280) for photo in p.photos.all()],
        }
        for p in Product.objects.filter(business__owner=person)
        .select_related("business", "category")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    ]
    return [Part("catalog_products", "Produk katalog", PRODUCT_FIELDS, items, "name")]
