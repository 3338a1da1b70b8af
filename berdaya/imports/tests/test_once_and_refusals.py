"""Issue 8, class 9 on the import pages: the upload, mapping, run, resume and undo forms carry a
one-time token, so a repeated upload makes one import and a repeated "run" or "undo" is
answered as the first instead of being refused as already done."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.imports.models import Import
from berdaya.imports.tests.conftest import HEADERS, person_row, upload, xlsx_bytes

pytestmark = pytest.mark.usefixtures("refdata")
TOKEN = re.compile(r'name="once_token" value="([^"]+)"')


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token(response) -> str:
    assert response.status_code == 200
    found = TOKEN.findall(response.content.decode())
    assert found, "the form carries no one-time token"
    return found[0]


def test_a_repeated_upload_makes_one_import(personas):
    # Given the upload form with its token
    client = _client(personas.staff)
    token = _token(client.get(reverse("imports:index")))
    data = xlsx_bytes([person_row(1)])
    form = {"kind": "registry", "on_existing": "update", "once_token": token}
    # When the same upload is sent twice
    first = client.post(reverse("imports:index"), {**form, "file": upload(data)})
    second = client.post(reverse("imports:index"), {**form, "file": upload(data)})
    # Then one import waits for its mapping, and both answers lead to it
    assert Import.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_repeated_run_is_answered_as_the_first(personas):
    client = _client(personas.staff)
    client.post(
        reverse("imports:index"),
        {"file": upload(xlsx_bytes([person_row(1)])), "kind": "registry", "on_existing": "update"},
    )
    imp = Import.objects.get()
    fields = {f"col_{i}": v for i, v in enumerate(imp.mapping[h] for h in HEADERS)}
    client.post(reverse("imports:mapping", args=[imp.pk]), fields)  # the dry run (immediate)
    token = _token(client.get(reverse("imports:detail", args=[imp.pk])))
    url = reverse("imports:commit", args=[imp.pk])
    first = client.post(url, {"once_token": token}, follow=True)
    second = client.post(url, {"once_token": token}, follow=True)
    assert "dijalankan di latar belakang" in first.content.decode()
    text = second.content.decode()
    assert "sudah dikirim" in text and "bukan uji coba" not in text
