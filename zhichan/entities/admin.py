from django.contrib import admin

from zhichan.entities.models import Entity, EntityAlias, EntityTag


class TagInline(admin.TabularInline):
    model = EntityTag
    extra = 0


class AliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 0
    readonly_fields = ["name_key"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """Read-mostly: edits go through the back office so that validation and scope apply."""

    list_display = ["name", "kind", "credit_code", "region", "merged_into"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["region", "merged_into"]
    readonly_fields = ["name_key", "credit_code", "merged_into", "created_at", "updated_at"]
    inlines = [TagInline, AliasInline]
