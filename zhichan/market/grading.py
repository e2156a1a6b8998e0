"""Grading a holder's stock patents (存量专利分级分类), as universities and institutes must do under
the national 专利转化运用专项行动 (2023–2025): which valid patents to promote first, which to
keep, which to let go.

Points from the registry (the table below; docs/matching.md gives the reasons), summed and capped
at 100: A ≥ 60, B ≥ 40, C ≥ 20, else D. Staff can set another grade with a reason; the computed
grade and its points stay beside it.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhichan.assets.models import EventKind, Patent, PatentKind, PatentStatus
from zhichan.assets.status import status_q
from zhichan.classify.engine import default_ruleset, high_value_q
from zhichan.classify.models import PatentClass
from zhichan.entities.models import Entity, EntityKind
from zhichan.market.models import Grade, PatentGrade

POINTS = {
    "term_10": (25, _("剩余保护期 10 年以上")),
    "term_5": (15, _("剩余保护期 5–10 年")),
    "term_2": (5, _("剩余保护期 2–5 年")),
    "high_value": (20, _("属于高价值发明专利")),
    "industry": (15, _("属于战略性新兴产业或专利密集型产业")),
    "invention": (10, _("发明专利")),
    "utility": (4, _("实用新型专利")),
    "maintained_8": (10, _("已维持 8 年以上（权利人持续看好）")),
    "maintained_4": (5, _("已维持 4–8 年")),
    "enterprise_partner": (10, _("与企业共有（有产业化伙伴）")),
    "market_signal": (10, _("有过转让、许可或质押")),
    "overseas": (10, _("有 PCT 申请或海外同族")),
}
THRESHOLDS = [(60, Grade.A), (40, Grade.B), (20, Grade.C), (0, Grade.D)]


def grade_of(score: int) -> str:
    return next(grade for floor, grade in THRESHOLDS if score >= floor)


def assess(patents, day: date) -> dict[int, tuple[int, list[str]]]:
    """patent id → (score, keys of the criteria met)."""
    ruleset = default_ruleset()
    ids = [p.pk for p in patents]
    high = (
        set(Patent.objects.filter(pk__in=ids).filter(high_value_q(ruleset, day)).values_list("pk", flat=True))
        if ruleset
        else set()
    )
    industry = (
        set(
            PatentClass.objects.filter(ruleset=ruleset, patent_id__in=ids)
            .filter(Q(pi_mask__gt=0) | Q(sei_mask__gt=0))
            .values_list("patent_id", flat=True)
        )
        if ruleset
        else set()
    )
    partnered = set(
        Patent.objects.filter(pk__in=ids, applicant_links__entity__kind=EntityKind.ENTERPRISE).values_list(
            "pk", flat=True
        )
    )
    signals = set(
        Patent.objects.filter(
            pk__in=ids,
            events__kind__in=[EventKind.TRANSFER, EventKind.LICENSE, EventKind.PLEDGE],
            events__effective_on__lte=day,
        ).values_list("pk", flat=True)
    )
    found = {}
    for patent in patents:
        met = []
        remaining = ((patent.expires_on or day) - day).days / 365.25
        met += (
            ["term_10"]
            if remaining >= 10
            else ["term_5"]
            if remaining >= 5
            else ["term_2"]
            if remaining >= 2
            else []
        )
        if patent.pk in high:
            met.append("high_value")
        if patent.pk in industry:
            met.append("industry")
        if patent.kind == PatentKind.INVENTION:
            met.append("invention")
        elif patent.kind == PatentKind.UTILITY:
            met.append("utility")
        held = (day - patent.granted_on).days / 365.25 if patent.granted_on else 0
        met += ["maintained_8"] if held >= 8 else ["maintained_4"] if held >= 4 else []
        if patent.pk in partnered:
            met.append("enterprise_partner")
        if patent.pk in signals:
            met.append("market_signal")
        if patent.pct_number or patent.family:
            met.append("overseas")
        found[patent.pk] = (min(100, sum(POINTS[k][0] for k in met)), met)
    return found


@transaction.atomic
def grades_compute(*, holder: Entity, day: date) -> int:
    """Grade every patent of the holder valid on the day; staff adjustments are kept (their
    computed grade and points are refreshed beside them). Returns the number graded."""
    patents = list(
        Patent.objects.filter(applicant_links__entity=holder)
        .filter(status_q(PatentStatus.VALID, day))
        .distinct()
    )
    assessed = assess(patents, day)
    existing = {g.patent_id: g for g in PatentGrade.objects.filter(patent_id__in=assessed)}
    for patent_id, (score, met) in assessed.items():
        computed = grade_of(score)
        reasons = [{"key": k, "points": POINTS[k][0], "label": str(POINTS[k][1])} for k in met]
        grade = existing.get(patent_id)
        if grade is None:
            PatentGrade.objects.create(
                patent_id=patent_id, holder=holder, grade=computed, computed_grade=computed, score=score,
                reasons=reasons, assessed_on=day,
            )  # fmt: skip
        else:
            grade.score, grade.reasons, grade.computed_grade, grade.assessed_on = (
                score,
                reasons,
                computed,
                day,
            )
            if not grade.override_reason:
                grade.grade = computed
            grade.save()
    return len(assessed)


def grade_override(*, grade: PatentGrade, to: str, reason: str, user=None) -> PatentGrade:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as gettext_now

    if to not in Grade.values:
        raise ValidationError({"grade": gettext_now("等级只能是 A、B、C、D。")})
    if not reason.strip():
        raise ValidationError({"override_reason": gettext_now("调整等级须填写理由。")})
    grade.grade, grade.override_reason, grade.assessed_by = to, reason, user
    grade.save(update_fields=["grade", "override_reason", "assessed_by"])
    return grade


def outcome_record(*, grade: PatentGrade, outcome: str, on: date, note: str = "", today: date) -> PatentGrade:
    """What became of a graded patent: licensed, transferred, put into a company, used, kept or
    abandoned, on a day between its grading and today."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as gettext_now

    from zhichan.market.models import Outcome

    if outcome not in Outcome.values:
        raise ValidationError({"outcome": gettext_now("请选择处置结果。")})
    if on > today:
        raise ValidationError({"outcome_on": gettext_now("处置日期不能晚于今天。")})
    if on < grade.assessed_on:
        raise ValidationError(
            {"outcome_on": gettext_now("处置日期不能早于评定日 %(d)s。") % {"d": grade.assessed_on}}
        )
    grade.outcome, grade.outcome_on, grade.outcome_note = outcome, on, note.strip()[:300]
    grade.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    return grade


def registry_since(grade: PatentGrade) -> str:
    """What the registry shows of the patent since its grading (a transfer, a licence, a pledge,
    its end), to check the outcome an office records against."""
    from django.utils.translation import gettext as gettext_now

    from zhichan.assets.models import PatentEvent

    found = [
        f"{e.effective_on} {EventKind(e.kind).label}"
        for e in PatentEvent.objects.filter(
            patent_id=grade.patent_id, effective_on__gte=grade.assessed_on,
            kind__in=[EventKind.TRANSFER, EventKind.LICENSE, EventKind.PLEDGE],
        ).order_by("effective_on")
    ]  # fmt: skip
    from django.utils import timezone

    ended = grade.patent.ended_on
    if ended is not None and grade.assessed_on <= ended <= timezone.localdate():  # ended, not merely due to
        found.append(gettext_now("%(d)s 专利权终止") % {"d": ended})
    return "；".join(found)


def outcome_counts(rows) -> list[tuple[str, int]]:
    """Graded patents per outcome, and those with none recorded yet."""
    from django.db.models import Count
    from django.utils.translation import gettext

    from zhichan.market.models import Outcome

    counts = dict(rows.order_by().values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    return [(str(label), counts.get(value, 0)) for value, label in Outcome.choices] + [
        (gettext("尚未处置"), counts.get("", 0))
    ]
