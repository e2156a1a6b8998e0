from django.contrib import admin

from zhichan.agencies.models import AgencyProfile, Expert, Practitioner


class PractitionerInline(admin.TabularInline):
    model = Practitioner
    extra = 0


@admin.register(AgencyProfile)
class AgencyProfileAdmin(admin.ModelAdmin):
    list_display = ["entity", "licence", "services", "staff_count"]
    raw_id_fields = ["entity"]
    inlines = [PractitionerInline]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "specialities", "available", "confirmed_on", "active"]
    list_filter = ["kind", "available", "active"]
    search_fields = ["name", "unit", "specialities"]
