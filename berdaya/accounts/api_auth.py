"""API authentication: bearer tokens (``Authorization: Bearer ...``) or the page session. Used by
``berdaya.api.api`` for every router, and by routers that set their own ``auth``.

Both ways ask for the verified second factor when the user needs one (``otp_required``). A
session is CSRF-checked on unsafe methods; an anonymous request is not (it gets 401, not 403).
"""

from __future__ import annotations

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from berdaya.accounts.services import token_authenticate_full
from berdaya.accounts.two_factor import needs_second_factor


class ApiRefusal(Exception):
    """Authentication found the caller but refuses them: ``status`` with ``{code, message}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(message)


def second_factor_missing() -> ApiRefusal:
    return ApiRefusal(
        401,
        "otp_required",
        "Akun ini memerlukan verifikasi dua langkah: masuk dengan kode dari aplikasi autentikator.",
    )


class BearerAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_authenticate_full(key=token)
        if found is None:
            return None
        user, token_row = found
        if needs_second_factor(user) and not token_row.second_factor:
            raise second_factor_missing()
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The page session (cookie). Anonymous: no decision here (the API answers 401)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only once a user is found

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and check_csrf(request):
            raise ApiRefusal(
                403,
                "csrf_failed",
                "Token CSRF tidak ada atau salah. Muat ulang halaman lalu coba lagi.",
            )
        if needs_second_factor(user) and not user.is_verified():
            raise second_factor_missing()
        return user


API_AUTH = [BearerAuth(), SessionAuth()]
