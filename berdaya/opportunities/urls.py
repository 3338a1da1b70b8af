from django.urls import path

from berdaya.opportunities import exports, views

app_name = "opportunities"
urlpatterns = [
    path("peluang/", views.index, name="index"),
    path("peluang/baru/", views.create, name="create"),
    path("peluang/riwayat/", views.history, name="history"),
    path("peluang/kabar/", views.alerts, name="alerts"),
    path("peluang/<int:pk>/", views.detail, name="detail"),
    path("peluang/<int:pk>/ubah/", views.edit, name="edit"),
    path("peluang/<int:pk>/terbitkan/", views.publish, name="publish"),
    path("peluang/<int:pk>/tutup/", views.close, name="close"),
    path("peluang/<int:pk>/batalkan/", views.cancel, name="cancel"),
    path("peluang/<int:pk>/dokumen/", views.document_add, name="document_add"),
    path("peluang/<int:pk>/daftar/", views.apply, name="apply"),
    path("peluang/<int:pk>/pendaftar/", views.applicants, name="applicants"),
    path("peluang/<int:pk>/pendaftar.xlsx", exports.applicants, name="applicants_xlsx"),
    path(
        "peluang/<int:pk>/pendaftar.csv", exports.applicants, {"fmt": "csv"}, name="applicants_csv"
    ),
    path("peluang/<int:pk>/pilih/", views.select, name="select"),
    path("peluang/dokumen/<int:pk>/", views.document, name="document"),
    path("peluang/lamaran/<int:pk>/tarik/", views.withdraw, name="withdraw"),
    path("peluang/lamaran/<int:pk>/lampiran/", views.attachment, name="attachment"),
]
