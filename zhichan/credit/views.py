"""Pages of credit grading: the region's grades, an entity's reasons and records, adjustments."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import admin_region, entities_for_user, entity_for_user_or_404, office_region
from zhichan.accounts.users import admin_required
from zhichan.credit import services
from zhichan.credit.models import CreditGrade, CreditRecord, GradeChange
from zhichan.entities.models import EntityKind
from zhichan.lib.views import paginate, staff_required


@staff_required
def grades(request):
    entities = entities_for_user(request.user).filter(kind=EntityKind.ENTERPRISE, merged_into__isnull=True)
    if request.method == "POST":
        try:
            n = services.grades_compute(entities=entities, day=timezone.localdate())
            messages.success(request, _("已评价 %(n)s 家企业。") % {"n": n})
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("credit:grades")
    rows = CreditGrade.objects.filter(entity__in=entities).select_related("entity__region")
    grade = request.GET.get("grade", "")
    counts = dict(rows.values_list("grade").annotate(n=Count("pk")).values_list("grade", "n"))
    if grade in services.GRADES:
        rows = rows.filter(grade=grade)
    region = office_region(request.user)
    scheme = services.scheme_for(region)
    own = admin_region(request.user)
    return render(request, "credit/grades.html", {
        "page": paginate(request, rows.order_by("grade", "-score", "entity__name")), "grade": grade,
        "counts": [(g, counts.get(g, 0)) for g in services.GRADES], "scheme": scheme,
        "can_copy": own is not None and scheme is not None and scheme.region_id != own.pk,
        "can_set": own is not None or request.user.is_superuser,
    })  # fmt: skip


@admin_required
@require_POST
def scheme_copy(request):
    """An office administrator starts the region's own scheme from the one that applies now."""
    region = admin_region(request.user)
    scheme = services.scheme_for(region)
    if region is None or scheme is None:
        messages.error(request, _("只有区划的管理员可以为本区划建立方案。"))
        return redirect("credit:grades")
    try:
        copy = services.scheme_copy(scheme=scheme, region=region)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("credit:grades")
    messages.success(request, _("已建立本区划的方案“%(n)s”，可在此修改规则与分值。") % {"n": copy.name})
    return redirect("setup:edit", kind="credit-schemes", pk=copy.pk)


@staff_required
def entity_credit(request, pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "adjust":
                grade = get_object_or_404(CreditGrade, entity=entity)
                services.grade_adjust(grade=grade, to=request.POST.get("to", ""), reason=request.POST.get("reason", ""),
                                      user=request.user)  # fmt: skip
            else:
                record = services.record_add(
                    entity=entity, code=request.POST.get("code", ""),
                    occurred_on=date.fromisoformat(request.POST.get("occurred_on", "")),
                    detail=request.POST.get("detail", ""), document=request.POST.get("document", ""), user=request.user,
                )  # fmt: skip
                services.grades_compute(entities=entities_for_user(request.user).filter(pk=entity.pk),
                                        day=timezone.localdate(),
                                        cause=_("录入信用记录：%(d)s") % {"d": record.detail})  # fmt: skip
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("credit:entity", pk=entity.pk)
    return render(request, "credit/entity.html", {
        "entity": entity, "grade": CreditGrade.objects.filter(entity=entity).first(),
        "records": services.labelled(CreditRecord.objects.filter(entity=entity).select_related("entered_by"), entity.region),
        "changes": GradeChange.objects.filter(entity=entity)[:50],
        "codes": services.rules_entered(entity.region), "scheme": services.scheme_for(entity.region),
    })  # fmt: skip
