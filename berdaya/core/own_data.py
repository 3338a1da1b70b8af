"""The pieces of "Unduh semua data saya" (UU 27/2022 right of access): each app describes what it
holds about a person as ``Part``s through its own ``personal_data`` door, and the portal turns
them into JSON, PDF and XLSX. A part is one kind of record (a training enrolment, a loan) with
its fields in reading order; its items are JSON-safe (ISO dates, whole rupiah, choice labels)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from berdaya.core.models import Notification


@dataclass(frozen=True)
class Part:
    key: str  # the JSON key, e.g. "enrolments"
    title: str  # what one item is, e.g. "Pendaftaran pelatihan"
    fields: tuple[tuple[str, str], ...]  # (key, label) in reading order
    items: list[dict] = field(default_factory=list)
    name_key: str = ""  # the item's field that names it in a section title


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


NOTIFICATION_FIELDS = (
    ("title", "Judul"),
    ("body", "Isi"),
    ("created_at", "Dikirim"),
    ("read_at", "Dibaca"),
)


def personal_data(user) -> list[Part]:
    """The in-app notifications sent to ``user``."""
    items = [
        {
            "title": n.title,
            "body": n.body,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
        }
        for n in Notification.objects.filter(user=user).order_by("created_at", "id")
    ]
    return [Part("notifications", "Notifikasi", NOTIFICATION_FIELDS, items, "title")]
