"""Counts are written the Indonesian way, grouped by thousands: 96.937 baris, not 96937.

Templates print a count through the ``angka`` filter (``berdaya.core.money.grouped``) and Python
messages through ``grouped``; this test refuses a template that prints a value named like a count
(``total``, ``new``, ``*_count``, ``quota``, ...) without it, and checks what the filter writes.
Codes that are numbers (NIK, KBLI, NIB, a year, a partner number) are never grouped, and are not
named like counts.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

from berdaya.core.money import format_rupiah, grouped

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {"tests", "migrations", "bench", "node_modules", ".venv"}
PRINTED = re.compile(r"\{\{\s*(.+?)\s*\}\}")
BLOCK_WITH = re.compile(r"\{%\s*blocktranslate\b[^%]*?\bwith\b(.*?)%\}")
ASSIGNED = re.compile(r"(\w+)=(\S+)")
COUNT_NAME = re.compile(
    r"(?:^|[._])(?:\w+_)?(?:count|total|new|updated|unchanged|invalid|rows_done|quota|capacity"
    r"|taken|loans|in_arrears|members_present|achieved)$"
)
GROUPING_FILTERS = {"angka", "rupiah"}
# Printed values named like counts that are not numbers to group, each with its reason.
PRESENTED = "text written by targets.present"
NOT_COUNTS = {
    ("berdaya/catalog/templates/catalog/review.html", "new"): "a changed field's new text",
    ("berdaya/targets/templates/targets/_body.html", "training_total"): PRESENTED,
    ("berdaya/targets/templates/targets/_body.html", "pipeline_total"): PRESENTED,
    ("berdaya/targets/templates/targets/_card.html", "c.achieved"): PRESENTED,
    ("berdaya/targets/templates/targets/_card.html", "y.achieved"): PRESENTED,
    ("berdaya/targets/templates/targets/_cards.html", "o.achieved"): PRESENTED,
    ("berdaya/targets/templates/targets/report_pdf.html", "o.achieved"): PRESENTED,
    ("berdaya/targets/templates/targets/report_pdf.html", "c.achieved"): PRESENTED,
    ("berdaya/targets/templates/targets/report_pdf.html", "y.achieved"): PRESENTED,
    ("berdaya/training/templates/training/batch_detail.html", "batch.capacity|unlocalize"): (
        "an input's value (machine)"
    ),
}


def _templates() -> list[Path]:
    found = [*ROOT.glob("berdaya/**/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    return sorted(p for p in found if not SKIPPED_PARTS & set(p.relative_to(ROOT).parts))


def _ungrouped_counts(text: str) -> list[str]:
    """The printed expressions of ``text`` named like a count and printed without grouping.
    A ``blocktranslate``'s own names are checked where they are assigned (``with n=...``)."""
    local: set[str] = set()
    printed: list[str] = []
    for block in BLOCK_WITH.finditer(text):
        for name, expr in ASSIGNED.findall(block.group(1)):
            local.add(name)
            printed.append(expr)
    printed += [e for e in PRINTED.findall(text) if e.strip() not in local]
    bad = []
    for expr in printed:
        head, *filters = (part.split(":")[0].strip() for part in expr.split("|"))
        if COUNT_NAME.search(head) and not GROUPING_FILTERS & set(filters):
            bad.append(expr)
    return bad


def test_templates_group_every_count_by_thousands():
    bad = []
    for path in _templates():
        rel = path.relative_to(ROOT).as_posix()
        for expr in _ungrouped_counts(path.read_text(encoding="utf-8")):
            if (rel, expr) not in NOT_COUNTS:
                bad.append(f"{rel}: {{{{ {expr} }}}}")
    assert not bad, "Counts printed without |angka (96937 instead of 96.937):\n" + "\n".join(bad)


def test_the_exceptions_still_exist():
    """An exception whose template no longer prints it is removed from NOT_COUNTS."""
    stale = [
        (rel, expr)
        for rel, expr in NOT_COUNTS
        if expr not in (ROOT / rel).read_text(encoding="utf-8")
    ]
    assert not stale, stale


def test_the_scan_sees_the_ways_a_count_is_printed():
    text = "{{ imp.total }} {{ b.registered_count }} {{ o.quota|default:0 }}"
    assert _ungrouped_counts(text) == ["imp.total", "b.registered_count", "o.quota|default:0"]
    text = "{% blocktranslate with n=imp.new total=imp.total|angka %}{{ n }} / {{ total }}"
    assert _ungrouped_counts(text) == ["imp.new"]
    assert _ungrouped_counts("{{ imp.total|angka }} {{ r.amount|rupiah }} {{ p.nik }}") == []


def test_angka_groups_by_thousands_and_leaves_other_values_alone():
    rendered = Template(
        "{{ a|angka }} {{ b|angka }} {{ c|angka }} {{ d|angka }} {{ e|angka }} {{ f|angka }}"
    ).render(Context({"a": 96937, "b": 100000, "c": 999, "d": -1500, "e": "4.404", "f": None}))
    assert rendered == "96.937 100.000 999 -1.500 4.404 None"
    assert grouped(1234567) == "1.234.567" and format_rupiah(5000000) == "Rp5.000.000"
