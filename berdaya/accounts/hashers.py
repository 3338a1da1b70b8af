"""The password hasher: Argon2id at the OWASP parameters (docs/adr/0009-password-hashing.md)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

__all__ = ["BerdayaArgon2idHasher"]


class BerdayaArgon2idHasher(Argon2PasswordHasher):
    """Argon2id with m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet). Same algorithm
    name as Django's hasher, so hashes made at other parameters verify and are re-hashed at
    these on the next login (``must_update``)."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
