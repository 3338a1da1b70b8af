from django.urls import path

from berdaya.training import documents, exports, views

app_name = "training"
urlpatterns = [
    path("pelatihan/", views.index, name="index"),
    path("pelatihan/program/baru/", views.program_create, name="program_create"),
    path("pelatihan/angkatan/baru/", views.batch_create, name="batch_create"),
    path("pelatihan/angkatan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("pelatihan/angkatan/<int:pk>/daftar/", views.batch_register, name="batch_register"),
    path("pelatihan/angkatan/<int:pk>/batal/", views.batch_cancel, name="batch_cancel"),
    path("pelatihan/angkatan/<int:pk>/pendaftaran/", views.batch_open, name="batch_open"),
    path("pelatihan/angkatan/<int:pk>/kapasitas/", views.batch_capacity, name="batch_capacity"),
    path("pelatihan/angkatan/<int:pk>/peserta/", views.batch_roster, name="roster"),
    path("pelatihan/angkatan/<int:pk>/peserta.xlsx", exports.roster, name="roster_xlsx"),
    path(
        "pelatihan/angkatan/<int:pk>/peserta.csv", exports.roster, {"fmt": "csv"}, name="roster_csv"
    ),
    path("pelatihan/angkatan/<int:pk>/selesai/", views.batch_complete, name="batch_complete"),
    path("pelatihan/sesi/<int:pk>/presensi/", views.session_attendance, name="session_attendance"),
    path(
        "pelatihan/sesi/<int:pk>/presensi/<int:enrollment_pk>/",
        views.session_mark,
        name="session_mark",
    ),
    path(
        "pelatihan/sesi/<int:pk>/daftar-hadir/",
        documents.attendance_sheet,
        name="attendance_sheet",
    ),
    path("pelatihan/sesi/<int:pk>/hadir/<str:code>/", views.checkin, name="checkin"),
    path("pelatihan/sertifikat/<int:pk>/unduh/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "pelatihan/sertifikat/<int:pk>/cabut/", views.certificate_revoke, name="certificate_revoke"
    ),
    path("sertifikat/<str:code>/", views.verify, name="verify"),
]
