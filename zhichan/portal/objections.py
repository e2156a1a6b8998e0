"""公示异议: what can be objected to, within which days, and the office's answer (models.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.portal.models import OBJECTION_DAYS, Objection, ObjectionStatus, Published
from zhichan.regions.models import Region


@dataclass
class Publication:
    kind: str
    ref: int
    title: str
    region: Region
    starts_on: date
    ends_on: date
    entries: list[str]

    def open_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def publication(kind: str, ref: int) -> Publication | None:
    """The published list ``kind``/``ref`` with its objection window, or None (not published)."""
    from zhichan.awards.models import Publicity
    from zhichan.finance.models import WhitelistVersion
    from zhichan.inspections.models import InspectionPlan, PlanStatus

    window = timedelta(days=OBJECTION_DAYS - 1)
    if kind == Published.AWARD:
        found = Publicity.objects.select_related("programme__region").filter(pk=ref).first()
        if found is None:
            return None
        return Publication(kind, ref, _("《%(p)s》拟奖补名单公示") % {"p": found.programme.name},
                           found.programme.region, found.starts_on, found.ends_on,
                           [e["entity"] for e in found.entries])  # fmt: skip
    if kind == Published.WHITELIST:
        found = WhitelistVersion.objects.select_related("whitelist__region").filter(pk=ref).first()
        if found is None:
            return None
        return Publication(kind, ref, str(found), found.whitelist.region, found.published_on,
                           found.published_on + window, [e.get("name", "") for e in found.entries])  # fmt: skip
    if kind == Published.INSPECTION:
        found = (
            InspectionPlan.objects.filter(pk=ref, status=PlanStatus.PUBLISHED)
            .select_related("region")
            .first()
        )
        if found is None or found.published_on is None:
            return None
        names = list(found.targets.values_list("entity__name", flat=True).order_by("entity__name"))
        return Publication(kind, ref, _("双随机抽查结果：%(n)s") % {"n": found.name}, found.region,
                           found.published_on, found.published_on + window, names)  # fmt: skip
    return None


@transaction.atomic
def object_to(
    *, kind: str, ref: int, entry: str, reason: str, name: str, contact: str, on: date
) -> Objection:
    found = publication(kind, ref)
    if found is None:
        raise ValidationError(_("没有这项公示。"))
    if not found.open_on(on):
        raise ValidationError(
            _("异议期为 %(a)s 至 %(b)s，现已不在异议期内。") % {"a": found.starts_on, "b": found.ends_on}
        )
    if entry not in found.entries:
        raise ValidationError({"entry": _("请选择名单中的单位。")})
    if not (reason.strip() and name.strip() and contact.strip()):
        raise ValidationError(_("请填写异议理由、姓名（或单位）和联系方式，以便核查后答复。"))
    return Objection.objects.create(
        kind=kind, ref=ref, region=found.region, title=found.title[:300], entry=entry[:200], reason=reason.strip()[:2000],
        name=name.strip()[:100], contact=contact.strip()[:100], filed_on=on,
    )  # fmt: skip


def answer(*, objection: Objection, upheld: bool, text: str, on: date, user=None) -> Objection:
    if objection.status != ObjectionStatus.RECEIVED:
        raise ValidationError(_("该异议已答复。"))
    if not text.strip():
        raise ValidationError(_("请写明核查结论。"))
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.answer, objection.answered_on = text.strip()[:500], on
    objection.answered_by = user if user is not None and user.is_authenticated else None
    objection.save(update_fields=["status", "answer", "answered_on", "answered_by"])
    return objection
