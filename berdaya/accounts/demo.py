"""Demo logins for every role."""

from __future__ import annotations

from faker import Faker

from berdaya.core.personas import DEMO_PASSWORD, PERSONAS, create_personas


def seed(*, stdout, rng) -> None:
    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**6))
    names = {p.key: f"{fake.first_name()} {fake.last_name()}" for p in PERSONAS}
    users = create_personas(names=names)
    stdout.write(f"Login demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
    for p in PERSONAS:
        user = getattr(users, p.key)
        stdout.write(f"  {p.label:<32} {user.phone}  {user.full_name}")
