"""Bulk imports of legacy spreadsheets: one row per uploaded file, and the rows it wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    REGISTRY = "registry", "Mitra binaan (orang, usaha, registrasi)"
    COOPERATIVE_MEMBERS = "cooperative_members", "Anggota koperasi"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Dalam antrean"
    RUNNING = "running", "Sedang diproses"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class OnExisting(models.TextChoices):
    UPDATE = "update", "Perbarui data yang sudah ada"
    SKIP = "skip", "Lewati data yang sudah ada"


class ImportEvents(models.TextChoices):
    """Every step of an import (Saleor's OrderEvents style)."""

    UPLOADED = "uploaded", "Berkas diunggah"
    CHECKED = "checked", "Uji coba selesai"
    COMMIT_REQUESTED = "commit_requested", "Impor diminta"
    RESUMED = "resumed", "Impor dilanjutkan"
    IMPORTED = "imported", "Impor selesai"
    FAILED = "failed", "Impor gagal"
    UNDONE = "undone", "Impor dibatalkan"


class Import(models.Model):
    kind = models.CharField(max_length=24, choices=ImportKind.choices)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    dry_run = models.BooleanField(default=True)
    on_existing = models.CharField(
        max_length=6, choices=OnExisting.choices, default=OnExisting.UPDATE
    )
    # The cooperative whose members are imported (cooperative_members only).
    cooperative_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    file = models.FileField(upload_to="impor/%Y/%m/", max_length=200)
    filename = models.CharField("nama berkas", max_length=200)
    size_bytes = models.BigIntegerField(default=0)
    checksum = models.CharField("SHA-256", max_length=64, db_index=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # {"header": "field"}
    total = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    errors_file = models.FileField(upload_to="impor/galat/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the last batch written
    finished_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "impor"
        verbose_name_plural = "impor"
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"Impor {self.pk} {self.filename}"

    STALLED_SECONDS = 120

    @property
    def stalled(self) -> bool:
        """Running, but no batch written for two minutes: the worker was probably stopped."""
        from django.utils import timezone

        if self.status != ImportStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        return last is None or (timezone.now() - last).total_seconds() > self.STALLED_SECONDS

    @property
    def progress_percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.rows_done * 100 / self.total))


class RowAction(models.TextChoices):
    CREATED = "created", "Dibuat"
    UPDATED = "updated", "Diubah"


class ImportedRow(models.Model):
    """One sheet row an import wrote: the objects it created or changed, and what they were
    before (for review and undo). Written in bulk with the batch it belongs to."""

    # Indexed by the unique (import_run, row_number) constraint below.
    import_run = models.ForeignKey(
        Import, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=8, choices=RowAction.choices)
    nik = models.CharField(max_length=16)
    # registry: person, business, registration; cooperative_members: member (in person_id's place
    # the member id).
    person_id = models.BigIntegerField(null=True)
    business_id = models.BigIntegerField(null=True)
    registration_id = models.BigIntegerField(null=True)
    member_id = models.BigIntegerField(null=True)
    before = models.JSONField(default=dict, blank=True)
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["import_run", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["import_run", "row_number"], name="imported_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.import_run_id}:{self.row_number} {self.action}"
