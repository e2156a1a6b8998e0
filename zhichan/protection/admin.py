from django.contrib import admin

from zhichan.protection.models import TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "amount", "unit", "holder", "valid_from", "sure", "basis"]
