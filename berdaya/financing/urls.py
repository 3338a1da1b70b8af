from django.urls import path

from berdaya.financing import views
from berdaya.financing.views import exports

app_name = "financing"
urlpatterns = [
    path("pembiayaan/", views.index, name="index"),
    path("pembiayaan/kelompok/baru/", views.group_create, name="group_create"),
    path("pembiayaan/kelompok/<int:pk>/", views.group_detail, name="group"),
    path("pembiayaan/kelompok/<int:pk>/undang/", views.group_invite, name="group_invite"),
    path("pembiayaan/kelompok/<int:pk>/keluar/", views.group_leave, name="group_leave"),
    path(
        "pembiayaan/kelompok/<int:pk>/tanggung-renteng/",
        views.group_liability_sign,
        name="group_liability_sign",
    ),
    path(
        "pembiayaan/kelompok/<int:pk>/anggota/<int:member_pk>/keluarkan/",
        views.group_leave,
        name="group_remove",
    ),
    path("pembiayaan/undangan/<int:pk>/", views.invitation, name="invitation"),
    path("pembiayaan/undangan/<int:pk>/batal/", views.invitation_cancel, name="invitation_cancel"),
    path(
        "pembiayaan/undangan/<int:pk>/kirim-ulang/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("pembiayaan/pengajuan/", views.application_list, name="applications"),
    path("pembiayaan/pengajuan/ekspor.xlsx", exports.applications, name="applications_xlsx"),
    path(
        "pembiayaan/pengajuan/ekspor.csv",
        exports.applications,
        {"fmt": "csv"},
        name="applications_csv",
    ),
    path("pembiayaan/pengajuan/pinjaman.xlsx", exports.loans, name="loans_xlsx"),
    path("pembiayaan/pengajuan/pinjaman.csv", exports.loans, {"fmt": "csv"}, name="loans_csv"),
    path("pembiayaan/pengajuan/baru/", views.application_create, name="application_create"),
    path("pembiayaan/pengajuan/<int:pk>/", views.application_detail, name="application"),
    path("pembiayaan/pengajuan/<int:pk>/ubah/", views.application_edit, name="application_edit"),
    path("pembiayaan/pengajuan/<int:pk>/ajukan/", views.application_submit, name="submit"),
    path("pembiayaan/pengajuan/<int:pk>/tarik/", views.application_withdraw, name="withdraw"),
    path("pembiayaan/pengajuan/<int:pk>/rekomendasi/", views.recommend, name="recommend"),
    path("pembiayaan/pengajuan/<int:pk>/verifikasi/", views.review, name="review"),
    path("pembiayaan/pengajuan/<int:pk>/keputusan/", views.decide, name="decide"),
    path("pembiayaan/pengajuan/<int:pk>/pencairan/", views.disburse, name="disburse"),
    path("pembiayaan/pengajuan/<int:pk>/tagihan/", views.collection, name="collection"),
    path(
        "pembiayaan/pengajuan/<int:pk>/tagihan/cetak/",
        views.collection_print,
        name="collection_print",
    ),
    path("pembiayaan/pinjaman/<int:pk>/", views.loan_detail, name="loan"),
    path("pembiayaan/surat/<int:pk>/", views.letter, name="letter"),
    path("pembiayaan/laporan/", views.reports, name="reports"),
    path("verifikasi/<str:code>", views.verify, name="verify"),
    path("verifikasi/<str:code>/", views.verify),
]
