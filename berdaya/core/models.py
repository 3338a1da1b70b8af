"""Base model, workflow events and in-app notifications shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from berdaya.core.dates import long_date


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Event(models.Model):
    """One row per state change of any workflow object: who, when, from, to, note.

    Written only by services through ``berdaya.core.events.record`` (never by signals), so bulk
    loads and the API leave the same trail as the pages.
    """

    # Indexed by the (content_type, object_id, created_at) index below.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.CharField(max_length=64)
    verb = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.from_status}->{self.to_status}"


class Notification(models.Model):
    """An in-app message for one user; email and WhatsApp/SMS copies go out as background jobs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class OutboundMessage(models.Model):
    """A WhatsApp/SMS or email message handed to a gateway, kept for audit and retry."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WHATSAPP = "whatsapp", "WhatsApp/SMS"

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SENT = "sent", "Terkirim"
        FAILED = "failed", "Gagal"

    channel = models.CharField(max_length=16, choices=Channel.choices)
    recipient = models.CharField(max_length=200)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}"


class PersonalDataAccess(models.Model):
    """Audit trail of who saw, exported or downloaded unmasked personal data (UU 27/2022): who
    (actor), when (created_at), what (action, subject, detail) and why (purpose).

    Written only through ``berdaya.core.privacy.access_record``."""

    class Action(models.TextChoices):
        VIEW = "view", "Melihat data lengkap"
        EXPORT = "export", "Ekspor"
        DOWNLOAD = "download", "Unduh data pribadi"
        CHANGE = "change", "Mengubah"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    subject = models.CharField(max_length=200)  # e.g. "registry.Person:12"
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)  # e.g. the rows and filters exported
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["subject", "created_at"]),
            models.Index(fields=["actor", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.subject}"


class OnceSubmission(models.Model):
    """A one-time form token that was used: a repeat POST with it answers with the first result.

    Written only by ``berdaya.core.once``."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=300)
    location = models.CharField(max_length=500, blank=True)  # where the first POST redirected
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} -> {self.location}"


class Holiday(models.Model):
    """A day the office is closed on a weekday: a national holiday (libur nasional) or a joint
    leave day (cuti bersama) of the SKB 3 Menteri. Working-day counts (the registry's promise of
    3 working days) skip these as well as weekends; admins add next year's dates in Django admin
    when the SKB is signed, without a deploy."""

    class Kind(models.TextChoices):
        NATIONAL = "libur", "Libur nasional"
        JOINT_LEAVE = "cuti", "Cuti bersama"

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("nama", max_length=120)
    kind = models.CharField("jenis", max_length=8, choices=Kind.choices, default=Kind.NATIONAL)

    class Meta:
        ordering = ["date"]
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur"

    def __str__(self) -> str:
        return f"{long_date(self.date)} {self.name}"
