from django.contrib import admin

from zhichan.market.models import Deal, Demand, Listing, PatentGrade, PatentPool, Recommendation, Transaction


@admin.register(PatentPool)
class PatentPoolAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "field", "region", "founded_on"]
    search_fields = ["name", "field"]
    raw_id_fields = ["operator", "members", "patents", "region"]


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    """Read here; recorded through the 转让许可 page so that the patents' timelines move with it."""

    list_display = ["kind", "license_type", "seller_name", "buyer_name", "amount", "effective_on", "pool"]
    list_filter = ["kind", "license_type"]
    search_fields = ["seller_name", "buyer_name", "registration_number"]
    raw_id_fields = ["seller", "buyer", "patents", "region", "created_by"]
    fields = ["pool", "note"]

    def has_add_permission(self, request):
        return False


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["patent", "holder", "kind", "status", "published_at"]
    list_filter = ["kind", "status", "pay_after_use"]
    raw_id_fields = ["patent", "holder", "region", "created_by"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ["title", "entity", "status", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["entity", "region", "created_by"]


@admin.register(PatentGrade)
class PatentGradeAdmin(admin.ModelAdmin):
    list_display = ["patent", "holder", "grade", "computed_grade", "score", "assessed_on"]
    list_filter = ["grade"]
    raw_id_fields = ["patent", "holder", "assessed_by"]


admin.site.register(Recommendation)
admin.site.register(Deal)
