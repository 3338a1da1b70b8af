"""Log in with a phone number (any Indonesian format) or an email address."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.accounts.throttle import (
    login_identifier,
    throttle_attempt,
    throttle_refuse,
    throttle_withdraw,
)
from berdaya.core.client import client_address
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
    """Every password check made with a request (login page, API token, Django admin login) goes
    through the login throttle: a locked (login, address) pair or address is refused whatever the
    password, and each wrong password is counted. A refusal is left on the request
    (``throttle_refusal``) so that the caller can answer 429 rather than "wrong password".
    Callers reset the count after a full login."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("phone")
        login = login_identifier(username)
        address = client_address(request) if request is not None else ""
        attempt = None
        if request is not None:
            # Counted as a failure before the password is checked, so that checks arriving at
            # the same moment cannot all get past the limit; taken back if it is right.
            locked, attempt = throttle_attempt(login=login, address=address)
            if locked is not None:
                throttle_refuse(request, locked)
                raise PermissionDenied  # stops every backend: authenticate() answers None
        user = find_login_user(username or "")
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle_withdraw(attempt)
            return user
        return None
