"""Pages of work-plan supervision: plans with their items, an item with milestones and reports,
overdue items, and the quarterly 通报."""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region, user_region
from zhichan.lib.forms import STALE_MESSAGE, record_version, stale
from zhichan.lib.views import staff_required
from zhichan.monitor.models import Plan
from zhichan.supervision import services
from zhichan.supervision.models import ItemStatus, Milestone, WorkItem


def _plans(request):
    """The plans of the office's region and of the regions above it (whose tasks it carries out)."""
    region = office_region(request.user)
    above = [region.prefix[:n] for n in range(1, len(region.prefix) + 1)]
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
    return render(
        request,
        "supervision/plan.html",
        {"plan": plan, "rows": rows, "year": year, "quarter": quarter, "only": only},
    )


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
