"""Demo logins for every role."""

from __future__ import annotations

from faker import Faker

from berdaya.accounts.personas import create_personas
from berdaya.core.personas import DEMO_PASSWORD, PERSONAS

# A cooperative board member: a role of its own that no test persona needs, so it lives here.
COOPERATIVE_PHONE = "081200000050"
COOPERATIVE_LABEL = "Pengurus Koperasi (Beji)"


def seed(*, stdout, rng) -> None:
    from berdaya.accounts.models import Role, User
    from berdaya.accounts.phones import normalize_phone
    from berdaya.accounts.services import role_assign, user_create

    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**6))
    names = {p.key: f"{fake.first_name()} {fake.last_name()}" for p in PERSONAS}
    users = create_personas(names=names)
    cooperative_name = f"{fake.first_name()} {fake.last_name()}"
    cooperative = User.objects.filter(phone=normalize_phone(COOPERATIVE_PHONE)).first()
    if cooperative is None:
        cooperative = user_create(
            full_name=cooperative_name,
            phone=COOPERATIVE_PHONE,
            password=DEMO_PASSWORD,
            validate=False,
        )
    role_assign(user=cooperative, role=Role.PENGURUS_KOPERASI)
    stdout.write(f"Login demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
    for p in PERSONAS:
        user = getattr(users, p.key)
        stdout.write(f"  {p.label:<32} {user.phone}  {user.full_name}")
    stdout.write(f"  {COOPERATIVE_LABEL:<32} {cooperative.phone}  {cooperative.full_name}")
