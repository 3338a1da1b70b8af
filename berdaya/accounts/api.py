from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from ninja import Router, Schema, Status

from berdaya.accounts.selectors import role_assignments
from berdaya.accounts.services import token_issue, token_revoke
from berdaya.accounts.two_factor import has_enrolled, needs_second_factor, verify_second_factor

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None  # the authenticator code, for accounts with two-factor login


class TokenOut(Schema):
    token: str
    expires_at: datetime


class ErrorOut(Schema):
    code: str
    message: str


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


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def token_create(request, payload: TokenIn):
    """Exchange a phone number (or email) and password for a bearer token."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(
            401, {"code": "invalid_credentials", "message": "Nomor HP/email atau kata sandi salah."}
        )
    if needs_second_factor(user):
        if not has_enrolled(user):
            return Status(
                401,
                {
                    "code": "otp_enrollment_required",
                    "message": "Aktifkan verifikasi dua langkah di halaman akun terlebih dahulu.",
                },
            )
        if verify_second_factor(user=user, token=payload.otp or "") is None:
            return Status(
                401,
                {"code": "otp_required", "message": "Kode verifikasi dua langkah salah/kosong."},
            )
    key, token = token_issue(user=user)
    return Status(200, {"token": key, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None})
def token_delete(request):
    """Revoke the bearer token used for this request."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token_revoke(key=header.split(" ", 1)[1].strip())
    return Status(204, None)


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
