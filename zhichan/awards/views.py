"""Pages of awards: programmes (rules, applications, 免申即享, publication, payout, budget), an
application (items with their verification, review), and an enterprise's own applications."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import entity_for_user_or_404, is_staff_user, office_region
from zhichan.agencies.models import Expert
from zhichan.assets.models import Patent
from zhichan.awards import projects, services
from zhichan.awards.models import (
    TRANSITIONS,
    Application,
    AppStatus,
    AwardRule,
    Payment,
    Programme,
    Project,
    ProjectStatus,
    RuleKind,
)
from zhichan.lib.export import csv_response, xlsx_response
from zhichan.lib.views import day_from, money_from, paginate, staff_required, whole


def _programmes(request):
    region = office_region(request.user)
    return Programme.objects.filter(region__prefix__startswith=region.prefix).select_related("region")


@staff_required
def programmes(request):
    rows = [(p, services.budget(p)) for p in _programmes(request)]
    return render(request, "awards/programmes.html", {"rows": rows})


@staff_required
def programme_detail(request, pk: int):
    prog = get_object_or_404(_programmes(request), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "automatic":
                drafted = services.automatic_run(programme=prog, user=request.user)
                messages.success(
                    request, _("已生成 %(n)s 份免申即享名单，待企业确认账户。") % {"n": len(drafted)}
                )
            elif action == "notify":
                messages.success(
                    request,
                    _("已向 %(n)s 家未确认企业推送提醒。")
                    % {"n": services.notify_unconfirmed(programme=prog)},
                )
            elif action == "behalf":
                entity = entity_for_user_or_404(request.user, whole(request.POST.get("entity"), 0))
                application = services.application_build(programme=prog, entity=entity, user=request.user)
                return redirect("awards:application", pk=application.pk)
            elif action == "publicity":
                services.publicity_start(
                    programme=prog, starts_on=date.fromisoformat(request.POST.get("starts_on", ""))
                )
        except ValueError:
            messages.error(request, _("日期或主体编号格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("awards:programme", pk=prog.pk)
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [
            _("单位名称"),
            _("统一社会信用代码"),
            _("户名"),
            _("开户行"),
            _("账号"),
            _("金额（元）"),
            _("状态"),
        ]
        render_as = csv_response if request.GET["format"] == "csv" else xlsx_response
        return render_as(f"{prog.name}_拨付清单", header, services.payout_rows(prog))
    applications = prog.applications.select_related("entity").order_by("status", "entity__name")
    today = timezone.localdate()
    return render(request, "awards/programme.html", {
        "programme": prog, "rules": prog.rules.all(), "applications": [(a, services.total(a)) for a in applications],
        "budget": services.budget(prog), "overdue": services.overdue_reviews(prog, today), "today": today,
        "forecast": services.next_year_cost(prog, today), "publicities": prog.publicities.all(),
        "floor": services.budget_floor(prog),
    })  # fmt: skip


def _application(request, pk: int) -> Application:
    """The application if the user may see it, else 404: a refusal (403) would tell an outsider
    which application numbers exist."""
    rows = Application.objects.select_related("programme__region", "entity")
    if is_staff_user(request.user):
        rows = rows.filter(programme__region__prefix__startswith=office_region(request.user).prefix)
    elif request.user.entity_id:
        rows = rows.filter(entity_id=request.user.entity_id)
    else:
        rows = rows.none()
    return get_object_or_404(rows, pk=pk)


@login_required
def application_detail(request, pk: int):
    application = _application(request, pk)
    staff = is_staff_user(request.user)
    if request.method == "POST":
        post = request.POST
        action = post.get("action")
        try:
            if action == "submit":
                services.application_submit(application=application, bank_name=post.get("bank_name", ""),
                                            account_name=post.get("account_name", ""),
                                            account_number=post.get("account_number", ""), user=request.user)  # fmt: skip
            elif action == "claim":
                rule = get_object_or_404(application.programme.rules, pk=post.get("rule"))
                patent = (
                    Patent.objects.filter(number=post.get("number", "").strip()).first()
                    if post.get("number")
                    else None
                )
                expense = Decimal(post["expense"]) if post.get("expense") else None
                key = f"patent:{patent.number}" if patent else post.get("key", "").strip()[:80]
                if not key:
                    raise ValidationError(_("请填写申请号或事项标识（如 案件号:费用类别、项目:名称:阶段）。"))
                services.claim_add(application=application, rule=rule, key=key, patent=patent, expense=expense,
                                   description=(post.get("description") or key)[:300])  # fmt: skip
            elif action == "move" and staff:
                services.application_move(application=application, to=post.get("to", ""), comment=post.get("comment", ""),
                                          user=request.user)  # fmt: skip
            elif action == "build":
                services.application_build(
                    programme=application.programme, entity=application.entity, user=request.user
                )
        except InvalidOperation:
            messages.error(request, _("费用应为数字。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("awards:application", pk=application.pk)
    return render(request, "awards/application.html", {
        "application": application, "claims": application.claims.select_related("rule", "patent"),
        "total": services.total(application), "steps": application.steps.select_related("by"), "staff": staff,
        "moves": [(s, AppStatus(s).label) for s in TRANSITIONS[AppStatus(application.status)] if s != AppStatus.SUBMITTED],
        "editable": application.status in (AppStatus.DRAFT, AppStatus.RETURNED),
        "rules": application.programme.rules.all(),
    })  # fmt: skip


@login_required
def mine(request):
    """An enterprise's applications (including the 免申即享 drafts waiting for its account)."""
    if not request.user.entity_id:
        raise PermissionDenied(_("仅企业用户可查看。"))
    applications = Application.objects.filter(entity_id=request.user.entity_id).select_related("programme")
    open_programmes = Programme.objects.filter(
        opens_on__lte=timezone.localdate(), closes_on__gte=timezone.localdate()
    )
    if request.method == "POST":
        prog = get_object_or_404(open_programmes, pk=request.POST.get("programme"))
        application = services.application_build(
            programme=prog, entity=request.user.entity, user=request.user
        )
        return redirect("awards:application", pk=application.pk)
    return render(request, "awards/mine.html", {
        "applications": [(a, services.total(a)) for a in applications], "programmes": open_programmes,
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# 高价值专利培育项目


def _projects_for(user):
    rows = Project.objects.select_related("rule__programme__region", "entity")
    if is_staff_user(user):
        return rows.filter(rule__programme__region__prefix__startswith=office_region(user).prefix)
    if user.entity_id:
        return rows.filter(entity_id=user.entity_id)
    return rows.none()


@staff_required
def project_list(request):
    rows = _projects_for(request.user)
    status = request.GET.get("status", "")
    shown = rows.filter(status=status) if status in ProjectStatus.values else rows
    return render(request, "awards/projects.html", {
        "page": paginate(request, shown), "status": status, "statuses": ProjectStatus.choices,
        "years": projects.figures_by_year(rows),
    })  # fmt: skip


def _open_staged_rules():
    today = timezone.localdate()
    return AwardRule.objects.filter(
        kind=RuleKind.STAGED, programme__opens_on__lte=today, programme__closes_on__gte=today
    ).select_related("programme")


@login_required
def projects_mine(request):
    """An enterprise's (or university's) projects and its application for a new one."""
    if not request.user.entity_id:
        raise PermissionDenied(_("仅企业、高校等单位用户可申报。"))
    rules = _open_staged_rules().filter(programme__region__prefix__in=_prefixes(request.user.entity))
    if request.method == "POST":
        post = request.POST
        try:
            project = projects.project_apply(
                rule=get_object_or_404(rules, pk=whole(post.get("rule"), 0)), entity=request.user.entity,
                title=post.get("title", ""), field=post.get("field", ""), summary=post.get("summary", ""),
                leader=post.get("leader", ""), partners=post.get("partners", ""),
                target_filings=whole(post.get("target_filings"), 0), target_grants=whole(post.get("target_grants"), 0),
                requested=money_from(post.get("requested", ""), _("申请资助"), required=True), on=timezone.localdate(), user=request.user,
            )  # fmt: skip
            messages.success(request, _("已申报，等待专家评审。"))
            return redirect("awards:project", pk=project.pk)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    return render(request, "awards/projects_mine.html", {
        "projects": _projects_for(request.user), "rules": rules, "post": request.POST,
    })  # fmt: skip


def _prefixes(entity) -> list[str]:
    return entity.region.prefixes if entity.region_id is not None else []


@login_required
def project_detail(request, pk: int):
    project = get_object_or_404(_projects_for(request.user), pk=pk)
    staff = is_staff_user(request.user)
    if request.method == "POST":
        post, action = request.POST, request.POST.get("action")
        try:
            if action == "patents":
                projects.patents_set(project=project, numbers=post.get("numbers", ""))
            elif not staff:
                raise PermissionDenied(_("仅工作人员可评审和作出结论。"))
            elif action == "review":
                expert = get_object_or_404(
                    Expert.objects.filter(active=True), pk=whole(post.get("expert"), 0)
                )
                projects.review_add(project=project, expert=expert, score=money_from(post.get("score", ""), _("评分"), required=True),
                                    opinion=post.get("opinion", ""), on=day_from(post.get("on", ""), required=True), user=request.user)  # fmt: skip
            elif action in ("approve", "refuse"):
                budget = money_from(post.get("budget"), _("立项资助额")) if action == "approve" else None
                projects.project_decide(project=project, approve=action == "approve", budget=budget,
                                        note=post.get("note", ""), on=day_from(post.get("on", ""), required=True), user=request.user)  # fmt: skip
            elif action in ("pass", "fail"):
                projects.stage_record(project=project, stage=post.get("stage", ""), passed=action == "pass",
                                      note=post.get("note", ""), on=day_from(post.get("on", ""), required=True), user=request.user)  # fmt: skip
            elif action == "change":
                projects.change_add(project=project, what=post.get("what", ""), note=post.get("note", ""),
                                    on=day_from(post.get("on", ""), required=True), user=request.user)  # fmt: skip
            elif action == "terminate":
                projects.terminate(project=project, note=post.get("note", ""), on=day_from(post.get("on", ""), required=True),
                                   user=request.user)  # fmt: skip
            messages.success(request, _("已保存。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("awards:project", pk=project.pk)
    done = projects.passed_stages(project)
    payments = {p.key: p for p in Payment.objects.filter(
        category=project.rule.category, key__startswith=f"project:{project.pk}:")}  # fmt: skip
    stages = [(name, share, name in done, payments.get(f"project:{project.pk}:{name}"),
               projects.stage_amount(project, name) if project.budget is not None else None)
              for name, share in project.rule.stages]  # fmt: skip
    region = project.rule.programme.region
    return render(request, "awards/project.html", {
        "project": project, "staff": staff, "reviews": project.reviews.select_related("expert"),
        "summary": projects.review_summary(project), "stages": stages, "next": projects.next_stage(project),
        "history": project.stages.select_related("by"), "changes": project.changes.select_related("by"),
        "patents": projects.patents_later(project), "today": timezone.localdate(), "min_reviews": projects.MIN_REVIEWS,
        "experts": Expert.objects.filter(active=True, region__prefix__in=region.prefixes)[:300] if staff else [],
    })  # fmt: skip
