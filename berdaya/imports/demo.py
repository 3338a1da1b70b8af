"""Demo data of the imports app (idempotent)."""

from __future__ import annotations


def seed(*, stdout, rng) -> None:
    return None
