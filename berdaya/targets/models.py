"""Program targets (rules as data) and the monthly tally the dashboard reads.

A ``Target`` is a row an admin edits: a name, a period, a number, an optional yearly breakdown
and a counting ``rule``. What counts towards each rule is defined once, in
``berdaya.targets.tally`` (see ``berdaya/targets/README.md``).
"""

from __future__ import annotations

from django.db import models

from berdaya.core.dates import month_year, short_datetime
from berdaya.core.models import TimeStampedModel


class Rule(models.TextChoices):
    NEW_ENTREPRENEURS = "new_entrepreneurs", "Pengusaha baru terverifikasi"
    WOMEN_ENTREPRENEURS = "women_entrepreneurs", "Perempuan pengusaha baru"
    TRAINED_NEW_ENTREPRENEURS = "trained_new_entrepreneurs", "Pengusaha baru terlatih"
    GROUPS_FINANCED = "groups_financed", "Kelompok dibiayai"
    AMOUNT_DISBURSED = "amount_disbursed", "Dana disalurkan (Rp)"


class Target(TimeStampedModel):
    name = models.CharField("nama target", max_length=150, unique=True)
    rule = models.CharField("aturan penghitungan", max_length=32, choices=Rule.choices)
    period_start = models.DateField("awal periode")
    period_end = models.DateField("akhir periode")
    number = models.PositiveBigIntegerField("target")

    class Meta:
        ordering = ["period_start", "id"]
        verbose_name = "target program"
        verbose_name_plural = "target program"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="target_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_money(self) -> bool:
        return self.rule == Rule.AMOUNT_DISBURSED


class TargetYear(models.Model):
    """The part of a target due in one calendar year (optional; the parts sum to the number)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("tahun")
    number = models.PositiveBigIntegerField("target tahun ini")

    class Meta:
        ordering = ["target", "year"]
        verbose_name = "target tahunan"
        verbose_name_plural = "target tahunan"
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}"


class Dimension(models.TextChoices):
    ALL = "all", "Semua"
    KELURAHAN = "kelurahan", "Kelurahan"
    KBLI = "kbli", "Kategori KBLI"
    GENDER = "gender", "Jenis kelamin"
    STATUS = "status", "Status"


class Tally(models.Model):
    """Pre-aggregated counts per rule, calendar month and one dimension key (a summary table).

    Rebuilt wholesale from the source tables by ``tally.tally_rebuild``; never edited by hand.
    ``value`` is what the rule counts (people, groups or Rupiah); ``events`` how many rows
    (registrations, applications, loans) are behind it, for small-count suppression.
    """

    rule = models.CharField(max_length=32, choices=Rule.choices)
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    month = models.DateField()
    value = models.BigIntegerField()
    events = models.BigIntegerField()

    class Meta:
        verbose_name = "rekap bulanan"
        verbose_name_plural = "rekap bulanan"
        indexes = [models.Index(fields=["rule", "dimension", "month", "key"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.dimension} {self.key} {month_year(self.month)}"


class TallyState(models.Model):
    """One row: when the tally was built and from which state of the source tables."""

    built_at = models.DateTimeField()  # last refresh, whole or by changed months
    full_built_at = models.DateTimeField(null=True, blank=True)  # last whole rebuild
    fingerprint = models.CharField(max_length=300)
    marks = models.JSONField(default=dict, blank=True)  # the source marks behind fingerprint
    seconds = models.FloatField(default=0)
    # A rebuild asked of the background worker (once per change of the sources).
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_fingerprint = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "status rekap"
        verbose_name_plural = "status rekap"

    def __str__(self) -> str:
        return f"Rekap {short_datetime(self.built_at)}"
