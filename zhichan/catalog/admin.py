from django.contrib import admin

from zhichan.catalog.models import ServiceItem


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "region", "window", "promised_days", "published"]
    list_filter = ["category", "published"]
