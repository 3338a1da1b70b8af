from django.urls import path

from berdaya.targets import views

app_name = "targets"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/ekspor.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dasbor/ekspor.pdf", views.export_pdf, name="export_pdf"),
    path("dasbor/target/baru/", views.target_create, name="target_create"),
    path("transparansi/", views.public, name="public"),
]
