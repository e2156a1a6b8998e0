from django.contrib import admin

from zhichan.events.models import Event, EventTarget


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "kind", "title", "region", "attendance"]
    list_filter = ["kind"]


@admin.register(EventTarget)
class EventTargetAdmin(admin.ModelAdmin):
    list_display = ["region", "kind", "per_year", "from_year", "to_year", "source"]
