"""Persons, their businesses, mitra binaan registrations and development reports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from berdaya.core.dates import month_year, short_datetime
from berdaya.core.models import TimeStampedModel
from berdaya.regions.models import Address, Kelurahan
from berdaya.registry.references import registration_reference


class Gender(models.TextChoices):
    L = "L", "Laki-laki"
    P = "P", "Perempuan"


class Education(models.TextChoices):
    NONE = "tidak_sekolah", "Tidak/belum sekolah"
    SD = "sd", "SD/sederajat"
    SMP = "smp", "SMP/sederajat"
    SMA = "sma", "SMA/SMK/sederajat"
    D3 = "diploma", "Diploma (D1-D3)"
    S1 = "s1", "S1/D4"
    S2 = "s2", "S2/S3"


class Person(Address, TimeStampedModel):
    """A citizen known to the office: an entrepreneur, a group member, a trainee."""

    # No index of its own: the (kelurahan, rw, rt) index below serves every lookup by it.
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="+", verbose_name="kelurahan",
        db_index=False,
    )  # fmt: skip
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    nik = models.CharField("NIK", max_length=16, unique=True)
    full_name = models.CharField("nama lengkap", max_length=150)
    gender = models.CharField("jenis kelamin", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("tanggal lahir")
    phone = models.CharField("nomor HP (WhatsApp)", max_length=20, db_index=True)
    email = models.EmailField("email", blank=True)
    education = models.CharField(
        "pendidikan terakhir", max_length=16, choices=Education.choices, blank=True
    )
    disability = models.CharField("disabilitas", max_length=100, blank=True)
    consent_text = models.TextField("persetujuan yang diberikan", blank=True)
    consent_at = models.DateTimeField("waktu persetujuan", null=True, blank=True)

    class Meta:
        verbose_name = "orang"
        verbose_name_plural = "orang"
        indexes = [
            models.Index(fields=["kelurahan", "rw", "rt"]),
            models.Index(fields=["full_name", "birth_date"]),
            models.Index(fields=["gender"]),
        ]

    def __str__(self) -> str:
        return self.full_name


class KbliCode(models.Model):
    """One entry of the KBLI classification (any level), with its version."""

    version = models.CharField(max_length=4, default="2020")
    code = models.CharField(max_length=5)
    level = models.CharField(
        max_length=16
    )  # kategori, golongan_pokok, golongan, subgolongan, kelompok
    section = models.CharField("kategori", max_length=1)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "code"]
        verbose_name = "KBLI"
        verbose_name_plural = "KBLI"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="kbli_version_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", "Usaha perorangan"
    CV = "cv", "CV"
    PT_PERORANGAN = "pt_perorangan", "PT Perorangan"
    PT = "pt", "PT"
    KOPERASI = "koperasi", "Koperasi"
    LAINNYA = "lainnya", "Lainnya"


class SizeClass(models.TextChoices):
    MIKRO = "mikro", "Mikro"
    KECIL = "kecil", "Kecil"
    MENENGAH = "menengah", "Menengah"
    BESAR = "besar", "Besar"


class Business(Address, TimeStampedModel):
    # No index of its own: the (kelurahan, rw, rt) index below serves every lookup by it.
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="+", verbose_name="kelurahan",
        db_index=False,
    )  # fmt: skip
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="businesses")
    name = models.CharField("nama usaha", max_length=150)
    legal_form = models.CharField(
        "bentuk usaha", max_length=16, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    started_on = models.DateField("mulai usaha")
    kbli = models.ForeignKey(
        KbliCode, on_delete=models.PROTECT, related_name="+", verbose_name="KBLI"
    )
    kbli_version = models.CharField(max_length=4, default="2020")
    kbli_section = models.CharField("kategori KBLI", max_length=1, db_index=True)
    nib = models.CharField("NIB", max_length=13, blank=True, db_index=True)
    npwp = models.CharField("NPWP", max_length=16, blank=True)
    capital_rupiah = models.BigIntegerField("modal usaha (Rp)", validators=[MinValueValidator(0)])
    annual_sales_rupiah = models.BigIntegerField(
        "omzet setahun (Rp)", validators=[MinValueValidator(0)]
    )
    workers_women = models.PositiveIntegerField("tenaga kerja perempuan", default=0)
    workers_men = models.PositiveIntegerField("tenaga kerja laki-laki", default=0)
    marketing_channels = models.JSONField("saluran pemasaran", default=list, blank=True)
    size_class = models.CharField("skala usaha", max_length=10, choices=SizeClass.choices)
    size_rule = models.CharField("dasar penggolongan", max_length=200)

    class Meta:
        verbose_name = "usaha"
        verbose_name_plural = "usaha"
        indexes = [
            models.Index(fields=["kelurahan", "rw", "rt"]),
            models.Index(fields=["size_class"]),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Diajukan"
    NEEDS_REVISION = "needs_revision", "Perlu perbaikan"
    VERIFIED = "verified", "Terverifikasi"
    REJECTED = "rejected", "Ditolak"


class Registration(TimeStampedModel):
    """A business's registration as mitra binaan (assisted partner) of the office."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    business = models.OneToOneField(Business, on_delete=models.PROTECT, related_name="registration")
    status = models.CharField(
        max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.SUBMITTED
    )
    partner_number = models.CharField(
        "nomor mitra binaan", max_length=20, unique=True, null=True, blank=True
    )
    submitted_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField("alasan/catatan", blank=True)
    # Derived when submitted: the business started no more than
    # BERDAYA_NEW_ENTREPRENEUR_MONTHS before registration (or after a DKUM training).
    is_new_entrepreneur = models.BooleanField("pengusaha baru", default=False)

    class Meta:
        verbose_name = "registrasi mitra binaan"
        verbose_name_plural = "registrasi mitra binaan"
        indexes = [
            models.Index(fields=["status", "verified_at"]),
            models.Index(fields=["status", "-submitted_at", "-id"]),
            models.Index(fields=["is_new_entrepreneur", "status"]),
        ]

    def __str__(self) -> str:
        return self.partner_number or f"Registrasi {self.pk}"

    @property
    def reference(self) -> str:
        """The registrant's quotable number, ``DFT-000123`` (``registry.references``)."""
        return registration_reference(self.pk) if self.pk else ""


class PartnerSequence(models.Model):
    """The last partner number given in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class RegistrationDraft(TimeStampedModel):
    """The public registration in progress: the steps filled so far, resumable by its token.

    The password is never stored here; it is typed on the last step."""

    token = models.CharField(max_length=43, unique=True)
    step = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"draf {self.pk} langkah {self.step}"


class RegistrationAttempt(models.Model):
    """One public registration attempt (for the abuse limits, ``services.throttle``): the client
    address, a keyed hash of the phone and of the NIK (never the values), the device cookie."""

    client_address = models.CharField(max_length=64)
    phone_key = models.CharField(max_length=64, blank=True, db_index=True)
    nik_key = models.CharField(max_length=64, blank=True, db_index=True)
    device = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client_address", "created_at"])]

    def __str__(self) -> str:
        return f"{self.client_address} {short_datetime(self.created_at)}"


class RegistrationEvent(models.Model):
    """A registration day opened by DKUM staff (a kelurahan hall, a bazaar): during its time
    window, registrations from its client address (the venue's shared public address) get the
    event's own per-minute allowance instead of the ordinary one, and no per-device limit."""

    name = models.CharField("nama acara", max_length=150)
    place = models.CharField("tempat", max_length=255)
    client_address = models.CharField("alamat IP publik tempat acara", max_length=64)
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai")
    allowance_per_minute = models.PositiveIntegerField("batas pendaftaran per menit")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "acara pendaftaran"
        verbose_name_plural = "acara pendaftaran"
        indexes = [models.Index(fields=["client_address", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"


class Need(models.TextChoices):
    CAPITAL = "modal", "Modal"
    TRAINING = "pelatihan", "Pelatihan"
    MARKETING = "pemasaran", "Pemasaran"
    PERMITS = "perizinan", "Perizinan"
    OTHER = "lainnya", "Lainnya"


class MarketingChannel(models.TextChoices):
    OFFLINE = "toko", "Toko/warung/lapak"
    MARKETPLACE = "marketplace", "Marketplace (Shopee, Tokopedia, ...)"
    SOCIAL = "media_sosial", "Media sosial/WhatsApp"
    RESELLER = "reseller", "Reseller/agen"
    EXPO = "pameran", "Pameran/bazar"
    OTHER = "lainnya", "Lainnya"


class DevelopmentReport(TimeStampedModel):
    """Laporan perkembangan usaha: one per business per month."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField("bulan")  # always the first day of the month
    sales_rupiah = models.BigIntegerField("omzet bulan ini (Rp)", validators=[MinValueValidator(0)])
    assets_rupiah = models.BigIntegerField("aset (Rp)", validators=[MinValueValidator(0)])
    workers_women = models.PositiveIntegerField("tenaga kerja perempuan", default=0)
    workers_men = models.PositiveIntegerField("tenaga kerja laki-laki", default=0)
    production = models.CharField("produksi", max_length=200, blank=True)
    marketing_channels = models.JSONField("saluran pemasaran", default=list, blank=True)
    needs = models.JSONField("kebutuhan", default=list, blank=True)
    note = models.TextField("catatan", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["business", "period"]
        verbose_name = "laporan perkembangan usaha"
        verbose_name_plural = "laporan perkembangan usaha"
        constraints = [
            models.UniqueConstraint(fields=["business", "period"], name="report_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.business} {month_year(self.period)}"


class BusinessPhoto(TimeStampedModel):
    """A photo of the business or its products, re-encoded as JPEG and resized on upload."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="usaha/%Y/%m/")
    caption = models.CharField("keterangan", max_length=150, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Menunggu tinjauan"
    APPROVED = "approved", "Disetujui"
    REJECTED = "rejected", "Ditolak"


class IdentityChange(TimeStampedModel):
    """A request to change identity data (NIK, name, birth date, gender), reviewed by staff."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_changes")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField("alasan perubahan", blank=True)
    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("catatan keputusan", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "perubahan identitas"
        verbose_name_plural = "perubahan identitas"


class RegistryEvents(models.TextChoices):
    """The kinds of event the registry writes (``core.Event.verb``), with their labels."""

    SUBMITTED = "submitted", "Diajukan"
    VERIFIED = "verify", "Diverifikasi"
    REJECTED = "reject", "Ditolak"
    REVISION_ASKED = "revise", "Diminta perbaikan"
    RESUBMITTED = "resubmitted", "Dikirim ulang"
    BUSINESS_UPDATED = "business_updated", "Profil usaha diubah"
    REPORT_FILED = "report_filed", "Laporan perkembangan dikirim"
    REPORT_UPDATED = "report_updated", "Laporan perkembangan diperbarui"
    PHOTO_ADDED = "photo_added", "Foto usaha ditambahkan"
    IDENTITY_CHANGE_REQUESTED = "requested", "Perubahan identitas diajukan"
    IDENTITY_CHANGE_APPROVED = "approved", "Perubahan identitas disetujui"
    IDENTITY_CHANGE_REJECTED = "rejected", "Perubahan identitas ditolak"
    REGISTRATION_EVENT_OPENED = "registration_event_opened", "Acara pendaftaran dibuka"

    @classmethod
    def label_of(cls, verb: str) -> str:
        return cls(verb).label if verb in cls.values else verb
