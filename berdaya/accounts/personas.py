"""The named people of ``berdaya.core.personas`` as users with their roles (demo logins, tests)."""

from __future__ import annotations

from types import SimpleNamespace

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.accounts.services import role_assign, user_create
from berdaya.core.personas import DEMO_PASSWORD, PERSONAS


def create_personas(*, names: dict[str, str] | None = None, password: str = DEMO_PASSWORD):
    """Create (or find) every persona's user and role. Returns a namespace keyed by persona key."""
    users = {}
    for p in PERSONAS:
        user = User.objects.filter(phone=normalize_phone(p.phone)).first()
        if user is None:
            user = user_create(
                full_name=(names or {}).get(p.key, p.label),
                phone=p.phone,
                password=password,
                email=p.email,
                validate=False,
            )
        role_assign(user=user, role=p.role, **p.scope)
        users[p.key] = user
    return SimpleNamespace(**users)
