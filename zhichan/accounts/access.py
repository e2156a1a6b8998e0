"""Who may see and change what. Every view and command reads through these helpers.

A province official sees the province's subtree, a city official the city's, a county official
the county's; nobody sees outside their own subtree. Enterprise, bank and agency users see their
own entity. Superusers (system administrators) see everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zhichan.accounts.models import Role, User
from zhichan.entities.models import Entity
from zhichan.regions.models import Level, Region


def user_region(user: User) -> Region | None:
    """The region an official administers, or None."""
    if user.is_authenticated and user.role == Role.OFFICIAL:
        return user.region
    return None


def office_region(user: User) -> Region | None:
    """The region a staff page works in: the official's own, or for system administrators the
    office's home region (settings.HOME_REGION_CODE)."""
    from django.conf import settings

    return user_region(user) or Region.objects.filter(code=settings.HOME_REGION_CODE).first()


def in_office(rows, user: User, field: str = "region"):
    """The rows whose ``field`` (a region) lies in the staff user's office region subtree."""
    return rows.filter(**{f"{field}__prefix__startswith": office_region(user).prefix})


def is_staff_user(user: User) -> bool:
    """Officials with a region, and system administrators: the back office's users."""
    return user.is_authenticated and (user.is_superuser or user_region(user) is not None)


def regions_for_user(user: User) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    region = user_region(user)
    if region is None:
        return Region.objects.none()
    return Region.objects.filter(prefix__startswith=region.prefix)


def region_for_user_or_404(user: User, code: str) -> Region:
    region = regions_for_user(user).filter(code=code).select_related("parent").first()
    if region is None:
        raise Http404("区划不存在或无权查看")
    return region


def region_scope(region: Region) -> Q:
    """Rows located in the region's subtree. Rows whose place could not be resolved belong to no
    subtree; province officials see them too, so that someone can fix them."""
    scope = Q(region__prefix__startswith=region.prefix)
    if region.level == Level.PROVINCE:
        scope |= Q(region__isnull=True)
    return scope


def entities_for_user(user: User) -> QuerySet[Entity]:
    if not user.is_authenticated:
        return Entity.objects.none()
    if user.is_superuser:
        return Entity.objects.all()
    region = user_region(user)
    if region is not None:
        return Entity.objects.filter(region_scope(region))
    if user.entity_id:
        return Entity.objects.filter(pk=user.entity_id)
    return Entity.objects.none()


def entity_for_user_or_404(user: User, pk: int) -> Entity:
    entity = entities_for_user(user).select_related("region", "merged_into").filter(pk=pk).first()
    if entity is None:
        raise Http404("主体不存在或无权查看")
    return entity


def can_edit_entity(user: User, entity: Entity) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    region = user_region(user)
    if region is None or entity.region_id is None:
        return region is not None and region.level == Level.PROVINCE
    return entity.region.prefix.startswith(region.prefix)


def require_edit_entity(user: User, entity: Entity) -> None:
    if not can_edit_entity(user, entity):
        raise PermissionDenied("无权修改该主体")


def can_edit_region(user: User, region: Region) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = user_region(user)
    return scope is not None and region.prefix.startswith(scope.prefix)


# ---------------------------------------------------------------------------------------------
# Office administrators: an official who manages the accounts and settings of the office's region


def admin_region(user: User) -> Region | None:
    """The region whose users and settings ``user`` manages: an office administrator's own region
    (system administrators manage the installation, see ``can_manage_users``)."""
    region = user_region(user)
    return region if region is not None and user.office_admin else None


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or admin_region(user) is not None)


def users_for_admin(user: User) -> QuerySet[User]:
    """The accounts ``user`` may manage: those whose region (an official's, the entity's, or the
    one recorded for an expert) lies in the administrator's subtree. System administrators are
    managed by system administrators only."""
    if not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    region = admin_region(user)
    if region is None:
        return User.objects.none()
    return User.objects.filter(
        Q(region__prefix__startswith=region.prefix)
        | Q(region__isnull=True, entity__region__prefix__startswith=region.prefix),
        is_superuser=False,
    )


def entities_for_admin(user: User) -> QuerySet[Entity]:
    """The entities an office administrator may name in its set-up (a user's, a policy's insured, a
    pool's operator): those of the administrator's subtree; all for system administrators."""
    if user.is_superuser:
        return Entity.objects.all()
    region = admin_region(user)
    if region is None:
        return Entity.objects.none()
    return Entity.objects.filter(region__prefix__startswith=region.prefix)
