"""Background jobs of the targets app."""

from __future__ import annotations

from django_tasks import task


@task()
def tally_refresh() -> str:
    """Rebuild the dashboard's summary table (asked for by a dashboard that found it stale)."""
    from berdaya.targets.tally import tally_update

    state = tally_update()
    return f"refreshed in {state.seconds:.1f} s"
