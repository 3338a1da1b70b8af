"""Test data of the catalog: partners, products in a given state, generated images."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from berdaya.catalog import services
from berdaya.registry.tests import factories

_n = itertools.count(1)


def verified_partner(staff, *, name: str = "Kue Basah Bu Siti"):
    return factories.verified(staff, business={"name": name})


def submitted_partner(*, name: str = "Warung Pak Joko"):
    return factories.submit(business={"name": name})


def product_data(**over) -> dict:
    data = {
        "name": f"Kue Lapis Legit {next(_n)}",
        "description": "Lapis legit wangi, dipanggang setiap hari.",
        "price_rupiah": 85000,
        "price_max_rupiah": None,
        "unit": "kotak",
        "category": "kue",
        "stock": "ready",
        "halal_number": "ID32110000123456",
        "pirt_number": "",
        "bpom_number": "",
        "sni_number": "",
        "whatsapp": "0812 3456 7890",
        "marketplace_links": ["https://www.tokopedia.com/kuebusiti"],
    }
    data.update(over)
    return data


def make_product(user, business, **over):
    return services.product_create(actor=user, business_id=business.pk, data=product_data(**over))


def publish(product, people):
    services.product_submit(actor=people.partner, product=product)
    return services.product_curate(actor=people.staff, product=product, decision="publish")


def image_bytes(fmt: str = "JPEG", size=(800, 600), *, gps: bool = False, colour=(200, 80, 40)):
    """A real image; with ``gps``, EXIF carrying a camera and a GPS position."""
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraHP"  # Make
        exif[0x0110] = "Model-Rahasia"  # Model
        gps_ifd = {1: "S", 2: (6.0, 22.0, 10.0), 3: "E", 4: (106.0, 49.0, 30.0)}
        exif[0x8825] = gps_ifd
        kwargs["exif"] = exif.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type)


def publish_as(product, owner, staff):
    services.product_submit(actor=owner, product=product)
    return services.product_curate(actor=staff, product=product, decision="publish")
