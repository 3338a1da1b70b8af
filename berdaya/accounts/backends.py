"""Log in with a phone number (any Indonesian format) or an email address."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError


def find_login_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    try:
        phone = normalize_phone(identifier)
    except RuleError:
        return None
    return User.objects.filter(phone=phone).first()


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("phone")
        user = find_login_user(username or "")
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials=None) -> str:
    """The login identifier django-axes throttles on, normalised so that '0812...' and
    '+62812...' count as one account."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    raw = (raw or "").strip()
    if "@" in raw:
        return raw.lower()
    try:
        return normalize_phone(raw)
    except RuleError:
        return raw
