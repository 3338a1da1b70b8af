"""Every Rupiah amount a form shows is typed and shown the same way: "5.000.000".

A saved amount came back into "Perbaiki pendaftaran", "Ubah profil usaha" and the Kredit Mesra
forms as ``5000000``, although the user typed "5.000.000" (issue 14). One widget,
``RupiahInput``, serves every amount field: it shows a saved integer with thousands separators,
keeps the numeric keyboard, and shows what the user typed unchanged when the form comes back with
an error. The scans below fail when an amount field (named ``*_rupiah`` or labelled "(Rp)") is
declared without it, whether on the class or added in ``__init__``.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms

from berdaya.core.cleaning.forms import RupiahField, RupiahInput

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    p.name for p in (ROOT / "berdaya").iterdir() if p.is_dir() and (p / "__init__.py").exists()
)


def _source_files():
    for path in (ROOT / "berdaya").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path


def _is_amount(name: str, label: str) -> bool:
    return name.endswith("_rupiah") or "(Rp)" in label or label.rstrip().endswith("Rp")


def _label_text(node: ast.Call) -> str:
    for kw in node.keywords:
        if kw.arg == "label":
            if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
            if isinstance(kw.value, ast.JoinedStr):
                return "".join(
                    v.value
                    for v in kw.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
    return ""


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _uses_rupiah_input(node: ast.Call) -> bool:
    if _callee(node) == "RupiahField":
        return True
    for kw in node.keywords:
        if kw.arg == "widget" and isinstance(kw.value, ast.Call):
            return _callee(kw.value) == "RupiahInput"
    return False


def _source_offenders() -> list[str]:
    """Every form field constructed in the apps' code (class attribute or ``self.fields[...] =``)
    that is an amount but does not use RupiahField / RupiahInput."""
    out = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
                continue
            call = node.value
            if not _callee(call).endswith("Field"):
                continue
            target = node.targets[0]
            name = ""
            if isinstance(target, ast.Name):
                name = target.id
            elif isinstance(target, ast.Subscript):
                name = ast.unparse(target.slice)
            if not any(kw.arg == "label" for kw in call.keywords):
                continue  # not a form field (model fields take a positional verbose name)
            if _is_amount(name.strip("'\"f{}"), _label_text(call)) and not _uses_rupiah_input(call):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return out


def test_every_amount_field_in_the_source_uses_the_rupiah_input():
    assert _source_offenders() == []


def _form_classes():
    seen = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"berdaya.{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__.startswith("berdaya.")
                and (cls not in seen)
            ):
                seen.add(cls)
                yield cls


def test_every_declared_amount_field_of_every_form_uses_the_rupiah_input():
    offenders = []
    checked = 0
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if _is_amount(name, str(field.label or "")):
                checked += 1
                if not isinstance(field.widget, RupiahInput):
                    offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(field, RupiahField) and not isinstance(field.widget, RupiahInput):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name} (RupiahField)")
    assert offenders == []
    assert checked >= 14  # registry, cooperatives, catalog, financing: the scan sees them


class _Amounts(forms.Form):
    amount = RupiahField(label="Jumlah (Rp)")
    typed = forms.CharField(label="Omzet (Rp)", widget=RupiahInput())


@pytest.mark.parametrize(
    ("saved", "shown"),
    [(5_000_000, "5.000.000"), (60_000_000, "60.000.000"), (0, "0"), (950, "950")],
)
def test_a_saved_amount_is_shown_with_thousands_separators(saved, shown):
    form = _Amounts(initial={"amount": saved, "typed": saved})
    assert f'value="{shown}"' in str(form["amount"])
    assert f'value="{shown}"' in str(form["typed"])
    assert 'inputmode="numeric"' in str(form["amount"])


def test_a_negative_amount_keeps_its_sign():
    assert RupiahInput().format_value(-2_500_000) == "-2.500.000"


def test_what_is_shown_is_read_back_as_the_same_amount():
    shown = _Amounts(initial={"amount": 5_000_000})["amount"].value()
    rendered = RupiahInput().format_value(shown)
    form = _Amounts(data={"amount": rendered, "typed": rendered})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 5_000_000


def test_a_typed_value_is_shown_again_as_typed():
    form = _Amounts(data={"amount": "5000000x", "typed": "Rp 1.500.000"})
    assert not form.is_valid()
    assert 'value="5000000x"' in str(form["amount"])
    assert 'value="Rp 1.500.000"' in str(form["typed"])


def test_the_business_form_shows_saved_omzet_and_modal_grouped():
    from berdaya.registry.forms import BusinessForm

    form = BusinessForm(initial={"capital_rupiah": 5_000_000, "annual_sales_rupiah": 60_000_000})
    assert 'value="5.000.000"' in str(form["capital_rupiah"])
    assert 'value="60.000.000"' in str(form["annual_sales_rupiah"])


@pytest.mark.parametrize("amount", [5_000_000, 60_000_000, 1_250])
def test_every_app_reads_the_shown_amount_back(amount):
    """The rules behind the CharField amount forms read "5.000.000" as the same integer."""
    from berdaya.catalog.rules import parse_rupiah
    from berdaya.cooperatives.cleaning import Cleaner as CoopCleaner
    from berdaya.core.cleaning.cleaner import Cleaner

    shown = RupiahInput().format_value(amount)
    assert Cleaner().rupiah({"x": shown}, "x", "Jumlah") == amount
    assert CoopCleaner().integer({"x": shown}, "x", "Jumlah") == amount
    assert CoopCleaner().integer({"x": "-" + shown}, "x", "SHU", minimum=None) == -amount
    assert parse_rupiah(shown, field="price_rupiah") == amount
