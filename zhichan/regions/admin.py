from django.contrib import admin

from zhichan.regions.models import Region, RegionFigure


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(RegionFigure)
class RegionFigureAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "resident_population", "market_entities", "gdp", "source"]
    list_filter = ["year"]
    search_fields = ["region__code", "region__name"]
    raw_id_fields = ["region"]
    readonly_fields = ["updated_by", "updated_at"]
