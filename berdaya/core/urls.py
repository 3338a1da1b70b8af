from django.urls import path

from berdaya.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/dibaca/", views.notifications_read, name="notifications_read"),
]
