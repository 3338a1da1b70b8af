"""Financing products: rules as data."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.financing.models.choices import (
    LEVELS,
    BorrowerType,
    FeeCollection,
    Frequency,
    percent_label,
)

TERM_MONTHS_MAX = 120


def _level_list_problems(value, *, name: str) -> list[str]:
    """Problems of a JSON list of levels ("rt", "rw", "kelurahan"), each at most once."""
    if not isinstance(value, list):
        return [f'{name} harus berupa daftar, misalnya ["rt", "rw", "kelurahan"].']
    problems = []
    unknown = [v for v in value if v not in LEVELS]
    if unknown:
        problems.append(
            f"{name}: {', '.join(repr(v) for v in unknown)} tidak dikenal; "
            'pilih dari "rt", "rw", "kelurahan" (huruf kecil).'
        )
    if len(set(map(str, value))) != len(value):
        problems.append(f"{name}: setiap tingkat cukup ditulis sekali.")
    return problems


class Product(TimeStampedModel):
    """A financing product. Every number and rule here is enforced by the services; an admin edit
    changes the behaviour with no code change."""

    code = models.SlugField("kode", max_length=40, unique=True)
    name = models.CharField("nama", max_length=150)
    description = models.TextField("keterangan", blank=True)
    lender = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="products"
    )
    borrower_type = models.CharField(
        "jenis peminjam", max_length=16, choices=BorrowerType.choices, default=BorrowerType.GROUP
    )
    group_size_min = models.PositiveSmallIntegerField("anggota kelompok minimal", default=1)
    group_size_max = models.PositiveSmallIntegerField("anggota kelompok maksimal", default=1)
    amount_min_rupiah = models.BigIntegerField("jumlah minimal per anggota (Rp)", default=0)
    amount_max_rupiah = models.BigIntegerField("jumlah maksimal per anggota (Rp)")
    amount_step_rupiah = models.BigIntegerField(
        "kelipatan jumlah (Rp)", default=1, help_text="Jumlah pinjaman harus kelipatan angka ini."
    )
    collateral_required = models.BooleanField("perlu agunan", default=False)
    fee_collection = models.CharField(
        "cara pemungutan biaya administrasi",
        max_length=16,
        choices=FeeCollection.choices,
        default=FeeCollection.SPREAD,
    )
    instalment_frequency = models.CharField(
        "frekuensi angsuran", max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    rounding_unit = models.PositiveIntegerField(
        "satuan pembulatan angsuran (Rp)",
        default=1,
        help_text=(
            "Angsuran dibulatkan ke bawah ke kelipatan ini; angsuran terakhir menampung sisa."
        ),
    )
    recommendation_levels = models.JSONField(
        "tingkat rekomendasi (urut)",
        default=list,
        blank=True,
        help_text='Urutan tingkat rekomendasi, dari: "rt", "rw", "kelurahan".',
    )
    allowed_areas = models.JSONField(
        "wilayah kelompok yang diizinkan",
        default=list,
        blank=True,
        help_text='Wilayah kelompok: satu "rt", satu "rw", atau satu "kelurahan".',
    )
    training_required = models.BooleanField("perlu sertifikat pelatihan DKUM", default=False)
    joint_liability = models.BooleanField("tanggung renteng", default=False)
    single_active_application = models.BooleanField("satu pengajuan aktif per orang", default=True)
    is_active = models.BooleanField("aktif", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "produk pembiayaan"
        verbose_name_plural = "produk pembiayaan"

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.borrower_type == BorrowerType.GROUP

    def clean(self) -> None:
        """Rules as data are validated data: a typo is a clear message on save, never a server
        error later nor a product that refuses every group."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        for message in _level_list_problems(self.recommendation_levels, name="Tingkat rekomendasi"):
            add("recommendation_levels", message)
        for message in _level_list_problems(self.allowed_areas, name="Wilayah kelompok"):
            add("allowed_areas", message)
        if self.is_group and isinstance(self.allowed_areas, list) and not self.allowed_areas:
            add("allowed_areas", "Produk kelompok memerlukan setidaknya satu wilayah kelompok.")
        size_min, size_max = self.group_size_min or 0, self.group_size_max or 0
        if size_min < 1:
            add("group_size_min", "Anggota minimal sekurang-kurangnya 1 orang.")
        if size_max < size_min:
            add("group_size_max", "Anggota maksimal tidak boleh kurang dari anggota minimal.")
        if not self.is_group and not size_min <= 1 <= size_max:
            add("group_size_min", "Produk perorangan berlaku untuk tepat 1 orang.")
        amount_min = self.amount_min_rupiah if self.amount_min_rupiah is not None else 0
        amount_max = self.amount_max_rupiah if self.amount_max_rupiah is not None else 0
        step = self.amount_step_rupiah if self.amount_step_rupiah is not None else 1
        if amount_min < 0:
            add("amount_min_rupiah", "Jumlah minimal tidak boleh negatif.")
        if amount_max < 1:
            add("amount_max_rupiah", "Jumlah maksimal harus lebih dari 0.")
        elif amount_max < amount_min:
            add("amount_max_rupiah", "Jumlah maksimal tidak boleh kurang dari jumlah minimal.")
        if step < 1:
            add("amount_step_rupiah", "Kelipatan jumlah sekurang-kurangnya Rp1.")
        elif amount_max >= max(1, amount_min) and amount_max // step * step < max(1, amount_min):
            add(
                "amount_step_rupiah",
                "Tidak ada jumlah kelipatan ini di antara jumlah minimal dan maksimal.",
            )
        if (self.rounding_unit or 0) < 1:
            add("rounding_unit", "Satuan pembulatan sekurang-kurangnya Rp1.")
        if errors:
            raise ValidationError(errors)

    def fee_percent(self, months: int):
        term = self.terms.filter(months=months).first()
        return None if term is None else term.admin_fee_percent


class ProductTerm(models.Model):
    """A term offered by a product: months -> admin fee percent."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="terms")
    months = models.PositiveSmallIntegerField("jangka waktu (bulan)")
    admin_fee_percent = models.DecimalField(
        "biaya administrasi (%)", max_digits=5, decimal_places=2
    )

    class Meta:
        ordering = ["product", "months"]
        verbose_name = "jangka waktu"
        verbose_name_plural = "jangka waktu"
        constraints = [
            models.UniqueConstraint(fields=["product", "months"], name="product_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.months} bulan ({self.fee_label})"

    @property
    def fee_label(self) -> str:
        return percent_label(self.admin_fee_percent)

    def clean(self) -> None:
        errors = {}
        if self.months is not None and not 1 <= self.months <= TERM_MONTHS_MAX:
            errors["months"] = f"Jangka waktu harus 1 sampai {TERM_MONTHS_MAX} bulan."
        fee = self.admin_fee_percent
        if fee is not None and not Decimal(0) <= fee <= Decimal(100):
            errors["admin_fee_percent"] = "Biaya administrasi harus 0 sampai 100%."
        if errors:
            raise ValidationError(errors)
