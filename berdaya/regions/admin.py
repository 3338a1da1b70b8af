from django.contrib import admin

from berdaya.regions.models import Kecamatan, Kelurahan


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city_name"]
    search_fields = ["code", "name"]


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "postal_code", "kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["code", "name"]
