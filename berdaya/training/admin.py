from django.contrib import admin

from berdaya.training.models import Batch, Certificate, Program, Session


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "completion_percent"]
    search_fields = ["name"]


class SessionInline(admin.TabularInline):
    """Read-only: sessions are planned through the batch pages (services, with events)."""

    model = Session
    extra = 0
    fields = ["number", "starts_at", "ends_at", "topic"]
    readonly_fields = ("number", "starts_at", "ends_at", "topic")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "kecamatan", "starts_on", "capacity", "status"]
    list_filter = ["status", "program"]
    list_select_related = ["program", "kecamatan"]
    search_fields = ["name"]
    inlines = [SessionInline]
    # Capacity (which promotes from the waiting list) and status change through the services.
    readonly_fields = ["status", "capacity", "completed_at", "created_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued and revoked by the services (with their events)."""

    list_display = ["number", "batch", "issued_on", "revoked_at"]
    search_fields = ["number"]
    list_select_related = ["batch__program"]  # a batch's name includes its program's
    raw_id_fields = ["person", "batch", "enrollment"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
