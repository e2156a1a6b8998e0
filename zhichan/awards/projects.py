"""高价值专利培育项目 (seed 003 #7: 先期立项、中期评估、后期验收) from application to 验收.

- An enterprise applies under a staged rule of an open programme, asking at most the rule's
  amount; experts score the application; the office decides: 立项 with a budget (at most what was
  asked and the rule's amount, after at least ``MIN_REVIEWS`` scores) or a refusal with reasons.
- 立项 is the rule's first stage and passes with the decision. Each later stage is assessed in
  order: not before the one before it passed; a stage not passed may be assessed again after
  rectification, the latest result counting. The last stage passed is 验收: the project is done.
- A stage is paid, at the budget × its share, through an application of any programme whose
  staged rule has the same category, only once it passed (`stage_refusal`); the ledger pays it once.
- Changes are recorded with their date; a terminated project takes no further stage.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.accounts.models import acting
from zhichan.awards.models import (
    AwardRule,
    Payment,
    Project,
    ProjectChange,
    ProjectReview,
    ProjectStage,
    ProjectStatus,
    RuleKind,
)

FEN = Decimal("0.01")
MIN_REVIEWS = 3  # experts who scored before 立项


@transaction.atomic
def project_apply(*, rule: AwardRule, entity, title: str, field: str, summary: str, leader: str,
                  requested: Decimal, on: date, partners: str = "", target_filings: int = 0, target_grants: int = 0,
                  ends_on: date | None = None, user=None) -> Project:  # fmt: skip
    if rule.kind != RuleKind.STAGED or not rule.stages:
        raise ValidationError(_("请选择分阶段项目资助规则。"))
    if any(len(name) > 20 for name, _share in rule.stages):
        raise ValidationError(_("资助规则的阶段名称不能超过 20 个字，请在业务设置中修改。"))
    programme = rule.programme
    if not programme.opens_on <= on <= programme.closes_on:
        raise ValidationError(
            _("不在受理期（%(a)s 至 %(b)s）。") % {"a": programme.opens_on, "b": programme.closes_on}
        )
    if not (title.strip() and field.strip() and summary.strip() and leader.strip()):
        raise ValidationError(_("请填写项目名称、技术领域、项目内容和负责人。"))
    if not Decimal("0") < requested <= rule.amount:
        raise ValidationError({"requested": _("申请资助应大于零且不超过规则的资助总额 %(a)s 元。") % {
            "a": f"{rule.amount:,.2f}"}})  # fmt: skip
    if Project.objects.filter(rule=rule, entity=entity, title=title.strip()).exists():
        raise ValidationError(_("本单位已申报同名项目。"))
    return Project.objects.create(
        rule=rule, entity=entity, title=title.strip()[:200], field=field.strip()[:100], summary=summary.strip(),
        leader=leader.strip()[:50], partners=partners.strip()[:300], target_filings=target_filings,
        target_grants=target_grants, requested=requested, applied_on=on, ends_on=ends_on, created_by=acting(user),
    )  # fmt: skip


def review_add(
    *, project: Project, expert, score: Decimal, opinion: str, on: date, user=None
) -> ProjectReview:
    if project.status != ProjectStatus.APPLIED:
        raise ValidationError(_("项目已有立项结论，不再评审。"))
    if not Decimal("0") <= score <= Decimal("100"):
        raise ValidationError({"score": _("评分应在 0 到 100 之间。")})
    if not expert.active:
        raise ValidationError(_("该专家已不在库。"))
    if project.reviews.filter(expert=expert).exists():
        raise ValidationError(_("该专家已评审本项目。"))
    return ProjectReview.objects.create(project=project, expert=expert, score=score, opinion=opinion.strip()[:500],
                                        on=on, entered_by=acting(user))  # fmt: skip


def review_summary(project: Project) -> dict:
    """The count and mean of the scores, the mean worked in decimals and rounded half up to the
    hundredth (SQLite's AVG is a float, which would round 80.005 down)."""
    scores = list(project.reviews.values_list("score", flat=True))
    mean = (sum(scores, Decimal("0")) / len(scores)).quantize(FEN, ROUND_HALF_UP) if scores else None
    return {"n": len(scores), "mean": mean, "enough": len(scores) >= MIN_REVIEWS}


@transaction.atomic
def project_decide(*, project: Project, approve: bool, budget: Decimal | None, note: str, on: date,
                   user=None) -> Project:  # fmt: skip
    """立项 with the budget, or 不予立项 with the reason."""
    project = Project.objects.select_for_update(of=("self",)).select_related("rule").get(pk=project.pk)
    if project.status != ProjectStatus.APPLIED:
        raise ValidationError(_("项目已有立项结论。"))
    if not approve:
        if not note.strip():
            raise ValidationError(_("不予立项须写明理由。"))
        project.status, project.ended_note = ProjectStatus.REFUSED, note.strip()[:500]
        project.save(update_fields=["status", "ended_note"])
        return project
    if not review_summary(project)["enough"]:
        raise ValidationError(_("立项前须有至少 %(n)s 位专家评分。") % {"n": MIN_REVIEWS})
    highest = min(project.requested, project.rule.amount)
    if budget is None or not Decimal("0") < budget <= highest:
        raise ValidationError({"budget": _("立项资助额应大于零且不超过申请额和规则总额（%(a)s 元）。") % {
            "a": f"{highest:,.2f}"}})  # fmt: skip
    project.status, project.budget, project.starts_on = ProjectStatus.APPROVED, budget, on
    project.save(update_fields=["status", "budget", "starts_on"])
    ProjectStage.objects.create(project=project, stage=project.stage_names[0], passed=True, on=on,
                                note=note.strip()[:500] or _("立项"), by=acting(user))  # fmt: skip
    return project


def passed_stages(project: Project) -> list[str]:
    """The stages whose latest result is a pass, in the rule's order."""
    latest = {}
    for row in project.stages.order_by("on", "pk"):
        latest[row.stage] = row.passed
    return [name for name in project.stage_names if latest.get(name)]


def next_stage(project: Project) -> str | None:
    """The stage to assess now: the first not yet passed (None when all passed)."""
    done = set(passed_stages(project))
    return next((name for name in project.stage_names if name not in done), None)


@transaction.atomic
def stage_record(
    *, project: Project, stage: str, passed: bool, note: str, on: date, user=None
) -> ProjectStage:
    project = Project.objects.select_for_update(of=("self",)).select_related("rule").get(pk=project.pk)
    if project.status != ProjectStatus.APPROVED:
        raise ValidationError(_("项目%(s)s，不能进行阶段评估。") % {"s": project.get_status_display()})
    if stage not in project.stage_names[1:]:
        raise ValidationError(_("没有该阶段：%(s)s。") % {"s": stage})
    due = next_stage(project)
    if stage != due:
        if stage in passed_stages(project):
            raise ValidationError(_("“%(s)s”已通过。") % {"s": stage})
        raise ValidationError(_("“%(d)s”尚未通过，不能进行“%(s)s”。") % {"d": due, "s": stage})
    last = project.stages.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError({"on": _("日期不能早于上一结论（%(d)s）。") % {"d": last.on}})
    if not passed and not note.strip():
        raise ValidationError(_("未通过须写明意见和整改要求。"))
    row = ProjectStage.objects.create(project=project, stage=stage, passed=passed, on=on, note=note.strip()[:500],
                                      by=acting(user))  # fmt: skip
    if passed and stage == project.stage_names[-1]:
        project.status = ProjectStatus.ACCEPTED
        project.save(update_fields=["status"])
    return row


def change_add(*, project: Project, what: str, note: str, on: date, user=None) -> ProjectChange:
    project.refresh_from_db(fields=["status"])
    if project.status not in (ProjectStatus.APPLIED, ProjectStatus.APPROVED):
        raise ValidationError(_("项目%(s)s，不能变更。") % {"s": project.get_status_display()})
    if not what.strip():
        raise ValidationError(_("请填写变更事项。"))
    return ProjectChange.objects.create(project=project, what=what.strip()[:200], note=note.strip()[:500], on=on,
                                        by=acting(user))  # fmt: skip


@transaction.atomic
def terminate(*, project: Project, note: str, on: date, user=None) -> Project:
    """End a project early: the stages it passed stay payable, no later stage is assessed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != ProjectStatus.APPROVED:
        raise ValidationError(_("只有实施中的项目可以终止。"))
    if not note.strip():
        raise ValidationError(_("终止须写明原因。"))
    change_add(project=project, what=_("终止项目"), note=note, on=on, user=user)
    project.status, project.ended_note = ProjectStatus.TERMINATED, note.strip()[:500]
    project.save(update_fields=["status", "ended_note"])
    return project


def stage_refusal(project: Project, stage: str) -> str | None:
    """Why the stage cannot be paid yet (None: it can)."""
    if stage not in project.stage_names:
        return _("没有该阶段：%(s)s。") % {"s": stage}
    if project.budget is None:
        return _("项目尚未立项。")
    done = passed_stages(project)
    for name in project.stage_names[: project.stage_names.index(stage) + 1]:
        if name not in done:
            return _("“%(s)s”尚未通过，不能拨付“%(t)s”阶段资助。") % {"s": name, "t": stage}
    return None


def stage_amount(project: Project, stage: str) -> Decimal:
    return (project.budget * Decimal(str(dict(project.rule.stages)[stage]))).quantize(FEN, ROUND_HALF_UP)


def patents_set(*, project: Project, numbers: str) -> list:
    """The project's patents, named by application or grant number; unknown numbers refused."""
    from zhichan.assets.services import patents_named

    found, unknown = patents_named(numbers)
    if unknown:
        raise ValidationError(_("登记簿中没有这些专利：%(n)s。请核对申请号。") % {"n": "、".join(unknown)})
    project.patents.set(found)
    return found


def patents_later(project: Project) -> list:
    """The project's patents with whether each was granted since the project started."""
    rows = []
    for patent in project.patents.order_by("filed_on", "number"):
        granted = patent.granted_on is not None and (
            project.starts_on is None or patent.granted_on >= project.starts_on
        )
        rows.append((patent, granted))
    return rows


@dataclass
class Year:
    year: int
    applied: int = 0
    approved: int = 0
    accepted: int = 0
    budget: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")


def figures_by_year(projects) -> list[Year]:
    """Projects applied, approved (立项) and accepted (验收) each year, the budgets approved and the
    stage money paid (by the programme year of the payment)."""
    years: dict[int, Year] = defaultdict(lambda: Year(0))
    projects = list(projects.select_related("rule"))
    for project in projects:
        years[project.applied_on.year].applied += 1
        if project.starts_on is not None:
            years[project.starts_on.year].approved += 1
            years[project.starts_on.year].budget += project.budget
    for stage in ProjectStage.objects.filter(project__in=projects, passed=True).select_related(
        "project__rule"
    ):
        if stage.stage == stage.project.stage_names[-1]:
            years[stage.on.year].accepted += 1
    keys = {f"project:{p.pk}:{name}": p for p in projects for name in p.stage_names}
    categories = {p.rule.category for p in projects}
    for year, amount in Payment.objects.filter(category__in=categories, key__in=keys).values_list(
        "year", "amount"
    ):
        years[year].paid += amount
    for year, row in years.items():
        row.year = year
    return [years[y] for y in sorted(years)]
