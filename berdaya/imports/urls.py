from django.urls import path

from berdaya.imports import views

app_name = "imports"
urlpatterns = [
    path("impor/", views.index, name="index"),
    path("impor/<int:pk>/", views.detail, name="detail"),
    path("impor/<int:pk>/kolom/", views.mapping, name="mapping"),
    path("impor/<int:pk>/progres/", views.progress, name="progress"),
    path("impor/<int:pk>/baris-bermasalah.xlsx", views.errors, name="errors"),
    path("impor/<int:pk>/jalankan/", views.commit, name="commit"),
    path("impor/<int:pk>/lanjutkan/", views.resume, name="resume"),
    path("impor/<int:pk>/batalkan/", views.undo, name="undo"),
]
