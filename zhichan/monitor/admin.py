from django.contrib import admin

from zhichan.monitor.models import EnteredValue, PeerSet, Plan, RankingScheme, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "indicator",
        "kind",
        "value",
        "at_most",
        "strict",
        "deadline",
        "baseline",
        "baseline_on",
        "quote",
        "note",
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "number", "region", "starts_on", "ends_on"]
    list_filter = ["issuer"]
    search_fields = ["title", "number", "region__name"]
    autocomplete_fields = ["region"]
    inlines = [TargetInline]


@admin.register(EnteredValue)
class EnteredValueAdmin(admin.ModelAdmin):
    list_display = ["region", "indicator", "on", "value", "source", "entered_by"]
    list_filter = ["indicator"]
    search_fields = ["region__name", "region__code", "source"]
    autocomplete_fields = ["region"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        from zhichan.lib.stamp import data_changed

        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        data_changed()  # cached boards show entered values

    def delete_model(self, request, obj):
        from zhichan.lib.stamp import data_changed

        super().delete_model(request, obj)
        data_changed()


@admin.register(PeerSet)
class PeerSetAdmin(admin.ModelAdmin):
    list_display = ["name", "owner"]
    autocomplete_fields = ["owner"]


@admin.register(RankingScheme)
class RankingSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    autocomplete_fields = ["region"]
