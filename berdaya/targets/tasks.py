"""Background jobs of the targets app. ``tally_refresh`` lives in ``tally`` (which queues it), so
that the two modules do not import each other; its name stays importable from here."""

from __future__ import annotations

from berdaya.targets.tally import tally_refresh

__all__ = ["tally_refresh"]
