"""Demo data of this app, called by ``manage.py seed_demo``. Must be idempotent."""

from __future__ import annotations


def seed(*, stdout, rng) -> None:
    return None
