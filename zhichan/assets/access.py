"""Who sees which records of the registry (officials by region subtree, as for entities)."""

from django.db import connection
from django.db.models import Q, QuerySet

from zhichan.accounts.access import user_region
from zhichan.accounts.models import User
from zhichan.assets.models import ImportBatch, LinkReview, Patent, PatentApplicant
from zhichan.lib.planner import checked_in_passing
from zhichan.regions.models import Level, Region


def subtree_ids(region: Region):
    """The ids of a region's subtree, in the form each database's planner does best with.

    PostgreSQL gets literals, so that it estimates with the statistics of these very regions (a
    county may hold most of the rows) instead of an average, and walks the list index. SQLite
    gets a subquery, with which it scans the covering list index in filing-date order and stops
    after a page; with literals it sorts every match first.
    """
    subtree = Region.objects.filter(prefix__startswith=region.prefix).values_list("pk", flat=True)
    return list(subtree) if connection.vendor == "postgresql" else subtree


def _scope(user: User, field: str = "region", *, listing: bool = False) -> Q | None:
    """None: everything; Q(pk__in=[]): nothing; else the region subtree condition.

    `listing`: the rows are read a page at a time in filing-date order (`zhichan/lib/planner.py`)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    region = user_region(user)
    if region is None:
        return Q(pk__in=[])
    ids = subtree_ids(region)
    scope = checked_in_passing(field, ids) if listing else Q(**{f"{field}__in": ids})
    if region.level == Level.PROVINCE:
        scope |= Q(**{f"{field}__isnull": True})
    return scope


def patents_for_user(user: User, *, listing: bool = False) -> QuerySet[Patent]:
    """The patents the user may see; `listing` when they are read a page at a time by filing date."""
    if user.is_authenticated and not user.is_superuser and user_region(user) is None and user.entity_id:
        return Patent.objects.filter(
            pk__in=PatentApplicant.objects.filter(entity_id=user.entity_id).values("patent_id")
        )
    scope = _scope(user, listing=listing)
    return Patent.objects.all() if scope is None else Patent.objects.filter(scope)


def rights_for_user(user: User, model) -> QuerySet:
    if user.is_authenticated and not user.is_superuser and user_region(user) is None and user.entity_id:
        return model.objects.filter(holder_id=user.entity_id)
    scope = _scope(user)
    return model.objects.all() if scope is None else model.objects.filter(scope)


def batches_for_user(user: User) -> QuerySet[ImportBatch]:
    scope = _scope(user)
    return ImportBatch.objects.all() if scope is None else ImportBatch.objects.filter(scope)


def reviews_for_user(user: User) -> QuerySet[LinkReview]:
    scope = _scope(user)
    return LinkReview.objects.all() if scope is None else LinkReview.objects.filter(scope)
