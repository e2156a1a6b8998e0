"""Running a screening over a region and period, and reviewing its flags."""

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets.models import Patent, PatentApplicant, Trademark
from zhichan.credit.services import record_add
from zhichan.entities.models import Entity
from zhichan.regions.models import Region
from zhichan.screening import detect
from zhichan.screening.models import Flag, FlagKind, FlagStatus, ScreeningRun

CREDIT_CODE = {FlagKind.HOARDING: "malicious_trademark"}  # every patent kind: abnormal_patent


@transaction.atomic
def screening_run(
    *, region: Region, filed_from: date, filed_to: date, params: dict | None = None, user=None
) -> ScreeningRun:
    if filed_to < filed_from:
        raise ValidationError(_("截止日早于起始日。"))
    settings = detect.DEFAULTS | (params or {})
    run = ScreeningRun.objects.create(
        region=region, filed_from=filed_from, filed_to=filed_to, params=settings,
        started_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    here = Patent.objects.filter(region__prefix__startswith=region.prefix)
    period = here.filter(filed_on__gte=filed_from, filed_on__lte=filed_to)
    found = detect.near_duplicates(
        [(pk, names, f"{t}。{a}。{c}") for pk, names, t, a, c in
         period.values_list("pk", "applicants", "title", "abstract", "claims").iterator(chunk_size=5000)],
        similarity=float(settings["similarity"]), min_chars=int(settings["min_chars"]),
    )  # fmt: skip
    links = PatentApplicant.objects.filter(patent__in=here, entity__isnull=False)
    dates = defaultdict(list)
    for entity_id, filed in links.filter(patent__filed_on__gte=filed_from - timedelta(days=365),
                                         patent__filed_on__lte=filed_to).values_list("entity_id", "patent__filed_on"):  # fmt: skip
        dates[entity_id].append(filed)
    found += detect.bursts(dates, filed_from, filed_to, count=int(settings["burst_count"]),
                           ratio=float(settings["burst_ratio"]))  # fmt: skip
    history = defaultdict(list)
    for entity_id, pk, ipc, filed in links.filter(patent__filed_on__lte=filed_to).values_list(
        "entity_id", "patent_id", "patent__main_ipc", "patent__filed_on"
    ):
        history[entity_id].append((pk, (ipc or "")[:3], filed))
    found += detect.off_field(history, filed_from, minimum=int(settings["off_field_min"]),
                              share=float(settings["off_field_share"]))  # fmt: skip
    marks = defaultdict(list)
    for holder, pk, title, nice in Trademark.objects.filter(
        region__prefix__startswith=region.prefix,
        filed_on__gte=filed_from,
        filed_on__lte=filed_to,
        holder__isnull=False,
    ).values_list("holder_id", "pk", "title", "nice_class"):
        marks[holder].append((pk, title, nice))
    found += detect.hoarding(marks, marks_min=int(settings["hoard_marks"]), classes_min=int(settings["hoard_classes"]),
                             same_min=int(settings["same_mark_classes"]))  # fmt: skip
    names = dict(
        Entity.objects.filter(pk__in=[f.entity_id for f in found if f.entity_id]).values_list("pk", "name")
    )
    numbers = dict(Patent.objects.filter(pk__in=[p for f in found if f.kind != FlagKind.HOARDING for p in f.patents])
                   .values_list("pk", "number"))  # fmt: skip
    flags = []
    for f in found:
        evidence = f.evidence
        if f.kind != FlagKind.HOARDING:
            evidence = evidence | {"patents": [[p, numbers.get(p, "")] for p in f.patents]}
            if "pairs" in evidence:
                evidence["pairs"] = [
                    [numbers.get(a, a), numbers.get(b, b), v] for a, b, v in evidence["pairs"]
                ]
        else:
            evidence = evidence | {"trademarks": f.patents}
        flags.append(Flag(run=run, kind=f.kind, entity_id=f.entity_id, holder_names=f.names or names.get(f.entity_id, ""),
                          score=round(f.score, 3), evidence=evidence))  # fmt: skip
    Flag.objects.bulk_create(flags)
    run.counts = {kind: sum(1 for f in flags if f.kind == kind) for kind in FlagKind.values}
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    return run


def _entities_of(flag: Flag) -> list[Entity]:
    if flag.entity_id:
        return [flag.entity]
    ids = [p for p, _n in flag.evidence.get("patents", [])]
    return list(Entity.objects.filter(first_patents__pk__in=ids).distinct())


@transaction.atomic
def flag_review(*, flag: Flag, decision: str, note: str, user=None) -> Flag:
    """Confirm or dismiss a flag; a confirmed one becomes a credit record of each entity concerned."""
    if decision not in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED):
        raise ValidationError({"status": _("核查结论只能是属实或排除。")})
    if not note.strip():
        raise ValidationError({"note": _("请填写核查意见。")})
    if flag.status != FlagStatus.PENDING:
        raise ValidationError(_("该线索已核查。"))
    flag.status, flag.note, flag.reviewed_by, flag.reviewed_at = (
        decision,
        note.strip()[:500],
        user,
        timezone.now(),
    )
    flag.save()
    if decision == FlagStatus.CONFIRMED:
        for entity in _entities_of(flag):
            record_add(
                entity=entity, code=CREDIT_CODE.get(flag.kind, "abnormal_patent"), occurred_on=timezone.localdate(),
                detail=f"{flag.get_kind_display()}：{note.strip()}"[:500], document=_("筛查线索 #%(n)s") % {"n": flag.pk},
                user=user,
            )  # fmt: skip
    return flag
