"""Business actions of 双随机一公开: draw a plan (freezing its pools), record results, publish."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.credit.models import CreditGrade
from zhichan.entities.models import Entity, EntityKind
from zhichan.inspections import draw as algorithm
from zhichan.inspections.models import (
    Conflict,
    InspectionPlan,
    InspectionTarget,
    Inspector,
    Outcome,
    PlanStatus,
)


def pools_of(plan: InspectionPlan, kind: str = EntityKind.ENTERPRISE) -> dict:
    """The plan's pools as they stand: entities of the region with a credit code (and their credit
    grade), active inspectors of the region, and the conflicts between them."""
    entities = Entity.objects.filter(
        kind=kind,
        merged_into__isnull=True,
        region__prefix__startswith=plan.region.prefix,
        credit_code__isnull=False,
    )
    grades = dict(CreditGrade.objects.filter(entity__in=entities).values_list("entity_id", "grade"))
    targets = [
        (code, name, grades.get(pk)) for pk, code, name in entities.values_list("pk", "credit_code", "name")
    ]
    inspectors = Inspector.objects.filter(active=True, region__prefix__startswith=plan.region.prefix)
    conflicts = Conflict.objects.filter(inspector__in=inspectors, entity__in=entities).values_list(
        "inspector__badge", "entity__credit_code"
    )
    return algorithm.canonical(
        targets, inspectors.values_list("badge", "name"), conflicts, plan.strata, plan.inspectors_per_target
    )


@transaction.atomic
def plan_draw(*, plan: InspectionPlan, user=None) -> InspectionPlan:
    """Draw once: the pools are frozen on the plan with their fingerprint, so the draw can be
    re-run by anyone and never silently redone."""
    if not plan.seed.strip():
        raise ValidationError({"seed": _("请先公布随机种子。")})
    pools = pools_of(plan)
    if not pools["targets"]:
        raise ValidationError(_("检查对象名录为空。"))
    try:
        drawn = algorithm.draw(plan.seed, pools)
    except algorithm.NotEnoughInspectors as problem:
        raise ValidationError(str(problem)) from problem
    claimed = InspectionPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.DRAWN, drawn_at=timezone.now(), drawn_by=user if user and user.is_authenticated else None,
        targets_pool=pools["targets"], inspectors_pool=pools["inspectors"], conflicts=pools["conflicts"],
        fingerprint=algorithm.fingerprint(plan.seed, pools),
    )  # fmt: skip
    if not claimed:
        raise ValidationError(_("该任务已抽取，不能重抽。"))
    entity_of = dict(
        Entity.objects.filter(credit_code__in=[r["code"] for r in drawn]).values_list("credit_code", "pk")
    )
    InspectionTarget.objects.bulk_create(
        InspectionTarget(
            plan=plan,
            entity_id=entity_of[r["code"]],
            code=r["code"],
            grade=r["grade"],
            key=r["lot"],
            inspectors=r["inspectors"],
        )
        for r in drawn
    )
    plan.refresh_from_db()
    return plan


def package(plan: InspectionPlan) -> dict:
    """The 复核包: everything needed to re-run the draw with draw.py."""
    return {
        "task": plan.name, "region": plan.region.full_name, "seed": plan.seed, "targets": plan.targets_pool,
        "inspectors": plan.inspectors_pool, "conflicts": plan.conflicts,
        "strata": {k: str(v) for k, v in sorted(plan.strata.items())}, "per_target": plan.inspectors_per_target,
        "fingerprint": plan.fingerprint, "algorithm": algorithm.__doc__,
    }  # fmt: skip


def plan_verify(plan: InspectionPlan) -> bool:
    """Re-run the draw from the frozen pools; True when it gives the recorded targets and inspectors."""
    data = package(plan)
    pools = {k: data[k] for k in ("targets", "inspectors", "conflicts", "strata", "per_target")}
    again = [(r["code"], [p[0] for p in r["inspectors"]]) for r in algorithm.draw(plan.seed, pools)]
    recorded = [(t.code, [p[0] for p in t.inspectors]) for t in plan.targets.order_by("key")]
    return algorithm.fingerprint(plan.seed, pools) == plan.fingerprint and sorted(again) == sorted(recorded)


def result_record(
    *, target: InspectionTarget, outcome: str, finding: str, checked_on: date
) -> InspectionTarget:
    if target.plan.status == PlanStatus.PUBLISHED:
        raise ValidationError(_("结果已公示，不能修改。"))
    if outcome not in Outcome.values or not outcome:
        raise ValidationError({"outcome": _("请选择检查结果。")})
    if outcome != Outcome.CLEAN and not finding.strip():
        raise ValidationError({"finding": _("发现问题须写明检查情况。")})
    target.outcome, target.finding, target.checked_on = outcome, finding.strip()[:500], checked_on
    target.save(update_fields=["outcome", "finding", "checked_on"])
    return target


def plan_publish(*, plan: InspectionPlan, published_on: date) -> InspectionPlan:
    if plan.status != PlanStatus.DRAWN:
        raise ValidationError(_("只有已抽取的任务可以公示。"))
    missing = plan.targets.filter(outcome="").count()
    if missing:
        raise ValidationError(_("还有 %(n)s 户未录入检查结果。") % {"n": missing})
    plan.status, plan.published_on = PlanStatus.PUBLISHED, published_on
    plan.save(update_fields=["status", "published_on"])
    return plan
