from django.contrib import admin

from zhichan.awards.models import AwardRule, Payment, Programme


class AwardRuleInline(admin.StackedInline):
    model = AwardRule
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "region", "budget", "opens_on", "closes_on"]
    autocomplete_fields = ["region"]
    inlines = [AwardRuleInline]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read only: the ledger is written by approval and cleared by rejection."""

    list_display = ["category", "key", "entity", "amount", "year", "paid_on"]
    list_filter = ["category", "year"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
