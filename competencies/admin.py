from django.contrib import admin

from .models import Alignment, CatalogueImport, Domain, Framework, Item


class DomainInline(admin.TabularInline):
    model = Domain
    fields = ("code", "title", "kind", "order", "stated_item_count", "ojt_hours")
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "version", "publisher", "published")
    search_fields = ("name", "short_name", "slug")
    inlines = [DomainInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "framework", "kind", "order")
    list_filter = ("framework", "kind")
    search_fields = ("code", "title")
    list_select_related = ("framework",)

    def get_readonly_fields(self, request, obj=None):
        # Published titles never change in place (see competencies.signals).
        return ("framework", "code", "title") if obj else ()


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "framework", "domain", "order")
    list_filter = ("framework",)
    search_fields = ("code", "text")
    list_select_related = ("framework", "domain")
    raw_id_fields = ("domain",)

    def get_readonly_fields(self, request, obj=None):
        return ("framework", "domain", "code", "text") if obj else ()


@admin.register(Alignment)
class AlignmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "note")
    raw_id_fields = ("source_item", "source_domain", "target_item", "target_domain")


@admin.register(CatalogueImport)
class CatalogueImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "created_by", "created_at", "status")
    readonly_fields = [f.name for f in CatalogueImport._meta.fields]

    def has_add_permission(self, request):
        return False
