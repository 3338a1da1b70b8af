"""The pages that gather every app: home, notifications, the personal-data access log.

They keep the ``core`` URL namespace (``core:home``, ``core:notifications``, ...) they had when they
lived in ``berdaya.core``: only this module declares it, so links and redirects did not change.
"""

from django.urls import path
from django.views.generic import RedirectView

from berdaya.core import views as core_views
from berdaya.portal import own_data, privacy_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifikasi/", core_views.notifications, name="notifications"),
    path("notifikasi/dibaca/", core_views.notifications_read, name="notifications_read"),
    path("privasi/data-saya.json", own_data.my_data_json, name="my_data_json"),
    path("privasi/data-saya.xlsx", own_data.my_data_xlsx, name="my_data_xlsx"),
    path("privasi/data-saya.pdf", own_data.my_data_pdf, name="my_data_pdf"),
    # The own-data JSON's first address, kept for saved links and bookmarks.
    path(
        "mitra/data-saya.json",
        RedirectView.as_view(pattern_name="core:my_data_json", permanent=True),
    ),
    path("privasi/log-akses/", privacy_views.access_log_page, name="access_log"),
    path(
        "privasi/log-akses/unduh.<str:fmt>",
        privacy_views.access_log_export,
        name="access_log_export",
    ),
]
