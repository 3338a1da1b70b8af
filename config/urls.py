from django.contrib import admin
from django.urls import include, path

from berdaya.api.api import api
from berdaya.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("berdaya.accounts.urls")),
    path("wilayah/", include("berdaya.regions.urls")),
    path("", include("berdaya.registry.urls")),
    path("", include("berdaya.training.urls")),
    path("", include("berdaya.financing.urls")),
    path("", include("berdaya.targets.urls")),
    path("", include("berdaya.core.urls")),
]
