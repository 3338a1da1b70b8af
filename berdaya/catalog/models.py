"""The public catalog: categories (data the admin edits), products of verified partners with
their curation status, photos (WebP renditions), the storefront slug of a business, and the
weekly page-view / WhatsApp-click counters.

A product row always holds the *published* version of its fields; an edit of a published product
waits in ``pending_data`` (``pending_edit`` is true) until staff publish it.
"""

from __future__ import annotations

from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from berdaya.core.dates import long_date
from berdaya.core.models import TimeStampedModel
from berdaya.registry.models import Business


class SearchText(models.TextField):
    """The text searched for typos: ``search_text__trigram_word_similar=q`` (PostgreSQL, GIN
    trigram index); registered here because ``django.contrib.postgres`` is not installed."""


SearchText.register_lookup(TrigramWordSimilar)


class Category(models.Model):
    slug = models.SlugField("kode", max_length=40, unique=True)
    name = models.CharField("nama", max_length=80)
    position = models.PositiveSmallIntegerField("urutan", default=100)
    is_active = models.BooleanField("aktif", default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "kategori produk"
        verbose_name_plural = "kategori produk"

    def __str__(self) -> str:
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    IN_REVIEW = "in_review", "Menunggu kurasi"
    PUBLISHED = "published", "Tayang"
    NEEDS_CHANGES = "needs_changes", "Perlu perbaikan"
    HIDDEN = "hidden", "Disembunyikan"


class Stock(models.TextChoices):
    READY = "ready", "Siap kirim"
    PRE_ORDER = "pre_order", "Pre-order"
    HABIS = "habis", "Habis"


class HiddenBy(models.TextChoices):
    NONE = "", "-"
    STAFF = "staff", "Staf DKUM"
    PARTNER = "partner", "Pemilik usaha"
    SYSTEM = "system", "Sistem (pendaftaran tidak lagi terverifikasi)"


class ProductEvents(models.TextChoices):
    CREATED = "created", "Produk dibuat"
    EDITED = "edited", "Produk diubah"
    EDIT_PENDING = "edit_pending", "Perubahan menunggu kurasi"
    SUBMITTED = "submitted", "Diajukan untuk kurasi"
    PUBLISHED = "published", "Ditayangkan"
    EDIT_PUBLISHED = "edit_published", "Perubahan ditayangkan"
    NEEDS_CHANGES = "needs_changes", "Dikembalikan untuk perbaikan"
    EDIT_RETURNED = "edit_returned", "Perubahan dikembalikan"
    HIDDEN = "hidden", "Disembunyikan"
    HIDDEN_UNVERIFIED = "hidden_unverified", "Disembunyikan: mitra tidak lagi terverifikasi"
    PHOTO_ADDED = "photo_added", "Foto ditambahkan"
    PHOTO_REMOVED = "photo_removed", "Foto dihapus"


class Storefront(models.Model):
    """The public address of a business's storefront: ``/katalog/toko/<slug>/``."""

    business = models.OneToOneField(Business, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        verbose_name = "etalase"
        verbose_name_plural = "etalase"

    def __str__(self) -> str:
        return self.slug


class Product(TimeStampedModel):
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="+")
    storefront = models.ForeignKey(Storefront, on_delete=models.PROTECT, related_name="products")
    name = models.CharField("nama produk", max_length=120)
    description = models.TextField("keterangan", max_length=3000, blank=True)
    price_rupiah = models.BigIntegerField("harga (Rp)")
    price_max_rupiah = models.BigIntegerField("harga tertinggi (Rp)", null=True, blank=True)
    unit = models.CharField("satuan", max_length=20)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    stock = models.CharField("stok", max_length=12, choices=Stock.choices, default=Stock.READY)
    halal_number = models.CharField("nomor sertifikat halal", max_length=40, blank=True)
    pirt_number = models.CharField("nomor P-IRT", max_length=40, blank=True)
    bpom_number = models.CharField("nomor BPOM", max_length=40, blank=True)
    sni_number = models.CharField("nomor SNI", max_length=40, blank=True)
    whatsapp = models.CharField("nomor WhatsApp pemesanan", max_length=16)
    marketplace_links = models.JSONField("tautan marketplace", default=list, blank=True)

    status = models.CharField(
        max_length=16, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    curator_note = models.TextField("catatan kurator", blank=True)
    hidden_by = models.CharField(max_length=8, choices=HiddenBy.choices, blank=True, default="")
    hidden_reason = models.TextField("alasan disembunyikan", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # An edit of a published product waits here (the same keys as the fields above).
    pending_edit = models.BooleanField(default=False)
    pending_data = models.JSONField(default=dict, blank=True)

    # Denormalised by the services for the public search.
    is_halal = models.BooleanField(default=False)
    shuffle = models.IntegerField(default=0)  # a fixed random key: the rotating default order
    search_text = SearchText(blank=True)
    search_vector = SearchVectorField(null=True, blank=True)  # PostgreSQL only

    class Meta:
        verbose_name = "produk"
        verbose_name_plural = "produk"
        indexes = [
            models.Index(fields=["status", "shuffle", "id"], name="catalog_pub_order"),
            models.Index(fields=["status", "category", "shuffle", "id"], name="catalog_pub_cat"),
            models.Index(fields=["business", "status"], name="catalog_business_status"),
            models.Index(fields=["status", "pending_edit"], name="catalog_queue"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == ProductStatus.PUBLISHED


# Typos are matched on the product's name (short, GIN trigram index on PostgreSQL).
Product._meta.get_field("name").register_lookup(TrigramWordSimilar)


class Photo(models.Model):
    """One product photo: three WebP renditions without metadata. ``is_pending``: added to a
    published product, shown when staff publish the pending edit."""

    WIDTHS = (320, 640, 1280)

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    token = models.CharField(max_length=24, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    is_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "foto produk"
        verbose_name_plural = "foto produk"

    def __str__(self) -> str:
        return f"Foto {self.pk} {self.product_id}"

    def storage_name(self, width: int) -> str:
        return f"catalog/{self.product_id}/{self.token}-{width}.webp"


class SearchWord(models.Model):
    """The words of the published catalog (PostgreSQL): a search whose words match nothing is
    corrected to the nearest known words by trigram similarity ("kripik" -> "keripik")."""

    word = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.word


SearchWord._meta.get_field("word").register_lookup(TrigramSimilar)


class WeekStat(models.Model):
    """Page views and WhatsApp clicks of one product in one week (Monday), no visitor data."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="week_stats")
    week = models.DateField()
    views = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(fields=["product", "week"], name="catalog_weekstat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} minggu {long_date(self.week)}"
