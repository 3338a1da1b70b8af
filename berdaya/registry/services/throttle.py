"""Abuse limits of the public registration, and the registration events that raise them
(issue 13). Limits count what an abuser needs, not one address's ordinary day: a kelurahan
hall's Wi-Fi or a mobile carrier's shared address (CGNAT) carries a whole queue of people.

- the same phone: at most ``BERDAYA_REGISTRATION_PHONE_LIMIT`` attempts in a sliding hour;
- the same NIK: at most ``BERDAYA_REGISTRATION_NIK_LIMIT`` in an hour;
- the same device (the registration pages' cookie): ``BERDAYA_REGISTRATION_DEVICE_LIMIT`` an hour;
- one client address: ``BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE`` in a sliding minute, far above
  a registration desk's pace; during a registration event at that address, the event's own
  allowance a minute and no device limit (the venue's tablets register many people).

Counted in the database (so across processes), phone and NIK as keyed hashes only."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from berdaya.accounts.office import contact_sentence
from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, Problem, RuleError
from berdaya.core.locks import lock_names
from berdaya.registry.models import RegistrationAttempt, RegistrationEvent, RegistryEvents
from berdaya.registry.services.common import RegistrationThrottled, wait_text

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
EVENT_MAX_DAYS = 7
EVENT_MAX_ALLOWANCE = 600


def _key(kind: str, value: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _wait(queryset, limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until fewer than ``limit`` attempts of ``queryset`` are in the window, or None
    when the limit is not reached."""
    times = list(
        queryset.filter(created_at__gt=now - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return max(1, math.ceil((times[limit - 1] + window - now).total_seconds()))


def event_active(client_address: str, now: datetime | None = None) -> RegistrationEvent | None:
    """The registration event running now at this client address, if any."""
    now = now or timezone.now()
    return (
        RegistrationEvent.objects.filter(
            client_address=client_address, starts_at__lte=now, ends_at__gt=now
        )
        .order_by("-allowance_per_minute")
        .first()
    )


def registration_throttle(
    *, client_address: str, phone: str = "", nik: str = "", device: str = ""
) -> None:
    """Count this attempt, or refuse it (``RegistrationThrottled``) with the longest wait of
    the limits it reached."""
    now = timezone.now()
    phone_key = _key("phone", phone) if phone else ""
    nik_key = _key("nik", nik) if nik else ""
    device = (device or "")[:64]
    client_address = (client_address or "")[:64]
    with transaction.atomic():
        # Attempts with the same phone, NIK, device or address count one after the other.
        lock_names(
            "registration", phone=phone_key, nik=nik_key, device=device, address=client_address
        )
        attempts = RegistrationAttempt.objects.all()
        refusals: list[RegistrationThrottled] = []
        if phone_key:
            wait = _wait(
                attempts.filter(phone_key=phone_key),
                settings.BERDAYA_REGISTRATION_PHONE_LIMIT,
                HOUR,
                now,
            )
            if wait:
                refusals.append(_same("registration_same_phone", "Nomor HP ini", wait))
        if nik_key:
            wait = _wait(
                attempts.filter(nik_key=nik_key), settings.BERDAYA_REGISTRATION_NIK_LIMIT, HOUR, now
            )
            if wait:
                refusals.append(_same("registration_same_nik", "NIK ini", wait))
        event = event_active(client_address, now) if client_address else None
        if device and event is None:
            wait = _wait(
                attempts.filter(device=device),
                settings.BERDAYA_REGISTRATION_DEVICE_LIMIT,
                HOUR,
                now,
            )
            if wait:
                refusals.append(_same("registration_same_device", "Perangkat ini", wait))
        if client_address:
            per_minute = (
                event.allowance_per_minute
                if event
                else settings.BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE
            )
            wait = _wait(attempts.filter(client_address=client_address), per_minute, MINUTE, now)
            if wait:
                refusals.append(RegistrationThrottled(retry_after_seconds=wait))
        if refusals:
            raise max(refusals, key=lambda r: r.retry_after_seconds)
        RegistrationAttempt.objects.create(
            client_address=client_address,
            phone_key=phone_key,
            nik_key=nik_key,
            device=device,
            created_at=now,
        )
        RegistrationAttempt.objects.filter(created_at__lt=now - 2 * HOUR).delete()


def _same(code: str, what: str, wait: int) -> RegistrationThrottled:
    return RegistrationThrottled(
        code=code,
        message=(
            f"{what} sudah terlalu sering dipakai untuk mendaftar dalam satu jam terakhir. "
            f"Coba lagi dalam {wait_text(wait)}. Jika Anda sudah terdaftar, masuk dengan akun "
            f"Anda atau {contact_sentence()}."
        ),
        retry_after_seconds=wait,
    )


def registration_event_open(
    *,
    actor,
    name: str,
    place: str,
    client_address: str,
    starts_at: datetime,
    ends_at: datetime,
    allowance_per_minute: int,
) -> RegistrationEvent:
    """DKUM staff open a registration event: during [starts_at, ends_at) registrations from
    ``client_address`` get ``allowance_per_minute`` and no device limit."""
    if not is_staff(actor):
        raise AccessDenied()
    problems = []
    name, place = (name or "").strip(), (place or "").strip()
    if not name:
        problems.append(Problem("name_required", "Nama acara wajib diisi.", "name"))
    if not place:
        problems.append(Problem("place_required", "Tempat acara wajib diisi.", "place"))
    try:
        client_address = str(ipaddress.ip_address((client_address or "").strip()))
    except ValueError:
        problems.append(
            Problem(
                "client_address_invalid",
                "Isi alamat IP publik tempat acara, misalnya 36.80.12.34.",
                "client_address",
            )
        )
    if not starts_at or not ends_at or ends_at <= starts_at:
        problems.append(Problem("ends_at_invalid", "Waktu selesai harus setelah mulai.", "ends_at"))
    elif ends_at - starts_at > timedelta(days=EVENT_MAX_DAYS):
        problems.append(
            Problem("ends_at_invalid", f"Acara paling lama {EVENT_MAX_DAYS} hari.", "ends_at")
        )
    elif ends_at <= timezone.now():  # an allowance that could never be used
        problems.append(
            Problem(
                "ends_at_past",
                "Waktu selesai sudah lewat. Isi waktu acara yang akan datang.",
                "ends_at",
            )
        )
    if not 1 <= (allowance_per_minute or 0) <= EVENT_MAX_ALLOWANCE:
        problems.append(
            Problem(
                "allowance_invalid",
                f"Batas per menit antara 1 dan {EVENT_MAX_ALLOWANCE}.",
                "allowance_per_minute",
            )
        )
    if problems:
        raise RuleError(*problems)
    with transaction.atomic():
        event = RegistrationEvent.objects.create(
            name=name,
            place=place,
            client_address=client_address,
            starts_at=starts_at,
            ends_at=ends_at,
            allowance_per_minute=allowance_per_minute,
            created_by=actor,
        )
        events.record(
            event,
            RegistryEvents.REGISTRATION_EVENT_OPENED,
            actor=actor,
            data={"allowance_per_minute": allowance_per_minute},
        )
    return event
