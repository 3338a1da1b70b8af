"""Checks of a product's fields, shared by the pages, the API and the demo (through the
services). Every refusal is a ``Problem`` with a stable code and an Indonesian message."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from berdaya.catalog.models import Category, Stock
from berdaya.core import cleaning
from berdaya.core.errors import Problem, RuleError

PRICE_CONFIRM_ABOVE = 1_000_000_000  # Rp 1 billion: asks for confirmation
PRICE_HARD_LIMIT = 100_000_000_000  # above this a price is refused outright
MAX_PHOTOS = 5

# Marketplaces a product may link to: each host and its subdomains (https only).
MARKETPLACE_HOSTS = (
    # Tokopedia and its short links
    "tokopedia.com",
    "tokopedia.link",
    "tkp.me",
    # Shopee, ShopeeFood and their short links
    "shopee.co.id",
    "shopee.com",
    "shp.ee",
    "shope.ee",
    "shopeefood.co.id",
    # TikTok Shop
    "tiktok.com",
    "tiktokshop.com",
    # Bukalapak
    "bukalapak.com",
    "bl.id",
    # Lazada
    "lazada.co.id",
    "lzd.co",
    # Blibli
    "blibli.com",
    "blibli.app.link",
    # GoFood
    "gofood.co.id",
    "gofood.link",
    "gojek.com",
    # GrabFood
    "grab.com",
    "grab.onelink.me",
)

_LABELS = {
    "name": "Nama produk",
    "description": "Keterangan",
    "unit": "Satuan",
    "halal_number": "Nomor sertifikat halal",
    "pirt_number": "Nomor P-IRT",
    "bpom_number": "Nomor BPOM",
    "sni_number": "Nomor SNI",
}
TEXT_LIMITS = {
    "name": 120,
    "description": 3000,
    "unit": 20,
    "halal_number": 40,
    "pirt_number": 40,
    "bpom_number": 40,
    "sni_number": 40,
}


def clean_text(value, *, multiline: bool = False) -> str:
    """Free text cleaned leniently (notes, reasons): control characters dropped, trimmed. The
    product's own fields go through ``berdaya.core.cleaning`` (refused, with a code)."""
    text = unicodedata.normalize("NFC", str(value or ""))
    kept = [
        ch
        for ch in text
        if (multiline and ch == "\n") or unicodedata.category(ch) not in ("Cc", "Cs")
    ]
    return "".join(kept).strip()


def parse_rupiah(value, *, field: str) -> int | None:
    """``15000``, ``"15.000"``, ``"Rp 15.000"`` -> 15000; empty -> None; else ``price_invalid``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RuleError.one("price_invalid", "Harga harus berupa angka rupiah.", field=field)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise RuleError.one("price_invalid", "Harga ditulis dalam rupiah utuh.", field=field)
        return int(value)
    text = str(value).strip().lower().removeprefix("rp").strip().replace(".", "").replace(" ", "")
    text = unicodedata.normalize("NFKC", text)
    if text.startswith("-") and text[1:].isdigit():
        return -int(text[1:])
    if not text.isdigit() or not text.isascii():
        raise RuleError.one("price_invalid", "Harga harus berupa angka rupiah.", field=field)
    return int(text)


def check_prices(low, high, *, confirmed: bool) -> tuple[int, int | None]:
    price = parse_rupiah(low, field="price_rupiah")
    price_max = parse_rupiah(high, field="price_max_rupiah")
    if price is None:
        raise RuleError.one("price_invalid", "Harga wajib diisi.", field="price_rupiah")
    if price <= 0:
        raise RuleError.one("price_invalid", "Harga harus lebih dari Rp0.", field="price_rupiah")
    if price_max is not None and price_max < price:
        raise RuleError.one(
            "price_invalid",
            "Harga tertinggi tidak boleh di bawah harga terendah.",
            field="price_max_rupiah",
        )
    if price_max == price:
        price_max = None
    top = price_max or price
    if top > PRICE_HARD_LIMIT:
        raise RuleError.one(
            "price_invalid", "Harga terlalu besar untuk produk UMKM.", field="price_rupiah"
        )
    if top > PRICE_CONFIRM_ABOVE and not confirmed:
        raise RuleError.one(
            "price_unconfirmed",
            "Harga di atas Rp1.000.000.000. Periksa kembali, lalu centang konfirmasi harga.",
            field="price_rupiah",
        )
    return price, price_max


def normalize_whatsapp(raw) -> str:
    """An Indonesian *mobile* number in E.164 (``+62812...``), else ``whatsapp_invalid``."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text
    number = None
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        number = None
    mobile = (
        number is not None
        and number.country_code == 62
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )
    if not mobile:
        raise RuleError.one(
            "whatsapp_invalid",
            "Nomor WhatsApp harus nomor HP Indonesia, misalnya 0812 3456 7890.",
            field="whatsapp",
        )
    assert number is not None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def host_allowed(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == allowed or host.endswith("." + allowed) for allowed in MARKETPLACE_HOSTS)


def check_links(links) -> list[str]:
    if links in (None, ""):
        return []
    if isinstance(links, str):
        links = [line for line in links.splitlines()]
    if not isinstance(links, list | tuple):
        raise RuleError.one(
            "link_not_allowed", "Tautan marketplace harus berupa daftar.", field="marketplace_links"
        )
    cleaned: list[str] = []
    for i, raw in enumerate(links):
        url = clean_text(raw)
        if not url:
            continue
        problem = _link_problem(url)
        if problem:
            raise RuleError.one("link_not_allowed", problem, field=f"marketplace_links.{i}")
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > 10:
        raise RuleError.one(
            "link_not_allowed", "Paling banyak 10 tautan marketplace.", field="marketplace_links"
        )
    return cleaned


def _link_problem(url: str) -> str:
    allowed_names = (
        "Tokopedia, Shopee, TikTok Shop, Bukalapak, Lazada, Blibli, GoFood, GrabFood, ShopeeFood"
    )
    if len(url) > 500 or any(ch.isspace() for ch in url):
        return f"Tautan tidak sah: {url[:80]}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"Tautan tidak sah: {url[:80]}"
    if parts.scheme != "https":
        return "Tautan marketplace harus diawali https://."
    if parts.username or parts.password or (port not in (None, 443)):
        return "Tautan marketplace tidak boleh memuat nama pengguna atau port."
    if not parts.hostname or not host_allowed(parts.hostname):
        return f"Hanya tautan ke toko di {allowed_names} yang diizinkan."
    return ""


def check_category(value) -> Category:
    slug = clean_text(value).lower()
    category = Category.objects.filter(slug=slug, is_active=True).first() if slug else None
    if category is None:
        raise RuleError.one("category_unknown", "Pilih kategori dari daftar.", field="category")
    return category


def check_product_fields(data: dict, *, confirmed_price: bool = False) -> dict:
    """Cleaned model values of a product's editable fields, or RuleError listing every problem
    found (the first problem of each field)."""
    problems: list[Problem] = []
    out: dict = {}
    for name, limit in TEXT_LIMITS.items():
        try:
            out[name] = cleaning.clean_text(
                data.get(name),
                max_length=limit,
                multiline=name == "description",
                label=_LABELS[name],
            )
        except cleaning.CleanError as exc:
            problems.append(Problem(exc.code, exc.message, field=name))
            out[name] = ""
    if not out["name"] and not any(p.field == "name" for p in problems):
        problems.append(Problem("name_required", "Nama produk wajib diisi.", field="name"))
    if not out["unit"] and not any(p.field == "unit" for p in problems):
        problems.append(
            Problem("unit_required", "Satuan wajib diisi (pcs, kg, porsi, ...).", "unit")
        )
    stock = clean_text(data.get("stock")) or Stock.READY
    if stock not in Stock.values:
        problems.append(
            Problem("stock_invalid", "Status stok: ready, pre_order atau habis.", field="stock")
        )
    out["stock"] = stock
    for check, keys in (
        (lambda: check_prices(
            data.get("price_rupiah"), data.get("price_max_rupiah"), confirmed=confirmed_price
        ), ("price_rupiah", "price_max_rupiah")),
        (lambda: normalize_whatsapp(data.get("whatsapp")), ("whatsapp",)),
        (lambda: check_links(data.get("marketplace_links")), ("marketplace_links",)),
        (lambda: check_category(data.get("category")), ("category",)),
    ):  # fmt: skip
        try:
            result: Any = check()
        except RuleError as exc:
            problems.extend(exc.problems)
            continue
        if len(keys) == 2:
            out[keys[0]], out[keys[1]] = result
        else:
            out[keys[0]] = result
    if problems:
        raise RuleError(*problems)
    return out
