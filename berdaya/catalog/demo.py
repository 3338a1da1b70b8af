"""Demo data of the catalog app (idempotent): a few hundred published products of verified
partners with generated photos, and the demo partner (0813 0000 0003) with a product in every
curation state."""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.catalog import photos as photo_files
from berdaya.catalog import rules, services
from berdaya.catalog.models import Category, Photo, Product, ProductEvents, ProductStatus
from berdaya.core import events
from berdaya.core.personas import PERSONAS
from berdaya.registry.models import Business, RegistrationStatus

DEMO_PARTNER_PHONE = "081300000003"
BULK_PRODUCTS = 320

NAMES = {
    "makanan": ["Nasi Uduk Betawi", "Ayam Bakar Madu", "Rendang Daging Sapi", "Pepes Ikan Mas",
                "Soto Betawi Kemasan", "Nasi Kotak Ayam Geprek", "Gudeg Kaleng"],
    "minuman": ["Es Kopi Susu Gula Aren", "Jamu Kunyit Asam", "Bir Pletok", "Sari Belimbing Depok",
                "Teh Serai Jahe", "Susu Kedelai Segar"],
    "kue": ["Kue Lapis Legit", "Bolu Pandan", "Nastar Nanas", "Kue Putu Ayu", "Lemper Ayam",
            "Brownies Kukus", "Kastengel Keju"],
    "camilan": ["Keripik Singkong Balado", "Keripik Pisang Cokelat", "Rempeyek Kacang",
                "Kerupuk Kulit", "Makaroni Pedas", "Basreng Daun Jeruk"],
    "bumbu": ["Sambal Bawang", "Sambal Cumi Asin", "Bumbu Rendang Instan", "Sambal Roa"],
    "fesyen": ["Batik Tulis Motif Belimbing", "Kemeja Batik Cap", "Hijab Segi Empat Voal",
               "Tas Rajut Tali Kur", "Kaos Sablon Depok"],
    "kerajinan": ["Tas Anyaman Pandan", "Vas Bunga Bambu", "Gantungan Kunci Rajut",
                  "Lampu Hias Rotan", "Keranjang Eceng Gondok"],
    "kecantikan": ["Sabun Sereh Alami", "Lulur Rempah", "Minyak Kemiri Rambut"],
    "kesehatan": ["Madu Hutan", "Wedang Uwuh Celup", "Minyak Telon Herbal"],
    "pertanian": ["Bibit Belimbing Dewa", "Tanaman Hias Aglonema", "Sayur Hidroponik Segar",
                  "Pupuk Kompos Organik"],
    "jasa": ["Jasa Jahit Permak", "Katering Harian", "Cuci Sepatu", "Servis Kipas Angin"],
}  # fmt: skip
UNITS = {"makanan": "porsi", "minuman": "botol", "kue": "kotak", "camilan": "bungkus",
         "bumbu": "botol", "fesyen": "pcs", "kerajinan": "pcs", "kecantikan": "pcs",
         "kesehatan": "botol", "pertanian": "pot", "jasa": "paket"}  # fmt: skip
PRICES = {"makanan": (12_000, 60_000), "minuman": (8_000, 35_000), "kue": (25_000, 150_000),
          "camilan": (10_000, 40_000), "bumbu": (20_000, 55_000), "fesyen": (75_000, 450_000),
          "kerajinan": (25_000, 300_000), "kecantikan": (15_000, 80_000),
          "kesehatan": (25_000, 120_000), "pertanian": (15_000, 150_000),
          "jasa": (20_000, 250_000)}  # fmt: skip
COLOURS = [(0, 112, 60), (180, 70, 30), (29, 78, 216), (150, 40, 110), (200, 140, 0), (60, 60, 60)]
DESCRIPTIONS = [
    "Dibuat setiap hari dari bahan segar pilihan, tanpa pengawet.",
    "Produk rumahan khas Depok. Bisa pesan untuk acara dan oleh-oleh.",
    "Kemasan rapi, cocok untuk hadiah. Pesan sehari sebelumnya untuk jumlah banyak.",
    "Dikerjakan tangan oleh ibu-ibu di lingkungan kami. Ukuran dan warna bisa dipesan.",
]


def demo_photo(rng: random.Random, label: str, size: int = 640) -> bytes:
    """A generated product picture (a coloured card with shapes and the product's name)."""
    colour = rng.choice(COLOURS)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y, r = rng.randint(0, size), rng.randint(0, size), rng.randint(40, 160)
        shade = tuple(min(255, c + rng.randint(30, 90)) for c in colour)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.rectangle((0, size - 110, size, size), fill=(255, 255, 255))
    draw.text((24, size - 84), label[:40], fill=(20, 20, 20), font_size=34)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _upload(rng: random.Random, label: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", demo_photo(rng, label), content_type="image/jpeg")


def _fields(rng: random.Random, slug: str, business: Business, whatsapp: str) -> dict:
    name = rng.choice(NAMES[slug])
    low, high = PRICES[slug]
    price = rng.randrange(low, high, 500)
    return {
        "name": name,
        "description": f"{rng.choice(DESCRIPTIONS)} Dari {business.name}.",
        "price_rupiah": price,
        "price_max_rupiah": price + rng.randrange(5_000, 50_000, 500)
        if rng.random() < 0.15
        else None,
        "unit": UNITS[slug],
        "category": slug,
        "stock": rng.choices(["ready", "pre_order", "habis"], weights=[8, 2, 1])[0],
        "halal_number": f"ID32110000{rng.randint(100000, 999999)}"
        if slug in ("makanan", "kue", "camilan", "bumbu", "minuman") and rng.random() < 0.5
        else "",  # noqa: E501
        "pirt_number": f"2063276{rng.randint(10000000, 99999999)}" if rng.random() < 0.3 else "",
        "whatsapp": whatsapp,
        "marketplace_links": [f"https://www.tokopedia.com/umkm-depok-{business.pk}"]
        if rng.random() < 0.3
        else [],  # noqa: E501
    }


def _demo_partner_products(rng: random.Random, staff: User) -> None:
    user = User.objects.filter(phone=normalize_phone(DEMO_PARTNER_PHONE)).first()
    business = Business.objects.filter(
        owner__user=user, registration__status=RegistrationStatus.VERIFIED
    ).first()
    if user is None or business is None:
        return
    plans = [("kue", "published"), ("camilan", "pending"), ("bumbu", "in_review"),
             ("makanan", "draft"), ("minuman", "needs_changes")]  # fmt: skip
    for slug, state in plans:
        data = _fields(rng, slug, business, DEMO_PARTNER_PHONE)
        product = services.product_create(actor=user, business_id=business.pk, data=data)
        services.product_photo_add(actor=user, product=product, upload=_upload(rng, data["name"]))
        if state == "draft":
            continue
        services.product_submit(actor=user, product=product)
        if state == "needs_changes":
            services.product_curate(
                actor=staff, product=product, decision="needs_changes",
                note="Foto kurang jelas; tambahkan foto kemasan dan nomor P-IRT.",
            )  # fmt: skip
        elif state in ("published", "pending"):
            services.product_curate(actor=staff, product=product, decision="publish")
            if state == "pending":
                services.product_update(
                    actor=user, product=product, data={"price_rupiah": data["price_rupiah"] + 2000}
                )


def _bulk(rng: random.Random, staff: User, count: int) -> int:
    """Published products of other verified partners (no logins: written like an import, with
    the same field checks and the same photo processing, and one event each)."""
    businesses = list(
        Business.objects.filter(registration__status=RegistrationStatus.VERIFIED)
        .exclude(owner__user__phone=normalize_phone(DEMO_PARTNER_PHONE))
        .select_related("owner")
        .order_by("pk")[:200]
    )
    if not businesses:
        return 0
    categories = {c.slug: c for c in Category.objects.all()}
    slugs = [s for s in NAMES if s in categories]
    made = 0
    for i in range(count):
        business = businesses[i % len(businesses)]
        whatsapp = f"0857{rng.randint(10_000_000, 99_999_999)}"
        data = _fields(rng, rng.choice(slugs), business, whatsapp)
        cleaned = rules.check_product_fields(data, confirmed_price=True)
        renditions = photo_files.process(io.BytesIO(demo_photo(rng, data["name"])))
        with transaction.atomic():
            product = Product(
                business=business,
                storefront=services.storefront_for(business),
                shuffle=rng.randrange(2**31),
                status=ProductStatus.PUBLISHED,
                published_at=timezone.now(),
                **services._model_values(cleaned),
            )
            product.search_text = services._search_text(product)
            product.save()
            photo_files.store(renditions, product_id=product.pk)
            Photo.objects.create(
                product=product, token=renditions.token, width=renditions.width,
                height=renditions.height,
            )  # fmt: skip
            events.record(
                product, ProductEvents.PUBLISHED, actor=staff, to_status=product.status,
                note="data demo",
            )  # fmt: skip
        services.refresh_search([product.pk])
        made += 1
    return made


def seed(*, stdout, rng) -> None:
    if Product.objects.exists():
        stdout.write(f"catalog: demo data already present ({Product.objects.count()} products)")
        return
    staff_phone = next(p.phone for p in PERSONAS if p.key == "staff")
    staff = User.objects.filter(phone=normalize_phone(staff_phone)).first()
    if staff is None:
        stdout.write("catalog: no staff user, skipped")
        return
    _demo_partner_products(rng, staff)
    made = _bulk(rng, staff, BULK_PRODUCTS)
    stdout.write(
        f"catalog: {made + 5} products ({Product.objects.filter(status='published').count()} "
        "published) with generated photos; partner login 0813 0000 0003 has one in every state"
    )
