from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import (
    can_edit_region,
    entities_for_user,
    region_for_user_or_404,
    regions_for_user,
    user_region,
)
from zhichan.jobs.services import job_start
from zhichan.lib.uploads import save_upload
from zhichan.lib.views import paginate, staff_required
from zhichan.regions.forms import FigureForm, ResolveForm, UploadForm
from zhichan.regions.models import RegionFigure
from zhichan.regions.services import figure_upsert
from zhichan.regions.tasks import figures_import_task


@staff_required
def region_list(request):
    """The top of the user's subtree, or a search over it."""
    scope = regions_for_user(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        regions = scope.filter(Q(name__contains=q) | Q(code__startswith=q)).select_related("parent")
    else:
        top = user_region(request.user)
        regions = scope.filter(parent=top) if top else scope.filter(parent__isnull=True)
        if top:
            regions = scope.filter(pk=top.pk) | regions
    regions = regions.annotate(child_count=Count("children")).order_by("level", "code")
    return render(request, "regions/list.html", {"page": paginate(request, regions), "q": q})


@staff_required
def region_detail(request, code: str):
    region = region_for_user_or_404(request.user, code)
    children = region.children.annotate(child_count=Count("children")).order_by("code")
    figures = list(region.figures.order_by("year"))
    chart = {
        "years": [f.year for f in figures],
        "population": [f.resident_population for f in figures],
        "gdp": [float(f.gdp) if f.gdp is not None else None for f in figures],
    }
    entity_count = (
        entities_for_user(request.user)
        .filter(region__prefix__startswith=region.prefix, merged_into__isnull=True)
        .count()
    )
    context = {
        "region": region,
        "ancestors": [
            r for r in region.ancestors() if regions_for_user(request.user).filter(pk=r.pk).exists()
        ],
        "children": children,
        "figures": list(reversed(figures)),
        "chart": chart,
        "entity_count": entity_count,
        "can_edit": can_edit_region(request.user, region),
        "form": FigureForm(initial={"year": timezone.localdate().year - 1}),
    }
    return render(request, "regions/detail.html", context)


@staff_required
@require_POST
def figure_save(request, code: str):
    region = region_for_user_or_404(request.user, code)
    if not can_edit_region(request.user, region):
        raise PermissionDenied(_("无权修改该区划的数据。"))
    form = FigureForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "year" and v not in (None, "")}
        figure_upsert(region=region, year=form.cleaned_data["year"], values=values, user=request.user)
        messages.success(request, _("已保存 %(year)s 年数据。") % {"year": form.cleaned_data["year"]})
        return redirect("regions:detail", code=region.code)
    figures = RegionFigure.objects.filter(region=region).order_by("-year")
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "ancestors": [],
            "children": region.children.all(),
            "figures": figures,
            "chart": {},
            "entity_count": None,
            "can_edit": True,
            "form": form,
        },
        status=400,
    )


@staff_required
def figures_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path, sha256 = save_upload(upload, "figures")
        job = job_start(
            task=figures_import_task,
            kind="regions.figures_import",
            title=_("导入区划年度数据：%(name)s") % {"name": upload.name[:100]},
            params={"path": str(path), "filename": upload.name, "sha256": sha256},
            user=request.user,
            region=user_region(request.user),
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "regions/import.html", {"form": form})


@staff_required
def figures_template(request):
    from zhichan.lib.export import xlsx_response

    header = [
        "区划代码",
        "区划名称",
        "年度",
        "常住人口（人）",
        "户籍人口（人）",
        "市场主体数（户）",
        "企业数（户）",
        "地区生产总值（万元）",
        "来源",
        "备注",
    ]
    top = user_region(request.user)
    scope = regions_for_user(request.user).filter(level__lte=4)
    if top is not None:
        scope = scope.filter(Q(pk=top.pk) | Q(parent=top))
    else:
        scope = scope.filter(level=1)
    year = timezone.localdate().year - 1
    rows = ([r.code, r.name, year, None, None, None, None, None, "", ""] for r in scope.order_by("code"))
    return xlsx_response("区划年度数据模板", header, rows, title="年度数据")


@staff_required
def resolve(request):
    form = ResolveForm(request.POST or None)
    results = []
    if request.method == "POST" and form.is_valid():
        from zhichan.regions.resolve import resolver

        lines = [line.strip() for line in form.cleaned_data["addresses"].splitlines() if line.strip()][:500]
        results = resolver().resolve_many(lines)
    return render(request, "regions/resolve.html", {"form": form, "results": results})


@staff_required
@require_POST
def reresolve(request):
    """Place every record's address again on the tree as it is now (a background job). The tree
    is the installation's: only its system administrator starts this."""
    if not request.user.is_superuser:
        raise PermissionDenied
    from zhichan.assets.tasks import reresolve_task

    job = job_start(task=reresolve_task, kind="assets.reresolve", title=_("按现行区划重新解析地址"), params={},
                    user=request.user)  # fmt: skip
    return redirect("jobs:detail", pk=job.pk)
