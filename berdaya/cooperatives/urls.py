from django.urls import path

from berdaya.cooperatives import views

app_name = "cooperatives"
urlpatterns = [
    path("koperasi/", views.index, name="index"),
    path("koperasi/daftar/", views.register, name="register"),
    # DKUM staff, pimpinan, kelurahan officers.
    path("koperasi/semua/", views.city_list, name="list"),
    path("koperasi/semua/ekspor.xlsx", views.export, name="export"),
    path("koperasi/semua/ekspor.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("koperasi/kepatuhan-rat/", views.compliance, name="compliance"),
    # One cooperative.
    path("koperasi/<int:pk>/", views.detail, name="detail"),
    path("koperasi/<int:pk>/perbaiki/", views.resubmit, name="resubmit"),
    path("koperasi/<int:pk>/tinjau/", views.review, name="review"),
    path("koperasi/<int:pk>/status/", views.status_set, name="status"),
    path("koperasi/<int:pk>/anggota/", views.members, name="members"),
    path("koperasi/<int:pk>/anggota/ekspor.xlsx", views.members_export, name="members_export"),
    path(
        "koperasi/<int:pk>/anggota/ekspor.csv",
        views.members_export,
        {"fmt": "csv"},
        name="members_export_csv",
    ),
    path("koperasi/<int:pk>/anggota/tambah/", views.member_add, name="member_add"),
    path("koperasi/<int:pk>/anggota/<int:member_pk>/", views.member_edit, name="member_edit"),
    path("koperasi/<int:pk>/rat/", views.report_add, name="report_add"),
    path(
        "koperasi/<int:pk>/rat/<int:report_pk>/notulen.pdf",
        views.minutes_file,
        name="minutes",
    ),
]
