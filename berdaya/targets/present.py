"""Turns the dashboard's numbers into what the pages, the PDF and the XLSX show.

One place decides formatting and, for the public page, small-count suppression ("<5").
"""

from __future__ import annotations

from berdaya.targets import charts, periods
from berdaya.targets.selectors import (
    BREAKDOWN_TITLES,
    BREAKDOWNS,
    Dashboard,
    Progress,
    breakdowns,
    is_suppressed,
    month_series,
    shown,
)

KELURAHAN_CHART_LIMIT = 15


def _pace_text(value, *, money: bool) -> str:
    if value is None:
        return "-"
    if money:
        return shown(int(value), None, money=True)
    return f"{value}".replace(".", ",")


def card(p: Progress, *, public: bool) -> dict:
    money = p.target.is_money
    hidden = is_suppressed(p.events, public=public)
    years = [
        {
            "year": y.year,
            "target": shown(y.target, None, money=money) if y.target is not None else "-",
            "achieved": shown(y.achieved, y.events, money=money, public=public),
            "percent": None if is_suppressed(y.events, public=public) else y.percent,
        }
        for y in p.years
    ]
    return {
        "id": p.target.pk,
        "name": p.target.name,
        "rule": p.target.get_rule_display(),
        "period_start": p.target.period_start,
        "period_end": p.target.period_end,
        "target": shown(p.target.number, None, money=money),
        "achieved": shown(p.achieved, p.events, money=money, public=public),
        "percent": None if hidden else str(p.pace.percent).replace(".", ","),
        "bar_percent": 0 if hidden else min(float(p.pace.percent), 100.0),
        "bar_hidden": hidden,  # a suppressed figure draws no bar (never a bar of 0)
        "projected": "<5" if hidden else shown(p.pace.projected, None, money=money),
        "on_track": p.pace.on_track,
        "started": p.pace.started,
        "finished": p.pace.finished,
        "pace_so_far": "-" if hidden else _pace_text(p.pace.pace_so_far, money=money),
        "pace_needed": _pace_text(p.pace.pace_needed, money=money),
        "days_left": p.pace.days_left,
        "years": years,
    }


def _rows(raw: list[dict], *, money: bool, public: bool, value="achieved") -> list[dict]:
    return [
        {
            "key": r["key"],
            "label": r["label"],
            "value": r[value],
            "hidden": is_suppressed(r.get("events", r[value]), public=public),
            "text": shown(r[value], r.get("events", r[value]), money=money, public=public),
        }
        for r in raw
    ]


def breakdown_sections(d: Dashboard, *, public: bool) -> list[dict]:
    if d.selected is None:
        return []
    money = d.selected.target.is_money
    sections = []
    for by in BREAKDOWNS:
        raw = d.breakdowns.get(by, [])
        if by == "month":
            rows = _rows(month_series(d.selected.target, raw), money=money, public=public)
            chart = charts.line_chart(rows)
            note = ""
        else:
            rows = _rows(raw, money=money, public=public)
            ranked = sorted(rows, key=lambda r: (r["hidden"], -r["value"]))
            limit = KELURAHAN_CHART_LIMIT if by == "kelurahan" else None
            chart = charts.bar_chart(ranked, limit=limit)
            note = (
                f"Grafik: {KELURAHAN_CHART_LIMIT} kelurahan tertinggi; tabel: semua."
                if by == "kelurahan" and len(rows) > KELURAHAN_CHART_LIMIT
                else ""
            )
        sections.append(
            {"by": by, "title": BREAKDOWN_TITLES[by], "rows": rows, "chart": chart, "note": note}
        )
    return sections


def count_section(title: str, raw: list[dict], *, public: bool, ranked: bool = False) -> dict:
    """A table of counts and its bar chart; ``ranked``: the chart shows the highest first (at
    most 15 bars), the table keeps every row in order."""
    rows = _rows(raw, money=False, public=public, value="count")
    bars = rows
    if ranked:
        bars = sorted(rows, key=lambda r: (r["hidden"], -r["value"]))[:KELURAHAN_CHART_LIMIT]
    note = (
        f"Grafik: {KELURAHAN_CHART_LIMIT} tertinggi; tabel: semua."
        if ranked and len(rows) > KELURAHAN_CHART_LIMIT
        else ""
    )
    return {"title": title, "rows": rows, "chart": charts.bar_chart(bars), "note": note}


def period_groups(d: Dashboard, cards: list[dict], *, public: bool) -> list[dict]:
    """The targets' cards grouped by period, with every year no target covers yet (the current
    one above all) and its achievement; the period holding today first, then newest first."""
    groups: dict[tuple, dict] = {}
    for c, p in zip(cards, d.progress, strict=True):
        key = (p.target.period_start, p.target.period_end)
        groups.setdefault(key, {"cards": [], "open": []})["cards"].append(c)
    for o in periods.open_years([p.target for p in d.progress], today=d.today):
        key = (o.period_start, o.period_end)
        groups.setdefault(key, {"cards": [], "open": []})["open"].append(
            {
                "rule": o.rule,
                "rule_label": o.rule_label,
                "year": o.year,
                "achieved": shown(o.achieved, o.events, money=o.is_money, public=public),
            }
        )
    out = [
        {
            "title": periods.period_title(start, end),
            "current": start <= d.today <= end,
            "finished": end < d.today,
            "start": start,
            "end": end,
            **parts,
        }
        for (start, end), parts in groups.items()
    ]
    out.sort(key=lambda g: (not g["current"], -g["start"].toordinal()))
    return out


def cumulative_section(d: Dashboard, *, public: bool) -> dict | None:
    """The selected target's cumulative achievement per month against its target line."""
    if d.selected is None:
        return None
    target = d.selected.target
    money = target.is_money
    rows = []
    for point in periods.cumulative_series(target, d.selected.months, today=d.today):
        value = point["achieved"]
        hidden = value is not None and is_suppressed(point["events"], public=public)
        rows.append(
            {
                "key": point["key"],
                "label": point["label"],
                "value": value,
                "target": point["target"],
                "hidden": hidden,
                "text": "" if value is None else shown(value, point["events"], money=money,
                                                        public=public),
                "target_text": shown(point["target"], None, money=money),
            }
        )  # fmt: skip
    return {
        "title": "Capaian kumulatif terhadap target",
        "chart": charts.cumulative_chart(rows),
        "rows": [r for r in rows if r["value"] is not None],
        "gaps": any(r["hidden"] for r in rows),
    }


def dashboard_context(d: Dashboard, *, public: bool) -> dict:
    pipeline_total = d.pipeline.get("total", 0)
    cards = [card(p, public=public) for p in d.progress]
    return {
        "board": d,
        "public": public,
        "cards": cards,
        "periods": period_groups(d, cards, public=public),
        "cumulative": cumulative_section(d, public=public),
        "selected": card(d.selected, public=public) if d.selected else None,
        "sections": breakdown_sections(d, public=public),
        "training": count_section("Sertifikat pelatihan per tahun", d.training, public=public),
        "training_total": shown(sum(r["count"] for r in d.training), None, public=public),
        "pipeline_status": count_section(
            "Permohonan per status", d.pipeline.get("status", []), public=public
        ),
        "pipeline_kelurahan": count_section(
            "Permohonan per kelurahan",
            d.pipeline.get("kelurahan", []),
            public=public,
            ranked=True,
        ),
        "pipeline_total": shown(pipeline_total, None, public=public),
    }


def export_rows(d: Dashboard) -> list[list]:
    """Rows for the XLSX export: every target, year and breakdown, plus training and financing."""
    rows: list[list] = []
    for p in d.progress:
        t = p.target
        rows.append(
            [
                t.name,
                "Total",
                "",
                "Periode",
                t.number,
                p.achieved,
                p.pace.projected,
                "ya" if p.pace.on_track else "tidak",
            ]
        )
        for y in p.years:
            rows.append(
                [t.name, "Tahun", str(y.year), str(y.year), y.target, y.achieved, None, None]
            )
    for o in periods.open_years([p.target for p in d.progress], today=d.today):
        rows.append(
            [periods.period_title(o.period_start, o.period_end), "Belum ada target", o.rule,
             o.rule_label, None, o.achieved, None, None]
        )  # fmt: skip
    for p in d.progress:  # every target's breakdowns (two tally queries each)
        found = breakdowns(p.target, months=p.months)
        for by in BREAKDOWNS:
            for r in found.get(by, []):
                rows.append(
                    [p.target.name, BREAKDOWN_TITLES[by], r["key"], r["label"], None,
                     r["achieved"], None, None]
                )  # fmt: skip
    for r in d.training:
        rows.append(
            [
                "Pelatihan",
                "Sertifikat per tahun",
                r["key"],
                r["label"],
                None,
                r["count"],
                None,
                None,
            ]
        )
    for part, title in (
        ("status", "Permohonan per status"),
        ("kelurahan", "Permohonan per kelurahan"),
    ):
        for r in d.pipeline.get(part, []):
            rows.append(["Pembiayaan", title, r["key"], r["label"], None, r["count"], None, None])
    return rows


EXPORT_HEADERS = [
    "Target",
    "Bagian",
    "Kode",
    "Uraian",
    "Target",
    "Capaian",
    "Proyeksi",
    "Sesuai jalur",
]
