from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from zhichan.accounts.access import entities_for_user, regions_for_user, user_region
from zhichan.entities.models import EntityKind
from zhichan.entities.tags import tag_choices
from zhichan.jobs.access import jobs_for_user
from zhichan.lib.views import staff_required
from zhichan.regions.models import Level, Region, RegionFigure


@staff_required
def home(request):
    """The overview of the user's region: what the registry holds so far."""
    scope_region = user_region(request.user) or Region.objects.filter(code=settings.HOME_REGION_CODE).first()
    entities = entities_for_user(request.user).filter(merged_into__isnull=True)
    if scope_region is not None:
        entities = entities.filter(region__prefix__startswith=scope_region.prefix)
    today = timezone.localdate()
    by_kind = dict(entities.values_list("kind").annotate(n=Count("pk")))
    tag_counts = dict(
        entities.filter(
            Q(tags__valid_from__isnull=True) | Q(tags__valid_from__lte=today),
            Q(tags__valid_to__isnull=True) | Q(tags__valid_to__gte=today),
        )
        .values_list("tags__tag")
        .annotate(n=Count("pk", distinct=True))
    )
    by_township = []
    if scope_region is not None and scope_region.level == Level.COUNTY:
        by_township = list(
            entities.filter(region__level=Level.TOWNSHIP)
            .values("region__code", "region__name")
            .annotate(n=Count("pk"))
            .order_by("region__code")
        )
    # The newest year that has each figure: population and GDP are published at different times.
    figures = scope_region.figures.order_by("-year") if scope_region else RegionFigure.objects.none()
    population = figures.exclude(resident_population=None).first()
    gdp = figures.exclude(gdp=None).first()
    chart = {
        "tags": [{"name": str(label), "value": tag_counts.get(value, 0)} for value, label in tag_choices()],
        "townships": [{"name": row["region__name"], "value": row["n"]} for row in by_township],
    }
    context = {
        "region": scope_region,
        "entity_total": sum(by_kind.values()),
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in EntityKind.choices],
        "population": population,
        "gdp": gdp,
        "chart": chart,
        "region_count": regions_for_user(request.user).count(),
        "jobs": jobs_for_user(request.user)[:5],
    }
    return render(request, "web/home.html", context)
