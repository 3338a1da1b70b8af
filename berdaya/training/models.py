"""Training programs, batches with their sessions, participants, attendance and certificates.

A ``Program`` carries the completion rule (``completion_percent`` of the sessions attended). A
``Batch`` is one run of a program with a capacity; ``Enrollment`` rows are its participants and
its waiting list (never more ``registered`` rows than the capacity: services lock the batch row).
A ``Certificate`` is what other apps count and check (targets, the BAZNAS ``training_required``
rule): valid while ``revoked_at`` is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.regions.models import Kecamatan


class Program(TimeStampedModel):
    name = models.CharField("nama program", max_length=150, unique=True)
    description = models.TextField("keterangan", blank=True)
    completion_percent = models.PositiveSmallIntegerField(
        "syarat kehadiran (%)",
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Persentase sesi yang harus dihadiri untuk mendapat sertifikat.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "program pelatihan"
        verbose_name_plural = "program pelatihan"

    def __str__(self) -> str:
        return self.name


class BatchStatus(models.TextChoices):
    OPEN = "open", "Pendaftaran dibuka"
    CLOSED = "closed", "Pendaftaran ditutup"
    COMPLETED = "completed", "Selesai"


class Batch(TimeStampedModel):
    """One run (angkatan) of a program: its sessions, place, capacity and participants."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField("nama angkatan", max_length=150)
    capacity = models.PositiveIntegerField("kapasitas", validators=[MinValueValidator(1)])
    kecamatan = models.ForeignKey(
        Kecamatan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="kecamatan",
    )
    venue = models.CharField("tempat", max_length=200, blank=True)
    online_url = models.URLField("tautan daring", blank=True)
    trainer = models.CharField("pelatih", max_length=150, blank=True)
    status = models.CharField(
        max_length=16, choices=BatchStatus.choices, default=BatchStatus.OPEN, db_index=True
    )
    # Denormalised from the sessions by the services, for lists and filters.
    starts_on = models.DateField("mulai", null=True, blank=True)
    ends_on = models.DateField("selesai", null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "angkatan pelatihan"
        verbose_name_plural = "angkatan pelatihan"
        indexes = [
            models.Index(fields=["-starts_on", "-id"]),
            models.Index(fields=["status", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} · {self.name}"


class Session(models.Model):
    """One meeting of a batch. ``checkin_code`` is in the QR code participants scan."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField("sesi ke")
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai")
    topic = models.CharField("materi", max_length=200, blank=True)
    checkin_code = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["batch", "starts_at", "number"]
        verbose_name = "sesi"
        verbose_name_plural = "sesi"
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="training_session_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"Sesi {self.number}"


class EnrollmentStatus(models.TextChoices):
    REGISTERED = "registered", "Terdaftar"
    WAITLISTED = "waitlisted", "Daftar tunggu"
    CANCELLED = "cancelled", "Dibatalkan"


class Enrollment(TimeStampedModel):
    """A person's place in a batch: registered, on the waiting list, or cancelled."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="training_enrollments"
    )
    status = models.CharField(max_length=16, choices=EnrollmentStatus.choices)
    # The waiting list is served in order of (re)registration.
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = "peserta"
        verbose_name_plural = "peserta"
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="training_enrollment_once")
        ]
        indexes = [models.Index(fields=["batch", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.batch}"


class AttendanceMethod(models.TextChoices):
    STAFF = "staff", "Dicatat staf"
    QR = "qr", "Pindai kode QR"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(max_length=8, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kehadiran"
        verbose_name_plural = "kehadiran"
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="training_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} @ {self.session_id}"


class Certificate(TimeStampedModel):
    """A training certificate. Valid while not revoked; verifiable publicly by ``code``."""

    number = models.CharField("nomor sertifikat", max_length=40, unique=True)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="training_certificates"
    )
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="certificates")
    enrollment = models.OneToOneField(
        Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    issued_on = models.DateField("tanggal terbit", db_index=True)
    code = models.CharField("kode verifikasi", max_length=32, unique=True)
    attended_sessions = models.PositiveSmallIntegerField(default=0)
    total_sessions = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "sertifikat"
        verbose_name_plural = "sertifikat"
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="training_certificate_once")
        ]
        indexes = [models.Index(fields=["person", "issued_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class TrainingEvents(models.TextChoices):
    """The kinds of event the training app writes (``core.Event.verb``), with their labels."""

    CREATED = "created", "Dibuat"
    STATUS_CHANGED = "status", "Status pendaftaran diubah"
    CAPACITY_CHANGED = "capacity", "Kapasitas diubah"
    REGISTERED = "registered", "Mendaftar"
    PROMOTED = "promoted", "Naik dari daftar tunggu"
    CANCELLED = "cancelled", "Pendaftaran dibatalkan"
    ATTENDED = "attended", "Hadir"
    ATTENDANCE_REMOVED = "attendance_removed", "Tanda hadir dihapus"
    COMPLETED = "completed", "Angkatan selesai"
    CERTIFICATE_ISSUED = "issued", "Sertifikat terbit"
    CERTIFICATE_REVOKED = "revoked", "Sertifikat dicabut"
