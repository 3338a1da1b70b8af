"""Issue 14, forms filled in from saved data and their error messages, across every app.

Class 1: a date or number filled in from saved data is rendered in the format its input accepts
(``<input type=date>`` shows anything but ISO ``YYYY-MM-DD`` as empty, and saving then fails with
"Mulai usaha wajib diisi").
Class 2: one clear Indonesian message per problem beside its field, no internal code or raw value
in a message, and the error summary takes the focus.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import re
from collections.abc import Callable
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from berdaya.core.cleaning.forms import RupiahInput
from berdaya.registry import services
from berdaya.registry.models import Registration, RegistrationStatus
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "berdaya.accounts.forms",
    "berdaya.catalog.forms",
    "berdaya.cooperatives.forms",
    "berdaya.financing.forms",
    "berdaya.imports.forms",
    "berdaya.opportunities.forms",
    "berdaya.registry.forms",
    "berdaya.training.forms",
    "berdaya.portal.privacy_views",
    "berdaya.targets.admin",
]
# Forms that need more than ``initial`` to be built.
FORM_KWARGS: dict[str, Callable[[], dict[str, Any]]] = {
    "DecisionForm@berdaya.financing.forms": lambda: {
        "members": [
            SimpleNamespace(
                pk=1,
                amount_rupiah=2_500_000,
                person=SimpleNamespace(full_name="Siti", nik="3276065705900001"),
            )
        ]
    },  # fmt: skip
    "ApplicationForm@berdaya.financing.forms": lambda: {
        "product": SimpleNamespace(terms=SimpleNamespace(all=list), amount_max_rupiah=5_000_000),
        "members": [SimpleNamespace(pk=1, nik="3276065705900001", full_name="Siti")],
    },
    "CollectionForm@berdaya.financing.forms": lambda: {
        "rows": [{"loan": SimpleNamespace(pk=1), "name": "Siti", "owed_rupiah": 450_000}]
    },
    "MappingForm@berdaya.imports.forms": lambda: {
        "kind": "registry",
        "headers": ["Nama"],
        "mapping": {},
    },  # fmt: skip
}
SAVED_DATE = datetime.date(2026, 3, 7)
SAVED_NUMBER = 12_345_678


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def every_form_class():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield f"{name}@{module_name}", cls


class Inputs(HTMLParser):
    """The inputs, selects and textareas of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: list[dict] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input":
            self.fields.append({"tag": tag, **a})
        elif tag == "select":
            self._select = {"tag": tag, **a, "options": []}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a)
        elif tag == "textarea":
            self._textarea = {"tag": tag, **a, "value": ""}
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def by_name(self, name: str) -> dict:
        return next(x for x in self.fields if x.get("name") == name)

    def submitted(self) -> dict[str, list[str]]:
        """What the browser sends: checked boxes and radios, selected options, every value."""
        out: dict[str, list[str]] = {}
        for x in self.fields:
            name = x.get("name")
            if not name or x.get("type") in ("submit", "button", "file"):
                continue
            if x["tag"] == "select":
                chosen = [o for o in x["options"] if "selected" in o] or x["options"][:1]
                out.setdefault(name, []).extend(o.get("value", "") for o in chosen)
            elif x.get("type") in ("checkbox", "radio"):
                if "checked" in x:
                    out.setdefault(name, []).append(x.get("value", "on"))
            else:
                out.setdefault(name, []).append(x.get("value", ""))
        return out


def inputs_of(response) -> Inputs:
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser


# --- class 1: saved dates and numbers in the format their input accepts ----------------------
def test_every_form_in_every_app_renders_saved_dates_as_iso_and_numbers_as_plain_digits(
    reference_data,
):
    # Given every form of every app, filled in from saved data (a date, a large number)
    checked = []
    for key, cls in every_form_class():
        probe = cls(**FORM_KWARGS.get(key, dict)())
        initial: dict[str, datetime.date | int] = {}
        for name, field in probe.fields.items():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            if kind in ("date", "month") or isinstance(widget, forms.DateInput):
                initial[name] = SAVED_DATE
            elif kind == "number" or widget.attrs.get("inputmode") == "numeric":
                initial[name] = SAVED_NUMBER
        if not initial:
            continue
        # When the form is rendered
        form = cls(initial=initial, **FORM_KWARGS.get(key, dict)())
        for name in initial:
            html = str(form[name])
            kind = getattr(form.fields[name].widget, "input_type", "")
            value = re.search(r'value="([^"]*)"', html)
            checked.append(f"{key}.{name}")
            # Then each value is what its input type accepts
            assert value is not None, f"{key}.{name} renders no value: {html}"
            if kind == "date":
                assert value.group(1) == "2026-03-07", f"{key}.{name}: {html}"
            elif kind == "month":
                assert value.group(1) == "2026-03", f"{key}.{name}: {html}"
            elif isinstance(form.fields[name].widget, RupiahInput):  # an amount, as typed
                assert value.group(1) == "12.345.678", f"{key}.{name}: {html}"
            elif kind == "number" or form.fields[name].widget.attrs.get("inputmode") == "numeric":
                assert value.group(1) == "12345678", f"{key}.{name}: {html}"
            else:  # a date typed as text: still ISO, readable by the date parser
                assert value.group(1) == "2026-03-07", f"{key}.{name}: {html}"
    # (the probe reached the date and number fields of the apps)
    assert {
        "BusinessForm@berdaya.registry.forms.started_on",
        "BusinessForm@berdaya.registry.forms.capital_rupiah",
        "ReportForm@berdaya.registry.forms.period",
        "MemberForm@berdaya.cooperatives.forms.birth_date",
        "OpportunityForm@berdaya.opportunities.forms.deadline",
        "RepaymentForm@berdaya.financing.forms.paid_on",
        "BatchForm@berdaya.training.forms.capacity",
    } <= set(checked)


def test_the_edit_pages_show_the_saved_start_date_birth_date_and_amounts(personas):
    # Given a verified business and its owner
    reg = f.verified(personas.staff, business={"started_on": "2025-11-03"})
    owner = client_for(reg.person.user)
    # When the owner opens "Ubah profil usaha" and the identity change form
    business = inputs_of(owner.get(reverse("registry:business_edit", args=[reg.business.pk])))
    identity = inputs_of(owner.get(reverse("registry:identity_change")))
    # Then the date inputs hold ISO dates and the amounts are grouped as they are typed
    assert business.by_name("started_on")["value"] == "2025-11-03"
    assert business.by_name("capital_rupiah")["value"] == "5.000.000"
    assert business.by_name("annual_sales_rupiah")["value"] == "60.000.000"
    assert identity.by_name("birth_date")["value"] == "1990-05-17"
    # and staff see the same on the same page
    staff_page = client_for(personas.staff).get(
        reverse("registry:business_edit", args=[reg.business.pk])
    )
    assert inputs_of(staff_page).by_name("started_on")["value"] == "2025-11-03"


def test_the_needs_revision_journey_can_be_finished_by_sending_back_what_the_form_shows(personas):
    # Given a registration sent back for revision
    reg = f.submit(business={"started_on": "2025-11-03"})
    services.registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )
    owner = client_for(reg.person.user)
    url = reverse("registry:resubmit", args=[reg.pk])
    # When the owner opens "Perbaiki pendaftaran", adds the NIB and sends what the form shows
    shown = inputs_of(owner.get(url)).submitted()
    shown["nib"] = ["1234567890123"]
    response = owner.post(url, shown)
    # Then it is saved and waits for staff again
    assert response.status_code == 302, response.content.decode()[:2000]
    reg = Registration.objects.get(pk=reg.pk)
    assert reg.status == RegistrationStatus.SUBMITTED
    assert reg.business.started_on == datetime.date(2025, 11, 3)
    assert reg.business.nib == "1234567890123"
    # and "Ubah profil usaha" saves unchanged too
    edit = reverse("registry:business_edit", args=[reg.business.pk])
    assert owner.post(edit, inputs_of(owner.get(edit)).submitted()).status_code == 302


# --- class 2: one clear message per problem, no internal values -------------------------------
INTERNAL = re.compile(
    r"\b(verify|reject|revise|required|invalid|None|True|False)\b|3276\d{6}|"
    r"bukan salah satu dari pilihan|This field"
)


def field_messages(html: str) -> dict[str, list[str]]:
    """The messages beside each field: {field id: [message, ...]}."""
    out: dict[str, list[str]] = {}
    for match in re.finditer(
        r'<p class="error-message" id="id_([^"]+)_error">(.*?)</p>', html, re.S
    ):
        text = re.sub(r"<[^>]+>", "", match.group(2)).replace("Galat:", "").strip()
        out.setdefault(match.group(1), []).append(text)
    return out


def assert_one_clear_message_per_field(html: str, *, expect: set[str]) -> None:
    shown = field_messages(html)
    assert expect <= set(shown), (expect - set(shown), shown)
    for name, messages in shown.items():
        assert len(messages) == 1, (name, messages)
        assert not INTERNAL.search(messages[0]), (name, messages)
    summary = re.search(r'<div class="error-summary"[^>]*>', html)
    assert summary and "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    # the summary does not say a label twice ("NIK: NIK wajib diisi.")
    assert not re.search(r'<a href="#[^"]*">([^<:]+): \1 ', html)


def test_empty_required_forms_show_one_message_per_field_in_every_app(personas):
    # Given the forms people fill in, posted empty
    reg = f.verified(personas.staff)
    submitted = f.submit()
    owner = client_for(reg.person.user)
    staff = client_for(personas.staff)
    pages = [
        (Client(), reverse("registry:register_step", args=[1]), {},
         {"nik", "full_name", "gender", "birth_date", "phone"}),
        (owner, reverse("registry:business_edit", args=[reg.business.pk]), {},
         {"name", "started_on", "kbli_code", "capital_rupiah", "annual_sales_rupiah"}),
        (owner, reverse("registry:report", args=[reg.business.pk]), {},
         {"period", "sales_rupiah"}),
        (staff, reverse("registry:review", args=[submitted.pk]), {}, {"decision"}),
        (staff, reverse("registry:review", args=[submitted.pk]), {"decision": "verify2"},
         {"decision"}),
        (client_for(reg.person.user), reverse("cooperatives:register"), {},
         {"name", "nik_koperasi", "legal_number", "legal_date", "kelurahan_code"}),
        (staff, reverse("training:program_create"), {}, {"name", "completion_percent"}),
        (staff, reverse("training:batch_create"), {}, {"program", "name", "sessions"}),
        (staff, reverse("opportunities:create"), {}, {"kind", "title", "opens_on", "deadline"}),
        (owner, reverse("catalog:mine_create"), {}, {"name"}),
        (Client(), reverse("accounts:password_reset_code"), {}, {"phone"}),
    ]  # fmt: skip
    for client, url, data, expect in pages:
        # When it is sent (as a browser does: with the form's CSRF token)
        response = client.post(url, {"csrfmiddlewaretoken": "x", **data})
        # Then each field has one message in plain Indonesian and the summary takes the focus
        assert response.status_code in (200, 400, 409, 422), (url, response.status_code)
        assert_one_clear_message_per_field(response.content.decode(), expect=expect)


def test_a_kelurahan_outside_the_list_is_refused_without_its_code(personas):
    # Given the address step
    client = Client()
    from berdaya.registry.tests.test_views import ADDRESS, IDENTITY

    assert client.post(reverse("registry:register_step", args=[1]), IDENTITY).status_code == 302
    # When a kelurahan code that is not in the list is sent
    response = client.post(
        reverse("registry:register_step", args=[2]), {**ADDRESS, "kelurahan_code": "3276999999"}
    )
    # Then the message asks to choose from the list and does not echo the code
    html = response.content.decode()
    assert_one_clear_message_per_field(html, expect={"kelurahan_code"})
    assert "3276999999" not in "".join(field_messages(html)["kelurahan_code"])


def test_hand_written_date_and_number_inputs_in_templates_render_machine_formats():
    # Given every template of the project (inputs written by hand, not by a form)
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    templates = [*root.glob("templates/**/*.html"), *root.glob("berdaya/*/templates/**/*.html")]
    bad = []
    for path in templates:
        for tag in re.findall(r"<input[^>]*>", path.read_text()):
            kind = re.search(r'type="(date|month|number|datetime-local|time)"', tag)
            value = re.search(r'value="\{\{\s*([^}]*?)\s*\}\}"', tag)
            if not (kind and value):
                continue
            # Then a date value is formatted as ISO and a number is never localised
            expr = value.group(1)
            ok = (
                "|date:'Y-m-d'" in expr or '|date:"Y-m-d"' in expr or "|date:'Y-m'" in expr
                if kind.group(1) in ("date", "month")
                else "|unlocalize" in expr
            )
            if not ok:
                bad.append(f"{path.relative_to(root)}: {tag}")
    assert templates and not bad, bad
