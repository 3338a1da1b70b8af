"""The password hasher (ADR 0009): production settings hash with Argon2id at the OWASP
parameters; older hashes still verify and are upgraded on login. The test settings keep the
fast MD5 hasher, so only these tests pay for Argon2id."""

import importlib

from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.test import override_settings

from berdaya.accounts.models import User

PRODUCTION_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS


def test_production_settings_hash_with_argon2id_at_owasp_parameters():
    # Given the production settings' hashers
    assert PRODUCTION_HASHERS[0] == "berdaya.accounts.hashers.BerdayaArgon2idHasher"
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        # When a password is hashed
        encoded = make_password("Kopi-Tubruk-2026")
        # Then it is Argon2id, m=19 MiB, t=2, p=1, and it verifies
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert check_password("Kopi-Tubruk-2026", encoded)
        assert not check_password("kopi-tubruk-2026", encoded)


def test_the_test_settings_keep_the_fast_hasher():
    # Given the test settings / When a password is hashed / Then MD5 (tests stay fast)
    assert identify_hasher(make_password("x")).algorithm == "md5"


def test_an_old_pbkdf2_password_still_works_and_is_upgraded_on_login(db):
    # Given a user whose password was hashed with PBKDF2 before the change
    old = PBKDF2PasswordHasher()
    user = User.objects.create_user("+6281377778888", None, full_name="Rina")
    user.password = old.encode("Lama-Tapi-Kuat-1", old.salt(), iterations=100_000)
    user.save(update_fields=["password"])
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        # When she logs in with it
        assert user.check_password("Lama-Tapi-Kuat-1")
    # Then the stored hash is now Argon2id
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
