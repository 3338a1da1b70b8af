"""Slow work stays outside the write transaction (issue 13, ADR 0009): the new account's
password is hashed before the registration's transaction opens, so SQLite's single write lock
is held for the inserts only. A real hasher, registered in this test's settings, records
whether it ran inside an atomic block."""

from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import override_settings

from berdaya.accounts.services import user_create
from berdaya.registry.tests import factories as f

SEEN: list[bool] = []


class RecordingHasher(MD5PasswordHasher):
    """MD5 (fast), noting ``connection.in_atomic_block`` at each hash."""

    def encode(self, password, salt):
        SEEN.append(connection.in_atomic_block)
        return super().encode(password, salt)


RECORDING = ["berdaya.registry.tests.test_hash_outside_transaction.RecordingHasher"]


@override_settings(PASSWORD_HASHERS=RECORDING)
def test_a_public_registration_hashes_the_password_before_its_transaction(reference_data):
    # Given no transaction around the test (transactional_db) and the recording hasher
    SEEN.clear()
    # When a person registers with a new account
    reg = f.submit(client_address="10.1.1.1")
    # Then the password was hashed exactly once, outside any atomic block, and it works
    assert SEEN == [False]
    assert reg.person.user.check_password(f.DEMO_PASSWORD)


@override_settings(PASSWORD_HASHERS=RECORDING)
def test_user_create_hashes_before_its_transaction(transactional_db):
    # Given the recording hasher / When an account is created
    SEEN.clear()
    user = user_create(full_name="Dewi Lestari", phone="081399990001", password="Batik-Depok-77")
    # Then the hash was made outside the transaction and verifies
    assert SEEN == [False]
    assert user.check_password("Batik-Depok-77")
