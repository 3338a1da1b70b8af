"""The installable web app (issue 14, "Installable, and working on a bad connection"): manifest,
icons, the service worker at the root, the offline page, the policy that lets them run, every
page linking them, and the forms that can be filled offline carrying their one-time key."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from berdaya.core.once import new_token
from berdaya.core.pwa import PRECACHE, THEME_COLOR

pytestmark = pytest.mark.django_db

HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|png)$")


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _policy(response) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


# --- the manifest and the icons -------------------------------------------------------------
def test_the_manifest_describes_an_installable_app_in_the_sites_colours():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert response["Cache-Control"] == "no-cache"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Berdaya" and manifest["short_name"] == "Berdaya"
    assert manifest["lang"] == "id" and "Koperasi" in manifest["description"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    # the header's green (--brand-dark), as the theme colour of the page says too
    css_path = finders.find("css/berdaya.css")
    assert isinstance(css_path, str)
    css = open(css_path, encoding="utf-8").read()
    assert f"--brand-dark: {THEME_COLOR}" in css
    assert manifest["theme_color"] == THEME_COLOR and manifest["background_color"] == "#ffffff"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_each_icon_is_a_png_of_its_declared_size():
    manifest = json.loads(Client().get("/manifest.webmanifest").content)
    icons = [(i["src"], i["sizes"]) for i in manifest["icons"]]
    icons.append((static("pwa/apple-touch-icon.png"), "180x180"))
    for src, size in icons:
        path = finders.find(src.removeprefix("/static/"))
        assert path, src
        with Image.open(path) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == size, src


# --- the service worker ---------------------------------------------------------------------
def test_the_worker_is_served_from_the_root_as_javascript_and_always_revalidated(personas):
    assert reverse("pwa_sw") == "/sw.js"  # its scope is the whole site, no header needed
    for user in (None, personas.outsider):
        response = _client(user).get("/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert response["Cache-Control"] == "no-cache", user  # not "no-store" even signed in
        assert "Service-Worker-Allowed" not in response
        assert not response.cookies
    source = response.content.decode()
    for name in PRECACHE:
        assert f'"{static(name)}"' in source, name
    assert '"/offline/"' in source and '"logout": "/akun/keluar/"' in source


def test_the_worker_precaches_the_hashed_files_of_a_collected_deploy(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        # production's hashing (without its slow compression), the admin's files left out
        "staticfiles": {"BACKEND": "whitenoise.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v", "0", "-i", "admin")
    source = Client().get("/sw.js").content.decode()
    found = re.search(r"const CONFIG = (\{.*\});", source)
    assert found
    config = json.loads(found.group(1))
    assert len(config["precache"]) == len(PRECACHE)
    for url in config["precache"]:
        assert HASHED.search(url), url
        assert (tmp_path / url.removeprefix("/static/")).exists(), url
    icons = json.loads(Client().get("/manifest.webmanifest").content)["icons"]
    assert all(HASHED.search(icon["src"]) for icon in icons)
    # a deploy that changes a file changes the worker's bytes (the browser installs it again)
    assert config["version"] and config["version"] in source


def test_the_policy_lets_the_worker_and_the_manifest_run_from_this_site_only():
    for path in ("/", "/sw.js", "/offline/"):
        policy = _policy(Client().get(path))
        assert policy["worker-src"] == "'self'" and policy["manifest-src"] == "'self'", path
        assert policy["script-src"] == "'self'", path


# --- the offline page -----------------------------------------------------------------------
def test_the_offline_page_speaks_indonesian_and_names_nobody(personas):
    response = _client(personas.outsider).get("/offline/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Anda sedang offline</h1>" in html
    assert "dikirim sekali saja" in html and 'id="saved-pages"' in html
    # the worker keeps it for everyone: no name, no menu of the signed-in user
    assert personas.outsider.get_short_name() not in html
    assert reverse("accounts:logout") not in html


# --- every page links it ----------------------------------------------------------------------
@pytest.mark.parametrize("who", [None, "outsider", "staff"])
def test_every_page_links_the_manifest_the_icon_the_banner_and_the_script(personas, who):
    user = getattr(personas, who) if who else None
    pages = ["/", "/akun/masuk/", "/daftar/langkah/1/", "/katalog/", "/offline/"]
    if who:
        pages += ["/notifikasi/"]
    client = _client(user)
    for path in pages:
        response = client.get(path, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html, path
        assert f'<meta name="theme-color" content="{THEME_COLOR}">' in html, path
        assert f'rel="apple-touch-icon" href="{static("pwa/apple-touch-icon.png")}"' in html
        script = re.search(f'<script src="{static("js/offline.js")}" defer[^>]*>', html)
        assert script and 'data-sw="/sw.js"' in script.group(0), path
        assert re.search(r'id="offline-area"[^>]*><p class="offline-banner" role="status">', html)


# --- the forms that can be filled offline -----------------------------------------------------
def _queue_form(html: str) -> str:
    match = re.search(r'<form[^>]*data-offline="queue".*?</form>', html, re.S)
    assert match, "no form marked data-offline=queue"
    return match.group(0)


def test_the_three_kinds_of_forms_are_kept_offline_with_their_one_time_key(personas):
    from berdaya.registry.tests import factories as f
    from berdaya.training import services
    from berdaya.training.tests.helpers import make_batch, make_person

    step = _queue_form(Client().get("/daftar/langkah/1/").content.decode())
    reg = f.verified(personas.staff)
    report = _client(reg.person.user).get(reverse("registry:report", args=[reg.business_id]))
    batch = make_batch(first_start=timezone.now() - timedelta(minutes=30), sessions=1, hours=2)
    services.enrollment_register(batch=batch, person=make_person())
    url = reverse("training:session_attendance", args=[batch.sessions.get().pk])
    attendance = _client(personas.staff).get(url).content.decode()
    rows = re.findall(r'<form[^>]*data-offline="queue".*?</form>', attendance, re.S)
    assert len(rows) == 2  # the participant's row and the NIK form
    for form in [step, _queue_form(report.content.decode()), *rows]:
        assert 'name="once_token"' in form and 'name="csrfmiddlewaretoken"' in form
        assert 'type="file"' not in form


def test_a_report_sent_again_with_the_same_key_takes_effect_once(personas):
    from berdaya.registry.models import DevelopmentReport
    from berdaya.registry.tests import factories as f

    reg = f.verified(personas.staff)
    client = _client(reg.person.user)
    url = reverse("registry:report", args=[reg.business_id])
    data = {"period": "2026-10", "sales_rupiah": "4.000.000", "assets_rupiah": "9.000.000",
            "workers_women": "2", "workers_men": "1", "once_token": new_token()}  # fmt: skip
    first = client.post(url, data)
    # kept on the phone and sent again (a lost answer, a second tab): the first answer, no change
    again = client.post(url, {**data, "sales_rupiah": "7.000.000"})
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert DevelopmentReport.objects.get().sales_rupiah == 4_000_000


def test_an_attendance_tap_sent_again_with_the_same_key_does_not_undo_a_later_one(personas):
    from berdaya.training import services
    from berdaya.training.models import Attendance
    from berdaya.training.tests.helpers import first_session, make_batch, make_person

    batch = make_batch()
    enrollment = services.enrollment_register(batch=batch, person=make_person())
    session = first_session(batch)
    client = _client(personas.staff)
    url = reverse("training:session_mark", args=[session.pk, enrollment.pk])
    present = {"present": "1", "once_token": new_token()}
    assert client.post(url, present).status_code == 302
    assert client.post(url, {"present": "0", "once_token": new_token()}).status_code == 302
    assert not Attendance.objects.exists()
    # the first tap, sent again from the phone's outbox: already taken, not applied again
    assert client.post(url, present).status_code == 302
    assert not Attendance.objects.exists()
