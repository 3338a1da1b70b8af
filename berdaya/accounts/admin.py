from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone

from berdaya.accounts.models import (
    ApiToken,
    BreachReport,
    BreachStatus,
    Institution,
    RoleAssignment,
    User,
)
from berdaya.accounts.services import role_assign
from berdaya.core.dates import short_datetime
from berdaya.core.errors import RuleError


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "kecamatan", "kelurahan", "rw", "rt", "institution"]

    def clean(self):
        # The admin obeys the same rule as the command and the API: the service decides the scope.
        data = super().clean()
        self.instance.scope = "pending"
        return data


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    extra = 1
    fields = ["role", "kecamatan", "kelurahan", "rw", "rt", "institution", "scope"]
    readonly_fields = ["scope"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "phone", "email", "is_active"]
    search_fields = ["full_name", "phone", "email"]
    list_filter = ["is_active", "role_assignments__role"]
    fieldsets = (
        (None, {"fields": ("phone", "password")}),
        ("Data diri", {"fields": ("full_name", "nickname", "email")}),
        ("Akses", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("phone", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    inlines = [RoleAssignmentInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            obj.delete()
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            data = inline_form.cleaned_data
            if not data or not data.get("role"):
                continue
            if inline_form.instance.pk:
                inline_form.instance.delete()
            try:
                role_assign(
                    user=form.instance,
                    role=data["role"],
                    kecamatan_code=data["kecamatan"].code if data.get("kecamatan") else None,
                    kelurahan_code=data["kelurahan"].code if data.get("kelurahan") else None,
                    rw=data.get("rw"),
                    rt=data.get("rt"),
                    institution_code=data["institution"].code if data.get("institution") else None,
                )
            except RuleError as exc:
                self.message_user(request, f"Peran tidak disimpan: {exc}", level="error")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "key_hash", "created_at", "expires_at", "last_used_at"]
    fields = [
        "user",
        "key_hash",
        "second_factor",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = [*readonly_fields, "second_factor"]


@admin.register(BreachReport)
class BreachReportAdmin(admin.ModelAdmin):
    """The breach register of the data protection officer (UU 27/2022 Pasal 46): each breach
    is told to the data subjects and the authority within 3 x 24 hours of being discovered."""

    list_display = [
        "summary",
        "discovered_at",
        "deadline",
        "overdue",
        "status",
        "subjects_affected",
        "notified_at",
    ]
    list_filter = ["status"]
    search_fields = ["summary", "description", "data_categories"]
    date_hierarchy = "discovered_at"
    readonly_fields = ["deadline", "dpo_contact", "reported_by", "created_at"]
    fields = [
        "summary",
        "discovered_at",
        "deadline",
        "dpo_contact",
        "description",
        "data_categories",
        "subjects_affected",
        "actions_taken",
        "status",
        "notified_at",
        "reported_by",
        "created_at",
    ]

    @admin.display(description="batas pemberitahuan (3 x 24 jam)")
    def deadline(self, obj: BreachReport):
        if obj.pk is None:
            return "3 x 24 jam sejak diketahui"
        return short_datetime(obj.notification_deadline)

    @admin.display(description="terlambat", boolean=True)
    def overdue(self, obj: BreachReport) -> bool:
        return obj.is_overdue

    @admin.display(description="kontak pejabat pelindungan data")
    def dpo_contact(self, obj: BreachReport) -> str:
        return settings.BERDAYA_DPO_CONTACT

    def save_model(self, request, obj, form, change):
        if obj.reported_by_id is None:
            obj.reported_by = request.user
        if obj.status == BreachStatus.NOTIFIED and obj.notified_at is None:
            obj.notified_at = timezone.now()
        super().save_model(request, obj, form, change)
