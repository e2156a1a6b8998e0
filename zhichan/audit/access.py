"""Which audit entries an official may read: those about records in their region's subtree.

Each audited model stores its region code in the entry's ``additional_data`` (see the models'
``get_additional_data``), so the scope is one filter. Entries about users and the separation of
duties are read by the office administrators of the region (and system administrators), not by
every official.
"""

from auditlog.models import LogEntry
from django.db.models import QuerySet

from zhichan.accounts.access import admin_region, user_region

ADMIN_MODELS = ("user", "separation")


def audit_entries_for_user(user) -> QuerySet[LogEntry]:
    if not user.is_authenticated:
        return LogEntry.objects.none()
    if user.is_superuser:
        return LogEntry.objects.all()
    region = user_region(user)
    if region is None:
        return LogEntry.objects.none()
    entries = LogEntry.objects.filter(additional_data__region__startswith=region.prefix)
    if admin_region(user) is None:
        entries = entries.exclude(content_type__app_label="accounts", content_type__model__in=ADMIN_MODELS)
    return entries
