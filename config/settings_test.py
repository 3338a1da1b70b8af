"""Settings for the test suite: the real settings with test defaults and fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("BERDAYA_ENV", "test")
os.environ.setdefault("BERDAYA_TASKS_IMMEDIATE", "1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads in memory; no collected manifest in tests: plain static names. A new dict, so that
# config.settings.STORAGES still says what production and ``make run`` use.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks at STATIC_ROOT when the app starts; tests need no collected files.
STATIC_ROOT = Path(tempfile.gettempdir()) / "berdaya-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
