"""Which audit entries an official may read: those about records in their region's subtree.

Each audited model stores its region code in the entry's ``additional_data`` (see the models'
``get_additional_data``), so the scope is one filter. Entries about users are visible to
system administrators only.
"""

from auditlog.models import LogEntry
from django.db.models import QuerySet

from zhichan.accounts.access import user_region


def audit_entries_for_user(user) -> QuerySet[LogEntry]:
    if not user.is_authenticated:
        return LogEntry.objects.none()
    if user.is_superuser:
        return LogEntry.objects.all()
    region = user_region(user)
    if region is None:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(additional_data__region__startswith=region.prefix)
