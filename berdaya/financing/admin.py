"""Admin: financing products are data the DKUM admin edits. Every change goes through the
service (``product_save``: validated, one event); applications and loans are read-only here
(they change only through the workflow's services)."""

from __future__ import annotations

from django.contrib import admin

from berdaya.financing import services
from berdaya.financing.models import Application, Loan, Product, ProductTerm

TO_CONFIRM = {
    "baznas-modal-usaha": (
        "Jumlah, kelipatan dan jangka waktu produk BAZNAS adalah nilai awal yang masih harus "
        "dikonfirmasi dengan BAZNAS Kota Depok (to be confirmed with BAZNAS)."
    )
}


class ProductTermInline(admin.TabularInline):
    model = ProductTerm
    extra = 1


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lender", "borrower_type", "amount_max_rupiah", "is_active"]
    inlines = [ProductTermInline]
    history_fields = [
        "group_size_min",
        "group_size_max",
        "amount_min_rupiah",
        "amount_max_rupiah",
        "amount_step_rupiah",
        "recommendation_levels",
        "allowed_areas",
        "training_required",
        "joint_liability",
        "single_active_application",
        "fee_collection",
        "rounding_unit",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        note = TO_CONFIRM.get(getattr(obj, "code", ""))
        if note:
            for name in ("amount_min_rupiah", "amount_max_rupiah", "amount_step_rupiah"):
                form.base_fields[name].help_text = note
        return form

    def save_model(self, request, obj, form, change):
        changed = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        services.product_save(product=obj, user=request.user, changed=changed)

    def save_formset(self, request, form, formset, change):
        if not formset.has_changed():
            formset.save()
            return
        services.product_terms_save(product=form.instance, user=request.user, save=formset.save)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "product", "group", "status", "kelurahan", "created_at"]
    list_filter = ["status", "product"]
    readonly_fields = [f.name for f in Application._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "principal_rupiah", "disbursed_on", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Loan._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
