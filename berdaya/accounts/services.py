"""Writes for users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from berdaya.accounts.models import ApiToken, Institution, Role, RoleAssignment, ScopeKind, User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import ConflictError, RuleError
from berdaya.regions.selectors import kecamatan_get, kelurahan_get

# Which scope each role carries; the scope decides which fields are required.
ROLE_SCOPE: dict[str, str] = {
    Role.PELAKU_USAHA: ScopeKind.SELF,
    Role.PENGURUS_KOPERASI: ScopeKind.SELF,
    Role.KETUA_RT: ScopeKind.RT,
    Role.KETUA_RW: ScopeKind.RW,
    Role.PETUGAS_KELURAHAN: ScopeKind.KELURAHAN,
    Role.STAF_DKUM: ScopeKind.CITY,
    Role.ADMIN_DKUM: ScopeKind.CITY,
    Role.PETUGAS_LEMBAGA: ScopeKind.INSTITUTION,
    Role.PIMPINAN: ScopeKind.CITY,
}


def _positive(value: int | str | None, field: str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if number < 1 or number > 999:
        raise RuleError.one(
            f"{field}_invalid", f"{label} harus berupa angka positif (1-999).", field=field
        )
    return number


def user_create(
    *,
    full_name: str,
    phone: str,
    password: str | None,
    email: str | None = None,
    validate: bool = True,
    password_hash: str | None = None,
) -> User:
    """Create a user. Refuses an invalid or taken phone/email and (with ``validate``) a weak
    password. The password is hashed before the write transaction (ADR 0009); a caller that
    opens its own transaction hashes first with ``make_password`` and passes ``password_hash``."""
    name = (full_name or "").strip()
    if not name:
        raise RuleError.one("name_required", "Nama lengkap wajib diisi.", field="full_name")
    normalized = normalize_phone(phone)
    email = (email or "").strip().lower() or None
    if User.objects.filter(phone=normalized).exists():
        raise ConflictError("phone_registered", "Nomor HP ini sudah terdaftar.")
    if email and User.objects.filter(email__iexact=email).exists():
        raise ConflictError("email_registered", "Email ini sudah terdaftar.")
    if validate and password is not None:
        try:
            validate_password(password, User(full_name=name, phone=normalized, email=email))
        except ValidationError as exc:
            raise RuleError.one("password_weak", " ".join(exc.messages), field="password") from None
    encoded = password_hash or make_password(password)  # slow (Argon2id): never in a transaction
    try:
        with transaction.atomic():
            return User.objects.create(
                phone=normalized, password=encoded, full_name=name, email=email
            )
    except IntegrityError:
        raise ConflictError(
            "phone_registered", "Nomor HP atau email ini sudah terdaftar."
        ) from None


def role_assign(
    *,
    user: User,
    role: str,
    kecamatan_code: str | None = None,
    kelurahan_code: str | None = None,
    rw: int | str | None = None,
    rt: int | str | None = None,
    institution_code: str | None = None,
) -> RoleAssignment:
    """Give ``user`` a role with its scope. Giving the same role and scope twice returns the
    existing assignment."""
    if role not in Role.values:
        raise RuleError.one("role_unknown", f"Peran {role!r} tidak dikenal.", field="role")
    scope = ROLE_SCOPE[role]
    fields: dict = {
        "kecamatan": None,
        "kelurahan": None,
        "rw": None,
        "rt": None,
        "institution": None,
    }
    if scope == ScopeKind.KELURAHAN and kecamatan_code and not kelurahan_code:
        # A territory officer may cover a whole kecamatan (``--kecamatan`` without ``--kelurahan``).
        scope = ScopeKind.KECAMATAN
        fields["kecamatan"] = kecamatan_get(kecamatan_code)
    if scope in (ScopeKind.RT, ScopeKind.RW, ScopeKind.KELURAHAN):
        if not kelurahan_code:
            raise RuleError.one(
                "kelurahan_required", "Peran ini memerlukan kelurahan.", field="kelurahan_code"
            )
        fields["kelurahan"] = kelurahan_get(kelurahan_code)
    if scope in (ScopeKind.RT, ScopeKind.RW):
        fields["rw"] = _positive(rw, "rw", "RW")
    if scope == ScopeKind.RT:
        fields["rt"] = _positive(rt, "rt", "RT")
    if scope == ScopeKind.CITY and kecamatan_code:
        # Staff may be limited to one kecamatan.
        scope = ScopeKind.KECAMATAN
        fields["kecamatan"] = kecamatan_get(kecamatan_code)
    if scope == ScopeKind.INSTITUTION:
        if not (institution_code or "").strip():
            raise RuleError.one(
                "institution_required",
                "Peran ini memerlukan lembaga (misalnya bjb atau baznas).",
                field="institution_code",
            )
        try:
            fields["institution"] = Institution.objects.get(code=(institution_code or "").strip())
        except Institution.DoesNotExist:
            raise RuleError.one(
                "institution_unknown",
                f"Lembaga {institution_code!r} tidak dikenal.",
                field="institution_code",
            ) from None
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=role, scope=scope, **fields
    )
    if role == Role.ADMIN_DKUM and not (user.is_staff and user.is_superuser):
        # The DKUM admin manages users, products, targets and regions in the Django admin.
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User, second_factor: bool = False) -> tuple[str, ApiToken]:
    """A new API token for ``user``. The plain key is returned once and never stored.
    ``second_factor``: issued after a verified authenticator code."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_hash(key),
        expires_at=timezone.now() + timedelta(days=settings.BERDAYA_TOKEN_DAYS),
        second_factor=second_factor,
    )
    return key, token


def token_authenticate(*, key: str) -> User | None:
    """The active user of a valid, unexpired, unrevoked token, or None."""
    found = token_authenticate_full(key=key)
    return found[0] if found else None


def token_authenticate_full(*, key: str) -> tuple[User, ApiToken] | None:
    """The active user and the token row of a valid, unexpired, unrevoked token, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


def token_revoke(*, key: str) -> bool:
    return bool(
        ApiToken.objects.filter(key_hash=_hash(key), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of ``user``; the number revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
