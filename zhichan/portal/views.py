"""The public portal (no account): what the office has published — services and guides, patents
offered for transfer, licence and open licence, technology demands, the credit whitelist,
enforcement disclosures and warnings, the directories of agencies, workstations and experts,
events — and the region's headline indicators as open data (CSV and JSON).

Only published rows are read, and only their public fields: an expert's phone, a demand's
budget or a whitelist's internal review never reach these pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_POST

from zhichan.accounts.access import office_region
from zhichan.accounts.models import Role
from zhichan.agencies.models import AgencyProfile, Expert
from zhichan.awards.models import Application, Publicity
from zhichan.catalog.models import ServiceItem
from zhichan.classify.engine import default_ruleset
from zhichan.events.models import Event
from zhichan.finance.access import pledges_for_user, versions_for_user
from zhichan.finance.models import WhitelistVersion
from zhichan.inspections.models import InspectionPlan, PlanStatus
from zhichan.lib.export import csv_response
from zhichan.lib.ratelimit import client_ip, over_limit
from zhichan.lib.views import paginate, staff_required, whole
from zhichan.market.models import Demand, DemandStatus, Listing, ListingKind, ListingStatus
from zhichan.monitor.compute import board_regions, cached_board, context
from zhichan.monitor.export import HEADER, board_document, board_rows
from zhichan.navigation.models import WatchNotice
from zhichan.portal import objections, selfservice
from zhichan.portal.models import Objection, ObjectionStatus, Published
from zhichan.protection.disclosure import published
from zhichan.protection.models import Complaint, RiskWarning
from zhichan.regions.models import Region

HEADLINE = ["invention_per_10k", "high_value_per_10k", "invention_valid", "trademark_valid", "gi_valid",
            "pledge_amount", "transfer_license", "case_cycle_days"]  # fmt: skip


def _home() -> Region:
    return Region.objects.get(code=settings.HOME_REGION_CODE)


def _in_home(queryset, field: str = "region"):
    return queryset.filter(**{f"{field}__prefix__startswith": _home().prefix})


def _headline(region: Region):
    ruleset = default_ruleset()
    ctx = context(timezone.localdate(), None, ruleset)
    regions = board_regions(region)
    return regions, ctx, cached_board(regions, ctx, HEADLINE), ruleset


def home(request):
    region = _home()
    _regions, ctx, cells, _ruleset = _headline(region)
    from zhichan.monitor.indicators import INDICATORS

    figures = [(INDICATORS[c], cells[region.code][c]) for c in HEADLINE]
    return render(request, "portal/home.html", {
        "region": region, "as_of": ctx.as_of, "figures": figures,
        "disclosures": published()[:5], "warnings": RiskWarning.objects.filter(published_on__isnull=False)[:3],
        "listings": _listings().count(), "demands": _demands().count(),
        "events": _in_home(Event.objects.filter(starts_on__gte=timezone.localdate())).order_by("starts_on")[:5],
    })  # fmt: skip


@cache_page(300)
def open_data(request, fmt: str):
    """The headline indicators of the home region and its subdivisions (open data)."""
    region = _home()
    regions, ctx, cells, ruleset = _headline(region)
    if fmt == "json":
        from django.http import JsonResponse

        return JsonResponse(
            board_document(regions, ctx, cells, ruleset), json_dumps_params={"ensure_ascii": False}
        )
    if fmt == "csv":
        return csv_response(f"{region.name}知识产权指标_{ctx.as_of}", HEADER, board_rows(regions, cells))
    raise Http404


def services(request):
    items = _in_home(ServiceItem.objects.filter(published=True)).order_by("category", "position", "pk")
    return render(request, "portal/services.html", {"items": items})


def service(request, pk: int):
    item = get_object_or_404(_in_home(ServiceItem.objects.filter(published=True)), pk=pk)
    return render(request, "portal/service.html", {"i": item, "materials": item.materials.splitlines(),
                                                   "steps": item.steps.splitlines()})  # fmt: skip


def _listings():
    today = timezone.localdate()
    return _in_home(Listing.objects.filter(status=ListingStatus.PUBLISHED)).filter(
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    )


def listings(request):
    rows = _listings().select_related("patent", "holder").order_by("-published_at", "-pk")
    kind, q = request.GET.get("kind", ""), request.GET.get("q", "").strip()
    if kind in ListingKind.values:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(Q(patent__title__icontains=q) | Q(description__icontains=q) | Q(patent__number=q))
    return render(request, "portal/listings.html", {"page": paginate(request, rows), "kinds": ListingKind.choices,
                                                    "kind": kind, "q": q})  # fmt: skip


def _demands():
    return _in_home(Demand.objects.filter(status=DemandStatus.PUBLISHED))


def demands(request):
    rows = _demands().select_related("entity").order_by("-published_at", "-pk")
    return render(request, "portal/demands.html", {"page": paginate(request, rows)})


def whitelist(request):
    version = WhitelistVersion.objects.filter(whitelist__region__prefix__startswith=_home().prefix).order_by(
        "-published_on", "-number").first()  # fmt: skip
    entries = [{"name": e.get("name", ""), "credit_code": e.get("credit_code", ""), "region": e.get("region", "")}
               for e in (version.entries if version else [])]  # fmt: skip
    return render(request, "portal/whitelist.html", {
        "version": version, "entries": entries, **_objectable(Published.WHITELIST, version.pk if version else None),
    })  # fmt: skip


def _objectable(kind: str, ref: int | None) -> dict:
    """The publication's objection window for the page's form."""
    pub = objections.publication(kind, ref) if ref is not None else None
    return {"pub": pub, "pub_open": pub is not None and pub.open_on(timezone.localdate())}


def publicities(request):
    """奖补公示: the award lists of the home region and below, with their publicity periods."""
    rows = Publicity.objects.filter(programme__region__prefix__startswith=_home().prefix).select_related(
        "programme"
    )
    today = timezone.localdate()
    return render(request, "portal/publicities.html", {
        "rows": [(p, p.starts_on <= today <= p.ends_on) for p in rows.order_by("-starts_on", "-pk")[:100]],
    })  # fmt: skip


def publicity(request, pk: int):
    found = get_object_or_404(
        Publicity.objects.filter(programme__region__prefix__startswith=_home().prefix).select_related(
            "programme"
        ),
        pk=pk,
    )
    return render(
        request, "portal/publicity.html", {"publicity": found, **_objectable(Published.AWARD, found.pk)}
    )


BACK = {Published.AWARD: "portal:publicity", Published.INSPECTION: "portal:inspection"}


@require_POST
def object_to(request, kind: str, pk: int):
    """A visitor's objection to a published list, within its window."""
    pub = objections.publication(kind, pk)
    if pub is None or not pub.region.prefix.startswith(_home().prefix):
        raise Http404(_("没有这项公示。"))
    back = redirect(BACK[kind], pk=pk) if kind in BACK else redirect("portal:whitelist")
    if over_limit("objection", client_ip(request), 10, 3600):
        messages.error(request, _("提交过于频繁，请稍后再试。"))
        return back
    post = request.POST
    try:
        objections.object_to(kind=kind, ref=pk, entry=post.get("entry", ""), reason=post.get("reason", ""),
                             name=post.get("name", ""), contact=post.get("contact", ""), on=timezone.localdate())  # fmt: skip
        messages.success(request, _("异议已提交，实施机关核查后将与您联系。"))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return back


@staff_required
def objections_page(request):
    region = office_region(request.user)
    rows = Objection.objects.filter(region__prefix__startswith=region.prefix)
    if request.method == "POST":
        found = get_object_or_404(rows, pk=whole(request.POST.get("objection"), 0))
        try:
            objections.answer(objection=found, upheld=request.POST.get("action") == "uphold",
                              text=request.POST.get("answer", ""), on=timezone.localdate(), user=request.user)  # fmt: skip
            messages.success(request, _("已答复。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("portal:objections")
    status = request.GET.get("status", "")
    if status in ObjectionStatus.values:
        rows = rows.filter(status=status)
    return render(request, "portal/objections.html", {
        "page": paginate(request, rows), "status": status, "statuses": ObjectionStatus.choices,
    })  # fmt: skip


def directories(request):
    agencies = AgencyProfile.objects.select_related("entity").filter(
        entity__region__prefix__startswith=_home().prefix
    )
    experts = _in_home(Expert.objects.filter(active=True)).order_by("kind", "name")
    return render(request, "portal/directories.html", {"agencies": agencies, "experts": experts})


def inspections(request):
    """双随机一公开: the published spot-check tasks of the home region and below, newest first."""
    rows = _in_home(InspectionPlan.objects.filter(status=PlanStatus.PUBLISHED)).select_related(
        "region", "item"
    )
    rows = rows.annotate(n=Count("targets")).order_by("-published_on", "-pk")
    return render(request, "portal/inspections.html", {"page": paginate(request, rows)})


def inspection(request, pk: int):
    """One published task: what was checked and on what basis, how it was drawn (seed and the
    fingerprint of the frozen lists), and each drawn entity's result."""
    plan = get_object_or_404(
        _in_home(InspectionPlan.objects.filter(status=PlanStatus.PUBLISHED)).select_related("region", "item"),
        pk=pk,
    )
    targets = plan.targets.select_related("entity").order_by("entity__name")
    return render(request, "portal/inspection.html", {
        "plan": plan, "targets": targets, **_objectable(Published.INSPECTION, plan.pk),
    })  # fmt: skip


def events(request):
    rows = _in_home(Event.objects.all()).order_by("-starts_on")
    return render(request, "portal/events.html", {"page": paginate(request, rows)})


SHOWN = 200  # a large holder's portfolio is listed in full in the registry pages and exports


@login_required
def mine(request):
    """我的：an enterprise's entity, portfolio with annual-fee dates, marks to renew, award
    applications, demands and listings, complaints it filed, warnings and watch notices; a
    bank's pledges, the whitelists and the portfolios it may open. Staff go to the back office."""
    from zhichan.accounts.access import is_staff_user

    user = request.user
    if is_staff_user(user):
        return redirect("home")
    if not user.entity_id:
        return render(request, "portal/mine.html", {"entity": None})
    entity = user.entity
    today = timezone.localdate()
    context = {"entity": entity, "today": today, "role": user.role}
    if user.role == Role.BANK:
        context |= {
            "pledges": pledges_for_user(user).order_by("-registered_on")[:50],
            "versions": versions_for_user(user).select_related("whitelist")[:10],
        }
    else:
        rows = selfservice.portfolio(entity, today)
        due_soon = sorted((r for r in rows if r.soon), key=lambda r: r.annuity)
        late = sorted((r for r in rows if r.late), key=lambda r: r.late.due)
        context |= {
            "portfolio": rows[:SHOWN], "portfolio_total": len(rows), "shown": SHOWN,
            "due_soon": due_soon[:20], "due_total": len(due_soon), "marks": selfservice.trademarks(entity, today),
            "late": late[:10], "late_total": len(late),
            "applications": Application.objects.filter(entity=entity).select_related("programme")[:20],
            "products": entity.patent_products.all()[:20],
            "demands": Demand.objects.filter(entity=entity)[:20], "listings": Listing.objects.filter(holder=entity)[:20],
            "complaints": Complaint.objects.filter(filed_by=user)[:20],
            "warnings": RiskWarning.objects.filter(targets__entity=entity, published_on__isnull=False)[:10],
            "notices": WatchNotice.objects.filter(watch__entity=entity).select_related("watch__scope")[:10],
        }  # fmt: skip
    return render(request, "portal/mine.html", context)
