"""Pages of 双随机一公开: plans, the draw, results, publication and the 复核包."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import admin_region, office_region
from zhichan.inspections import services
from zhichan.inspections.models import InspectionItem, InspectionPlan, Inspector, Outcome, PlanStatus
from zhichan.lib.export import csv_response
from zhichan.lib.views import staff_required

GRADES = ["A", "B", "C", "D", "-"]


def _plans(request):
    region = office_region(request.user)
    return region, InspectionPlan.objects.filter(region__prefix__startswith=region.prefix).select_related(
        "region"
    )


@staff_required
def plans(request):
    region, rows = _plans(request)
    if request.method == "POST":
        post = request.POST
        try:
            strata = {g: str(Decimal(post.get(f"ratio_{g}") or "0") / 100) for g in GRADES}
            if any(not Decimal("0") <= Decimal(v) <= 1 for v in strata.values()):
                raise ValidationError(_("抽查比例应在 0 到 100% 之间。"))
            item = _items(region).filter(pk=post.get("item") or 0).first()
            basis = post.get("basis", "").strip() or (f"{item.name}：{item.basis}" if item else "")
            if not basis:
                raise ValidationError(_("请选择抽查事项，或写明检查事项与依据。"))
            plan = InspectionPlan.objects.create(
                name=post.get("name", "").strip()[:200] or _("未命名任务"), region=region, item=item,
                basis=basis[:300], seed=post.get("seed", "").strip()[:100], strata=strata,
                inspectors_per_target=max(1, min(5, int(post.get("per_target") or 2))),
            )  # fmt: skip
            return redirect("inspections:plan", pk=plan.pk)
        except (InvalidOperation, ValueError):
            messages.error(request, _("比例或人数格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("inspections:plans")
    inspectors = Inspector.objects.filter(active=True, region__prefix__startswith=region.prefix).count()
    return render(request, "inspections/plans.html", {
        "plans": rows, "grades": GRADES, "inspectors": inspectors, "items": _items(region).filter(active=True),
        "can_set": admin_region(request.user) is not None or request.user.is_superuser,
    })  # fmt: skip


def _items(region):
    """The inspection items of the region and those above it (a county carries out the city's list too)."""
    up = region.prefixes
    return InspectionItem.objects.filter(region__prefix__in=up).order_by("name")


@staff_required
def plan_detail(request, pk: int):
    _region, rows = _plans(request)
    plan = get_object_or_404(rows, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw":
                services.plan_draw(plan=plan, user=request.user)
                messages.success(request, _("已抽取。名录指纹与复核包可供公开复核。"))
            elif action == "result":
                target = get_object_or_404(plan.targets, pk=request.POST.get("target"))
                services.result_record(
                    target=target, outcome=request.POST.get("outcome", ""), finding=request.POST.get("finding", ""),
                    checked_on=date.fromisoformat(request.POST.get("checked_on", "")),
                )  # fmt: skip
            elif action == "publish":
                services.plan_publish(plan=plan, published_on=timezone.localdate())
            elif action == "verify":
                ok = services.plan_verify(plan)
                (messages.success if ok else messages.error)(
                    request,
                    _("复核一致：按公布的种子和名录重新抽取，结果相同。") if ok else _("复核不一致！"),
                )
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("inspections:plan", pk=plan.pk)
    fmt = request.GET.get("format")
    if fmt == "json" and plan.status != PlanStatus.DRAFT:
        body = json.dumps(services.package(plan), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename=draw-{plan.pk}.json"
        return response
    if fmt == "csv" and plan.status != PlanStatus.DRAFT:
        header = [
            _("检查对象"),
            _("统一社会信用代码"),
            _("信用等级"),
            _("检查人员"),
            _("检查结果"),
            _("检查情况"),
            _("检查日期"),
        ]
        data = ([t.entity.name, t.code, t.grade, "、".join(p[1] for p in t.inspectors), t.get_outcome_display(),
                 t.finding, t.checked_on] for t in plan.targets.select_related("entity"))  # fmt: skip
        return csv_response(f"{plan.name}_抽查结果", header, data)
    pools = services.pools_of(plan) if plan.status == PlanStatus.DRAFT else None
    return render(request, "inspections/plan.html", {
        "plan": plan, "targets": plan.targets.select_related("entity"), "pools": pools,
        "outcomes": [c for c in Outcome.choices if c[0]], "today": timezone.localdate(),
        "strata": [(g, Decimal(plan.strata.get(g, "0")) * 100) for g in GRADES],
    })  # fmt: skip
