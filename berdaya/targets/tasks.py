"""Background jobs of the targets app."""

from __future__ import annotations

from django_tasks import task


@task()
def tally_refresh() -> str:
    """Rebuild the dashboard's summary table (asked for by a dashboard that found it stale)."""
    from berdaya.targets.tally import tally_rebuild

    state = tally_rebuild()
    return f"rebuilt in {state.seconds:.1f} s"
