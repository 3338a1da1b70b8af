"""Financing: products (rules as data), groups, applications, recommendations, loans, repayments."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.regions.models import RW_RT_VALIDATORS, Kelurahan

LEVELS = ("rt", "rw", "kelurahan")


def percent_label(value) -> str:
    """Decimal("8.50") -> "8,5%" (Indonesian decimal comma, no trailing zeros)."""
    text = format(value.normalize(), "f") if value is not None else "0"
    return text.replace(".", ",") + "%"


class BorrowerType(models.TextChoices):
    GROUP = "group", "Kelompok"
    INDIVIDUAL = "individual", "Perorangan"


class FeeCollection(models.TextChoices):
    SPREAD = "spread", "Dibagi rata ke angsuran"
    DEDUCTED = "deducted", "Dipotong saat pencairan"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Bulanan"


class Level(models.TextChoices):
    RT = "rt", "RT"
    RW = "rw", "RW"
    KELURAHAN = "kelurahan", "Kelurahan"


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


class Group(TimeStampedModel):
    """A borrowing group (kelompok) with its area: a kelurahan, an RW in it, or an RT in that RW."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("nama kelompok", max_length=120)
    leader = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="led_financing_groups"
    )
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    rw = models.PositiveSmallIntegerField("RW", null=True, blank=True, validators=RW_RT_VALIDATORS)
    rt = models.PositiveSmallIntegerField("RT", null=True, blank=True, validators=RW_RT_VALIDATORS)

    class Meta:
        verbose_name = "kelompok"
        verbose_name_plural = "kelompok"
        indexes = [models.Index(fields=["kelurahan", "rw", "rt"])]

    def __str__(self) -> str:
        return self.name

    @property
    def area_level(self) -> str:
        if self.rt is not None:
            return Level.RT
        if self.rw is not None:
            return Level.RW
        return Level.KELURAHAN

    @property
    def area_label(self) -> str:
        parts = []
        if self.rt is not None:
            parts.append(f"RT {self.rt}")
        if self.rw is not None:
            parts.append(f"RW {self.rw}")
        parts.append(f"Kel. {self.kelurahan.name}")
        return " / ".join(parts)

    def covers(self, person) -> bool:
        if person.kelurahan_id != self.kelurahan_id:
            return False
        if self.rw is not None and person.rw != self.rw:
            return False
        return not (self.rt is not None and person.rt != self.rt)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Aktif"
    LEFT = "left", "Keluar"
    REMOVED = "removed", "Dikeluarkan"


class GroupMember(TimeStampedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="financing_memberships"
    )
    status = models.CharField(
        max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    is_leader = models.BooleanField("ketua", default=False)
    joint_liability_signed_at = models.DateTimeField("tanggung renteng ditandatangani", null=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "anggota kelompok"
        verbose_name_plural = "anggota kelompok"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(status="active"),
                name="group_member_active_unique",
            )
        ]


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Menunggu jawaban"
    ACCEPTED = "accepted", "Diterima"
    DECLINED = "declined", "Ditolak"
    CANCELLED = "cancelled", "Dibatalkan"


class Invitation(TimeStampedModel):
    """An invitation to a group, by NIK or phone; the invited person accepts on their own phone."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    nik = models.CharField("NIK", max_length=16, blank=True, db_index=True)
    phone = models.CharField("nomor HP", max_length=20, blank=True, db_index=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "undangan kelompok"
        verbose_name_plural = "undangan kelompok"


class Status(models.TextChoices):
    DRAFT = "draft", "Draf"
    AWAITING_RECOMMENDATION = "awaiting_recommendation", "Menunggu rekomendasi"
    AWAITING_VERIFICATION = "awaiting_verification", "Menunggu verifikasi DKUM"
    FORWARDED = "forwarded", "Diteruskan ke lembaga"
    APPROVED = "approved", "Disetujui"
    PARTIALLY_APPROVED = "partially_approved", "Disetujui sebagian"
    REJECTED = "rejected", "Ditolak"
    DISBURSED = "disbursed", "Dicairkan"
    CLOSED = "closed", "Lunas"
    NEEDS_REVISION = "needs_revision", "Perlu perbaikan"
    WITHDRAWN = "withdrawn", "Ditarik"


IN_PROCESS = (
    Status.AWAITING_RECOMMENDATION,
    Status.AWAITING_VERIFICATION,
    Status.FORWARDED,
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.NEEDS_REVISION,
)
# A person's application counts as "active" (for single_active_application) in these statuses.
ACTIVE_STATUSES = (*IN_PROCESS, Status.DISBURSED)


class Application(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="applications")
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="financing_applications"
    )
    # The group's area kelurahan, or the individual applicant's: kept for reporting.
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)
    term_months = models.PositiveSmallIntegerField("jangka waktu (bulan)")
    admin_fee_percent = models.DecimalField(
        "biaya administrasi (%)", max_digits=5, decimal_places=2, default=0
    )
    revision_note = models.TextField("catatan perbaikan", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    disbursed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "pengajuan pembiayaan"
        verbose_name_plural = "pengajuan pembiayaan"
        indexes = [
            models.Index(fields=["status", "kelurahan"]),
            models.Index(fields=["product", "status"]),
        ]

    def __str__(self) -> str:
        return f"Pengajuan {self.pk} ({self.get_status_display()})"

    @property
    def title(self) -> str:
        return self.group.name if self.group is not None else self.applicant.full_name

    @property
    def fee_label(self) -> str:
        return percent_label(self.admin_fee_percent)


class Decision(models.TextChoices):
    PENDING = "pending", "Belum diputus"
    APPROVED = "approved", "Disetujui"
    REFUSED = "refused", "Ditolak"


class ApplicationMember(models.Model):
    """One member's request in an application, and the lender's decision for it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="financing_requests"
    )
    amount_rupiah = models.BigIntegerField("jumlah diajukan (Rp)")
    purpose = models.CharField("tujuan penggunaan", max_length=200, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    approved_amount_rupiah = models.BigIntegerField("jumlah disetujui (Rp)", null=True, blank=True)
    decision_reason = models.CharField("alasan", max_length=300, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = "anggota pengajuan"
        verbose_name_plural = "anggota pengajuan"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "person"], name="application_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.amount_rupiah})"


def _letter_code() -> str:
    return secrets.token_urlsafe(12)


class Recommendation(models.Model):
    """A recommendation (or refusal) at one level for the members in the official's scope, with its
    letter (surat rekomendasi)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="recommendations"
    )
    level = models.CharField(max_length=16, choices=Level.choices)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    official_name = models.CharField(max_length=150)
    official_role = models.CharField(max_length=150)
    approved = models.BooleanField()
    note = models.TextField(blank=True)
    members = models.ManyToManyField(ApplicationMember, related_name="recommendations")
    member_names = models.JSONField(default=list)  # [{"name", "nik_masked"}] as on the letter
    number = models.CharField("nomor surat", max_length=60, blank=True)
    code = models.CharField(max_length=32, unique=True, default=_letter_code)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = "rekomendasi"
        verbose_name_plural = "rekomendasi"

    def __str__(self) -> str:
        return self.number or f"Rekomendasi {self.pk}"

    @property
    def is_valid(self) -> bool:
        return self.approved and self.revoked_at is None


class LoanStatus(models.TextChoices):
    ACTIVE = "active", "Berjalan"
    CLOSED = "closed", "Lunas"


class Loan(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="loans")
    member = models.OneToOneField(
        ApplicationMember, null=True, on_delete=models.PROTECT, related_name="loan"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="loans")
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    principal_rupiah = models.BigIntegerField("pokok (Rp)")
    admin_fee_rupiah = models.BigIntegerField("biaya administrasi (Rp)", default=0)
    total_rupiah = models.BigIntegerField("total kewajiban (Rp)")
    paid_rupiah = models.BigIntegerField("terbayar (Rp)", default=0)
    term_months = models.PositiveSmallIntegerField()
    disbursed_on = models.DateField("tanggal pencairan")
    status = models.CharField(max_length=16, choices=LoanStatus.choices, default=LoanStatus.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "pinjaman"
        verbose_name_plural = "pinjaman"
        indexes = [
            models.Index(fields=["status", "kelurahan"]),
            models.Index(fields=["disbursed_on"]),
        ]

    def __str__(self) -> str:
        return f"Pinjaman {self.pk}"

    @property
    def outstanding_rupiah(self) -> int:
        return self.total_rupiah - self.paid_rupiah


class Instalment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField(db_index=True)
    amount_rupiah = models.BigIntegerField()
    paid_rupiah = models.BigIntegerField(default=0)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [models.UniqueConstraint(fields=["loan", "number"], name="instalment_unique")]

    def __str__(self) -> str:
        return f"Angsuran {self.number} pinjaman {self.loan_id}"

    @property
    def due_rupiah(self) -> int:
        return self.amount_rupiah - self.paid_rupiah


class Repayment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    paid_on = models.DateField()
    amount_rupiah = models.BigIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"Pembayaran {self.amount_rupiah} ({self.paid_on})"


class IdempotencyKey(models.Model):
    """The first result of a state-changing API request, replayed for a retry with the same key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=200)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


# Convenience: ``Application.Status.FORWARDED``, ``Loan.Status.CLOSED``, ``Product.BorrowerType``.
Application.Status = Status  # type: ignore[attr-defined]
Loan.Status = LoanStatus  # type: ignore[attr-defined]
Product.BorrowerType = BorrowerType  # type: ignore[attr-defined]
