from django.contrib import admin

from zhichan.finance.models import (
    InsurancePolicy,
    LprRate,
    Pledge,
    PledgeItem,
    PoolEntry,
    SubsidyRule,
    Whitelist,
    WhitelistVersion,
)


class PledgeItemInline(admin.TabularInline):
    model = PledgeItem
    extra = 0
    raw_id_fields = ["patent", "trademark", "gi", "copyright", "dataip"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "pledgor_name",
        "pledgee_name",
        "amount",
        "registered_on",
        "released_on",
        "region",
    ]
    search_fields = ["number", "pledgor_name", "pledgee_name"]
    list_filter = ["registered_on"]
    raw_id_fields = ["pledgor", "pledgee", "region", "import_batch", "created_by"]
    inlines = [PledgeItemInline]


@admin.register(LprRate)
class LprRateAdmin(admin.ModelAdmin):
    list_display = ["effective_on", "one_year", "five_year", "source", "entered_by"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "valid_from", "valid_to", "lpr_share", "tenor", "cap_per_year"]
    search_fields = ["name", "basis"]
    autocomplete_fields = ["region"]


@admin.register(Whitelist)
class WhitelistAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "created_by", "created_at"]


@admin.register(WhitelistVersion)
class WhitelistVersionAdmin(admin.ModelAdmin):
    list_display = ["whitelist", "number", "published_on", "published_by"]
    readonly_fields = ["whitelist", "number", "published_on", "criteria", "entries", "published_by"]

    def has_change_permission(self, request, obj=None):
        return False  # a published version is never edited


@admin.register(PoolEntry)
class PoolEntryAdmin(admin.ModelAdmin):
    list_display = ["region", "on", "kind", "amount", "counterparty", "document"]
    list_filter = ["kind"]
    raw_id_fields = ["pledge", "region", "entered_by"]


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "insurer", "insured", "premium", "coverage", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["number", "insurer", "insured__name"]
    raw_id_fields = ["insured", "patents", "region"]
