from django.contrib import admin

from zhichan.classify.models import ClassRule, ClassTable, RuleSet


class ClassRuleInline(admin.TabularInline):
    model = ClassRule
    extra = 0
    can_delete = False
    fields = ["position", "target", "include", "exclude", "keywords", "note", "source_ref"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ClassTable)
class ClassTableAdmin(admin.ModelAdmin):
    """Tables are loaded from files (zhichan load-table), never edited row by row."""

    list_display = ["kind", "edition", "rows", "filename", "loaded_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "edition", "filename", "sha256", "rows", "loaded_at", "loaded_by"]
    fields = [*readonly_fields, "source", "defects"]
    inlines = [ClassRuleInline]

    def has_add_permission(self, request):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "ipc_nic", "nic_pi", "ipc_sei", "kept_current", "is_default", "computed_at"]
    readonly_fields = ["computed_at", "computed_count"]
