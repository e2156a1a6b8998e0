"""Business actions of IP finance: registering and releasing pledges, building, reviewing and
publishing the whitelist, the pool's movements, LPR entries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets.models import (
    Copyright,
    DataIPRegistration,
    EventKind,
    GeographicalIndication,
    Patent,
    PatentApplicant,
    PatentEvent,
    PatentKind,
    PatentStatus,
    Trademark,
)
from zhichan.assets.status import right_valid_q, status_q
from zhichan.classify.engine import default_ruleset, high_value_q
from zhichan.entities.models import Entity, EntityAlias, EntityKind, EntityTag
from zhichan.finance.models import (
    ItemKind,
    LprRate,
    Pledge,
    PledgeItem,
    PoolEntry,
    ReviewDecision,
    Whitelist,
    WhitelistCandidate,
    WhitelistVersion,
)
from zhichan.lib import patentno
from zhichan.lib.stamp import changes_data
from zhichan.lib.text import name_key
from zhichan.regions.models import Region

RIGHT_MODELS = {
    ItemKind.TRADEMARK: Trademark,
    ItemKind.GI: GeographicalIndication,
    ItemKind.COPYRIGHT: Copyright,
    ItemKind.DATAIP: DataIPRegistration,
}


def entity_named(name: str) -> Entity | None:
    """The entity registered under a name or one of its aliases (merged ones lead to the survivor)."""
    key = name_key(name)
    if not key:
        return None
    entity = Entity.objects.filter(name_key=key).select_related("merged_into", "region").first()
    if entity is None:
        alias = EntityAlias.objects.filter(name_key=key).select_related("entity__region").first()
        entity = alias.entity if alias else None
    while entity is not None and entity.merged_into_id:
        entity = entity.merged_into
    return entity


@dataclass
class ItemData:
    kind: str
    number: str
    title: str = ""
    amount: Decimal | None = None  # the item's own part of the amount, where the file gives it


def pledge_item(pledge: Pledge, data: ItemData) -> PledgeItem:
    """An unsaved item of ``pledge`` linked to the registry right it names (or to none)."""
    item = PledgeItem(
        pledge=pledge, kind=data.kind, number=data.number.strip(), title=data.title, amount=data.amount
    )
    if data.kind == ItemKind.PATENT:
        try:
            item.number = patentno.normalize(data.number)
        except patentno.InvalidApplicationNumber as problem:
            raise ValidationError({"items": str(problem)}) from problem
        item.patent = Patent.objects.filter(number=item.number).first()
        if item.patent and not item.title:
            item.title = item.patent.title[:300]
    else:
        model = RIGHT_MODELS[data.kind]
        right = model.objects.filter(number=item.number).first()
        setattr(item, {ItemKind.TRADEMARK: "trademark", ItemKind.GI: "gi", ItemKind.COPYRIGHT: "copyright",
                       ItemKind.DATAIP: "dataip"}[data.kind], right)  # fmt: skip
        if right and not item.title:
            item.title = right.title[:300]
    return item


@changes_data
@transaction.atomic
def pledge_register(
    *, pledgor_name: str, pledgee_name: str, amount: Decimal, registered_on: date, items: list[ItemData],
    number: str = "", guarantor: str = "", loan_amount: Decimal | None = None, loan_start: date | None = None,
    loan_end: date | None = None, loan_rate: Decimal | None = None, note: str = "", user=None, batch=None,
    within: Region | None = None,
) -> Pledge:  # fmt: skip
    """Record a pledge registration, its rights, and a 质押登记 event on each pledged patent."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("质押融资金额应大于零。")})
    if not items:
        raise ValidationError({"items": _("至少填写一项质押标的。")})
    if loan_start and loan_end and loan_end <= loan_start:
        raise ValidationError({"loan_end": _("贷款到期日应晚于起息日。")})
    if number and Pledge.objects.filter(number=number).exists():
        raise ValidationError({"number": _("登记号 %(n)s 已登记。") % {"n": number}})
    pledgor = entity_named(pledgor_name)
    made_items = [pledge_item(Pledge(), data) for data in items]
    overlapping = pledged_already([i.patent_id for i in made_items if i.patent_id], registered_on)
    if overlapping:
        raise ValidationError({"items": [
            _("专利 %(n)s 已于 %(d)s 质押给%(b)s（登记号 %(c)s），尚未解除：同一专利权不能重复质押登记。")
            % {"n": item.number, "d": item.pledge.registered_on, "b": item.pledge.pledgee_name, "c": item.pledge.number or "—"}
            for item in overlapping
        ]})  # fmt: skip
    region = pledgor.region if pledgor and pledgor.region_id else within
    if within is not None and region is not None and not region.prefix.startswith(within.prefix):
        raise ValidationError({"pledgor_name": _("出质人不在本辖区。")})
    pledge = Pledge.objects.create(
        number=number, pledgor=pledgor, pledgor_name=pledgor_name, pledgee=entity_named(pledgee_name),
        pledgee_name=pledgee_name, guarantor=guarantor, amount=amount, registered_on=registered_on,
        loan_amount=loan_amount, loan_start=loan_start, loan_end=loan_end, loan_rate=loan_rate, region=region,
        note=note, created_by=user if user is not None and user.is_authenticated else None, import_batch=batch,
    )  # fmt: skip
    made = made_items
    for item in made:
        item.pledge = pledge
    PledgeItem.objects.bulk_create(made)
    patents = [item.patent for item in made if item.patent is not None]
    pledge_events_add(pledge, patents, EventKind.PLEDGE, registered_on, batch)
    return pledge


def pledged_already(patent_ids: list[int], on: date) -> list[PledgeItem]:
    """Items of registrations still in force on ``on`` that cover any of these patents."""
    if not patent_ids:
        return []
    return list(
        PledgeItem.objects.filter(patent_id__in=patent_ids, pledge__registered_on__lte=on)
        .filter(Q(pledge__released_on__isnull=True) | Q(pledge__released_on__gt=on))
        .select_related("pledge")
    )


def pledge_events_add(pledge: Pledge, patents, kind: str, day: date, batch=None) -> None:
    """Pledge or release events of a registration on its patents (those not yet recorded)."""
    from zhichan.assets.imports import reclassify

    detail = _("出质人：%(a)s；质权人：%(b)s") % {"a": pledge.pledgor_name, "b": pledge.pledgee_name}
    if pledge.number:
        detail += _("；登记号：%(c)s") % {"c": pledge.number}
    known = set(
        PatentEvent.objects.filter(patent__in=patents, kind=kind, effective_on=day).values_list(
            "patent_id", flat=True
        )
    )
    events = [
        PatentEvent(patent=patent, kind=kind, effective_on=day, detail=detail[:500], import_batch=batch)
        for patent in patents
        if patent.pk not in known
    ]
    PatentEvent.objects.bulk_create(events)
    if kind == EventKind.PLEDGE and events:
        changed = pledge_shares_sync(pledge)
        reclassify(
            sorted(changed | {e.patent_id for e in events})
        )  # the high-value criterion reads the shares


def pledge_shares(pledge: Pledge) -> dict[int, Decimal]:
    """patent id → the part of the registration's amount that patent secures: the amount the
    file gives for the item, else the registration's amount shared evenly among its items (a
    10,000,000 元 registration over three patents is 3,333,333.33 元 a patent)."""
    items = list(pledge.items.all())
    if not items:
        return {}
    given = sum((i.amount for i in items if i.amount is not None), Decimal(0))
    open_items = [i for i in items if i.amount is None]
    rest = max((pledge.amount or Decimal(0)) - given, Decimal(0))
    even = (rest / len(open_items)).quantize(Decimal("0.01")) if open_items else Decimal(0)
    return {
        i.patent_id: (i.amount if i.amount is not None else even) for i in items if i.patent_id is not None
    }


def pledge_shares_sync(pledge: Pledge) -> set[int]:
    """Write each patent's share on its pledge event; returns the patents whose share changed."""
    changed = set()
    for patent_id, share in pledge_shares(pledge).items():
        if PatentEvent.objects.filter(patent_id=patent_id, kind=EventKind.PLEDGE, effective_on=pledge.registered_on
                                      ).exclude(amount=share).update(amount=share):  # fmt: skip
            changed.add(patent_id)
    return changed


@changes_data
@transaction.atomic
def pledge_release(*, pledge: Pledge, released_on: date, user=None) -> Pledge:
    if pledge.released_on is not None:
        raise ValidationError({"released_on": _("该质押已于 %(d)s 解除。") % {"d": pledge.released_on}})
    if released_on < pledge.registered_on:
        raise ValidationError({"released_on": _("解除日早于登记日。")})
    pledge.released_on = released_on
    pledge.save(update_fields=["released_on"])
    patents = [item.patent for item in pledge.items.select_related("patent") if item.patent_id]
    pledge_events_add(pledge, patents, EventKind.PLEDGE_RELEASE, released_on)
    return pledge


# ---------------------------------------------------------------------------------------------
# An enterprise's portfolio on a date (what a bank looks at)


@dataclass
class Holding:
    kind: str
    number: str
    title: str
    status: str
    pledged: bool
    high_value: bool = False


def portfolio(entity: Entity, day: date) -> list[Holding]:
    """The entity's patents and other rights with their status on ``day`` and whether pledged then."""
    from zhichan.assets.status import status_on

    pledged_items = PledgeItem.objects.filter(
        Q(pledge__released_on__isnull=True) | Q(pledge__released_on__gt=day), pledge__registered_on__lte=day
    )
    pledged_patents = set(pledged_items.exclude(patent=None).values_list("patent_id", flat=True))
    pledged_numbers = set(pledged_items.values_list("kind", "number"))
    ruleset = default_ruleset()
    high = set()
    patents = Patent.objects.filter(applicant_links__entity=entity).distinct().order_by("-filed_on")
    if ruleset is not None:
        high = set(patents.filter(high_value_q(ruleset, day)).values_list("pk", flat=True))
    holdings = []
    labels = dict(PatentStatus.choices)
    for patent in patents.prefetch_related("events")[:2000]:
        state = status_on(patent, day)
        holdings.append(
            Holding(
                patent.get_kind_display(),
                patent.number,
                patent.title,
                labels.get(state, "—"),
                patent.pk in pledged_patents,
                patent.pk in high,
            )
        )
    for kind, model in RIGHT_MODELS.items():
        for right in model.objects.filter(holder=entity).order_by("-registered_on")[:2000]:
            valid = right.valid_on(day)
            holdings.append(
                Holding(
                    ItemKind(kind).label,
                    right.number,
                    right.title,
                    _("有效") if valid else right.get_status_display(),
                    (kind, right.number) in pledged_numbers,
                )
            )
    return holdings


# ---------------------------------------------------------------------------------------------
# Whitelist

CRITERIA_LABELS = {
    "tags": _("具备任一标签"),
    "min_valid_patents": _("有效专利不少于（件）"),
    "min_valid_inventions": _("有效发明专利不少于（件）"),
    "min_high_value": _("高价值发明专利不少于（件）"),
    "min_trademarks": _("有效注册商标不少于（件）"),
    "exclude_grades": _("排除信用等级"),
    "require_grade": _("须已完成信用评价"),
}


def whitelist_figures(entities, day: date) -> dict[int, dict]:
    """Per enterprise: valid patents, valid inventions, high-value inventions, valid trademarks,
    tags held on the day (one grouped query each)."""
    ids = list(entities.values_list("pk", flat=True))
    figures = {pk: {"valid_patents": 0, "valid_inventions": 0, "high_value": 0, "trademarks": 0, "tags": [],
                    "grade": None} for pk in ids}  # fmt: skip
    links = PatentApplicant.objects.filter(entity_id__in=ids).filter(status_q(PatentStatus.VALID, day))
    for pk, n in links.values("entity_id").annotate(n=Count("pk")).values_list("entity_id", "n"):
        figures[pk]["valid_patents"] = n
    inventions = links.filter(patent__kind=PatentKind.INVENTION)
    for pk, n in inventions.values("entity_id").annotate(n=Count("pk")).values_list("entity_id", "n"):
        figures[pk]["valid_inventions"] = n
    ruleset = default_ruleset()
    if ruleset is not None:
        counted = (
            links.filter(high_value_q(ruleset, day, "patent__")).values("entity_id").annotate(n=Count("pk"))
        )
        for pk, n in counted.values_list("entity_id", "n"):
            figures[pk]["high_value"] = n
    marks = Trademark.objects.filter(right_valid_q(day), holder_id__in=ids)
    for pk, n in marks.values("holder_id").annotate(n=Count("pk")).values_list("holder_id", "n"):
        figures[pk]["trademarks"] = n
    tags = EntityTag.objects.filter(entity_id__in=ids).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    for pk, tag in tags.values_list("entity_id", "tag"):
        figures[pk]["tags"].append(tag)
    from zhichan.credit.models import CreditGrade

    for pk, grade in CreditGrade.objects.filter(entity_id__in=ids).values_list("entity_id", "grade"):
        figures[pk]["grade"] = grade
    return figures


def _meets(figures: dict, criteria: dict) -> bool:
    if criteria.get("tags") and not set(criteria["tags"]) & set(figures["tags"]):
        return False
    if criteria.get("require_grade") and figures.get("grade") is None:
        return False
    if figures.get("grade") in set(criteria.get("exclude_grades") or []):
        return False
    for key, figure in (("min_valid_patents", "valid_patents"), ("min_valid_inventions", "valid_inventions"),
                        ("min_high_value", "high_value"), ("min_trademarks", "trademarks")):  # fmt: skip
        if int(criteria.get(key) or 0) > figures[figure]:
            return False
    return True


@transaction.atomic
def whitelist_build(
    *, name: str, region: Region, criteria: dict, user=None, day: date | None = None
) -> Whitelist:
    """A new whitelist draft: every enterprise of the region that meets the criteria, pending review."""
    day = day or timezone.localdate()
    whitelist = Whitelist.objects.create(
        name=name,
        region=region,
        criteria=criteria,
        created_by=user if user and user.is_authenticated else None,
    )
    enterprises = Entity.objects.filter(
        kind=EntityKind.ENTERPRISE, merged_into__isnull=True, region__prefix__startswith=region.prefix
    )
    figures = whitelist_figures(enterprises, day)
    WhitelistCandidate.objects.bulk_create(
        WhitelistCandidate(whitelist=whitelist, entity_id=pk, figures=values)
        for pk, values in figures.items()
        if _meets(values, criteria)
    )
    return whitelist


def whitelist_add(*, whitelist: Whitelist, entity: Entity, note: str, user=None) -> WhitelistCandidate:
    """Staff add an enterprise the criteria did not select (with the reason)."""
    if not note.strip():
        raise ValidationError({"note": _("人工添加须填写理由。")})
    if not entity.region_id or not entity.region.prefix.startswith(whitelist.region.prefix):
        raise ValidationError({"entity": _("该企业不在白名单所属区划。")})
    figures = whitelist_figures(Entity.objects.filter(pk=entity.pk), timezone.localdate())[entity.pk]
    candidate, _made = WhitelistCandidate.objects.update_or_create(
        whitelist=whitelist, entity=entity,
        defaults=dict(figures=figures, by_criteria=False, decision=ReviewDecision.INCLUDED, note=note, reviewed_by=user),
    )  # fmt: skip
    return candidate


def candidate_review(
    *, candidate: WhitelistCandidate, decision: str, note: str = "", user=None
) -> WhitelistCandidate:
    if decision not in (ReviewDecision.INCLUDED, ReviewDecision.EXCLUDED):
        raise ValidationError({"decision": _("审核结论只能是纳入或不纳入。")})
    if decision == ReviewDecision.EXCLUDED and not note.strip():
        raise ValidationError({"note": _("不纳入须填写理由。")})
    candidate.decision, candidate.note, candidate.reviewed_by = decision, note, user
    candidate.save(update_fields=["decision", "note", "reviewed_by"])
    return candidate


@transaction.atomic
def whitelist_publish(*, whitelist: Whitelist, published_on: date, user=None) -> WhitelistVersion:
    """Freeze the included candidates as the next numbered version. Every candidate must be reviewed."""
    pending = whitelist.candidates.filter(decision=ReviewDecision.PENDING).count()
    if pending:
        raise ValidationError(_("还有 %(n)s 家候选企业未审核，不能发布。") % {"n": pending})
    included = whitelist.candidates.filter(decision=ReviewDecision.INCLUDED).select_related("entity__region")
    if not included:
        raise ValidationError(_("名单为空，不能发布。"))
    entries = [
        {
            "entity": c.entity_id,
            "name": c.entity.name,
            "credit_code": c.entity.credit_code or "",
            "region": c.entity.region.name if c.entity.region_id else "",
            "figures": c.figures,
            "by_criteria": c.by_criteria,
            "note": c.note,
        }
        for c in included.order_by("entity__name")
    ]
    number = (whitelist.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return WhitelistVersion.objects.create(
        whitelist=whitelist, number=number, published_on=published_on, criteria=whitelist.criteria,
        entries=entries, published_by=user if user and user.is_authenticated else None,
    )  # fmt: skip


def whitelisted(entity: Entity, day: date) -> WhitelistVersion | None:
    """The latest published version on or before ``day`` that lists the entity."""
    for version in WhitelistVersion.objects.filter(published_on__lte=day).order_by(
        "-published_on", "-number"
    ):
        if any(e["entity"] == entity.pk for e in version.entries):
            return version
    return None


# ---------------------------------------------------------------------------------------------
# Pool and LPR


def pool_balance(region: Region, day: date | None = None) -> Decimal:
    entries = PoolEntry.objects.filter(region=region)
    if day is not None:
        entries = entries.filter(on__lte=day)
    return sum((e.signed for e in entries), Decimal("0"))


def pool_entry_add(*, region: Region, on: date, kind: str, amount: Decimal, user=None, **extra) -> PoolEntry:
    entry = PoolEntry(region=region, on=on, kind=kind, amount=amount, entered_by=user, **extra)
    if amount <= 0:
        raise ValidationError({"amount": _("金额应大于零；收支方向由类别决定。")})
    from zhichan.finance.pool import lowest_balance_from

    if entry.signed < 0 and lowest_balance_from(region, on) + entry.signed < 0:
        raise ValidationError({"amount": _("资金池余额不足：支出后余额（当日或之后某日）将为负。")})
    entry.save()
    return entry


def lpr_enter(
    *, effective_on: date, one_year: Decimal, five_year: Decimal, source: str, user=None
) -> LprRate:
    if not source.strip():
        raise ValidationError({"source": _("请注明来源（公告名称与日期）。")})
    for value in (one_year, five_year):
        if not Decimal("0") < value < Decimal("20"):
            raise ValidationError({"one_year": _("利率应在 0 与 20% 之间。")})
    rate, _made = LprRate.objects.update_or_create(
        effective_on=effective_on,
        defaults=dict(one_year=one_year, five_year=five_year, source=source, entered_by=user),
    )
    return rate
