from django.contrib import admin

from zhichan.credit.models import CreditGrade, CreditRecord, CreditRule, CreditScheme


class CreditRuleInline(admin.TabularInline):
    model = CreditRule
    extra = 0


@admin.register(CreditScheme)
class CreditSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "base", "grade_a", "grade_b", "grade_c", "is_current", "valid_from"]
    inlines = [CreditRuleInline]


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ["entity", "code", "occurred_on", "detail", "document", "revoked_on"]
    search_fields = ["entity__name", "detail", "document"]
    raw_id_fields = ["entity", "entered_by"]


@admin.register(CreditGrade)
class CreditGradeAdmin(admin.ModelAdmin):
    list_display = ["entity", "grade", "computed_grade", "score", "computed_on"]
    list_filter = ["grade"]
    raw_id_fields = ["entity", "adjusted_by"]
