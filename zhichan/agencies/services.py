"""The agencies' figures from the registry, reproducible quality-check samples, ratings, and the
experts whose details need confirming (docs/agencies.md)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhichan.agencies.models import AgencyProfile, Expert, QualityCheck, Rating
from zhichan.assets.models import Patent, PatentKind, PatentStatus
from zhichan.inspections.draw import lot


@dataclass
class AgencyFigures:
    filings: int
    inventions: int
    granted_inventions: int
    rejected_inventions: int
    withdrawn_inventions: int

    @property
    def decided(self) -> int:
        return self.granted_inventions + self.rejected_inventions + self.withdrawn_inventions

    @property
    def grant_rate(self) -> Decimal | None:
        """Granted ÷ decided invention applications (pending ones left out), %."""
        if not self.decided:
            return None
        return (Decimal(self.granted_inventions) * 100 / self.decided).quantize(Decimal("0.1"))


def filings_of(profile: AgencyProfile, filed_from: date, filed_to: date):
    return Patent.objects.filter(agency__in=profile.names(), filed_on__gte=filed_from, filed_on__lte=filed_to)


def figures(profile: AgencyProfile, filed_from: date, filed_to: date) -> AgencyFigures:
    rows = filings_of(profile, filed_from, filed_to)
    inventions = rows.filter(kind=PatentKind.INVENTION)
    counted = inventions.aggregate(
        n=Count("pk"),
        granted=Count("pk", filter=Q(granted_on__isnull=False)),
        rejected=Count("pk", filter=Q(granted_on__isnull=True, end_status=PatentStatus.REJECTED)),
        withdrawn=Count("pk", filter=Q(granted_on__isnull=True, end_status=PatentStatus.WITHDRAWN)),
    )
    return AgencyFigures(
        rows.count(), counted["n"], counted["granted"], counted["rejected"], counted["withdrawn"]
    )


def check_draw(*, profile: AgencyProfile, seed: str, filed_from: date, filed_to: date, size: int, user=None,
               on: date) -> QualityCheck:  # fmt: skip
    """Draw the sample: the agency's filings in the window ranked by SHA-256(seed|quality|number),
    the first ``size`` (the same lots as the 双随机 draw, so anyone can re-draw it)."""
    if not seed.strip():
        raise ValidationError({"seed": _("请填写抽样种子。")})
    if size < 1:
        raise ValidationError({"size": _("抽样数量至少为 1。")})
    population = list(filings_of(profile, filed_from, filed_to).values_list("number", "title"))
    if not population:
        raise ValidationError(_("该机构在此期间没有代理的申请。"))
    ranked = sorted(population, key=lambda row: lot(seed, "quality", row[0]))
    return QualityCheck.objects.create(
        agency=profile, seed=seed, filed_from=filed_from, filed_to=filed_to, sample=[list(r) for r in ranked[:size]],
        population=len(population), checked_on=on, checked_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip


def check_record(*, check: QualityCheck, defects: list[list[str]], conclusion: str) -> QualityCheck:
    """Defects found in the sample; the score is the share of sampled filings without a defect."""
    sampled = {number for number, _title in check.sample}
    strangers = [d[0] for d in defects if d[0] not in sampled]
    if strangers:
        raise ValidationError({"defects": _("不在样本中：%(n)s") % {"n": "、".join(strangers)}})
    faulty = {d[0] for d in defects}
    check.defects = defects
    check.score = (Decimal(len(sampled) - len(faulty)) * 100 / len(sampled)).quantize(Decimal("0.01"))
    check.conclusion = conclusion
    check.save(update_fields=["defects", "score", "conclusion"])
    return check


def rating_record(*, agency: AgencyProfile, kind: str, year: int, items: list[list], result: str, basis: str = "",
                  on: date, user=None) -> Rating:  # fmt: skip
    total = Decimal("0")
    for name, full, got in items:
        if not Decimal("0") <= Decimal(str(got)) <= Decimal(str(full)):
            raise ValidationError(
                {"items": _("“%(n)s”得分应在 0 与满分 %(f)s 之间。") % {"n": name, "f": full}}
            )
        total += Decimal(str(got))
    if not result.strip():
        raise ValidationError({"result": _("请填写结论。")})
    rating, _made = Rating.objects.update_or_create(
        agency=agency, kind=kind, year=year,
        defaults=dict(items=items, score=total, result=result.strip(), basis=basis, rated_on=on,
                      rated_by=user if user is not None and user.is_authenticated else None),
    )  # fmt: skip
    return rating


def stale_experts(experts, day: date):
    """Experts whose details nobody has confirmed for a year."""
    return experts.filter(active=True, confirmed_on__lt=day - timedelta(days=365))


def experts_matching(
    experts, *, kind: str = "", speciality: str = "", ipc: str = "", available_only: bool = False
):
    if kind:
        experts = experts.filter(kind=kind)
    if speciality:
        experts = experts.filter(specialities__contains=speciality)
    if ipc:
        experts = experts.filter(ipc__icontains=ipc.replace(" ", "")[:4])
    if available_only:
        experts = experts.filter(available=True)
    return experts.filter(active=True)


def expert_save(*, expert: Expert) -> Expert:
    if not expert.name.strip() or not expert.specialities.strip():
        raise ValidationError({"name": _("请填写姓名和专业领域。")})
    expert.save()
    return expert
