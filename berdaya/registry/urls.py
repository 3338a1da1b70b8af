from django.urls import path

from berdaya.registry import views
from berdaya.registry.views.events import registration_events

app_name = "registry"
urlpatterns = [
    # Public registration, in steps, resumable.
    path("daftar/", views.register_start, name="register"),
    path("daftar/langkah/<int:step>/", views.register_step, name="register_step"),
    path("daftar/lanjut/<str:token>/", views.register_resume, name="register_resume"),
    path("daftar/cek-nik/", views.nik_check, name="nik_check"),
    path("daftar/kbli/", views.kbli_lookup, name="kbli_lookup"),
    path("daftar/status/<int:pk>/", views.registration_status, name="status"),
    # The entrepreneur's own pages.
    path("mitra/", views.dashboard, name="dashboard"),
    path("mitra/usaha/<int:pk>/ubah/", views.business_edit, name="business_edit"),
    path("mitra/usaha/<int:pk>/laporan/", views.report_form, name="report"),
    path("mitra/usaha/<int:pk>/foto/", views.photo_upload, name="photo"),
    path("mitra/foto/<int:pk>/", views.photo_file, name="photo_file"),
    path("mitra/identitas/", views.identity_change, name="identity_change"),
    path("mitra/registrasi/<int:pk>/perbaiki/", views.resubmit, name="resubmit"),
    # DKUM staff (and area officials, read-only, within their territory).
    path("dkum/mitra/", views.queue, name="queue"),
    path("dkum/mitra/ekspor.xlsx", views.queue_export, name="queue_export"),
    path("dkum/mitra/ekspor.csv", views.queue_export, {"fmt": "csv"}, name="queue_export_csv"),
    path("dkum/mitra/<int:pk>/", views.registration_detail, name="detail"),
    path("dkum/mitra/<int:pk>/tinjau/", views.registration_review, name="review"),
    path("dkum/acara-pendaftaran/", registration_events, name="registration_events"),
    path("dkum/perubahan-identitas/", views.identity_changes, name="changes"),
    path("dkum/perubahan-identitas/<int:pk>/", views.identity_change_decide, name="change_decide"),
]
