"""The RAT compliance chart, drawn on the server as inline SVG (no JavaScript, readable at
360 px), in the way of ``berdaya.targets.charts``: decorative for assistive technology, with
the same numbers in the table beside it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from berdaya.cooperatives import health

WIDTH = 320
# Colour per RAT status; the legend and the table name each status in words.
COLOURS = {
    health.HELD: "#00703c",
    health.DUE: "#1d70b8",
    health.LATE: "#f47738",
    health.WARNING: "#d4351c",
    health.DISSOLUTION: "#0b0c0c",
}


def stacked_bars(rows: list[dict]) -> SafeString:
    """One bar per kecamatan ``{"kecamatan", "total", "counts": {status: n}}``, split by RAT
    status, each bar as wide as the largest kecamatan's total."""
    if not rows:
        return mark_safe("")
    top = max(r["total"] for r in rows) or 1
    row_h, bar_h, bar_w = 36, 14, WIDTH - 40
    parts = []
    for i, row in enumerate(rows):
        y = i * row_h
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12" fill="#0b0c0c">'
            f"{escape(row['kecamatan'])}</text>"
        )
        x = 0.0
        for status in health.RAT_STATUSES:
            n = row["counts"].get(status, 0)
            if not n:
                continue
            w = bar_w * n / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 16}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{COLOURS[status]}"/>'
            )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 28}" font-size="12" fill="#505a5f">{row["total"]}'
            "</text>"
        )
    height = len(rows) * row_h
    return mark_safe(  # noqa: S308 - every text went through escape() above
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
