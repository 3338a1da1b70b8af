"""What the registry's write steps share: the consent text, limits and the throttle error."""

from __future__ import annotations

import math

from django.urls import reverse

from berdaya.registry.models import (
    Registration,
    RegistrationStatus,
)

CONSENT_TEXT = (
    "Saya menyetujui Dinas Koperasi dan UMKM Kota Depok mengumpulkan dan memproses NIK dan data "
    "diri serta data usaha saya untuk pendaftaran, verifikasi dan pembinaan mitra binaan "
    "(UU 27/2022). Saya berhak mengakses, memperbaiki, mengunduh dan meminta penghapusan data saya."
)


IDENTITY_FIELDS = ("nik", "full_name", "birth_date", "gender")


PHOTO_MAX_BYTES = 5 * 1024 * 1024


PHOTO_MAX_SIDE = 1600


Status = RegistrationStatus


class RegistrationThrottled(Exception):
    """A registration refused by an abuse limit (``services.throttle``; pages and API: 429),
    with the wait in seconds and a message in Indonesian that says it."""

    def __init__(
        self,
        code: str = "registration_rate_limited",
        message: str = "",
        retry_after_seconds: int = 60,
    ) -> None:
        self.code = code
        self.retry_after_seconds = retry_after_seconds
        self.message = message or (
            "Terlalu banyak pendaftaran dari alamat jaringan ini dalam waktu singkat. "
            f"Coba lagi dalam {wait_text(retry_after_seconds)}."
        )
        super().__init__(self.message)


def wait_text(seconds: int) -> str:
    """'45 detik', '12 menit': how long to wait, in words."""
    if seconds < 60:
        return f"{max(1, seconds)} detik"
    return f"{math.ceil(seconds / 60)} menit"


def _status_url(registration: Registration) -> str:
    return reverse("registry:status", args=[registration.pk])
