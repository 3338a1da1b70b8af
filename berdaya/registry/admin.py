"""Django admin for the DKUM admin: look-ups and corrections. Workflow steps (verify, reject,
reports) go through the pages and the API, which call the services."""

from django.contrib import admin

from berdaya.core.masking import mask_nik
from berdaya.registry.models import (
    Business,
    DevelopmentReport,
    IdentityChange,
    KbliCode,
    Person,
    Registration,
)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "masked_nik", "gender", "kelurahan", "rw", "rt"]
    list_filter = ["gender", "kelurahan__kecamatan"]
    search_fields = ["full_name", "=nik", "phone"]
    raw_id_fields = ["user"]
    list_select_related = ["kelurahan"]

    @admin.display(description="NIK")
    def masked_nik(self, obj):
        return mask_nik(obj.nik)


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "kbli", "size_class", "kelurahan"]
    list_filter = ["size_class", "kbli_section", "kelurahan__kecamatan"]
    search_fields = ["name", "=nib", "owner__full_name"]
    raw_id_fields = ["owner", "kbli"]
    list_select_related = ["owner", "kbli", "kelurahan"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "person",
        "status",
        "submitted_at",
        "verified_at",
        "is_new_entrepreneur",
    ]
    list_filter = ["status", "is_new_entrepreneur"]
    search_fields = ["=partner_number", "person__full_name", "business__name"]
    raw_id_fields = ["person", "business", "reviewed_by"]
    readonly_fields = ["status", "partner_number", "verified_at", "reviewed_by"]
    list_select_related = ["person"]


@admin.register(DevelopmentReport)
class DevelopmentReportAdmin(admin.ModelAdmin):
    list_display = ["business", "period", "sales_rupiah", "workers_women", "workers_men"]
    raw_id_fields = ["business", "filed_by"]
    date_hierarchy = "period"
    list_select_related = ["business"]


@admin.register(IdentityChange)
class IdentityChangeAdmin(admin.ModelAdmin):
    list_display = ["person", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    raw_id_fields = ["person", "requested_by", "decided_by"]
    readonly_fields = ["before", "after", "status", "decided_by", "decided_at"]
    list_select_related = ["person", "decided_by"]


@admin.register(KbliCode)
class KbliCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "level", "section", "version"]
    list_filter = ["version", "level", "section"]
    search_fields = ["code", "title"]
