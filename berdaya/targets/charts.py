"""Charts drawn on the server as inline SVG: small, no JavaScript, readable at 360 px.

Each chart is decorative for assistive technology (``aria-hidden``); the page puts the same
numbers in a table next to it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
BAR_COLOUR = "#00703c"
LINE_COLOUR = "#1d70b8"
MUTED = "#505a5f"


def _fmt(value: int) -> str:
    return f"{int(value):,}".replace(",", ".")


LABEL_CHARS = 44  # what fits the 320-unit width at 12 px; the table has the full label


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(rows: list[dict], *, limit: int | None = None) -> SafeString:
    """Horizontal bars, one per row ``{"label", "value", "text"?, "hidden"?}``: the label above
    its bar and the figure after it, so long kelurahan names fit a phone screen."""
    rows = rows[:limit] if limit else rows
    if not rows:
        return mark_safe("")
    top = max([r["value"] for r in rows if not r.get("hidden")] or [0]) or 1
    row_h, bar_h, label_w = 36, 14, WIDTH - 70
    parts = []
    for i, row in enumerate(rows):
        y = i * row_h
        text = row.get("text") or _fmt(row["value"])
        width = 0 if row.get("hidden") else max(round(label_w * row["value"] / top), 1)
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12" fill="#0b0c0c">'
            f"{escape(_short(row['label']))}</text>"
            f'<rect x="0" y="{y + 16}" width="{width}" height="{bar_h}" fill="{BAR_COLOUR}"/>'
            f'<text x="{width + 4}" y="{y + 28}" font-size="12" fill="{MUTED}">{escape(text)}'
            "</text>"
        )
    height = len(rows) * row_h
    # Every text in it went through escape() above.
    return mark_safe(  # noqa: S308
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def line_chart(points: list[dict], *, height: int = 180) -> SafeString:
    """A line through ``points`` ``{"label", "value", "hidden"?}`` (months, in order), with the
    highest value and zero on the left axis and the first and last label below."""
    if not points:
        return mark_safe("")
    left, right, top_pad, bottom = 44, 8, 10, 30
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max([p["value"] for p in points if not p.get("hidden")] or [0]) or 1
    step = plot_w / max(len(points) - 1, 1)
    coords = []
    for i, p in enumerate(points):
        value = 0 if p.get("hidden") else p["value"]
        x = left + i * step
        y = top_pad + plot_h - plot_h * value / top
        coords.append(f"{x:.1f},{y:.1f}")
    base = top_pad + plot_h
    grid = (
        f'<line x1="{left}" y1="{top_pad}" x2="{WIDTH - right}" y2="{top_pad}" '
        f'stroke="#d8dde0"/>'
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}"/>'
        f'<text x="{left - 4}" y="{top_pad + 4}" font-size="11" text-anchor="end" '
        f'fill="{MUTED}">{_fmt(top)}</text>'
        f'<text x="{left - 4}" y="{base + 4}" font-size="11" text-anchor="end" '
        f'fill="{MUTED}">0</text>'
        f'<text x="{left}" y="{height - 2}" font-size="11" fill="{MUTED}">'
        f"{escape(points[0]['label'])}</text>"
    )
    if len(points) > 1:
        grid += (
            f'<text x="{WIDTH - right}" y="{height - 2}" font-size="11" text-anchor="end" '
            f'fill="{MUTED}">{escape(points[-1]["label"])}</text>'
        )
    for i, p in enumerate(points[1:-1], start=1):  # a tick and the year at each January
        if p.get("key", "").endswith("-01"):
            x = left + i * step
            grid += (
                f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 5}" stroke="{MUTED}"/>'
                f'<text x="{x:.1f}" y="{base + 16}" font-size="11" text-anchor="middle" '
                f'fill="{MUTED}">{escape(p["key"][:4])}</text>'
            )
    dots = "".join(
        f'<circle cx="{c.split(",")[0]}" cy="{c.split(",")[1]}" r="2.5" fill="{LINE_COLOUR}"/>'
        for c in coords
    )
    line = (
        f'<polyline points="{" ".join(coords)}" fill="none" stroke="{LINE_COLOUR}" '
        f'stroke-width="2.5" stroke-linejoin="round"/>'
    )
    return mark_safe(  # noqa: S308 - labels escaped above
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">{grid}{line}{dots}</svg>'
    )
