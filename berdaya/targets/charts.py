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
TARGET_COLOUR = "#d4351c"


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
        # a suppressed figure ("<5") gets no bar at all, only its label: never a bar of 0
        width = 0 if row.get("hidden") else max(round(label_w * row["value"] / top), 1)
        bar = (
            ""
            if row.get("hidden")
            else f'<rect x="0" y="{y + 16}" width="{width}" height="{bar_h}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12" fill="#0b0c0c">'
            f"{escape(_short(row['label']))}</text>{bar}"
            f'<text x="{width + 4 if bar else 0}" y="{y + 28}" font-size="12" fill="{MUTED}">'
            f"{escape(text)}</text>"
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
    highest value and zero on the left axis and the first and last label below. Nothing at all
    when every point is suppressed (an empty frame would read as zero)."""
    if all(p.get("hidden") or p.get("value") is None for p in points):
        return mark_safe("")
    left, right, top_pad, bottom = 44, 8, 10, 30
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max([p["value"] for p in points if not p.get("hidden")] or [0]) or 1
    step = plot_w / max(len(points) - 1, 1)
    coords: list[str | None] = []
    for i, p in enumerate(points):
        if p.get("hidden") or p.get("value") is None:
            coords.append(None)  # a gap: a suppressed figure is never drawn as 0
            continue
        x = left + i * step
        y = top_pad + plot_h - plot_h * p["value"] / top
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
    line, dots = _polylines(coords, LINE_COLOUR), _dots(coords, LINE_COLOUR)
    return mark_safe(  # noqa: S308 - labels escaped above
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">{grid}{line}{dots}</svg>'
    )


def _segments(coords: list[str | None]) -> list[list[str]]:
    """Runs of drawn points between gaps."""
    runs: list[list[str]] = [[]]
    for c in coords:
        if c is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(c)
    return [r for r in runs if r]


def _polylines(coords: list[str | None], colour: str, extra: str = "") -> str:
    return "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5" stroke-linejoin="round"{extra}/>'
        for run in _segments(coords)
    )


def _dots(coords: list[str | None], colour: str) -> str:
    return "".join(
        f'<circle cx="{c.split(",")[0]}" cy="{c.split(",")[1]}" r="2.5" fill="{colour}"/>'
        for c in coords
        if c is not None
    )


def cumulative_chart(points: list[dict], *, height: int = 200) -> SafeString:
    """Cumulative achievement (solid line, up to this month; gaps where suppressed) against the
    target line (dashed, the whole period). ``points``: ``{"key", "label", "value" (None after
    this month), "target", "hidden"?}``; ``"target"`` None throughout (a year no target covers
    yet) draws the achievement alone, without a target line or its legend."""
    if not points:
        return mark_safe("")
    left, right, top_pad, bottom = 52, 8, 26, 30
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    drawn = [p["value"] for p in points if p["value"] is not None and not p.get("hidden")]
    has_target = all(p["target"] is not None for p in points)
    goals = [p["target"] for p in points] if has_target else []
    top = max([*drawn, *goals] or [0]) or 1
    step = plot_w / max(len(points) - 1, 1)

    def xy(i: int, value: int) -> str:
        return f"{left + i * step:.1f},{top_pad + plot_h - plot_h * value / top:.1f}"

    goal = [xy(i, value) for i, value in enumerate(goals)]
    got: list[str | None] = [
        None if p["value"] is None or p.get("hidden") else xy(i, p["value"])
        for i, p in enumerate(points)
    ]
    base = top_pad + plot_h
    legend = (
        f'<line x1="0" y1="8" x2="18" y2="8" stroke="{LINE_COLOUR}" stroke-width="2.5"/>'
        f'<text x="22" y="12" font-size="11" fill="#0b0c0c">Capaian kumulatif</text>'
    )
    if has_target:
        legend += (
            f'<line x1="140" y1="8" x2="158" y2="8" stroke="{TARGET_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="5 3"/>'
            f'<text x="162" y="12" font-size="11" fill="#0b0c0c">Target</text>'
        )
    axes = (
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}"/>'
        f'<text x="{left - 4}" y="{top_pad + 4}" font-size="11" text-anchor="end" '
        f'fill="{MUTED}">{_fmt(top)}</text>'
        f'<text x="{left - 4}" y="{base + 4}" font-size="11" text-anchor="end" '
        f'fill="{MUTED}">0</text>'
        f'<text x="{left}" y="{height - 2}" font-size="11" fill="{MUTED}">'
        f"{escape(points[0]['label'])}</text>"
    )
    if len(points) > 1:
        axes += (
            f'<text x="{WIDTH - right}" y="{height - 2}" font-size="11" text-anchor="end" '
            f'fill="{MUTED}">{escape(points[-1]["label"])}</text>'
        )
    target_line = (
        f'<polyline points="{" ".join(goal)}" fill="none" stroke="{TARGET_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        if goal
        else ""
    )
    body = legend + axes + target_line + _polylines(got, LINE_COLOUR) + _dots(got, LINE_COLOUR)
    return mark_safe(  # noqa: S308 - labels escaped above
        f'<svg class="chart chart-cumulative" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )
