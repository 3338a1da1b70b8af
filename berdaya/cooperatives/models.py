"""Cooperatives (koperasi), their board and supervisors, members, and annual RAT reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.regions.models import Address

if TYPE_CHECKING:
    from berdaya.cooperatives.health import Health


class CooperativeType(models.TextChoices):
    SIMPAN_PINJAM = "simpan_pinjam", "Simpan pinjam"
    KONSUMEN = "konsumen", "Konsumen"
    PRODUSEN = "produsen", "Produsen"
    PEMASARAN = "pemasaran", "Pemasaran"
    JASA = "jasa", "Jasa"
    SERBA_USAHA = "serba_usaha", "Serba usaha"
    KARYAWAN = "karyawan", "Karyawan"


class CooperativeStatus(models.TextChoices):
    SUBMITTED = "submitted", "Diajukan"
    NEEDS_REVISION = "needs_revision", "Perlu perbaikan"
    VERIFIED = "verified", "Terverifikasi"
    REJECTED = "rejected", "Ditolak"
    INACTIVE = "inactive", "Tidak aktif"
    DISSOLVED = "dissolved", "Dibubarkan"


class CooperativeEvents(models.TextChoices):
    """Every step in a cooperative's history (Saleor's OrderEvents style)."""

    SUBMITTED = "submitted", "Pendaftaran diajukan"
    VERIFIED = "verified", "Diverifikasi"
    REJECTED = "rejected", "Ditolak"
    REVISION_REQUESTED = "revision_requested", "Diminta perbaikan"
    RESUBMITTED = "resubmitted", "Diajukan ulang setelah perbaikan"
    STATUS_CHANGED = "status_changed", "Status diubah"
    MEMBER_ADDED = "member_added", "Anggota ditambahkan"
    MEMBER_UPDATED = "member_updated", "Data anggota diubah"
    MEMBER_STATUS_CHANGED = "member_status_changed", "Status anggota diubah"
    REPORT_FILED = "report_filed", "Laporan RAT dikirim"
    REPORT_CORRECTED = "report_corrected", "Laporan RAT dikoreksi"
    MINUTES_ATTACHED = "minutes_attached", "Notulen RAT diunggah"


class Cooperative(Address, TimeStampedModel):
    name = models.CharField("nama koperasi", max_length=150)
    # Nomor Induk Koperasi (ODS, 16 digits): never to be confused with a citizen's NIK.
    nik_koperasi = models.CharField("Nomor Induk Koperasi", max_length=16, unique=True)
    legal_number = models.CharField("Nomor Badan Hukum", max_length=100)
    legal_date = models.DateField("tanggal badan hukum")
    # The first fiscal year counted for the RAT (the year of the legal entity).
    founded_year = models.PositiveSmallIntegerField("tahun berdiri", db_index=True)
    type = models.CharField("jenis koperasi", max_length=16, choices=CooperativeType.choices)
    phone = models.CharField("telepon", max_length=20, blank=True)
    email = models.EmailField("email", blank=True)
    status = models.CharField(
        max_length=16, choices=CooperativeStatus.choices, default=CooperativeStatus.SUBMITTED
    )
    reason = models.TextField("alasan/catatan staf", blank=True)
    # The latest fiscal year with a RAT report, kept by report_file (health filters use it).
    last_rat_year = models.PositiveSmallIntegerField("RAT terakhir", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Not a column: set by selectors.health_many, derived from the RAT reports.
    health: Health

    class Meta:
        verbose_name = "koperasi"
        verbose_name_plural = "koperasi"
        indexes = [
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["status", "type"]),
            models.Index(fields=["last_rat_year"]),
        ]

    def __str__(self) -> str:
        return self.name


class Manager(models.Model):
    """A user who keeps this cooperative's data (a board member with a login)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cooperative_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "user"], name="coop_manager_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cooperative}"


class Position(models.TextChoices):
    KETUA = "ketua", "Ketua"
    SEKRETARIS = "sekretaris", "Sekretaris"
    BENDAHARA = "bendahara", "Bendahara"
    PENGAWAS = "pengawas", "Pengawas"


class BoardMember(models.Model):
    """A member of the board (pengurus) or a supervisor (pengawas), with a term of office."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="board")
    position = models.CharField("jabatan", max_length=12, choices=Position.choices)
    nik = models.CharField("NIK", max_length=16)
    full_name = models.CharField("nama lengkap", max_length=150)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    term_start = models.DateField("masa jabatan mulai", null=True, blank=True)
    term_end = models.DateField("masa jabatan selesai", null=True, blank=True)

    class Meta:
        ordering = ["cooperative", "id"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.full_name}"


class Gender(models.TextChoices):
    L = "L", "Laki-laki"
    P = "P", "Perempuan"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Aktif"
    RESIGNED = "resigned", "Keluar"
    DECEASED = "deceased", "Meninggal"
    EXPELLED = "expelled", "Diberhentikan"


class Member(TimeStampedModel):
    """A member as the cooperative reports them. ``person`` links the registry's record of the
    same NIK (a mitra binaan), when there is one; one person may be in several cooperatives."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="members")
    member_number = models.CharField("nomor anggota", max_length=30)
    nik = models.CharField("NIK", max_length=16, db_index=True)
    full_name = models.CharField("nama lengkap", max_length=150)
    gender = models.CharField("jenis kelamin", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("tanggal lahir")
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cooperative_memberships",
    )
    joined_on = models.DateField("tanggal masuk")
    status = models.CharField(
        max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_on = models.DateField("tanggal status")
    savings_pokok_rupiah = models.BigIntegerField("simpanan pokok (Rp)", default=0)
    savings_wajib_rupiah = models.BigIntegerField("simpanan wajib (Rp)", default=0)
    savings_sukarela_rupiah = models.BigIntegerField("simpanan sukarela (Rp)", default=0)

    class Meta:
        verbose_name = "anggota koperasi"
        verbose_name_plural = "anggota koperasi"
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "member_number"], name="coop_member_number_unique"
            )
        ]
        indexes = [models.Index(fields=["cooperative", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.member_number} {self.full_name}"


class AnnualReport(models.Model):
    """One version of a cooperative's RAT report for a fiscal year. Filing the same year again
    adds version 2, 3, ...; earlier versions are kept (``is_latest`` marks the current one)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="reports")
    fiscal_year = models.PositiveSmallIntegerField("tahun buku")
    version = models.PositiveSmallIntegerField("versi", default=1)
    is_latest = models.BooleanField(default=True)
    meeting_date = models.DateField("tanggal RAT")
    members_present = models.PositiveIntegerField("anggota hadir")
    members_total = models.PositiveIntegerField("jumlah anggota")
    members_women = models.PositiveIntegerField("anggota perempuan", null=True, blank=True)
    members_men = models.PositiveIntegerField("anggota laki-laki", null=True, blank=True)
    employees = models.PositiveIntegerField("karyawan", null=True, blank=True)
    total_assets_rupiah = models.BigIntegerField("total aset (Rp)", null=True, blank=True)
    own_capital_rupiah = models.BigIntegerField("modal sendiri (Rp)", null=True, blank=True)
    outside_capital_rupiah = models.BigIntegerField("modal luar (Rp)", null=True, blank=True)
    business_volume_rupiah = models.BigIntegerField("volume usaha (Rp)", null=True, blank=True)
    shu_rupiah = models.BigIntegerField("SHU (Rp)", null=True, blank=True)  # negative: a loss
    minutes = models.FileField("notulen RAT (PDF)", upload_to="koperasi/notulen/%Y/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField()

    class Meta:
        ordering = ["cooperative", "-fiscal_year", "-version"]
        verbose_name = "laporan RAT"
        verbose_name_plural = "laporan RAT"
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "fiscal_year", "version"], name="rat_version_unique"
            )
        ]
        indexes = [models.Index(fields=["cooperative", "is_latest", "fiscal_year"])]

    def __str__(self) -> str:
        return f"RAT {self.fiscal_year} v{self.version} {self.cooperative}"
