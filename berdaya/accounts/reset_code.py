"""Password reset by a one-time code sent by WhatsApp/SMS, for accounts without email.

``reset_code_request`` answers the same whether or not the number has an account (no account
enumeration); a code is made only for an active account, as 6 random digits of which only a keyed
hash (HMAC-SHA256 with ``SECRET_KEY``) is stored. It lives ``BERDAYA_RESET_CODE_MINUTES``, is spent
by its first correct use or by ``BERDAYA_RESET_CODE_TRIES`` wrong ones, and a new code spends the
older ones. Requests are throttled per phone and per client address in a sliding hour. The code
goes straight to the message gateway on commit (it is not kept in the outbound-message table).
Setting the password saves the user, which revokes their API tokens (``User.save``) and ends their
other sessions (Django's session hash follows the password).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from berdaya.accounts.models import PasswordResetCode, User
from berdaya.accounts.office import contact_sentence
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError
from berdaya.core.gateways import get_gateway
from berdaya.core.locks import lock_names

__all__ = ["ResetThrottled", "reset_code_request", "reset_code_use"]

WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class ResetThrottled:
    code: str  # reset_too_many_phone / reset_too_many_address
    retry_after_seconds: int

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        return (
            "Terlalu banyak permintaan kode untuk nomor ini atau dari perangkat ini. "
            f"Coba lagi dalam {minutes} menit, atau {contact_sentence()}."
        )


def _hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"reset-code:{code}".encode(), hashlib.sha256).hexdigest()


def _throttled(*, phone: str, address: str, now) -> ResetThrottled | None:
    since = now - WINDOW
    checks = (
        ("reset_too_many_phone", {"phone": phone}, settings.BERDAYA_RESET_CODE_PHONE_LIMIT),
        ("reset_too_many_address", {"address": address}, settings.BERDAYA_RESET_CODE_ADDRESS_LIMIT),
    )
    found = []
    for code, where, limit in checks:
        times = list(
            PasswordResetCode.objects.filter(created_at__gt=since, **where)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(times) >= limit:
            until = times[limit - 1] + WINDOW
            found.append(ResetThrottled(code, math.ceil((until - now).total_seconds())))
    return max(found, key=lambda t: t.retry_after_seconds, default=None)


def reset_code_request(*, phone: str, address: str) -> ResetThrottled | None:
    """Send a reset code to ``phone`` when it belongs to an active account. Returns the throttle
    when refused (nothing recorded or sent then), else None. Raises ``phone_invalid``."""
    normalized = normalize_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        # Requests for the same phone or from the same address count one after the other.
        lock_names("reset-code", phone=str(normalized), address=address[:64])
        refused = _throttled(phone=normalized, address=address[:64], now=now)
        if refused is not None:
            return refused
        user = User.objects.filter(phone=normalized, is_active=True).first()
        code = f"{secrets.randbelow(10**6):06d}" if user is not None else ""
        if user is not None:
            PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        PasswordResetCode.objects.create(
            phone=normalized,
            address=address[:64],
            user=user,
            code_hash=_hash(code) if code else "",
            created_at=now,
            expires_at=now + timedelta(minutes=settings.BERDAYA_RESET_CODE_MINUTES),
        )
        if user is not None:
            minutes = settings.BERDAYA_RESET_CODE_MINUTES
            text = (
                f"Berdaya: kode atur ulang kata sandi Anda {code}. Berlaku {minutes} menit. "
                "Jangan berikan kode ini kepada siapa pun, termasuk petugas."
            )
            transaction.on_commit(lambda: get_gateway().send(phone=normalized, text=text))
    return None


def reset_code_use(*, phone: str, code: str, password: str) -> User:
    """Set a new password with a valid code. Refusals: ``phone_invalid``, ``reset_code_invalid``
    (wrong, expired, spent or unknown: one message, so nothing is learnt about the account),
    ``password_weak``."""
    normalized = normalize_phone(phone)
    code = "".join((code or "").split())
    invalid = RuleError.one(
        "reset_code_invalid",
        "Kode salah atau sudah tidak berlaku. Minta kode baru bila perlu.",
        field="code",
    )
    now = timezone.now()
    with transaction.atomic():
        row = (
            PasswordResetCode.objects.select_for_update()
            .select_related("user")
            .filter(phone=normalized, user__isnull=False, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if row is None:
            raise invalid
        if not (code.isdigit() and hmac.compare_digest(row.code_hash, _hash(code))):
            row.tries += 1
            if row.tries >= settings.BERDAYA_RESET_CODE_TRIES:
                row.used_at = now
            row.save(update_fields=["tries", "used_at"])  # kept: raised after the commit
            return_error = invalid
        else:
            return_error = None
    if return_error is not None:
        raise return_error
    user = row.user
    if user is None:  # excluded by the query; keeps the type checker honest
        raise invalid
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise RuleError.one("password_weak", " ".join(exc.messages), field="password") from None
    with transaction.atomic():
        spent = PasswordResetCode.objects.filter(pk=row.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:
            raise invalid
        user.set_password(password)
        user.save()  # revokes the API tokens; other sessions end with the password hash
    return user
