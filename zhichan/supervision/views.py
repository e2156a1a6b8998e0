"""Pages of work-plan supervision: plans with their items, an item with milestones and reports,
overdue items, and the quarterly 通报."""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region, user_region
from zhichan.lib.forms import STALE_MESSAGE, record_version, stale
from zhichan.lib.views import staff_required
from zhichan.monitor.models import Plan
from zhichan.monitor.rankings import quarter_end
from zhichan.supervision import services
from zhichan.supervision.models import Inspection, ItemStatus, Milestone, WorkItem


def _plans(request):
    """The plans of the office's region and of the regions above it (whose tasks it carries out)."""
    region = office_region(request.user)
    above = region.prefixes
    return Plan.objects.filter(Q(region__prefix__startswith=region.prefix) | Q(region__prefix__in=above))


@staff_required
def plans(request):
    today = timezone.localdate()
    rows = []
    for plan in _plans(request).select_related("region"):
        items = list(plan.work_items.all())
        if not items:
            continue
        rows.append((plan, len(items), sum(1 for i in items if i.status == ItemStatus.DONE),
                     len(services.overdue(items, today))))  # fmt: skip
    return render(request, "supervision/plans.html", {"rows": rows, "today": today})


@staff_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(_plans(request).select_related("region"), pk=pk)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            if not request.POST.get("title", "").strip():
                raise ValidationError(_("请填写督查名称。"))
            started = date.fromisoformat(request.POST.get("started_on") or today.isoformat())
            if started > today:
                raise ValidationError(_("督查日期不能晚于今天。"))
            inspection = Inspection.objects.create(
                plan=plan, title=request.POST["title"].strip()[:200], scope=request.POST.get("scope", "").strip()[:300],
                started_on=started, by=request.user,
            )  # fmt: skip
            return redirect("supervision:inspection", pk=inspection.pk)
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("supervision:plan", pk=plan.pk)
    year, quarter = today.year, (today.month - 1) // 3 + 1
    try:
        year = int(request.GET.get("year") or year)
        quarter = int(request.GET.get("quarter") or quarter)
    except ValueError:
        pass
    quarter = min(4, max(1, quarter))
    if request.GET.get("format") == "docx":
        content = services.bulletin(plan, year, quarter, office=user_region(request.user) or plan.region)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        name = f"{plan.title}_{year}年第{quarter}季度通报.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    rows = services.quarter_rows(plan, year, quarter)
    only = request.GET.get("only")
    if only == "late":
        rows = [r for r in rows if r.late]
    elif only == "silent":
        rows = [r for r in rows if r.report is None and r.item.status != ItemStatus.DONE]
    inspections = plan.inspections.annotate(
        n=Count("findings"), open=Count("findings", filter=Q(findings__rectified_on__isnull=True))
    )
    return render(request, "supervision/plan.html", {
        "plan": plan, "rows": rows, "year": year, "quarter": quarter, "only": only, "today": today,
        "units": services.unit_ranking(plan, year, quarter, min(today, quarter_end(year, quarter))),
        "inspections": inspections,
    })  # fmt: skip


@staff_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.filter(plan__in=_plans(request)).select_related("plan", "by"), pk=pk
    )
    items = inspection.plan.work_items.all()
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "finding":
                item = items.filter(pk=post["item"]).first() if post.get("item") else None
                services.finding_add(inspection=inspection, unit=post.get("unit", ""), problem=post.get("problem", ""),
                                     rectify_by=date.fromisoformat(post.get("rectify_by", "")), item=item)  # fmt: skip
            elif post.get("action") == "rectified":
                finding = get_object_or_404(inspection.findings, pk=post.get("finding") or 0)
                services.finding_rectified(finding=finding, on=date.fromisoformat(post.get("on", "")),
                                           text=post.get("rectification", ""))  # fmt: skip
            else:
                raise ValidationError(_("未知操作。"))
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("supervision:inspection", pk=inspection.pk)
    units = sorted({u for item in items for names in services.unit_names(item) for u in names})
    return render(request, "supervision/inspection.html", {
        "i": inspection, "findings": inspection.findings.select_related("item"), "items": items, "units": units,
        "today": timezone.localdate(),
    })  # fmt: skip


@staff_required
def item_detail(request, pk: int):
    item = get_object_or_404(WorkItem.objects.filter(plan__in=_plans(request)).select_related("plan"), pk=pk)
    if request.method == "POST":
        post = request.POST
        action = post.get("action")
        try:
            if action == "units":
                with transaction.atomic():
                    if stale(WorkItem, item.pk, post.get("version", "")):
                        raise ValidationError(_(STALE_MESSAGE))
                    item.lead_unit, item.units = post.get("lead_unit", "")[:200], post.get("units", "")[:500]
                    item.deadline = date.fromisoformat(post.get("deadline") or str(item.deadline))
                    item.save(update_fields=["lead_unit", "units", "deadline"])
            elif action == "milestone":
                text = post.get("text", "").strip()
                if not text:
                    raise ValidationError(_("请填写节点内容。"))
                Milestone.objects.create(
                    item=item, text=text[:300], due_on=date.fromisoformat(post.get("due_on", ""))
                )
            elif action == "milestone_done":
                Milestone.objects.filter(item=item, pk=post.get("milestone")).update(
                    done_on=timezone.localdate()
                )
            elif action == "report":
                services.report_add(
                    item=item, year=int(post.get("year", "")), quarter=int(post.get("quarter", "")),
                    unit=post.get("unit", "") or item.lead_unit, text=post.get("text", ""),
                    percent=int(post.get("percent", "")), problems=post.get("problems", ""), user=request.user,
                )  # fmt: skip
        except ValueError:
            messages.error(request, _("日期、季度或进度格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("supervision:item", pk=item.pk)
    today = timezone.localdate()
    return render(request, "supervision/item.html", {
        "item": item, "milestones": item.milestones.all(), "reports": item.reports.select_related("reported_by"),
        "late": services.overdue([item], today).get(item.pk, []), "year": today.year,
        "quarter": (today.month - 1) // 3 + 1, "version": record_version(item),
        "measured": services.measured(item, today),
    })  # fmt: skip
