"""Settings for the test suite: the real settings with test defaults and fast password hashing."""

import os

os.environ.setdefault("BERDAYA_ENV", "test")
os.environ.setdefault("BERDAYA_TASKS_IMMEDIATE", "1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
