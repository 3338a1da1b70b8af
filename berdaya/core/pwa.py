"""The installable web app: the manifest, the service worker and the offline page (ADR 0010).

The service worker is served from the site's root (``/sw.js``) so that its scope is the whole
site; its source is a template (``core/service_worker.js``) that receives the current hashed
static URLs, so a new deploy changes the worker's bytes, the browser installs it, and it
precaches the new files. Both the manifest and the worker are the same for everyone and are
revalidated on every use (``Cache-Control: no-cache``): a stale worker must not outlive a deploy.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

THEME_COLOR = "#005a30"  # --brand-dark in static/css/berdaya.css: the header
BACKGROUND_COLOR = "#ffffff"
OFFLINE_PATH = "/offline/"
# Hidden field offline.js adds to a form marked ``data-offline="queue"``: the worker keeps such a
# form on the phone when sending it fails for want of a network.
QUEUE_FIELD = "offline_queue"

# Precached when the worker installs: the look of every page, the scripts of the forms that can
# be filled offline (registration steps, development report, attendance) and the icons.
PRECACHE = (
    "css/berdaya.css",
    "css/registry.css",
    "css/training.css",
    "js/offline.js",
    "js/registry.js",
    "vendor/htmx-2.0.11.min.js",
    "pwa/icon-192.png",
)
# Never kept as pages for offline use: sign-in, password and two-step pages (secrets, one-time
# codes), Django's admin, the registration resume links (a bearer token in the URL) and files.
NOT_KEPT = ("/akun/", "/admin/", "/daftar/lanjut/", "/i18n/", "/api/")


def _no_cache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "id": "/",
        "name": "Berdaya",
        "short_name": "Berdaya",
        "description": (
            "Layanan Dinas Koperasi dan UMKM: daftar mitra binaan, laporan perkembangan usaha, "
            "pelatihan, dan pembiayaan, juga saat sinyal lemah."
        ),
        "lang": "id",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["business", "government"],
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pwa/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    return _no_cache(response)


def worker_config() -> dict:
    """What the worker needs to know of this site: hashed static URLs and a few paths."""
    precache = [static(name) for name in PRECACHE]
    version = hashlib.sha256("\n".join(precache).encode()).hexdigest()[:12]
    return {
        "version": version,
        "precache": precache,
        "offline": OFFLINE_PATH,
        "static": settings.STATIC_URL,
        "login": reverse("accounts:login"),
        "logout": reverse("accounts:logout"),
        "notKept": list(NOT_KEPT),
        "queueField": QUEUE_FIELD,
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = json.dumps(worker_config(), ensure_ascii=True)
    source = render_to_string("core/service_worker.js", {"config": config})
    return _no_cache(HttpResponse(source, content_type="application/javascript; charset=utf-8"))


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page that was never opened on this phone. The worker fetches
    it without cookies when it installs; it is rendered for nobody in particular in any case."""
    request.user = AnonymousUser()
    return render(request, "core/offline.html")
