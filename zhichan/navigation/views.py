"""专利导航 pages: scopes (saved, re-runnable), runs with their figures and report files, and the
warning watches with their notices."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import entities_for_user, in_office, office_region, regions_for_user
from zhichan.assets.models import PatentKind
from zhichan.classify.models import ClassName, Scheme
from zhichan.classify.tables import PI_CATEGORIES
from zhichan.lib.files import report_response
from zhichan.lib.views import paginate, staff_required
from zhichan.navigation import services
from zhichan.navigation.models import Frequency, Run, Scope, Watch, WatchNotice
from zhichan.navigation.tasks import report_folder


def _scopes(user):
    return in_office(Scope.objects, user, field="office")


def _fill(scope: Scope, post, user) -> Scope:
    regions = regions_for_user(user) if not user.is_superuser else None
    scope.name = post.get("name", "").strip()[:200]
    if not scope.name:
        raise ValidationError({"name": _("请填写名称。")})
    scope.purpose = post.get("purpose", "").strip()
    scope.ipc = post.get("ipc", "").strip()[:500]
    scope.sei = post.getlist("sei")
    scope.pi = post.getlist("pi")
    scope.keywords = post.get("keywords", "").strip()[:500]
    scope.applicants = post.get("applicants", "").strip()
    scope.kinds = post.getlist("kinds")
    scope.peers = [c for c in post.get("peers", "").replace("，", " ").replace(",", " ").split() if c]
    from zhichan.regions.models import Region

    area = post.get("area", "").strip()
    scope.area = Region.objects.filter(code=area).first() if area else None
    if area and scope.area is None:
        raise ValidationError({"area": _("未知的区划代码：%(c)s。") % {"c": area}})
    home = post.get("home", "").strip() or office_region(user).code
    scope.home = (
        regions.filter(code=home).first() if regions is not None else Region.objects.filter(code=home).first()
    )
    if scope.home is None:
        raise ValidationError({"home": _("本区域须在本机关辖区内。")})
    for field in ("filed_from", "filed_to"):
        value = post.get(field, "")
        try:
            setattr(scope, field, date.fromisoformat(value) if value else None)
        except ValueError:
            raise ValidationError({field: _("日期格式应为 YYYY-MM-DD。")}) from None
    return scope


def _choices() -> dict:
    return {
        "sei_choices": list(ClassName.objects.filter(scheme=Scheme.SEI, parent="").values_list("code", "name")),
        "pi_choices": list(PI_CATEGORIES.items()), "kind_choices": PatentKind.choices,
    }  # fmt: skip


@staff_required
def scope_list(request):
    if request.method == "POST":
        scope = Scope(office=office_region(request.user), created_by=request.user)
        try:
            services.scope_save(_fill(scope, request.POST, request.user))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("navigation:scopes")
        return redirect("navigation:scope", pk=scope.pk)
    return render(request, "navigation/scopes.html", {"page": paginate(request, _scopes(request.user)), **_choices(),
                                                      "office": office_region(request.user)})  # fmt: skip


@staff_required
def scope_detail(request, pk: int):
    scope = get_object_or_404(_scopes(request.user).select_related("area", "home"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                services.scope_save(_fill(scope, request.POST, request.user))
            elif action == "run":
                value = request.POST.get("as_of", "")
                as_of = date.fromisoformat(value) if value else timezone.localdate()
                if as_of > timezone.localdate():
                    raise ValidationError(_("统计日不能晚于今天。"))
                services.report_start(scope=scope, as_of=as_of, user=request.user)
                messages.success(request, _("已开始分析并生成报告，完成后可在下方下载。"))
            elif action == "watch":
                entity = None
                if request.POST.get("entity"):
                    entity = entities_for_user(request.user).filter(pk=request.POST["entity"]).first()
                    if entity is None:
                        raise ValidationError(_("只能为本辖区的企业设置预警。"))
                frequency = request.POST.get("frequency", Frequency.MONTHLY)
                Watch.objects.create(scope=scope, entity=entity, next_on=timezone.localdate(),
                                     frequency=frequency if frequency in Frequency.values else Frequency.MONTHLY)  # fmt: skip
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("navigation:scope", pk=scope.pk)
    runs = scope.runs.select_related("job").order_by("-created_at")[:20]
    latest = next((r for r in runs if r.figures), None)
    return render(request, "navigation/scope.html", {
        "s": scope, "runs": runs, "latest": latest, "f": latest.figures if latest else None,
        "charts": [latest.figures[k]["chart"] for k in ("trends", "technology", "applicants", "geography", "legal", "position")]
        if latest else [], "watches": scope.watches.select_related("entity"), **_choices(),
        "office": office_region(request.user), "today": timezone.localdate(), "firms": entities_for_user(request.user).filter(kind="enterprise").order_by("name")[:300],
    })  # fmt: skip


@staff_required
def run_file(request, pk: int, name: str):
    run = get_object_or_404(Run.objects.filter(scope__in=_scopes(request.user)), pk=pk)
    return report_response(
        report_folder(run.pk), (run.job.result or {}).get("files", []) if run.job else [], name
    )


@staff_required
def watches(request):
    notices = WatchNotice.objects.filter(watch__scope__in=_scopes(request.user)).select_related(
        "watch__scope", "watch__entity"
    )
    return render(request, "navigation/watches.html", {
        "watches": Watch.objects.filter(scope__in=_scopes(request.user)).select_related("scope", "entity"),
        "page": paginate(request, notices),
    })  # fmt: skip
