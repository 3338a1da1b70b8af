"""The vocabulary of the query-count checks: a ``Probe`` (who asks for which URL, and how to add
rows that URL shows), the registry of cases (``case``) and the clients that ask as a persona."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.test import Client

from berdaya.core.personas import DEMO_PASSWORD
from berdaya.financing.tests.factories import logged_in_client

_phone = itertools.count(1)


@dataclass
class Probe:
    """``client`` asks for ``url`` (a callable, for URLs that name objects made by ``grow``);
    ``grow(n)`` adds ``n`` more rows that the answer lists."""

    client: Client
    url: str | Callable[[], str]
    grow: Callable[[int], object]
    headers: dict = field(default_factory=dict)

    def get(self):
        url = self.url() if callable(self.url) else self.url
        return self.client.get(url, headers=self.headers)


@dataclass(frozen=True)
class Case:
    build: Callable[[SimpleNamespace], Probe]
    # How many more queries 12 rows may take than 2, and why (0: none at all).
    slack: int = 0
    why: str = ""


CASES: dict[str, Case] = {}


def case(name: str, *, slack: int = 0, why: str = ""):
    """Declare a checked page: ``build(personas) -> Probe``."""

    def register(build: Callable[[SimpleNamespace], Probe]):
        if name in CASES:
            raise ValueError(f"query-count case {name!r} is declared twice")
        CASES[name] = Case(build, slack, why)
        return build

    return register


def page(user, url, grow) -> Probe:
    """A page asked for with ``user``'s session (``None``: the anonymous visitor)."""
    client = Client() if user is None else logged_in_client(user)
    return Probe(client, url, grow)


def api(user, path: str, grow) -> Probe:
    """An API operation asked for with ``user``'s bearer token (``None``: anonymous)."""
    client = Client()
    headers = {}
    if user is not None:
        answer = client.post(
            "/api/v1/auth/token",
            data=json.dumps({"username": str(user.phone), "password": DEMO_PASSWORD}),
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.content
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    return Probe(client, "/api/v1" + path, grow, headers)


def a_user(role: str = "pelaku_usaha", name: str = "Pengguna Uji", **scope):
    """A user with ``role`` (password ``DEMO_PASSWORD``)."""
    from berdaya.accounts.services import role_assign, user_create

    user = user_create(
        full_name=name, phone=f"0877{next(_phone):08d}", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=user, role=role, **scope)
    return user


def times(n: int, make: Callable[[], object]) -> list:
    return [make() for _ in range(n)]
