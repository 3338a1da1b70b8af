"""One date format per kind (issue 14).

Templates name the formats of config/formats/id/formats.py (``|date:"DATE_FORMAT"``) and Python
code writes dates for people through berdaya.core.dates; these tests refuse a literal display
format anywhere else, and check what each named format and helper renders.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from berdaya.core.dates import long_date, month_year, short_datetime, time_of_day

ROOT = Path(__file__).resolve().parent.parent
NAMED = {
    "DATE_FORMAT",  # a date alone: 30 November 2026
    "SHORT_DATETIME_FORMAT",  # a moment: 30 Nov 2026 14.30
    "TIME_FORMAT",  # a time alone: 14.30
    "YEAR_MONTH_FORMAT",  # a month period: November 2026
    "MONTH_DAY_FORMAT",  # a day of a known year: 30 November
}
LITERAL_OK = {
    "Y": "a year shown alone",
    "l": "the weekday, written before the long date: Senin, 30 November 2026",
    "Y-m-d": "ISO for a date input's value and query strings (machine, not display)",
}
# Templates another change is editing at the same time (issue 14): to be moved to the named
# formats there; the test fails once a file here is clean, so that it leaves this list.
PENDING_TEMPLATES: set[str] = set()
TEMPLATE_FORMAT = re.compile(r"""\|(?:date|time):(["'])(.*?)\1""")

# Python formats that are neither ISO-ordered (machine) nor written through berdaya.core.dates,
# each with its reason.
PYTHON_OK = {
    ("berdaya/registry/nik.py", "%d-%m-%y"): "the NIK's own DDMMYY digits (century unknown)",
    ("berdaya/imports/validation/common.py", "%d-%m-%y"): "the NIK's own DDMMYY digits",
    ("berdaya/registry/charts.py", "%m/%y"): "an axis tick under a 320-wide chart (11/26)",
    ("berdaya/registry/demo/bulk.py", "%m%y"): "builds a demo NIK's digits (machine)",
    ("berdaya/registry/demo/partners.py", "%m%y"): "builds a demo NIK's digits (machine)",
}
STRFTIME = re.compile(r"""strftime\(\s*(["'])(.*?)\1""")
FSTRING_SPEC = re.compile(r"""\{[^{}"'\n]+?:(%[^{}"'\n]*)\}""")
SKIPPED_PARTS = {"tests", "migrations", "bench", "node_modules", ".venv"}


def _templates() -> list[Path]:
    found = [*ROOT.glob("berdaya/**/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    return sorted(p for p in found if not SKIPPED_PARTS & set(p.relative_to(ROOT).parts))


def test_templates_use_only_named_date_formats():
    bad: list[str] = []
    pending_clean = set(PENDING_TEMPLATES)
    for path in _templates():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            for match in TEMPLATE_FORMAT.finditer(line):
                fmt = match.group(2)
                if fmt in NAMED or fmt in LITERAL_OK:
                    continue
                if rel in PENDING_TEMPLATES:
                    pending_clean.discard(rel)
                    continue
                bad.append(f"{rel}:{number}: {match.group(0)}")
    assert not bad, "Literal date formats; use a named one (DATE_FORMAT, ...):\n" + "\n".join(bad)
    assert not pending_clean, f"Now clean, remove from PENDING_TEMPLATES: {sorted(pending_clean)}"


def _python_formats(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in (STRFTIME, FSTRING_SPEC):
            for match in pattern.finditer(line):
                found.append((number, match.group(match.lastindex or 0)))
    return found


def test_python_writes_dates_for_people_through_core_dates():
    bad: list[str] = []
    for path in sorted([*ROOT.glob("berdaya/**/*.py"), *ROOT.glob("config/**/*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if SKIPPED_PARTS & set(path.relative_to(ROOT).parts) or "/tests" in rel:
            continue
        for number, fmt in _python_formats(path.read_text(encoding="utf-8")):
            if fmt.startswith("%Y") or (rel, fmt) in PYTHON_OK:
                continue  # year first: ISO order, for machines (JSON, filenames, keys)
            bad.append(f"{rel}:{number}: {fmt!r}")
    assert not bad, "Dates for people go through berdaya.core.dates:\n" + "\n".join(bad)


def test_the_scan_finds_display_formats():
    text = 'x = d.strftime("%d-%m-%Y")\ny = f"s.d. {o.deadline:%d-%m-%Y}"\nz = f"{d:%Y%m%d}.pdf"'
    assert [fmt for _, fmt in _python_formats(text)] == ["%d-%m-%Y", "%d-%m-%Y", "%Y%m%d"]
    assert TEMPLATE_FORMAT.search('{{ x|date:"j M Y H:i" }}').group(2) == "j M Y H:i"


JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = datetime.date(2026, 11, 30)
MOMENT = datetime.datetime(2026, 11, 30, 14, 30, tzinfo=JAKARTA)


def test_helpers_render_the_indonesian_formats():
    assert long_date(DAY) == "30 November 2026"
    assert short_datetime(MOMENT) == "30 Nov 2026 14.30"
    assert time_of_day(MOMENT) == "14.30"
    assert time_of_day(datetime.time(9, 5)) == "09.05"
    assert month_year(DAY) == "November 2026"
    assert long_date(datetime.date(2026, 8, 5)) == "5 Agustus 2026"


def test_helpers_use_local_time_and_indonesian_whatever_the_active_language():
    in_utc = MOMENT.astimezone(datetime.UTC)  # 07.30 UTC
    assert short_datetime(in_utc) == "30 Nov 2026 14.30"
    assert long_date(datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.UTC)) == (
        "1 Desember 2026"  # 01.00 the next day in Jakarta
    )
    with translation.override("en"):
        assert long_date(DAY) == "30 November 2026"
        assert short_datetime(MOMENT) == "30 Nov 2026 14.30"


def test_templates_render_the_same_as_the_helpers():
    template = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}|{{ m|time:"TIME_FORMAT" }}'
        '|{{ d|date:"YEAR_MONTH_FORMAT" }}|{{ d|date:"MONTH_DAY_FORMAT" }}|{{ m|date:"l" }}'
    )
    with translation.override("id"):
        out = template.render(Context({"d": DAY, "m": MOMENT.astimezone(datetime.UTC)}))
    assert out == "30 November 2026|30 Nov 2026 14.30|14.30|November 2026|30 November|Senin"


# --- What the Django admin and select lists show: every model's __str__ (issue 14) -----------
# A model's __str__ is read in the admin's lists and headings, in select lists and in logs read
# by staff; a date there is written in the named formats, never as ISO or a datetime's repr.
ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?|\d{1,2}:\d{2}|datetime\.|\+\d{2}:\d{2}")
STR_DAY = datetime.date(2026, 3, 7)
STR_MOMENT = datetime.datetime(2026, 3, 7, 14, 30, tzinfo=JAKARTA)


def _instance(model, depth: int = 0):
    """An unsaved ``model`` whose dates, times and text are filled in, and whose foreign keys
    point to such instances (three levels deep), so that ``str()`` needs no database."""
    from django.db import models

    obj = model()
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            setattr(obj, field.attname, STR_MOMENT)
        elif isinstance(field, models.DateField):
            setattr(obj, field.attname, STR_DAY)
        elif isinstance(field, models.TimeField):
            setattr(obj, field.attname, datetime.time(14, 30))
        elif isinstance(field, models.ForeignKey):
            if depth < 3 and field.related_model is not model:
                setattr(obj, field.name, _instance(field.related_model, depth + 1))
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            if not getattr(obj, field.attname):
                setattr(obj, field.attname, "x")
        elif isinstance(field, models.IntegerField) and not field.primary_key:
            if getattr(obj, field.attname) is None:
                setattr(obj, field.attname, 1)
    return obj


def _our_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m.__module__.startswith("berdaya.")]


def test_no_model_str_prints_an_iso_date_or_a_datetime_repr():
    bad: list[str] = []
    for model in _our_models():
        text = str(_instance(model))
        if ISO_DATE.search(text):
            bad.append(f"{model._meta.label}: {text!r}")
    assert not bad, "__str__ writes dates through berdaya.core.dates:\n" + "\n".join(bad)


def test_admin_columns_that_write_a_date_use_the_named_formats():
    """The admin's own columns and read-only fields (methods of the ModelAdmin that return text)
    write dates in the named formats; fields shown as such are formatted by Django itself."""
    from django.contrib import admin

    bad: list[str] = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("berdaya."):
            continue
        names = [*model_admin.list_display, *model_admin.readonly_fields]
        obj = _instance(model)
        obj.pk = 1
        for name in names:
            method = getattr(model_admin, name, None) if isinstance(name, str) else None
            if not callable(method):
                continue
            try:
                value = method(obj)
            except Exception:  # noqa: BLE001 - a column that needs the database: not a date
                continue
            if isinstance(value, str) and ISO_DATE.search(value):
                bad.append(f"{model._meta.label}.{name}: {value!r}")
    assert not bad, "Admin columns write dates through berdaya.core.dates:\n" + "\n".join(bad)


def test_the_str_scan_sees_an_iso_date():
    assert ISO_DATE.search(f"Pembayaran 1 ({STR_DAY})")
    assert ISO_DATE.search(f"Rekap {STR_MOMENT:%Y-%m-%d %H:%M}")
    assert ISO_DATE.search(f"x {STR_DAY:%Y-%m}")
    assert not ISO_DATE.search(f"Rekap {short_datetime(STR_MOMENT)} · {long_date(STR_DAY)}")
