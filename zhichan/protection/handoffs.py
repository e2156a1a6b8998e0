"""跨区域协作 (seed 000 #8, seed 001 (十)): a clue or case handed to another region's office — for
help with an investigation, to hand over jurisdiction, or to act together — accepted or returned,
worked and answered. Each office sees the hand-offs it sent or received within its own scope; only
the receiving office acts on one, only the sending office writes the request."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region
from zhichan.notices import events
from zhichan.protection.models import Case, Handoff, HandoffKind, HandoffStatus
from zhichan.regions.models import Level, Region


def handoffs_for(user):
    """Hand-offs sent or received within the staff user's office region."""
    prefix = office_region(user).prefix
    return Handoff.objects.filter(
        Q(from_region__prefix__startswith=prefix) | Q(to_region__prefix__startswith=prefix)
    ).select_related("from_region", "to_region", "case", "their_case")


def receives(user, handoff: Handoff) -> bool:
    """The receiving office: the officials of the region it was sent to (offices above it see it
    within their scope but do not act for it)."""
    return user.is_superuser or office_region(user).pk == handoff.to_region_id


def sends(user, handoff: Handoff) -> bool:
    """The sending office's side: whose scope holds the region it came from."""
    return user.is_superuser or handoff.from_region.prefix.startswith(office_region(user).prefix)


def _day(on: date | None) -> date:
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
    return on


@transaction.atomic
def handoff_send(*, from_region, to_region, kind: str, subject: str, request: str, case: Case | None = None,
                 respond_by: date | None = None, on: date | None = None, user=None) -> Handoff:  # fmt: skip
    if kind not in HandoffKind.values:
        raise ValidationError({"kind": _("请选择协作类型。")})
    if to_region is None or to_region.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        raise ValidationError({"to_region": _("请选择接收的省、市或县级机关。")})
    if to_region.prefix.startswith(from_region.prefix) or from_region.prefix.startswith(to_region.prefix):
        raise ValidationError(
            {"to_region": _("协作对象应为其他区划的机关（本级与上下级之间请按内部程序办理）。")}
        )
    if not subject.strip() or not request.strip():
        raise ValidationError(_("请填写事由和请求事项。"))
    if case is not None and not case.region.prefix.startswith(from_region.prefix):
        raise ValidationError(_("只能就本机关的案件发出协作请求。"))
    on = _day(on)
    if respond_by is not None and respond_by < on:
        raise ValidationError({"respond_by": _("请求回复日期不能早于发出日期。")})
    handoff = Handoff.objects.create(
        kind=kind, from_region=from_region, to_region=to_region, case=case, subject=subject.strip()[:200],
        request=request.strip(), respond_by=respond_by, sent_on=on, sent_by=user if user and user.is_authenticated else None,
    )  # fmt: skip
    if case is not None:
        from zhichan.protection.cases import step_add

        step_add(
            case,
            "handoff",
            on,
            _("向%(r)s发出%(k)s请求") % {"r": to_region.name, "k": HandoffKind(kind).label},
            user,
        )
    events.handoff_moved(handoff)
    return handoff


def _as_receiver(handoff: Handoff, user, *expected: str) -> Handoff:
    handoff = (
        Handoff.objects.select_for_update().select_related("from_region", "to_region").get(pk=handoff.pk)
    )
    if user is None or not receives(user, handoff):
        raise PermissionDenied(_("只有接收机关可以办理。"))
    if handoff.status not in expected:
        raise ValidationError(
            _("该协作当前为“%(s)s”，不能进行此操作。") % {"s": handoff.get_status_display()}
        )
    return handoff


@transaction.atomic
def handoff_accept(*, handoff: Handoff, user, on: date | None = None) -> Handoff:
    handoff = _as_receiver(handoff, user, HandoffStatus.SENT)
    handoff.status, handoff.accepted_on, handoff.handled_by = HandoffStatus.ACCEPTED, _day(on), user
    handoff.save(update_fields=["status", "accepted_on", "handled_by"])
    events.handoff_moved(handoff)
    return handoff


@transaction.atomic
def handoff_decline(*, handoff: Handoff, user, reason: str, on: date | None = None) -> Handoff:
    handoff = _as_receiver(handoff, user, HandoffStatus.SENT)
    if not reason.strip():
        raise ValidationError({"answer": _("请写明不予接收的理由（如不属本机关管辖）。")})
    handoff.status, handoff.answer, handoff.answered_on, handoff.handled_by = (
        HandoffStatus.DECLINED, reason.strip(), _day(on), user)  # fmt: skip
    handoff.save(update_fields=["status", "answer", "answered_on", "handled_by"])
    _tell_case(handoff, user)
    events.handoff_moved(handoff)
    return handoff


@transaction.atomic
def handoff_answer(
    *, handoff: Handoff, user, answer: str, their_case: str = "", on: date | None = None
) -> Handoff:
    """The receiving office's answer: what it found or did, and the case it opened (by number,
    one of its own) if it took the matter on."""
    handoff = _as_receiver(handoff, user, HandoffStatus.ACCEPTED)
    if not answer.strip():
        raise ValidationError({"answer": _("请写明办理结果。")})
    on = _day(on)
    if on < handoff.accepted_on:
        raise ValidationError(_("回复日期不能早于接收日期。"))
    if their_case.strip():
        found = Case.objects.filter(
            number=their_case.strip(), region__prefix__startswith=handoff.to_region.prefix
        ).first()
        if found is None:
            raise ValidationError(
                {"their_case": _("本机关没有案号为“%(n)s”的案件。") % {"n": their_case.strip()}}
            )
        handoff.their_case = found
    handoff.status, handoff.answer, handoff.answered_on = HandoffStatus.ANSWERED, answer.strip(), on
    handoff.save(update_fields=["status", "answer", "answered_on", "their_case"])
    _tell_case(handoff, user)
    events.handoff_moved(handoff)
    return handoff


def _tell_case(handoff: Handoff, user) -> None:
    """The sender's case records the answer in its history."""
    if handoff.case_id is None:
        return
    from zhichan.protection.cases import step_add

    step_add(handoff.case, "handoff", handoff.answered_on,
             _("%(r)s%(s)s：%(a)s") % {"r": handoff.to_region.name, "s": handoff.get_status_display(), "a": handoff.answer},
             user)  # fmt: skip


def neighbours(region: Region) -> list[Region]:
    """Offices an office most often works with: the other counties of its city, the other cities
    of its province (for the form's suggestions)."""
    near = []
    if region.parent_id:
        near += Region.objects.filter(parent_id=region.parent_id).exclude(pk=region.pk).order_by("code")
        parent = region.parent
        if parent.parent_id:
            near += Region.objects.filter(parent_id=parent.parent_id).exclude(pk=parent.pk).order_by("code")
    return [r for r in near if r.level in (Level.PROVINCE, Level.CITY, Level.COUNTY)]
