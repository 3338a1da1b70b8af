"""Data generator of the catalog benchmark: 20,000 verified businesses (with their persons and
registrations) and 100,000 published products with one photo row each, loaded with COPY.
Deterministic (seeded random). The common word ``keripik`` is in about 4% of the products, the
rare word ``andaliman`` in 25."""

from __future__ import annotations

import datetime
import random
import secrets
import time

from django.db import connection
from django.utils import timezone

from bench.dashboard_data import _reset_sequence, copy_rows

SIZES = {"businesses": 20_000, "products": 100_000}
SMALL = {"businesses": 2_000, "products": 10_000}
RARE_WORD = "andaliman"
RARE_COUNT = 25


def _names():
    from berdaya.catalog.demo import NAMES

    extra = {
        "camilan": ["Keripik Tempe Sagu", "Keripik Kaca Pedas", "Keripik Bayam", "Keripik Usus"],
        "makanan": ["Nasi Bakar Cumi", "Ayam Penyet Sambal Ijo", "Bakso Urat", "Mie Ayam Jamur"],
    }
    return {k: v + extra.get(k, []) for k, v in NAMES.items()}


ADJECTIVES = ["Spesial", "Original", "Pedas", "Manis", "Premium", "Mini", "Jumbo", "Homemade",
              "Khas Depok", "Rumahan", "Super", "Klasik", "Ekonomis", "Keluarga"]  # fmt: skip
WORDS = ["segar", "gurih", "renyah", "lembut", "wangi", "sehat", "tanpa pengawet", "halal",
         "pesan antar", "oleh-oleh", "hadiah", "arisan", "kantor", "acara", "lebaran"]  # fmt: skip


def load(sizes: dict, *, say=print) -> None:
    from berdaya.catalog.models import Category, Photo, Product, Storefront
    from berdaya.catalog.services import refresh_search
    from berdaya.regions.models import Kelurahan
    from berdaya.registry.models import Business, KbliCode, Person, Registration

    rng = random.Random(20261129)
    now = timezone.now()
    n_business, n_products = sizes["businesses"], sizes["products"]
    kelurahan = list(Kelurahan.objects.values_list("code", flat=True))
    kbli = list(KbliCode.objects.filter(level="kelompok", section="C").values_list("id", "section"))
    categories = {c.slug: c.pk for c in Category.objects.all()}
    names = {k: v for k, v in _names().items() if k in categories}
    slugs = list(names)

    began = time.perf_counter()
    first_person = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    first_business = (
        Business.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1
    kel = [rng.choice(kelurahan) for _ in range(n_business)]
    copy_rows(
        Person,
        (
            {
                "id": first_person + i,
                "nik": f"8{first_person + i:015d}",
                "full_name": f"Pemilik Katalog {i}",
                "gender": "P" if i % 2 else "L",
                "birth_date": datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                "phone": f"+6282{first_person + i:09d}",
                "kelurahan_id": kel[i],
                "rw": 1 + i % 9,
                "rt": 1 + i % 9,
            }
            for i in range(n_business)
        ),
    )
    _reset_sequence(Person)
    copy_rows(
        Business,
        (
            {
                "id": first_business + i,
                "owner_id": first_person + i,
                "name": f"{rng.choice(['Dapur', 'Toko', 'Warung', 'Rumah', 'Galeri'])} "
                f"{rng.choice(['Bu', 'Pak', 'Mbak', 'Kak'])} {i}",
                "started_on": datetime.date(2022, 1, 1),
                "kbli_id": kbli[i % len(kbli)][0],
                "kbli_section": kbli[i % len(kbli)][1],
                "capital_rupiah": 5_000_000,
                "annual_sales_rupiah": 60_000_000,
                "size_class": "mikro",
                "size_rule": "PP 7/2021 Pasal 35: modal usaha",
                "marketing_channels": "[]",
                "kelurahan_id": kel[i],
                "rw": 1,
                "rt": 1,
            }
            for i in range(n_business)
        ),
    )
    _reset_sequence(Business)
    copy_rows(
        Registration,
        (
            {
                "person_id": first_person + i,
                "business_id": first_business + i,
                "status": "verified",
                "submitted_at": now,
                "verified_at": now,
            }
            for i in range(n_business)
        ),
    )
    _reset_sequence(Registration)
    first_front = (Storefront.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    copy_rows(
        Storefront,
        (
            {"id": first_front + i, "business_id": first_business + i, "slug": f"bench-usaha-{i}"}
            for i in range(n_business)
        ),
    )
    _reset_sequence(Storefront)
    say(f"  businesses, persons, registrations, storefronts: {n_business:,} each "
        f"in {time.perf_counter() - began:.1f} s")  # fmt: skip

    began = time.perf_counter()
    first_product = (Product.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rare = set(rng.sample(range(n_products), RARE_COUNT))

    def products():
        for i in range(n_products):
            owner = i % n_business
            slug = rng.choice(slugs)
            name = f"{rng.choice(names[slug])} {rng.choice(ADJECTIVES)}"
            words = rng.sample(WORDS, 3)
            if i in rare:
                words.append(f"bumbu {RARE_WORD}")
            description = f"{name}, {', '.join(words)}. Dibuat oleh usaha rumahan di Depok."
            price = rng.randrange(5_000, 300_000, 500)
            yield {
                "id": first_product + i,
                "created_at": now,
                "updated_at": now,
                "business_id": first_business + owner,
                "storefront_id": first_front + owner,
                "name": name,
                "description": description,
                "price_rupiah": price,
                "price_max_rupiah": None,
                "unit": "pcs",
                "category_id": categories[slug],
                "stock": "ready" if rng.random() < 0.8 else "pre_order",
                "halal_number": "ID3211000012345" if rng.random() < 0.4 else "",
                "whatsapp": f"+62857{rng.randint(10_000_000, 99_999_999)}",
                "marketplace_links": "[]",
                "status": "published",
                "published_at": now,
                "pending_data": "{}",
                "is_halal": False,
                "shuffle": rng.randrange(2**31),
                "search_text": f"{name} {slug} {description}".lower(),
            }

    copy_rows(Product, products())
    _reset_sequence(Product)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_product SET is_halal = (halal_number <> '')")
    copy_rows(
        Photo,
        (
            {"product_id": first_product + i, "token": secrets.token_hex(12), "width": 1280,
             "height": 1280, "position": 0, "is_pending": False, "created_at": now}
            for i in range(n_products)
        ),
    )  # fmt: skip
    _reset_sequence(Photo)
    say(f"  products + photo rows: {n_products:,} in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    ids = list(Product.objects.values_list("id", flat=True))
    for start in range(0, len(ids), 20_000):
        refresh_search(ids[start : start + 20_000])
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE catalog_product"
        ) if connection.in_atomic_block is False else None
        cursor.execute("ANALYZE")
    say(f"  search vectors + analyze in {time.perf_counter() - began:.1f} s")
