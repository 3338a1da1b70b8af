"""Two-factor login (TOTP, django-otp) for staff roles.

A user needs a second factor when they enrolled a device, or when they hold a staff role and
``BERDAYA_REQUIRE_STAFF_2FA`` is on (the production default). The page flow, the API token
endpoint and the middleware all ask ``needs_second_factor``.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from berdaya.accounts.models import Role, User
from berdaya.accounts.selectors import has_role
from berdaya.core.errors import RuleError

SECOND_FACTOR_ROLES = (Role.STAF_DKUM, Role.ADMIN_DKUM, Role.PETUGAS_LEMBAGA, Role.PIMPINAN)


def needs_second_factor(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user_has_device(user, confirmed=True):
        return True
    return settings.BERDAYA_REQUIRE_STAFF_2FA and has_role(user, *SECOND_FACTOR_ROLES)


def manual_key(bin_key: bytes) -> str:
    """The secret as authenticator apps accept it when typed: Base32 without padding, in groups
    of 4 (``ABCD EFGH ...``); apps ignore the spaces."""
    text = base64.b32encode(bytes(bin_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def has_enrolled(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first call (enrolment step 1)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)
    return device


def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Enrolment step 2: the first code from the app confirms the device."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token((token or "").strip()):
            raise RuleError.one(
                "otp_invalid", "Kode tidak cocok. Coba kode terbaru.", field="token"
            )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def verify_second_factor(*, user: User, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts ``token``, or None. The devices are locked while
    the code is checked (django-otp's ``for_verify``: a code is used once, and its failure
    counter counts every wrong one), which needs a transaction."""
    token = (token or "").strip()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None
