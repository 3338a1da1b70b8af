from django.urls import path

from berdaya.regions import views

app_name = "regions"
urlpatterns = [path("kelurahan/", views.kelurahan_options, name="kelurahan_options")]
