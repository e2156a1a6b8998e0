"""Recording events and counting them against the yearly targets."""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from zhichan.events.models import Event, EventKind, EventTarget
from zhichan.regions.models import Region
from zhichan.regions.services import seed_specs

SEED_TARGETS = Path(__file__).parent / "data" / "targets.json"


def targets_load(*, path: Path = SEED_TARGETS) -> int:
    added = 0
    for region, spec in seed_specs(path):
        _target, created = EventTarget.objects.update_or_create(
            region=region, kind=spec["kind"], from_year=spec["from_year"], source=spec["source"],
            defaults={k: spec[k] for k in ("per_year", "to_year", "quote")} | {"kinds": spec.get("kinds", [])},
        )  # fmt: skip
        added += created
    return added


def event_save(*, event: Event, user=None) -> Event:
    if event.kind not in EventKind.values:
        raise ValidationError({"kind": _("请选择活动类型。")})
    if not event.title.strip() or not event.organizer.strip():
        raise ValidationError({"title": _("请填写名称和主办单位。")})
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": _("结束日期早于开始日期。")})
    if event.entered_by_id is None and user is not None and user.is_authenticated:
        event.entered_by = user
    event.save()
    return event


@dataclass
class Progress:
    kind: str
    label: str
    held: int
    attendance: int
    target: EventTarget | None
    combined: bool = False  # a target over several kinds together

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.held >= self.target.per_year


def year_progress(region: Region, year: int) -> list[Progress]:
    """Per kind: events held in the region's subtree in the year, attendance, and the region's target."""
    held = {
        row["kind"]: row
        for row in Event.objects.filter(region__prefix__startswith=region.prefix, starts_on__year=year)
        .values("kind").annotate(n=Count("pk"), people=Sum("attendance"))
    }  # fmt: skip
    found = list(EventTarget.objects.filter(region=region, from_year__lte=year, to_year__gte=year))
    targets = {t.kind: t for t in found if not t.kinds}
    rows = []
    for kind, label in EventKind.choices:
        if kind in held or kind in targets:
            row = held.get(kind, {})
            rows.append(
                Progress(kind, str(label), row.get("n", 0), row.get("people") or 0, targets.get(kind))
            )
    labels = dict(EventKind.choices)
    for target in (t for t in found if t.kinds):
        label = _("合计：%(k)s") % {"k": "、".join(str(labels.get(k, k)) for k in target.kinds)}
        rows.append(Progress(
            target.kind, label, sum(held.get(k, {}).get("n", 0) for k in target.kinds),
            sum(held.get(k, {}).get("people") or 0 for k in target.kinds), target, combined=True,
        ))  # fmt: skip
    return rows
