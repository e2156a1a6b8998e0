"""Who sees which pledges and portfolios.

Officials see the pledges registered in their region (province officials also those whose
pledgor could not be placed); a bank sees the pledges it holds; an enterprise its own. A bank may
open an enterprise's portfolio when the enterprise is on a published whitelist or has pledged to
that bank."""

from django.db.models import Q, QuerySet
from django.http import Http404

from zhichan.accounts.access import is_staff_user, region_scope, user_region
from zhichan.accounts.models import Role
from zhichan.entities.models import Entity
from zhichan.finance.models import Pledge, WhitelistVersion


def pledges_for_user(user) -> QuerySet[Pledge]:
    if not user.is_authenticated:
        return Pledge.objects.none()
    if user.is_superuser:
        return Pledge.objects.all()
    region = user_region(user)
    if region is not None:
        return Pledge.objects.filter(region_scope(region))
    if user.entity_id and user.role == Role.BANK:
        return Pledge.objects.filter(pledgee_id=user.entity_id)
    if user.entity_id and user.role == Role.ENTERPRISE:
        return Pledge.objects.filter(pledgor_id=user.entity_id)
    return Pledge.objects.none()


def pledge_for_user_or_404(user, pk: int) -> Pledge:
    pledge = pledges_for_user(user).select_related("region", "pledgor", "pledgee").filter(pk=pk).first()
    if pledge is None:
        raise Http404("质押登记不存在或无权查看")
    return pledge


def versions_for_user(user) -> QuerySet[WhitelistVersion]:
    """Published whitelists: staff see their region's and those above it; banks and enterprises all."""
    if not user.is_authenticated:
        return WhitelistVersion.objects.none()
    region = user_region(user)
    if region is not None and not user.is_superuser:
        prefixes = region.prefixes
        return WhitelistVersion.objects.filter(
            Q(whitelist__region__prefix__startswith=region.prefix) | Q(whitelist__region__prefix__in=prefixes)
        )
    if user.is_superuser or user.role in (Role.BANK, Role.ENTERPRISE):
        return WhitelistVersion.objects.all()
    return WhitelistVersion.objects.none()


def may_see_portfolio(user, entity: Entity) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff_user(user):
        region = user_region(user)
        return user.is_superuser or (
            entity.region_id is not None and entity.region.prefix.startswith(region.prefix)
        )
    if user.entity_id == entity.pk:
        return True
    if user.role == Role.BANK and user.entity_id:
        if Pledge.objects.filter(pledgee_id=user.entity_id, pledgor=entity).exists():
            return True
        return any(
            any(e["entity"] == entity.pk for e in version.entries)
            for version in WhitelistVersion.objects.only("entries")
        )
    return False
