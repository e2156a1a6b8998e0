"""Pages of screening: runs, flags with their evidence, review."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region
from zhichan.lib.views import staff_required
from zhichan.screening import services
from zhichan.screening.models import FlagKind, FlagStatus, ScreeningRun


def _runs(request):
    region = office_region(request.user)
    return region, ScreeningRun.objects.filter(region__prefix__startswith=region.prefix).select_related(
        "region"
    )


@staff_required
def runs(request):
    region, rows = _runs(request)
    if request.method == "POST":
        try:
            run = services.screening_run(
                region=region, filed_from=date.fromisoformat(request.POST.get("filed_from", "")),
                filed_to=date.fromisoformat(request.POST.get("filed_to", "")), user=request.user,
            )  # fmt: skip
            return redirect("screening:run", pk=run.pk)
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("screening:runs")
    today = timezone.localdate()
    return render(request, "screening/runs.html", {
        "runs": rows[:50], "region": region, "default_from": date(today.year, 1, 1), "today": today,
        "kinds": FlagKind.choices,
    })  # fmt: skip


@staff_required
def run_detail(request, pk: int):
    _region, rows = _runs(request)
    run = get_object_or_404(rows, pk=pk)
    if request.method == "POST":
        flag = get_object_or_404(run.flags, pk=request.POST.get("flag"))
        try:
            services.flag_review(flag=flag, decision=request.POST.get("decision", ""), note=request.POST.get("note", ""),
                                 user=request.user)  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("screening:run", pk=run.pk)
    kind = request.GET.get("kind", "")
    flags = run.flags.select_related("entity", "reviewed_by")
    if kind in FlagKind.values:
        flags = flags.filter(kind=kind)
    return render(request, "screening/run.html", {
        "run": run, "flags": flags[:500], "kind": kind, "kinds": FlagKind.choices, "statuses": FlagStatus,
    })  # fmt: skip
