from django.contrib import admin

from zhichan.inspections.models import Conflict, InspectionPlan, Inspector


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    raw_id_fields = ["entity"]


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ["badge", "name", "unit", "region", "active"]
    search_fields = ["badge", "name", "unit"]
    list_filter = ["active"]
    autocomplete_fields = ["region"]
    inlines = [ConflictInline]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    """Read only: plans are drawn and published on their page, never edited afterwards."""

    list_display = ["name", "region", "status", "drawn_at", "published_on", "fingerprint"]

    def has_change_permission(self, request, obj=None):
        return False
