from django.contrib import admin
from django.urls import include, path

from berdaya.api.api import api
from berdaya.core import pwa
from berdaya.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The installable app (berdaya.core.pwa): the worker at the root, so its scope is the site.
    path("sw.js", pwa.service_worker, name="pwa_sw"),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("offline/", pwa.offline, name="pwa_offline"),
    # The public catalog first: its pages are the most visited, and every pattern tried before
    # them costs each request (its paths, katalog/... and sitemap.xml, are unique).
    path("", include("berdaya.catalog.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("berdaya.accounts.urls")),
    path("wilayah/", include("berdaya.regions.urls")),
    path("", include("berdaya.registry.urls")),
    path("", include("berdaya.training.urls")),
    path("", include("berdaya.financing.urls")),
    path("", include("berdaya.targets.urls")),
    path("", include("berdaya.cooperatives.urls")),
    path("", include("berdaya.opportunities.urls")),
    path("", include("berdaya.imports.urls")),
    path("", include("berdaya.portal.urls")),
]
