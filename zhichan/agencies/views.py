"""Pages of agencies (directory with registry figures, quality checks, ratings) and experts."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region
from zhichan.agencies import services
from zhichan.agencies.models import AgencyProfile, Expert, ExpertKind, Rating
from zhichan.lib.views import staff_required, whole


def _agencies(request):
    region = office_region(request.user)
    return AgencyProfile.objects.filter(entity__region__prefix__startswith=region.prefix).select_related(
        "entity"
    )


def _since(request, today: date) -> date:
    """The start of the period the registry figures cover: ?since=YYYY-MM-DD, else three years back."""
    try:
        return date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        return date(today.year - 3, 1, 1)


@staff_required
def agencies(request):
    today = timezone.localdate()
    start = _since(request, today)
    rows = [
        (a, services.figures(a, start, today), a.ratings.order_by("-year").first())
        for a in _agencies(request)
    ]
    return render(request, "agencies/list.html", {"rows": rows, "start": start, "today": today})


@staff_required
def agency_detail(request, pk: int):
    agency = get_object_or_404(_agencies(request), pk=pk)
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "draw":
                services.check_draw(
                    profile=agency, seed=post.get("seed", ""), filed_from=date.fromisoformat(post.get("filed_from", "")),
                    filed_to=date.fromisoformat(post.get("filed_to", "")), size=int(post.get("size") or 0), on=today,
                    user=request.user,
                )  # fmt: skip
            elif post.get("action") == "defects":
                check = get_object_or_404(agency.checks, pk=post.get("check"))
                defects = [
                    line.split(maxsplit=1) for line in post.get("defects", "").splitlines() if line.strip()
                ]
                services.check_record(check=check, defects=[d if len(d) == 2 else [d[0], ""] for d in defects],
                                      conclusion=post.get("conclusion", ""))  # fmt: skip
            elif post.get("action") == "rating":
                items = []
                for line in post.get("items", "").splitlines():
                    parts = line.split()
                    if parts:
                        items.append([parts[0], float(parts[1]), float(parts[2])])
                services.rating_record(agency=agency, kind=post.get("kind", ""), year=int(post.get("year", "")),
                                       items=items, result=post.get("result", ""), basis=post.get("basis", ""), on=today,
                                       user=request.user)  # fmt: skip
        except (ValueError, IndexError):
            messages.error(request, _("格式不正确：日期 YYYY-MM-DD；评分项每行“项目 满分 得分”。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("agencies:agency", pk=agency.pk)
    start = _since(request, today)
    return render(request, "agencies/agency.html", {
        "agency": agency, "figures": services.figures(agency, start, today), "start": start, "today": today,
        "practitioners": agency.practitioners.all(), "ratings": agency.ratings.all(), "checks": agency.checks.all(),
        "kinds": Rating.Kind.choices,
    })  # fmt: skip


@staff_required
def experts(request):
    region = office_region(request.user)
    pool = Expert.objects.filter(region__prefix__startswith=region.prefix)
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "import":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("请选择名册文件。"))
                added, updated, problems = services.roster_import(region=region, upload=upload, today=today)
                messages.success(
                    request, _("名册已导入：新增 %(a)s 人，更新 %(u)s 人。") % {"a": added, "u": updated}
                )
                for problem in problems[:20]:
                    messages.warning(request, problem)
                if len(problems) > 20:
                    messages.warning(request, _("另有 %(n)s 行未导入。") % {"n": len(problems) - 20})
                return redirect("agencies:experts")
            joined = post.get("joined_on", "")
            services.expert_save(expert=Expert(
                region=region, kind=post.get("kind", "other"), name=post.get("name", "")[:50], unit=post.get("unit", "")[:200],
                title=post.get("title", "")[:100], specialities=post.get("specialities", "")[:300],
                ipc=post.get("ipc", "")[:200], phone=post.get("phone", "")[:30], confirmed_on=today,
                availability_note=post.get("availability_note", "")[:200], team=post.get("team", "").strip()[:100],
                joined_on=date.fromisoformat(joined) if joined else today, qualified=post.get("qualified") == "1",
            ))  # fmt: skip
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("agencies:experts")
    get = request.GET
    rows = services.experts_matching(pool, kind=get.get("kind", ""), speciality=get.get("q", "").strip(),
                                     ipc=get.get("ipc", "").strip(), available_only=get.get("available") == "1")  # fmt: skip
    stale = set(services.stale_experts(pool, today).values_list("pk", flat=True))
    year = whole(get.get("year"), today.year)
    return render(request, "agencies/experts.html", {
        "rows": rows, "stale": stale, "kinds": ExpertKind.choices, "g": get, "year": year,
        "progress": services.people_progress(region, year, today),
    })  # fmt: skip
