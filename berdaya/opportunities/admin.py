"""Django admin of opportunities: read-mostly views for DKUM admins (changes go through pages)."""

from django.contrib import admin

from berdaya.opportunities.models import Opportunity, OpportunityApplication


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "provider", "status", "opens_on", "deadline", "quota")
    list_filter = ("kind", "status")
    search_fields = ("title", "provider")
    list_select_related = ("training_program", "financing_product")
    readonly_fields = ("status", "published_at", "closed_at", "selected_at", "created_by")


@admin.register(OpportunityApplication)
class OpportunityApplicationAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "business", "status", "applied_at")
    list_filter = ("status",)
    list_select_related = ("opportunity", "business")
    raw_id_fields = ("opportunity", "business", "person", "applicant")
    readonly_fields = ("status", "applied_at", "decided_at")
