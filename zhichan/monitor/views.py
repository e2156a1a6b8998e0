"""Pages of the monitoring system: the board (a region and its subdivisions, as of a date), the
records behind any figure, plans with progress, and a target with its forecast."""

from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import region_for_user_or_404, regions_for_user, user_region
from zhichan.classify.engine import default_ruleset
from zhichan.classify.models import RuleSet
from zhichan.jobs.access import jobs_for_user
from zhichan.jobs.services import job_start
from zhichan.lib.export import csv_response, xlsx_response
from zhichan.lib.files import report_response
from zhichan.lib.views import paginate, staff_required
from zhichan.monitor import dashboard, rankings, reports, warm
from zhichan.monitor.compute import board_regions, cached_board, context, home_region, records, uncountable
from zhichan.monitor.export import CODES, HEADER, board_document, board_rows
from zhichan.monitor.indicators import (
    BUILTIN_INDICATORS,
    CASE,
    CLASS,
    ENTERPRISE,
    EVENT,
    FIGURES,
    GI,
    INDICATORS,
    MEASURES,
    PATENT,
    PLEDGE,
    POOL,
    PRODUCT,
    STATION,
    TRADEMARK,
)
from zhichan.monitor.models import PeerSet, Plan, RankingScheme, Target
from zhichan.monitor.plans import cached_progress, plans_seen_from
from zhichan.monitor.services import entered_values_import, ranking_scheme_save
from zhichan.monitor.tasks import report_folder, report_task
from zhichan.regions.models import Level, Region


def _date(value: str | None, default: date | None) -> date | None:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Http404(_("日期格式应为 YYYY-MM-DD。")) from error


def _scope(request):
    """The region asked for (within the user's), the date, the period start and the rule version."""
    code = request.GET.get("region")
    if code:
        region = region_for_user_or_404(request.user, code)
    else:
        region = user_region(request.user) or home_region()
        if region is None or not regions_for_user(request.user).filter(pk=region.pk).exists():
            raise PermissionDenied(_("没有可查看的区划。"))
    as_of = _date(request.GET.get("as_of"), timezone.localdate())
    since = _date(request.GET.get("since"), None)
    if since is not None and since > as_of:
        raise Http404(_("统计期起始日不能晚于统计日。"))
    ruleset = None
    chosen = request.GET.get("ruleset")
    if chosen and chosen.isdecimal():
        ruleset = RuleSet.objects.filter(pk=chosen).first()
    ruleset = ruleset or default_ruleset()
    return region, context(as_of, since, ruleset), ruleset


@staff_required
def board_page(request):
    region, ctx, ruleset = _scope(request)
    regions = board_regions(region)
    cells = cached_board(regions, ctx)
    warm.board_viewed(region, ctx)
    rows = []
    for code, indicator in INDICATORS.items():
        rows.append({"indicator": indicator, "cells": [(r, cells[r.code][code]) for r in regions],
                     "office": code not in BUILTIN_INDICATORS})  # fmt: skip
    targets = Target.objects.filter(plan__region=region, deadline__gte=ctx.as_of).select_related("plan")
    chart = {
        "names": [r.name for r in regions[1:]],
        "series": {code: [cells[r.code][code]["value"] for r in regions[1:]] for code in INDICATORS},
        "labels": {code: f"{i.name}（{i.unit}）" for code, i in INDICATORS.items()},
    }
    return render(request, "monitor/board.html", {
        "region": region, "regions": regions, "rows": rows, "ctx": ctx, "ruleset": ruleset,
        "charts": dashboard.charts(region, ctx),
        "rulesets": RuleSet.objects.all(), "ancestors": region.ancestors(), "targets": targets,
        "query": request.GET.urlencode(), "chart": chart,
    })  # fmt: skip


@staff_required
def board_data(request, fmt: str):
    """The board of the page as JSON (the `zhichan indicators` document), CSV or xlsx."""
    if fmt not in ("json", "csv", "xlsx"):
        raise Http404
    region, ctx, ruleset = _scope(request)
    regions = board_regions(region)
    cells = cached_board(regions, ctx)
    if fmt == "json":
        return JsonResponse(
            board_document(regions, ctx, cells, ruleset), json_dumps_params={"ensure_ascii": False}
        )
    name = f"指标_{region.name}_{ctx.as_of.isoformat()}"
    rows = board_rows(regions, cells)
    if fmt == "csv":
        return csv_response(name, HEADER, rows)
    return xlsx_response(name, HEADER, rows, title=_("指标"), hidden=CODES)


@staff_required
def chart_data(request, key: str, fmt: str):
    """One chart of the board as data (CSV or JSON), for those who redraw it elsewhere."""
    region, ctx, _ruleset = _scope(request)
    chart = next((c for c in dashboard.charts(region, ctx) if c["key"] == key), None)
    if chart is None or fmt not in ("csv", "json"):
        raise Http404
    if fmt == "json":
        return JsonResponse(chart, json_dumps_params={"ensure_ascii": False})
    header = ["", *[s["name"] for s in chart["series"]]]
    rows = ([c, *[s["data"][i] for s in chart["series"]]] for i, c in enumerate(chart["categories"]))
    return csv_response(f"{chart['title']}_{region.name}_{ctx.as_of.isoformat()}", header, rows)


# The columns of each source's drill-down list and export.
COLUMNS = {
    PATENT: [(_("申请号"), "number"), (_("类型"), "get_kind_display"), (_("名称"), "title"), (_("申请日"), "filed_on"),
             (_("授权公告日"), "granted_on"), (_("第一申请人"), "applicants"), (_("所在区划"), "region")],
    TRADEMARK: [(_("注册号"), "number"), (_("商标"), "title"), (_("类别"), "nice_class"), (_("注册人"), "holders"),
                (_("注册日"), "registered_on"), (_("有效期至"), "expires_on"), (_("所在区划"), "region")],
    GI: [(_("登记号"), "number"), (_("名称"), "title"), (_("保护方式"), "get_mode_display"), (_("权利人"), "holders"),
         (_("登记日"), "registered_on"), (_("所在区划"), "region")],
    EVENT: [(_("申请号"), "patent.number"), (_("名称"), "patent.title"), (_("事件"), "get_kind_display"),
            (_("生效日"), "effective_on"), (_("金额（元）"), "amount"), (_("说明"), "detail")],
    ENTERPRISE: [(_("名称"), "name"), (_("统一社会信用代码"), "credit_code"), (_("所在区划"), "region")],
    PLEDGE: [(_("登记号"), "number"), (_("出质人"), "pledgor_name"), (_("质权人"), "pledgee_name"),
             (_("登记生效日"), "registered_on"), (_("金额（元）"), "amount"), (_("所在区划"), "region")],
    CASE: [(_("案号"), "number"), (_("类型"), "get_kind_display"), (_("案由"), "title"), (_("立案日"), "filed_on"),
           (_("审结日"), "decided_on"), (_("处理周期（日）"), "cycle_days"), (_("中止（日）"), "suspended_days")],
    STATION: [(_("名称"), "name"), (_("类型"), "get_kind_display"), (_("认定级别"), "get_level_display"),
              (_("依托单位"), "host"), (_("设立日期"), "established_on"), (_("撤销日期"), "closed_on"),
              (_("所在区划"), "region")],
    POOL: [(_("名称"), "name"), (_("运营主体"), "operator"), (_("技术领域"), "field"), (_("组建日期"), "founded_on"),
           (_("入池专利"), "patents.count"), (_("所在区划"), "region")],
    PRODUCT: [(_("产品名称"), "name"), (_("类型"), "get_kind_display"), (_("备案主体"), "entity"),
              (_("审核日期"), "decided_on"), (_("所在区划"), "region")],
}  # fmt: skip


def _shown(source: str) -> str:
    """Class measures list the patents they counted."""
    return PATENT if source == CLASS else source


def _cell_value(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
        if callable(obj):
            obj = obj()
    if obj is None:
        return ""
    return obj if isinstance(obj, (str, int, date, Decimal)) else str(obj)


def _records(request):
    region, ctx, _ruleset = _scope(request)
    indicator = INDICATORS.get(request.GET.get("indicator", ""))
    part = request.GET.get("part", "numerator")
    if indicator is None or part not in ("numerator", "denominator"):
        raise Http404(_("未知指标。"))
    measure_code = getattr(indicator, part)
    if measure_code not in MEASURES:
        raise Http404(_("该数值不来自登记簿记录（来自区划年度数据或录入值）。"))
    measure = MEASURES[measure_code]
    reason = uncountable(measure, ctx)
    if reason:
        raise Http404(reason)
    rows = records(measure_code, region, ctx)
    rows = rows.select_related("patent") if measure.source == EVENT else rows.prefetch_related("region")
    return region, ctx, indicator, measure, rows


@staff_required
def records_page(request):
    region, ctx, indicator, measure, rows = _records(request)
    columns = COLUMNS[_shown(measure.source)]
    page = paginate(request, rows, cap=10_000)  # the figure itself is the exact count
    table = [[_cell_value(obj, path) for _label, path in columns] for obj in page.object_list]
    links = [_link(_shown(measure.source), obj) for obj in page.object_list]
    return render(request, "monitor/records.html", {
        "region": region, "ctx": ctx, "indicator": indicator, "measure": measure, "page": page,
        "header": [label for label, _path in columns], "table": list(zip(links, table, strict=True)),
        "query": request.GET.urlencode(),
    })  # fmt: skip


def _link(source: str, obj) -> str:
    if source == PATENT:
        return reverse("assets:patent", args=[obj.pk])
    if source == EVENT:
        return reverse("assets:patent", args=[obj.patent_id])
    if source == ENTERPRISE:
        return reverse("entities:detail", args=[obj.pk])
    if source == PLEDGE:
        return reverse("finance:pledge", args=[obj.pk])
    if source == CASE:
        return reverse("protection:case", args=[obj.pk])
    if source == STATION:
        return reverse("protection:station", args=[obj.pk])
    if source == POOL:
        return reverse("market:pools")
    if source == PRODUCT:
        return reverse("market:product", args=[obj.pk])
    return ""


@staff_required
def records_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    region, ctx, indicator, measure, rows = _records(request)
    columns = COLUMNS[_shown(measure.source)]
    header = [label for label, _path in columns]
    data = ([_cell_value(obj, path) for _label, path in columns] for obj in rows.iterator(chunk_size=2000))
    name = f"{indicator.name}_{region.name}_{ctx.as_of.isoformat()}"
    if fmt == "csv":
        return csv_response(name, header, data)
    return xlsx_response(name, header, data)


# ---------------------------------------------------------------------------------------------
# Plans and targets


@staff_required
def plans_page(request):
    as_of = _date(request.GET.get("as_of"), timezone.localdate())
    own = user_region(request.user)
    if own is None and not request.user.is_superuser:
        plans = Plan.objects.none()
    else:
        plans = plans_seen_from(own)
        warm.plans_viewed(own)
    listed = []
    for plan in plans:
        quick = plan.region.level < Level.COUNTY  # a city's or province's forecast: computed when opened
        rows = [cached_progress(t, as_of, forecast_if_cached=quick) for t in plan.targets.all()]
        listed.append((plan, rows))
    return render(request, "monitor/plans.html", {"plans": listed, "as_of": as_of, "indicators": INDICATORS})


@staff_required
def target_page(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("plan__region"), pk=pk)
    own = user_region(request.user)
    region = target.plan.region
    allowed = request.user.is_superuser or (
        own is not None and (own.contains(region) or region.contains(own))
    )
    if not allowed:
        raise Http404
    as_of = _date(request.GET.get("as_of"), timezone.localdate())
    found = cached_progress(target, as_of)
    indicator = INDICATORS[target.indicator]
    chart = {}
    if found.forecast is not None:
        f = found.forecast
        chart = {
            "history": [[p.isoformat(), str(v)] for p, v in f.points],
            "forecast": [target.deadline.isoformat(), str(f.value) if f.value is not None else None],
            "band": [str(f.low) if f.low is not None else None, str(f.high) if f.high is not None else None],
            "required": str(found.required) if found.required is not None else None,
            "deadline": target.deadline.isoformat(),
            "name": f"{indicator.name}（{indicator.unit}）",
        }
    return render(request, "monitor/target.html", {
        "target": target, "p": found, "indicator": indicator, "chart": chart, "as_of": as_of,
        "figure_fields": FIGURES,
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Peer comparison


def _peer_sets_for(user):
    """Peer sets owned by the user's region, a region above it, or one below it."""
    sets = PeerSet.objects.select_related("owner")
    if user.is_superuser:
        return sets
    own = user_region(user)
    if own is None:
        return sets.none()
    above = [r.pk for r in own.ancestors()] + [own.pk]
    return sets.filter(Q(owner__in=above) | Q(owner__prefix__startswith=own.prefix))


@staff_required
def peers_page(request, pk: int | None = None):
    sets = list(_peer_sets_for(request.user))
    if not sets:
        return render(request, "monitor/peers.html", {"sets": sets, "peer": None})
    peer = next((s for s in sets if s.pk == pk), None) if pk else sets[0]
    if peer is None:
        raise Http404
    as_of = _date(request.GET.get("as_of"), timezone.localdate())
    regions_by_code = {r.code: r for r in Region.objects.filter(code__in=peer.members)}
    regions = [regions_by_code[c] for c in peer.members if c in regions_by_code]
    codes = [c for c in (peer.indicators or INDICATORS) if c in INDICATORS]
    cells = cached_board(regions, context(as_of), codes)
    charts = []
    for code in codes:
        indicator = INDICATORS[code]
        bars = sorted(
            ((r.name, cells[r.code][code]["value"], cells[r.code][code]["origin"]) for r in regions),
            key=lambda bar: -float(bar[1]) if bar[1] is not None else float("inf"),
        )
        charts.append({"code": code, "name": f"{indicator.name}（{indicator.unit}）", "bars": bars})
    table = [(r, [cells[r.code][c] for c in codes]) for r in regions]
    return render(request, "monitor/peers.html", {
        "sets": sets, "peer": peer, "as_of": as_of, "charts": charts, "table": table,
        "indicators": [INDICATORS[c] for c in codes],
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Quarterly rankings and the 通报


def _scheme_for(request) -> tuple:
    visible = regions_for_user(request.user)
    schemes = list(RankingScheme.objects.filter(region__in=visible).select_related("region"))
    chosen = request.GET.get("scheme")
    scheme = (
        next((s for s in schemes if str(s.pk) == chosen), None)
        if chosen
        else (schemes[0] if schemes else None)
    )
    if chosen and scheme is None:
        raise Http404
    text = request.GET.get("quarter")
    try:
        year, quarter = (
            rankings.parse_quarter(text) if text else rankings.latest_quarter(timezone.localdate())
        )
    except ValidationError as error:
        raise Http404(error.messages[0]) from error
    return schemes, scheme, year, quarter


@staff_required
def rankings_page(request):
    if request.method == "POST":
        return _scheme_save(request)
    schemes, scheme, year, quarter = _scheme_for(request)
    rows = rankings.ranking(scheme, year, quarter) if scheme else []
    chart = {"names": [r.region.name for r in rows], "scores": [str(r.score) for r in rows]}
    return render(request, "monitor/rankings.html", {
        "schemes": schemes, "scheme": scheme, "rows": rows, "year": year, "quarter": quarter,
        "quarter_text": f"{year}Q{quarter}", "as_of": rankings.quarter_end(year, quarter),
        "indicators": [INDICATORS[w["indicator"]] for w in scheme.weights] if scheme else [], "chart": chart,
        "all_indicators": INDICATORS,
    })  # fmt: skip


def _scheme_save(request):
    """Officials set the indicators and weights their office ranks on (their own region's units)."""
    own = user_region(request.user)
    chosen = request.POST.get("scheme")
    scheme = None
    if chosen:
        scheme = get_object_or_404(
            RankingScheme.objects.filter(region__in=regions_for_user(request.user)), pk=chosen
        )
    region = scheme.region if scheme else own
    if region is None:
        raise Http404
    weights = {}
    for code in INDICATORS:
        raw = request.POST.get(f"weight_{code}", "").strip()
        try:
            weights[code] = Decimal(raw) if raw else Decimal(0)
        except ArithmeticError:
            messages.error(request, _("权重应为数字。"))
            return redirect("monitor:rankings")
    try:
        scheme = ranking_scheme_save(
            region=region, name=request.POST.get("name", ""), weights=weights, scheme=scheme
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("monitor:rankings")
    messages.success(request, _("排名方案已保存。"))
    return redirect(f"{reverse('monitor:rankings')}?scheme={scheme.pk}")


@staff_required
def bulletin_docx(request):
    _schemes, scheme, year, quarter = _scheme_for(request)
    if scheme is None:
        raise Http404
    content = rankings.bulletin(scheme, year, quarter, office=user_region(request.user) or scheme.region)
    name = f"{scheme.region.name}{year}年第{rankings.CHINESE_QUARTER[quarter]}季度知识产权指标排名通报.docx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---------------------------------------------------------------------------------------------
# Reports (background jobs)


@staff_required
def reports_page(request):
    regions = regions_for_user(request.user)
    own = user_region(request.user) or home_region()
    today = timezone.localdate()
    if request.method == "POST":
        region = region_for_user_or_404(request.user, request.POST.get("region", ""))
        kind = request.POST.get("kind")
        try:
            year, number = int(request.POST.get("year", "")), int(request.POST.get("number", ""))
        except ValueError as error:
            raise Http404(_("年份与期数应为数字。")) from error
        if kind not in (reports.MONTH, reports.QUARTER) or not 1 <= number <= (
            12 if kind == reports.MONTH else 4
        ):
            raise Http404(_("报告期不正确。"))
        if reports.period_end(kind, year, number) > today:
            messages.error(request, _("报告期尚未结束。"))
            return redirect("monitor:reports")
        job = job_start(
            task=report_task, kind="monitor_report", title=_("监测报告：%(r)s %(y)s-%(n)s") % {"r": region.name, "y": year, "n": number},
            params={"region": region.code, "kind": kind, "year": year, "number": number}, user=request.user, region=region,
        )  # fmt: skip
        messages.success(request, _("已开始生成报告，完成后可在本页下载。"))
        return redirect("jobs:detail", pk=job.pk)
    done = jobs_for_user(request.user).filter(kind="monitor_report").order_by("-created_at")[:20]
    return render(request, "monitor/reports.html", {
        "regions": regions.filter(level__lte=3).order_by("code")[:400] if request.user.is_superuser else regions.order_by("code")[:400],
        "own": own, "jobs": done, "year": today.year,
    })  # fmt: skip


@staff_required
def report_file(request, pk: int, name: str):
    job = get_object_or_404(jobs_for_user(request.user), pk=pk, kind="monitor_report")
    return report_response(report_folder(job.pk), (job.result or {}).get("files", []), name)


@staff_required
def values_import(request):
    """Upload entered values (peers' figures, indicators the registry cannot count)."""
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            messages.error(request, _("请上传 .xlsx、.xls 或 .csv 文件。"))
            return redirect("monitor:values_import")
        allowed = None
        if not request.user.is_superuser:
            allowed = set(regions_for_user(request.user).values_list("code", flat=True))
            for peer in _peer_sets_for(request.user):
                allowed.update(peer.members)
        report = entered_values_import(
            source=upload, filename=upload.name, user=request.user, allowed_codes=allowed
        )
    return render(request, "monitor/values_import.html", {"report": report, "indicators": INDICATORS})
