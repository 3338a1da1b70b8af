"""Django admin: the category list is data the admin edits; products are read here for support."""

from __future__ import annotations

from django.contrib import admin

from berdaya.catalog.models import Category, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "business", "category", "status", "pending_edit", "updated_at")
    list_filter = ("status", "pending_edit", "category")
    list_select_related = ("business", "category")
    search_fields = ("name",)
    raw_id_fields = ("business", "storefront")
    readonly_fields = ("status", "pending_edit", "pending_data", "search_text", "shuffle")
    exclude = ("search_vector",)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # products are added by their owners, through the services
