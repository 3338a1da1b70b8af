"""Business and capital opportunities published by DKUM staff, and the partners' applications.

An ``Opportunity`` carries its own eligibility rules as data (KBLI sections, kecamatan, size
classes, new entrepreneurs only, women only, a training certificate); a verified partner is always
required. A published opportunity whose deadline has passed behaves as ``closed`` (derived at read
time by ``Opportunity.current_status``; ``opportunities_close_expired`` writes it down later).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from berdaya.core.dates import long_date
from berdaya.core.models import TimeStampedModel


class OpportunityKind(models.TextChoices):
    BUSINESS = "business", "Peluang usaha"
    CAPITAL = "capital", "Peluang modal"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    PUBLISHED = "published", "Dibuka"
    CLOSED = "closed", "Ditutup"
    SELECTED = "selected", "Peserta dipilih"
    CANCELLED = "cancelled", "Dibatalkan"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Mendaftar"
    WITHDRAWN = "withdrawn", "Ditarik"
    SELECTED = "selected", "Terpilih"
    NOT_SELECTED = "not_selected", "Tidak terpilih"


class OpportunityEvents(models.TextChoices):
    CREATED = "created", "Dibuat"
    UPDATED = "updated", "Diubah"
    PUBLISHED = "published", "Diterbitkan"
    CLOSED = "closed", "Ditutup"
    EXPIRED = "expired", "Ditutup karena batas waktu lewat"
    CANCELLED = "cancelled", "Dibatalkan"
    SELECTED = "selected", "Peserta dipilih"
    DOCUMENT_ADDED = "document_added", "Dokumen ditambahkan"
    APPLIED = "applied", "Mendaftar"
    WITHDRAWN = "withdrawn", "Lamaran ditarik"
    ALERTS_SENT = "alerts_sent", "Pemberitahuan dikirim"


class SizeChoice(models.TextChoices):
    """The size classes an opportunity may name (PP 7/2021; ``besar`` is not UMKM)."""

    MIKRO = "mikro", "Mikro"
    KECIL = "kecil", "Kecil"
    MENENGAH = "menengah", "Menengah"


# KBLI 2020 kategori (sections) A-U.
KBLI_SECTIONS = {
    "A": "Pertanian, kehutanan dan perikanan",
    "B": "Pertambangan dan penggalian",
    "C": "Industri pengolahan",
    "D": "Pengadaan listrik, gas, uap/air panas dan udara dingin",
    "E": "Pengelolaan air, air limbah, sampah dan remediasi",
    "F": "Konstruksi",
    "G": "Perdagangan besar dan eceran; reparasi mobil dan sepeda motor",
    "H": "Pengangkutan dan pergudangan",
    "I": "Penyediaan akomodasi dan makan minum",
    "J": "Informasi dan komunikasi",
    "K": "Jasa keuangan dan asuransi",
    "L": "Real estat",
    "M": "Jasa profesional, ilmiah dan teknis",
    "N": "Jasa persewaan, ketenagakerjaan, agen perjalanan dan penunjang usaha",
    "O": "Administrasi pemerintahan, pertahanan dan jaminan sosial wajib",
    "P": "Jasa pendidikan",
    "Q": "Jasa kesehatan dan kegiatan sosial",
    "R": "Kesenian, hiburan dan rekreasi",
    "S": "Kegiatan jasa lainnya",
    "T": "Jasa perorangan yang melayani rumah tangga",
    "U": "Kegiatan badan internasional dan ekstra internasional lainnya",
}


class Opportunity(TimeStampedModel):
    kind = models.CharField("jenis", max_length=16, choices=OpportunityKind.choices)
    title = models.CharField("judul", max_length=200)
    provider = models.CharField("penyelenggara", max_length=150)
    description = models.TextField("keterangan", blank=True)
    quota = models.PositiveIntegerField("kuota", null=True, blank=True)
    first_come = models.BooleanField("siapa cepat dia dapat", default=False)
    opens_on = models.DateField("dibuka mulai")
    deadline = models.DateField("batas pendaftaran")
    # Eligibility (empty list: any).
    kbli_sections = models.JSONField("kategori KBLI", default=list, blank=True)
    kecamatan_codes = models.JSONField("kecamatan", default=list, blank=True)
    size_classes = models.JSONField("skala usaha", default=list, blank=True)
    new_entrepreneurs_only = models.BooleanField("khusus pengusaha baru", default=False)
    women_only = models.BooleanField("khusus perempuan pengusaha", default=False)
    training_required = models.BooleanField("perlu sertifikat pelatihan DKUM", default=False)
    training_program = models.ForeignKey(
        "training.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="program pelatihan",
    )
    financing_product = models.ForeignKey(
        "financing.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="produk pembiayaan",
    )
    status = models.CharField(
        max_length=16, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "peluang"
        verbose_name_plural = "peluang"
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def current_status(self, today: datetime.date | None = None) -> str:
        """The status as people see it: a published one past its deadline is closed."""
        today = today or timezone.localdate()
        if self.status == OpportunityStatus.PUBLISHED and self.deadline < today:
            return OpportunityStatus.CLOSED
        return self.status

    def current_status_label(self) -> str:
        return OpportunityStatus(self.current_status()).label

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == OpportunityStatus.PUBLISHED and self.opens_on <= today <= self.deadline
        )


def _document_path(instance, filename: str) -> str:
    return f"peluang/{timezone.now():%Y/%m}/{filename}"


class OpportunityDocument(TimeStampedModel):
    """A PDF attached to an opportunity by staff (terms, form, brochure)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("judul dokumen", max_length=150)
    file = models.FileField(upload_to=_document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "dokumen peluang"
        verbose_name_plural = "dokumen peluang"

    def __str__(self) -> str:
        return self.title


def _attachment_path(instance, filename: str) -> str:
    return f"peluang/lamaran/{timezone.now():%Y/%m}/{filename}"


class OpportunityApplication(TimeStampedModel):
    """One business's application to one opportunity (withdrawn rows come back on re-apply)."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="applications"
    )
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("catatan", max_length=500, blank=True)
    attachment = models.FileField("lampiran (PDF)", upload_to=_attachment_path, blank=True)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    applied_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        verbose_name = "lamaran peluang"
        verbose_name_plural = "lamaran peluang"
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "business"], name="opportunity_one_application_per_business"
            )
        ]
        indexes = [
            models.Index(fields=["opportunity", "status", "id"]),
            models.Index(fields=["person", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} -> {self.opportunity_id}"


class AlertPreference(models.Model):
    """A partner's choice about new-opportunity alerts (absent row: alerts on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunity_alerts"
    )
    enabled = models.BooleanField("kabari saya tentang peluang baru", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {'on' if self.enabled else 'off'}"


class PendingAlert(models.Model):
    """An opportunity a partner should hear about by WhatsApp/SMS, waiting for the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity"], name="alert_once_per_opportunity"
            )
        ]
        indexes = [models.Index(fields=["sent_on", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} <- {self.opportunity_id}"


class AlertDigest(models.Model):
    """The one WhatsApp/SMS digest a partner got on one day (the unique row is the daily limit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    opportunities = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="alert_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {long_date(self.day)}"
