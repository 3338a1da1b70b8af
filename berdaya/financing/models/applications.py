"""Applications, their members and the recommendations (with their letters)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.financing.models.choices import Decision, Level, Status, percent_label
from berdaya.financing.models.groups import Group
from berdaya.financing.models.products import Product
from berdaya.regions.models import Kelurahan


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


# Letter codes are read off paper and typed: upper case, without the look-alikes I/L/1 and O/0.
LETTER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _letter_code() -> str:
    return "".join(secrets.choice(LETTER_CODE_ALPHABET) for _ in range(12))


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
