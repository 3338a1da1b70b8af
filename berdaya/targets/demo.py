"""Demo data of this app, called last by ``manage.py seed_demo``. Idempotent.

The targets themselves are seeded by migration (``0002_seed_targets``); the other apps spread
registrations, trainings and financing over 2022 to today. Here we only make sure the two
program targets exist (a flushed database) and build the summary table once, so the first
visit to the dashboard is fast.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from berdaya.targets import selectors, tally


def seed(*, stdout, rng) -> None:
    import_module("berdaya.targets.migrations.0002_seed_targets").seed(apps, None)
    state = tally.tally_rebuild()
    for p in selectors.targets_progress():
        stdout.write(
            f"  target {p.target.name}: {p.achieved:,} of {p.target.number:,} "
            f"(projected {p.pace.projected:,})\n"
        )
    stdout.write(f"  targets: summary table built in {state.seconds:.1f} s\n")
