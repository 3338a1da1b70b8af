"""A small server-side SVG chart of monthly sales (line) and workers (bars): no JavaScript."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from berdaya.core.dates import month_year
from berdaya.core.money import format_rupiah

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 320, 160, 8, 22, 12


def report_chart_svg(reports) -> SafeString:
    """Sales as a line and workers (women + men) as bars, one point per reported month."""
    reports = list(reports)
    if not reports:
        return mark_safe("")
    n = len(reports)
    plot_w = WIDTH - PAD_LEFT * 2
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / n
    max_sales = max(r.sales_rupiah for r in reports) or 1
    max_workers = max(r.workers_women + r.workers_men for r in reports) or 1
    bars, points, labels = [], [], []
    for i, r in enumerate(reports):
        x = PAD_LEFT + step * i
        workers = r.workers_women + r.workers_men
        bar_h = plot_h * 0.5 * workers / max_workers
        bars.append((f"{x + step * 0.2:.1f}", f"{PAD_TOP + plot_h - bar_h:.1f}",
                     f"{step * 0.6:.1f}", f"{bar_h:.1f}",
                     f"{month_year(r.period)}: {workers} tenaga kerja"))  # fmt: skip
        cx = x + step / 2
        cy = PAD_TOP + plot_h - plot_h * r.sales_rupiah / max_sales
        points.append(
            (
                f"{cx:.1f}",
                f"{cy:.1f}",
                f"{month_year(r.period)}: omzet {format_rupiah(r.sales_rupiah)}",
            )
        )
        labels.append((f"{cx:.1f}", HEIGHT - 6, f"{r.period:%m/%y}"))
    polyline = " ".join(f"{x},{y}" for x, y, _ in points)
    summary = (
        f"Omzet {month_year(reports[0].period)} {format_rupiah(reports[0].sales_rupiah)}, "
        f"{month_year(reports[-1].period)} {format_rupiah(reports[-1].sales_rupiah)}"
    )
    return format_html(
        '<svg class="report-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6"/>{}'
        '<polyline points="{}" fill="none" stroke="#00703c" stroke-width="2.5"/>{}{}</svg>',
        WIDTH, HEIGHT, summary, summary,
        PAD_LEFT, PAD_TOP + plot_h, WIDTH - PAD_LEFT, PAD_TOP + plot_h,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#9fb8e8"><title>{}</title></rect>',
            bars,
        ),
        polyline,
        format_html_join(
            "", '<circle cx="{}" cy="{}" r="3.5" fill="#00703c"><title>{}</title></circle>',
            points,
        ),
        format_html_join(
            "", '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#505a5f">{}</text>',
            labels,
        ),
    )  # fmt: skip
