"""Loans, their instalments and repayments; idempotency keys of the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from berdaya.core.dates import long_date
from berdaya.core.models import TimeStampedModel
from berdaya.financing.models.applications import Application, ApplicationMember
from berdaya.financing.models.choices import LoanStatus
from berdaya.regions.models import Kelurahan


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
        return f"Pembayaran {self.amount_rupiah} ({long_date(self.paid_on)})"


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
