"""Users, roles with their territory or institution scope, and API tokens."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

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
        return self.full_name.split(" ")[0] if self.full_name else str(self.phone)


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
        # One row per (user, role, scope): role_assign() gets or creates it. A database constraint
        # over the nullable scope columns would need NULLS NOT DISTINCT, which SQLite lacks.
        indexes = [models.Index(fields=["role", "kelurahan", "rw", "rt"])]

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

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user}"
