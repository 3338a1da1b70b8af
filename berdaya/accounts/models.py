"""Users, roles with their territory or institution scope, and API tokens."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from berdaya.core.dates import short_datetime
from berdaya.regions.models import RW_RT_VALIDATORS, Kecamatan, Kelurahan


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra) -> User:
        from berdaya.accounts.phones import normalize_phone

        email = extra.pop("email", None) or None
        user = self.model(
            phone=normalize_phone(phone),
            email=self.normalize_email(email) if email else None,
            **extra,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, with a phone number (their WhatsApp) and optionally an email."""

    phone = PhoneNumberField("nomor HP", unique=True, region="ID")
    email = models.EmailField("email", unique=True, null=True, blank=True)
    full_name = models.CharField("nama lengkap", max_length=150)
    nickname = models.CharField(
        "nama panggilan",
        max_length=40,
        blank=True,
        default="",
        help_text="Nama untuk menyapa, misalnya Tuti. Kosong: kata pertama nama lengkap.",
    )
    is_active = models.BooleanField("aktif", default=True)
    is_staff = models.BooleanField("akses admin Django", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.full_name or str(self.phone)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The name people are called by: the nickname, else the first word of the full name that
        is not an initial ("T. Wulandari" -> "Wulandari"), else the first word."""
        if self.nickname.strip():
            return self.nickname.strip()
        words = self.full_name.split()
        if not words:
            return str(self.phone)
        for word in words:
            if len(word.rstrip(".,")) > 1 and not word.endswith("."):
                return word.rstrip(",")
        return words[0]

    def save(self, *args, **kwargs) -> None:
        # A new password or a deactivation ends the user's API tokens (their other sessions end
        # with the password hash, or with is_active, on their next request).
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        deactivated = (
            self.pk is not None
            and not self.is_active
            and User.objects.filter(pk=self.pk, is_active=True).exists()
        )
        super().save(*args, **kwargs)
        if password_changed or deactivated:
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )


class Role(models.TextChoices):
    PELAKU_USAHA = "pelaku_usaha", "Pelaku usaha"
    PENGURUS_KOPERASI = "pengurus_koperasi", "Pengurus koperasi"
    KETUA_RT = "ketua_rt", "Ketua RT"
    KETUA_RW = "ketua_rw", "Ketua RW"
    PETUGAS_KELURAHAN = "petugas_kelurahan", "Petugas kelurahan"
    STAF_DKUM = "staf_dkum", "Staf DKUM"
    ADMIN_DKUM = "admin_dkum", "Admin DKUM"
    PETUGAS_LEMBAGA = "petugas_lembaga", "Petugas lembaga pembiayaan"
    PIMPINAN = "pimpinan", "Pimpinan"


class Institution(models.Model):
    """A lender or partner institution (Bank BJB, BAZNAS Kota Depok)."""

    code = models.SlugField("kode", max_length=32, unique=True)
    name = models.CharField("nama", max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = "lembaga"
        verbose_name_plural = "lembaga"

    def __str__(self) -> str:
        return self.name


class ScopeKind(models.TextChoices):
    SELF = "self", "Data sendiri"
    RT = "rt", "RT"
    RW = "rw", "RW"
    KELURAHAN = "kelurahan", "Kelurahan"
    KECAMATAN = "kecamatan", "Kecamatan"
    CITY = "city", "Kota"
    INSTITUTION = "institution", "Lembaga"


class RoleAssignment(models.Model):
    """One role of one user, with the territory or institution it reaches."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("peran", max_length=32, choices=Role.choices)
    scope = models.CharField("jangkauan", max_length=16, choices=ScopeKind.choices)
    kecamatan = models.ForeignKey(
        Kecamatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kelurahan = models.ForeignKey(
        Kelurahan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rw = models.PositiveSmallIntegerField("RW", null=True, blank=True, validators=RW_RT_VALIDATORS)
    rt = models.PositiveSmallIntegerField("RT", null=True, blank=True, validators=RW_RT_VALIDATORS)
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "peran pengguna"
        verbose_name_plural = "peran pengguna"
        indexes = [models.Index(fields=["role", "kelurahan", "rw", "rt"])]
        # One row per (user, role, scope): role_assign() gets or creates it, and two at the same
        # moment make one. The scope columns may be empty (NULL), so they are compared with
        # COALESCE (NULLS NOT DISTINCT is missing from SQLite).
        constraints = [
            models.UniqueConstraint(
                "user", "role", "scope", Coalesce("kecamatan", models.Value("")),
                Coalesce("kelurahan", models.Value("")), Coalesce("rw", models.Value(0)),
                Coalesce("rt", models.Value(0)), Coalesce("institution", models.Value(0)),
                name="role_assignment_once",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.scope == ScopeKind.RT:
            return f"RT {self.rt}/RW {self.rw} {self.kelurahan}"
        if self.scope == ScopeKind.RW:
            return f"RW {self.rw} {self.kelurahan}"
        if self.scope == ScopeKind.KELURAHAN:
            return f"Kelurahan {self.kelurahan}"
        if self.scope == ScopeKind.KECAMATAN:
            return f"Kecamatan {self.kecamatan}"
        if self.scope == ScopeKind.INSTITUTION:
            return str(self.institution)
        return self.get_scope_display()


class ApiToken(models.Model):
    """A bearer token for the API: only its SHA-256 hash is stored; it expires, can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Issued after a verified second factor (the authenticator code): a user who needs one may
    # use only such tokens.
    second_factor = models.BooleanField("dengan verifikasi dua langkah", default=False)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user}"


class LoginFailure(models.Model):
    """One failed login (page or API) for a login identifier from a client address; the
    throttle in ``berdaya.accounts.throttle`` counts them in a sliding window."""

    login = models.CharField(max_length=254)
    address = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "kegagalan masuk"
        verbose_name_plural = "kegagalan masuk"
        indexes = [
            models.Index(fields=["login", "address", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.login} @ {self.address}"


class BreachStatus(models.TextChoices):
    OPEN = "open", "Dilaporkan, belum diberitahukan"
    NOTIFIED = "notified", "Sudah diberitahukan"
    CLOSED = "closed", "Ditutup"


# UU 27/2022 Pasal 46: the data subjects and the authority are told in writing within 3 x 24 hours.
BREACH_NOTIFICATION_HOURS = 72


class BreachReport(models.Model):
    """The breach register kept for the data protection officer: each suspected or confirmed
    failure of personal data protection, with its 3 x 24-hour notification deadline."""

    discovered_at = models.DateTimeField("diketahui pada", default=timezone.now)
    reported_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="dilaporkan oleh",
    )
    summary = models.CharField("ringkasan", max_length=200)
    description = models.TextField("uraian (apa, bagaimana, sejak kapan)", blank=True)
    data_categories = models.CharField(
        "jenis data pribadi",
        max_length=200,
        blank=True,
        help_text="Misalnya NIK, nomor HP, alamat.",
    )
    subjects_affected = models.PositiveIntegerField("perkiraan jumlah subjek data", default=0)
    actions_taken = models.TextField("langkah penanganan dan pemulihan", blank=True)
    status = models.CharField(
        "status", max_length=16, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    notified_at = models.DateTimeField("diberitahukan pada", null=True, blank=True)
    created_at = models.DateTimeField("dicatat pada", auto_now_add=True)

    class Meta:
        ordering = ["-discovered_at"]
        verbose_name = "laporan kegagalan pelindungan data"
        verbose_name_plural = "register kegagalan pelindungan data"

    def __str__(self) -> str:
        return self.summary

    @property
    def notification_deadline(self):
        from datetime import timedelta

        return self.discovered_at + timedelta(hours=BREACH_NOTIFICATION_HOURS)

    @property
    def is_overdue(self) -> bool:
        if self.notified_at is not None:
            return self.notified_at > self.notification_deadline
        return timezone.now() > self.notification_deadline


class PasswordResetCode(models.Model):
    """A request for a password-reset code sent by WhatsApp/SMS (``berdaya.accounts.reset_code``).
    Every request is a row, also for a number with no account (no code is made then), so the
    throttle counts per phone and per client address. Only a keyed hash of the code is kept."""

    phone = models.CharField(max_length=20)
    address = models.CharField(max_length=64)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "kode atur ulang kata sandi"
        verbose_name_plural = "kode atur ulang kata sandi"
        indexes = [
            models.Index(fields=["phone", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {short_datetime(self.created_at)}"
