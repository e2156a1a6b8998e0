from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from zhichan.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "region", "entity", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "display_name"]
    autocomplete_fields = ["region", "entity"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("平台角色"), {"fields": ["display_name", "role", "region", "entity"]}),
    ]
