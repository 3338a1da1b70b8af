"""Accounts API: bearer tokens (issue, revoke one, revoke all) and the caller's profile."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from ninja import Router, Schema, Status
from pydantic import Field

from berdaya.accounts.selectors import role_assignments
from berdaya.accounts.services import token_issue, token_revoke, tokens_revoke_all
from berdaya.accounts.throttle import (
    Locked,
    login_identifier,
    throttle_attempt,
    throttle_refusal,
    throttle_succeed,
    throttle_withdraw,
)
from berdaya.accounts.two_factor import has_enrolled, needs_second_factor, verify_second_factor
from berdaya.core.api_schemas import ApiError, ApiThrottled
from berdaya.core.cleaning.schemas import CleanSchema
from berdaya.core.client import client_address

router = Router(tags=["auth"])


class LoginThrottled(Exception):
    """The token endpoint refuses this login from this address for now (API: 429)."""

    def __init__(self, locked: Locked) -> None:
        self.locked = locked
        super().__init__(locked.message)


class TokenIn(CleanSchema):
    username: str = Field(max_length=254, description="Nomor HP atau email")
    password: str = Field(max_length=128)
    otp: str | None = Field(
        None, max_length=16, description="Kode aplikasi autentikator (akun dua langkah)"
    )


class TokenOut(Schema):
    token: str
    expires_at: datetime


class RevokedOut(Schema):
    revoked: int = Field(description="Jumlah token yang dicabut")


class RoleOut(Schema):
    role: str
    scope: str
    label: str


class MeOut(Schema):
    id: int
    full_name: str
    phone: str
    email: str | None
    roles: list[RoleOut]


def _refuse(code: str, message: str) -> Status:
    return Status(401, {"code": code, "message": message})


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ApiError, 429: ApiThrottled})
def token_create(request, payload: TokenIn):
    """Exchange a phone number (or email) and password for a bearer token.

    Failures are counted per login and client address: a locked pair gets 429 (with
    ``retry_after_seconds`` and ``Retry-After``) whatever the password; too many failures from one
    address across logins locks that address too. A wrong second-factor code counts as a failure.
    """
    login = login_identifier(payload.username)
    address = client_address(request)
    if not login:
        return _refuse("invalid_credentials", "Nomor HP/email atau kata sandi salah.")
    # The backend counts the check before making it and refuses it over the limit: that is the
    # only check, so attempts arriving together are all answered by the same count.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        locked = throttle_refusal(request)
        if locked is not None:
            raise LoginThrottled(locked)
        return _refuse("invalid_credentials", "Nomor HP/email atau kata sandi salah.")
    second_factor = False
    if needs_second_factor(user):
        if not has_enrolled(user):
            return _refuse(
                "otp_enrollment_required",
                "Aktifkan verifikasi dua langkah di halaman akun terlebih dahulu.",
            )
        if not payload.otp:
            return _refuse("otp_required", "Kode verifikasi dua langkah salah/kosong.")
        # A code is counted like a password: before it is checked, taken back when right.
        locked, attempt = throttle_attempt(login=login, address=address)
        if locked is not None:
            raise LoginThrottled(locked)
        if verify_second_factor(user=user, token=payload.otp) is None:
            return _refuse("otp_required", "Kode verifikasi dua langkah salah/kosong.")
        throttle_withdraw(attempt)
        second_factor = True
    throttle_succeed(login=login, address=address)
    key, token = token_issue(user=user, second_factor=second_factor)
    return Status(200, {"token": key, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None})
def token_delete(request):
    """Revoke the bearer token used for this request."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token_revoke(key=header.split(" ", 1)[1].strip())
    return Status(204, None)


@router.delete("/auth/tokens", response={200: RevokedOut})
def tokens_delete(request):
    """Revoke every token of the caller (all devices). Answers how many were revoked."""
    return Status(200, {"revoked": tokens_revoke_all(user=request.auth)})


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "full_name": user.full_name,
        "phone": str(user.phone),
        "email": user.email,
        "roles": [
            {"role": a.role, "scope": a.scope, "label": a.scope_label}
            for a in role_assignments(user)
        ],
    }
