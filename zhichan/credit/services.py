"""Computing and adjusting credit grades (docs/credit.md).

score = base + Σ points of the rules an entity meets on the day:
- entered records (code = rule code) count from their date for the rule's years, unless revoked;
- tags count while the entity holds them (the tag's own validity);
- patent awards count for the rule's years from the end of the award year.
Each rule met is listed as a reason with its points and the records behind it.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets.models import PatentAward
from zhichan.assets.status import anniversary
from zhichan.credit.models import CreditGrade, CreditRecord, CreditRule, CreditScheme, GradeChange, RuleSource
from zhichan.entities.models import Entity, EntityTag
from zhichan.regions.models import Region

GRADES = ("A", "B", "C", "D")


def scheme_for(region: Region | None) -> CreditScheme | None:
    """The scheme an entity of ``region`` is graded under: the current scheme of the nearest region
    on its path up (the county's own before the city's or the province's), else the
    installation's (no region). Several current schemes of one region: the latest in force, then
    the latest entered."""
    up = region.prefixes if region is not None else []
    current = CreditScheme.objects.filter(is_current=True).filter(
        Q(region__isnull=True) | Q(region__prefix__in=up)
    )
    return max(
        current.select_related("region"),
        key=lambda s: (len(s.region.prefix) if s.region_id else 0, s.valid_from, s.pk),
        default=None,
    )


def current_scheme() -> CreditScheme | None:
    """The installation's scheme (no region)."""
    return scheme_for(None)


def _counts(day: date, start: date, years: int) -> bool:
    return start <= day < anniversary(start, years)


def assess(entity_ids: list[int], day: date, scheme: CreditScheme) -> dict[int, tuple[int, list[dict]]]:
    """entity id → (score, reasons)."""
    rules = list(scheme.rules.all())
    reasons: dict[int, list[dict]] = defaultdict(list)
    entered = {r.code: r for r in rules if r.source == RuleSource.ENTERED}
    records = CreditRecord.objects.filter(
        entity_id__in=entity_ids, code__in=entered, occurred_on__lte=day
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    for record in records.order_by("occurred_on"):
        rule = entered[record.code]
        if _counts(day, record.occurred_on, rule.valid_years):
            reasons[record.entity_id].append(
                {"rule": rule.code, "label": rule.label, "points": rule.points,
                 "fact": f"{record.occurred_on} {record.detail}（{record.document or _('无文书号')}）",
                 "case": record.case_id}
            )  # fmt: skip
    tag_rules = [r for r in rules if r.source == RuleSource.TAG]
    if tag_rules:
        tags = EntityTag.objects.filter(
            entity_id__in=entity_ids, tag__in=[r.match for r in tag_rules]
        ).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )
        held = defaultdict(set)
        for entity_id, tag in tags.values_list("entity_id", "tag"):
            held[entity_id].add(tag)
        for entity_id, found in held.items():
            for rule in tag_rules:
                if rule.match in found:
                    reasons[entity_id].append({"rule": rule.code, "label": rule.label, "points": rule.points,
                                               "fact": _("持有标签")})  # fmt: skip
    award_rules = [r for r in rules if r.source == RuleSource.AWARD]
    if award_rules:
        awards = PatentAward.objects.filter(
            patent__applicant_links__entity_id__in=entity_ids, year__lte=day.year
        )
        seen = set()
        for entity_id, name, grade, year, number in awards.values_list(
            "patent__applicant_links__entity_id", "award", "grade", "year", "patent__number"
        ).order_by("year", "patent__number", "pk"):
            for rule in award_rules:
                key = (entity_id, rule.code, number, year)
                if (
                    rule.match in name
                    and key not in seen
                    and _counts(day, date(year, 12, 31), rule.valid_years)
                ):
                    seen.add(key)
                    reasons[entity_id].append({"rule": rule.code, "label": rule.label, "points": rule.points,
                                               "fact": f"{year} {name}{grade}（{number}）"})  # fmt: skip
    return {pk: (scheme.base + sum(r["points"] for r in reasons[pk]), reasons[pk]) for pk in entity_ids}


@transaction.atomic
def grades_compute(*, entities, day: date, scheme: CreditScheme | None = None, cause: str = "") -> int:
    """Grade the given entities, each under its region's scheme (``scheme``: all under that one);
    adjusted grades keep their adjustment (the computed grade and score beside them are
    refreshed). A grade that changes (or is given for the first time) is written down with
    ``cause``. Returns the number graded."""
    by_region: dict[int | None, list[int]] = defaultdict(list)
    for pk, region_id in entities.values_list("pk", "region_id"):
        by_region[region_id].append(pk)
    regions = Region.objects.in_bulk([r for r in by_region if r is not None])
    groups: dict[CreditScheme, list[int]] = defaultdict(list)  # scheme → the entities it grades
    for region_id, ids in by_region.items():
        applies = scheme or scheme_for(regions.get(region_id))
        if applies is None:
            raise ValidationError(_("尚无现行的信用评价方案。"))
        groups[applies] += ids
    assessed = {}  # entity id → (scheme, score, reasons)
    for applies, ids in groups.items():
        assessed |= {pk: (applies, *result) for pk, result in assess(ids, day, applies).items()}
    existing = {g.entity_id: g for g in CreditGrade.objects.filter(entity_id__in=list(assessed))}
    fresh, changes = [], []
    given = cause.strip()[:300]
    for pk, (applies, score, reasons) in assessed.items():
        computed = applies.grade_of(score)
        grade = existing.get(pk)
        if grade is None:
            fresh.append(CreditGrade(entity_id=pk, scheme=applies, score=score, computed_grade=computed,
                                     grade=computed, reasons=reasons, computed_on=day))  # fmt: skip
            changes.append(GradeChange(entity_id=pk, on=day, before="", after=computed, score=score,
                                       cause=given or _("首次评价")))  # fmt: skip
            continue
        before, reasons_before = grade.grade, grade.reasons
        grade.scheme, grade.score, grade.computed_grade, grade.reasons, grade.computed_on = (
            applies, score, computed, reasons, day)  # fmt: skip
        if not grade.adjust_reason:
            grade.grade = computed
        grade.save()
        if grade.grade != before:
            changes.append(GradeChange(entity_id=pk, on=day, before=before, after=grade.grade, score=score,
                                       cause=given or what_changed(reasons_before, reasons)))  # fmt: skip
    CreditGrade.objects.bulk_create(fresh, batch_size=1000)
    GradeChange.objects.bulk_create(changes, batch_size=1000)
    return len(assessed)


def what_changed(before: list[dict], after: list[dict]) -> str:
    """Why a grade moved when nothing named the cause: the reasons that began or stopped counting
    (a record's years run out, a tag lapses, an award is won), or a change of scheme."""

    def keyed(reasons):
        return {(r["rule"], r.get("fact", "")): r for r in reasons}

    old, new = keyed(before), keyed(after)
    began = [f"{r['label']}（{r['points']:+d}）" for key, r in new.items() if key not in old]
    ended = [f"{r['label']}（{r['points']:+d}）" for key, r in old.items() if key not in new]
    parts = []
    if began:
        parts.append(_("新计分：%(r)s") % {"r": "、".join(began)})
    if ended:
        parts.append(_("不再计分：%(r)s") % {"r": "、".join(ended)})
    return ("；".join(parts) or _("评价方案或分值调整"))[:300]


def grade_adjust(*, grade: CreditGrade, to: str, reason: str, user=None) -> CreditGrade:
    if to not in GRADES:
        raise ValidationError({"grade": _("等级只能是 A、B、C、D。")})
    if not reason.strip():
        raise ValidationError({"adjust_reason": _("调整等级须填写理由。")})
    before = grade.grade
    grade.grade, grade.adjust_reason, grade.adjusted_by = to, reason.strip()[:300], user
    grade.save(update_fields=["grade", "adjust_reason", "adjusted_by"])
    if to != before:
        GradeChange.objects.create(entity_id=grade.entity_id, on=timezone.localdate(), before=before, after=to,
                                   score=grade.score, cause=_("人工调整：%(r)s") % {"r": reason.strip()}[:300])  # fmt: skip
    return grade


def record_add(
    *, entity: Entity, code: str, occurred_on: date, detail: str, document: str = "", user=None
) -> CreditRecord:
    # A record is a fact: its code must be one a scheme that applies here scores (the region's, or
    # the installation's, whose codes the modules write); the region's scheme may leave it unscored.
    schemes = [s.pk for s in (scheme_for(entity.region), current_scheme()) if s is not None]
    if not CreditRule.objects.filter(scheme__in=schemes, code=code, source=RuleSource.ENTERED).exists():
        raise ValidationError({"code": _("没有该类别的评价规则。")})
    if not detail.strip():
        raise ValidationError({"detail": _("请写明事实。")})
    return CreditRecord.objects.create(
        entity=entity, code=code, occurred_on=occurred_on, detail=detail.strip()[:500], document=document[:200],
        entered_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip


def record_from_case(*, case, entity: Entity, code: str, on: date, detail: str, user=None) -> CreditRecord:
    """The record a decided case writes of a respondent: a fact, kept whether or not the
    entity's scheme scores its code; once per case and entity (a second decision replaces it)."""
    record, _made = CreditRecord.objects.update_or_create(
        case=case, entity=entity,
        defaults={"code": code, "occurred_on": on, "detail": detail.strip()[:500], "document": case.number[:200],
                  "revoked_on": None, "entered_by": user if user is not None and user.is_authenticated else None},
    )  # fmt: skip
    return record


def labelled(records, region: Region | None) -> list[CreditRecord]:
    """The records with ``label``: the name of their code in the scheme that applies (or the
    installation's), else the code itself."""
    labels = {}
    for scheme in (current_scheme(), scheme_for(region)):
        if scheme is not None:
            labels |= dict(scheme.rules.values_list("code", "label"))
    records = list(records)
    for record in records:
        record.label = labels.get(record.code, record.code)
    return records


def rules_entered(region: Region | None) -> list[CreditRule]:
    scheme = scheme_for(region)
    return list(scheme.rules.filter(source=RuleSource.ENTERED)) if scheme else []


@transaction.atomic
def scheme_copy(*, scheme: CreditScheme, region: Region) -> CreditScheme:
    """The office's own scheme, begun as a copy of the one its entities are graded under now (with
    its rules): current at once, so that grades stay as they were until the office changes it."""
    if scheme.region_id == region.pk:
        name = _("%(n)s（副本）") % {"n": scheme.name}
    else:
        name = _("%(r)s信用评价方案") % {"r": region.name}
    if CreditScheme.objects.filter(region=region, name=name).exists():
        raise ValidationError(_("本区划已有名为“%(n)s”的方案。") % {"n": name})
    rules = list(scheme.rules.all())
    copy = CreditScheme.objects.create(
        name=name, basis=_("以“%(n)s”为底稿") % {"n": scheme.name}, region=region, base=scheme.base, grade_a=scheme.grade_a,
        grade_b=scheme.grade_b, grade_c=scheme.grade_c, is_current=True, valid_from=scheme.valid_from,
    )  # fmt: skip
    fields = ("code", "label", "points", "valid_years", "source", "match", "note")
    CreditRule.objects.bulk_create(
        [CreditRule(scheme=copy, **{f: getattr(r, f) for f in fields}) for r in rules]
    )
    return copy
