"""Berdaya settings. Every value that differs between machines comes from the environment.

The README lists each variable with its default. Values are read once here through the typed
helpers in ``config.env``, which stop start-up with a message naming a bad variable.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BERDAYA_VAR_DIR", str(BASE_DIR / "var")))

BERDAYA_ENV = env_choice("BERDAYA_ENV", ("development", "test", "production"), "development")
PRODUCTION = BERDAYA_ENV == "production"

_DEV_SECRET = "berdaya-development-only-secret-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY == _DEV_SECRET
    or "insecure" in SECRET_KEY
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when "
        "BERDAYA_ENV=production."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when BERDAYA_ENV=production.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The kabupaten/kota this installation serves (Kemendagri code). Depok is 32.76.
BERDAYA_CITY_CODE = env_str("BERDAYA_CITY_CODE", "32.76")
# A new entrepreneur's business started no more than this many months before registration.
BERDAYA_NEW_ENTREPRENEUR_MONTHS = env_int("BERDAYA_NEW_ENTREPRENEUR_MONTHS", 12, minimum=1)
# Abuse limits of the public registration (berdaya.registry.services.throttle): what an abuser
# needs, not one address's ordinary day (a kelurahan hall's Wi-Fi and mobile CGNAT share one
# address). The same phone or the same NIK at most N times, the same device (cookie) at most N
# times, all in a sliding hour; one client address at most N a minute (a registration desk does
# about one person in 3 minutes). A registration event opened by DKUM staff raises its venue's
# address allowance and lifts the device limit for its time window.
BERDAYA_REGISTRATION_PHONE_LIMIT = env_int("BERDAYA_REGISTRATION_PHONE_LIMIT", 5, minimum=1)
BERDAYA_REGISTRATION_NIK_LIMIT = env_int("BERDAYA_REGISTRATION_NIK_LIMIT", 3, minimum=1)
BERDAYA_REGISTRATION_DEVICE_LIMIT = env_int("BERDAYA_REGISTRATION_DEVICE_LIMIT", 10, minimum=1)
BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE = env_int(
    "BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE", 20, minimum=1
)
# Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For entry is the client's
# address for throttles and audit; 0 trusts only REMOTE_ADDR.
BERDAYA_PROXY_COUNT = env_int("BERDAYA_PROXY_COUNT", 0, minimum=0)
# Where WhatsApp/SMS messages go: "log" writes them to the log; a real provider plugs in here.
BERDAYA_MESSAGE_GATEWAY = env_str("BERDAYA_MESSAGE_GATEWAY", "berdaya.core.gateways.LogGateway")
# The dashboard's monthly summary table is rebuilt whole (in the background) when its last whole
# rebuild is older than this; new verifications, certificates and loans are counted at once.
BERDAYA_TARGETS_TALLY_SECONDS = env_int("BERDAYA_TARGETS_TALLY_SECONDS", 600, minimum=0)
# Lifetime of API tokens.
BERDAYA_TOKEN_DAYS = env_int("BERDAYA_TOKEN_DAYS", 30, minimum=1)
# Cooperatives: consecutive closed years without a RAT that bring a warning letter, and a
# dissolution warning (Permenkop 19/2015; the practice of other dinas).
BERDAYA_RAT_WARNING_YEARS = env_int("BERDAYA_RAT_WARNING_YEARS", 2, minimum=1)
BERDAYA_RAT_DISSOLUTION_YEARS = env_int("BERDAYA_RAT_DISSOLUTION_YEARS", 3, minimum=1)
# Public base URL used in letters, certificates and QR codes.
BERDAYA_PUBLIC_URL = env_str("BERDAYA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "phonenumber_field",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "ninja",
    "berdaya.core",
    "berdaya.regions",
    "berdaya.accounts",
    "berdaya.registry",
    "berdaya.training",
    "berdaya.financing",
    "berdaya.targets",
    "berdaya.cooperatives",
    "berdaya.catalog",
    "berdaya.opportunities",
    "berdaya.imports",
    "berdaya.api",
    "berdaya.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "berdaya.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed (static files come pre-compressed from WhiteNoise, which answers
    # before this). BREACH: Django's GZipMiddleware pads each response with random bytes
    # ("Heal the Breach") and the CSRF token in a page is masked afresh on every response, so
    # its secret cannot be guessed from compressed lengths (README "Compression and BREACH").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "berdaya.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "berdaya.accounts.middleware.StaffSessionMiddleware",
    "berdaya.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "berdaya.portal.context_processors.berdaya",
            ],
            "builtins": ["berdaya.core.templatetags.berdaya_format"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# Embedded default: one SQLite file under var/, in WAL mode with IMMEDIATE transactions and a busy
# timeout, so the web process, the worker and a management command can write at the same time.
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'berdaya.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
        ),
    }
DATABASES["default"]["TEST"] = {"NAME": env_str("BERDAYA_TEST_DB_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs ------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 300}}
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if env_bool("BERDAYA_TASKS_IMMEDIATE", default=False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Cache ----------------------------------------------------------------------------------
# The public catalog pages and lists are cached (berdaya.catalog.page_cache, cache_keys). With
# REDIS_URL the web processes share one cache, so a catalog write (which bumps the catalog's
# version) shows at once in all of them; without it each process keeps its own copies in memory
# and the others show a change within 60 seconds. Tests keep a cache per process.
if REDIS_URL and BERDAYA_ENV != "test":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "berdaya",
        }
    }

# --- Accounts and login ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["berdaya.accounts.backends.PhoneOrEmailBackend"]
# Argon2id at the OWASP parameters first (docs/adr/0009-password-hashing.md); the older hashers
# stay after it so existing passwords still verify and are re-hashed with Argon2id on login.
PASSWORD_HASHERS = [
    "berdaya.accounts.hashers.BerdayaArgon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# Throttle guessing (login page and API token endpoint alike, berdaya.accounts.throttle): after
# N failures for one login from one address that pair waits; a higher limit counts failures from
# one address across logins (password spraying). Both in a sliding window of LOCK_MINUTES.
BERDAYA_LOGIN_THROTTLE = env_bool("BERDAYA_LOGIN_THROTTLE", default=True)
BERDAYA_LOGIN_FAILURE_LIMIT = env_int("BERDAYA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
BERDAYA_LOGIN_ADDRESS_LIMIT = env_int("BERDAYA_LOGIN_ADDRESS_LIMIT", 30, minimum=1)
BERDAYA_LOGIN_LOCK_MINUTES = env_int("BERDAYA_LOGIN_LOCK_MINUTES", 15, minimum=1)
# Password reset by a one-time code sent by WhatsApp/SMS (for accounts without email): the code
# lives this many minutes; at most PHONE_LIMIT codes per phone and ADDRESS_LIMIT per client
# address in a sliding hour; a code takes at most this many wrong tries before it dies.
BERDAYA_RESET_CODE_MINUTES = env_int("BERDAYA_RESET_CODE_MINUTES", 15, minimum=1)
BERDAYA_RESET_CODE_PHONE_LIMIT = env_int("BERDAYA_RESET_CODE_PHONE_LIMIT", 3, minimum=1)
BERDAYA_RESET_CODE_ADDRESS_LIMIT = env_int("BERDAYA_RESET_CODE_ADDRESS_LIMIT", 10, minimum=1)
BERDAYA_RESET_CODE_TRIES = env_int("BERDAYA_RESET_CODE_TRIES", 5, minimum=1)

# Sessions of staff roles (those that need a second factor) end after a working day whatever
# happens, and after this long without a request. Other users keep Django's two-week cookie.
BERDAYA_STAFF_SESSION_HOURS = env_int("BERDAYA_STAFF_SESSION_HOURS", 8, minimum=1)
BERDAYA_STAFF_IDLE_MINUTES = env_int("BERDAYA_STAFF_IDLE_MINUTES", 30, minimum=1)

# Two-factor login (TOTP) for staff roles: required in production by default. A user who enrolled a
# device always needs it, whatever this says.
BERDAYA_REQUIRE_STAFF_2FA = env_bool("BERDAYA_REQUIRE_STAFF_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = "Berdaya"

PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DEFAULT_FORMAT = "E164"

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "id"
# One language (docs/adr ADR "One language: Bahasa Indonesia"): the English catalogue covered a
# few shared pages only, so a page could be half English while saying lang="en". UI text stays
# wrapped for i18n so a complete translation can be added later with its switch.
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
# Input formats (config/formats/id): ISO first, the only form date inputs accept (issue 14).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names (cached for a year, immutable) and pre-compressed copies, in production
        # and under ``make run`` (scripts/serve.sh collects them); runserver with DEBUG serves
        # the plain names from the app directories. The test settings use plain storage.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Berdaya <noreply@berdaya.local>")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy of every answer (berdaya.core.middleware): scripts only from our own
# static files, no inline script; style attributes allowed (progress bars), style elements not.
BERDAYA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "worker-src 'self'; manifest-src 'self'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Who receives reports of a personal data breach (the data protection officer), shown in the
# breach register and the README.
BERDAYA_DPO_CONTACT = env_str("BERDAYA_DPO_CONTACT", "pelindungan-data@berdaya.local")
# The office's contact, shown in every page's footer and wherever a page says "hubungi DKUM"
# (templates/includes/office_contact.html).
BERDAYA_OFFICE_PHONE = env_str("BERDAYA_OFFICE_PHONE", "(021) 2967 3000")
BERDAYA_OFFICE_WHATSAPP = env_str("BERDAYA_OFFICE_WHATSAPP", "0812-9000-3276")
BERDAYA_OFFICE_ADDRESS = env_str(
    "BERDAYA_OFFICE_ADDRESS",
    "Gedung Balai Kota Depok lt. 5, Jl. Margonda Raya No. 54, Depok 16431",
)
BERDAYA_OFFICE_HOURS = env_str("BERDAYA_OFFICE_HOURS", "Senin-Jumat 08.00-16.00 WIB")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
