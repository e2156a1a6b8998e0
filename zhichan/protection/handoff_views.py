"""Pages of 跨区域协作: the hand-offs an office sent and received, sending one (from a case or on
its own), and the receiving office's acceptance, return and answer."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import in_office, office_region
from zhichan.lib.views import paginate, staff_required
from zhichan.protection import handoffs as svc
from zhichan.protection.handoffs import neighbours
from zhichan.protection.models import Case, HandoffKind, HandoffStatus
from zhichan.regions.models import Level, Region


def _date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("日期格式应为 YYYY-MM-DD。")) from None


def _region(text: str) -> Region:
    """A region by its code, or by a name that only one province-, city- or county-level region has."""
    text = text.strip()
    levels = [Level.PROVINCE, Level.CITY, Level.COUNTY]
    if text.isdecimal():
        found = list(Region.objects.filter(code=text, level__in=levels)[:1])
    else:
        found = list(Region.objects.filter(name=text, level__in=levels)[:2])
    if not found:
        raise ValidationError({"to_region": _("找不到区划“%(t)s”，请填写区划代码或名称。") % {"t": text}})
    if len(found) > 1:
        raise ValidationError({"to_region": _("有多个名为“%(t)s”的区划，请填写区划代码。") % {"t": text}})
    return found[0]


@staff_required
def handoffs(request):
    region = office_region(request.user)
    if request.method == "POST":
        post = request.POST
        try:
            case = None
            if post.get("case"):
                case = get_object_or_404(in_office(Case.objects, request.user), pk=post["case"])
            handoff = svc.handoff_send(
                from_region=case.region if case is not None else region, to_region=_region(post.get("to_region", "")),
                kind=post.get("kind", ""), subject=post.get("subject", "") or (case.title if case else ""),
                request=post.get("request", ""), case=case, respond_by=_date(post.get("respond_by", "")),
                user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(post.get("back") or "protection:handoffs")
        messages.success(request, _("已发往%(r)s。") % {"r": handoff.to_region.full_name})
        return redirect("protection:handoff", pk=handoff.pk)
    rows = svc.handoffs_for(request.user)
    box = request.GET.get("box", "in")
    if box == "out":
        rows = rows.filter(from_region__prefix__startswith=region.prefix)
    else:
        rows = rows.filter(to_region__prefix__startswith=region.prefix)
    waiting = (
        svc.handoffs_for(request.user)
        .filter(to_region__prefix__startswith=region.prefix, status=HandoffStatus.SENT)
        .count()
    )
    return render(request, "protection/handoffs.html", {
        "page": paginate(request, rows), "box": box, "waiting": waiting, "kinds": HandoffKind.choices,
        "neighbours": neighbours(region), "today": timezone.localdate(),
    })  # fmt: skip


@staff_required
def handoff_detail(request, pk: int):
    handoff = get_object_or_404(svc.handoffs_for(request.user), pk=pk)
    if request.method == "POST":
        action, post = request.POST.get("action", ""), request.POST
        try:
            on = _date(post.get("on", ""))
            if action == "accept":
                svc.handoff_accept(handoff=handoff, user=request.user, on=on)
            elif action == "decline":
                svc.handoff_decline(handoff=handoff, user=request.user, reason=post.get("answer", ""), on=on)
            elif action == "answer":
                svc.handoff_answer(handoff=handoff, user=request.user, answer=post.get("answer", ""),
                                   their_case=post.get("their_case", ""), on=on)  # fmt: skip
            else:
                raise ValidationError(_("未知操作。"))
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("protection:handoff", pk=handoff.pk)
    receiver = svc.receives(request.user, handoff)
    # The sender's case opens only for those whose scope holds it; the receiver sees the request.
    sender_case = (
        in_office(Case.objects, request.user).filter(pk=handoff.case_id).first() if handoff.case_id else None
    )
    their_case = (
        in_office(Case.objects, request.user).filter(pk=handoff.their_case_id).first()
        if handoff.their_case_id
        else None
    )
    return render(request, "protection/handoff.html", {
        "h": handoff, "receiver": receiver, "sender_case": sender_case, "their_case": their_case,
        "today": timezone.localdate(),
        "overdue": handoff.respond_by is not None and handoff.respond_by < timezone.localdate()
        and handoff.status in (HandoffStatus.SENT, HandoffStatus.ACCEPTED),
    })  # fmt: skip
