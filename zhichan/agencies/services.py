"""The agencies' figures from the registry, reproducible quality-check samples, ratings, and the
experts whose details need confirming (docs/agencies.md)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhichan.agencies.models import (
    AgencyProfile,
    Expert,
    ExpertKind,
    PeopleMeasure,
    PeopleTarget,
    QualityCheck,
    Rating,
)
from zhichan.assets.models import Patent, PatentKind, PatentStatus
from zhichan.inspections.draw import lot
from zhichan.regions.models import Region
from zhichan.regions.services import seed_specs


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


# ---------------------------------------------------------------------------------------------
# Rosters and the plans' targets on them (新增专员, 志愿者队)

PEOPLE_TARGETS = Path(__file__).parent / "data" / "targets.json"


def people_targets_load(*, path: Path = PEOPLE_TARGETS) -> int:
    added = 0
    for region, spec in seed_specs(path):
        _target, created = PeopleTarget.objects.update_or_create(
            region=region, kind=spec["kind"], measure=spec["measure"], from_year=spec["from_year"],
            defaults={k: spec[k] for k in ("value", "to_year", "quote", "source")},
        )  # fmt: skip
        added += created
    return added


def members_on(pool, day: date):
    """Who was in the pool on ``day``: joined by then (or of unknown date and in the pool now) and
    not yet left."""
    return pool.filter(Q(joined_on__lte=day) | Q(joined_on__isnull=True, active=True)).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


@dataclass
class PeopleProgress:
    target: PeopleTarget
    value: int
    detail: str

    @property
    def met(self) -> bool:
        return self.value >= self.target.value


def people_progress(region: Region, year: int, today: date | None = None) -> list[PeopleProgress]:
    """Each target of the region in force in ``year``, measured on the roster of the region's
    subtree: new members of the kind who joined in the year; the largest team of the kind at the
    year's end (or today, for the current year), and its qualified members."""
    today = today or date.today()
    day = min(date(year, 12, 31), today)
    pool = Expert.objects.filter(region__prefix__startswith=region.prefix)
    found = []
    for target in PeopleTarget.objects.filter(region=region, from_year__lte=year, to_year__gte=year):
        of_kind = pool.filter(kind=target.kind)
        if target.measure == PeopleMeasure.JOINED:
            n = of_kind.filter(joined_on__year=year).count()
            found.append(PeopleProgress(target, n, _("%(y)s年加入 %(n)s 人") % {"y": year, "n": n}))
            continue
        teams = (
            members_on(of_kind.exclude(team=""), day).values("team")
            .annotate(n=Count("pk"), q=Count("pk", filter=Q(qualified=True))).order_by("-n", "-q", "team")
        )  # fmt: skip
        best = teams.first()
        if best is None:
            found.append(PeopleProgress(target, 0, _("尚无登记的队伍")))
            continue
        n = best["n"] if target.measure == PeopleMeasure.TEAM_SIZE else best["q"]
        found.append(PeopleProgress(target, n, _("%(t)s：%(d)s 在队 %(n)s 人，其中专利代理师或中级以上职称 %(q)s 人") % {
            "t": best["team"], "d": day.isoformat(), "n": best["n"], "q": best["q"]}))  # fmt: skip
    return found


ROSTER_COLUMNS = {
    "name": ["姓名"], "kind": ["类型", "人员类型"], "unit": ["工作单位", "单位"], "title": ["职称/职务", "职称", "职务"],
    "specialities": ["专业领域", "专业"], "team": ["所属队伍", "队伍"], "joined_on": ["加入日期", "入库日期"],
    "left_on": ["退出日期"], "qualified": ["专利代理师或中级职称", "专利代理师或中级以上知识产权职称", "资格"],
    "phone": ["电话", "联系电话"],
}  # fmt: skip
KIND_WORDS = {str(label): value for value, label in ExpertKind.choices} | {
    "专员": "commissioner",
    "志愿者": "volunteer",
}


def roster_import(*, region: Region, upload, today: date) -> tuple[int, int, list[str]]:
    """A roster (CSV or Excel: 姓名, 类型, 工作单位, 职称, 专业领域, 所属队伍, 加入日期, 退出日期, 资格, 电话)
    into the region's pool. A person already in the pool (same name, type and unit) is updated.
    Rows that cannot be read are reported by row number; the others are kept. Returns (added,
    updated, problems)."""
    from zhichan.assets.values import DateParser, ValueProblem
    from zhichan.lib.tabular import TableError, read_list

    try:
        rows, at = read_list(upload, ROSTER_COLUMNS, ["name", "kind"])
    except TableError as error:
        raise ValidationError(str(error)) from error
    dates = DateParser()
    added = updated = 0
    problems = []
    for number, row in rows:
        cell = {
            field: str(row.get(header, "") or "").strip() if header else "" for field, header in at.items()
        }
        kind = KIND_WORDS.get(cell["kind"])
        if not cell["name"] or kind is None:
            problems.append(
                _("第%(r)s行：姓名为空或类型“%(k)s”不可识别。") % {"r": number, "k": cell["kind"]}
            )
            continue
        try:
            # Excel date cells as they are; text as written.
            joined = dates(row.get(at["joined_on"]) or "" if at["joined_on"] else "", _("加入日期"))
            left = dates(row.get(at["left_on"]) or "" if at["left_on"] else "", _("退出日期"))
        except ValueProblem as problem:
            problems.append(_("第%(r)s行：%(p)s") % {"r": number, "p": problem})
            continue
        if (joined and joined > today) or (left and joined and left < joined):
            problems.append(_("第%(r)s行：加入日期晚于今天或晚于退出日期。") % {"r": number})
            continue
        values = {
            "title": cell["title"][:100], "specialities": (cell["specialities"] or cell["kind"])[:300], "team": cell["team"][:100],
            "joined_on": joined, "left_on": left, "qualified": cell["qualified"] in ("是", "有", "√", "Y", "y", "1", "TRUE", "true"),
            "active": left is None or left > today, "confirmed_on": today,
        }  # fmt: skip
        if cell["phone"]:
            values["phone"] = cell["phone"][:30]
        _expert, created = Expert.objects.update_or_create(
            region=region, kind=kind, name=cell["name"][:50], unit=cell["unit"][:200], defaults=values
        )
        added += created
        updated += not created
    return added, updated, problems
