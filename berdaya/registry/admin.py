"""Django admin for the DKUM admin: look-ups and corrections. Workflow steps (verify, reject,
reports) go through the pages and the API, which call the services."""

from django.contrib import admin

from berdaya.core.masking import mask_nik
from berdaya.core.privacy import Action, access_record
from berdaya.registry.models import (
    Business,
    DevelopmentReport,
    IdentityChange,
    KbliCode,
    Person,
    Registration,
    RegistrationEvent,
)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "masked_nik", "gender", "kelurahan", "rw", "rt"]
    list_filter = ["gender", "kelurahan__kecamatan"]
    search_fields = ["full_name", "=nik", "phone"]
    raw_id_fields = ["user"]
    list_select_related = ["kelurahan"]
    # Identity (NIK, name, birth date, gender) changes only through the identity change review
    # (services.identity_change_request / identity_change_decide, with events); the NIK shown
    # on this detail page is recorded as an access to personal data.
    readonly_fields = ["nik", "full_name", "birth_date", "gender", "user"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_object(request, object_id)
        if person is not None:
            access_record(
                actor=request.user,
                action=Action.VIEW,
                subject=person,
                purpose="admin Django: data orang",
            )
        return super().change_view(request, object_id, form_url, extra_context)

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
    # before/after hold NIKs: shown on the detail only (read-only), decided on the review page.
    list_filter = ["status"]
    raw_id_fields = ["person", "requested_by", "decided_by"]
    readonly_fields = ["before", "after", "status", "decided_by", "decided_at"]
    list_select_related = ["person", "decided_by"]


@admin.register(KbliCode)
class KbliCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "level", "section", "version"]
    list_filter = ["version", "level", "section"]
    search_fields = ["code", "title"]


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(admin.ModelAdmin):
    """Registration events are opened through the service (checks and an event); once open,
    they are read-only here."""

    list_display = ["name", "place", "client_address", "starts_at", "ends_at"]
    list_filter = ["starts_at"]
    OPEN_FIELDS = (
        "name",
        "place",
        "client_address",
        "starts_at",
        "ends_at",
        "allowance_per_minute",
    )
    fields = OPEN_FIELDS

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        from berdaya.registry.services import registration_event_open

        data = {name: getattr(obj, name) for name in self.OPEN_FIELDS}
        obj.pk = registration_event_open(actor=request.user, **data).pk
