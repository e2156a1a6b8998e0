"""Complaints and reports: the public form and receipt lookup (no account), staff intake,
the list with due and overdue deadlines, and handling."""

import logging
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import in_office, office_region
from zhichan.lib import attachments
from zhichan.lib.ratelimit import client_ip, over_limit
from zhichan.lib.views import paginate, staff_required
from zhichan.protection import services
from zhichan.protection.disclosure import redact_complaint
from zhichan.protection.models import (
    COMPLAINT_TRANSITIONS,
    CaseKind,
    Channel,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Triage,
)
from zhichan.regions.models import Region

log = logging.getLogger(__name__)


def _file(request, region, channel: str, user=None, filed_by=None):
    post = request.POST
    try:
        received = date.fromisoformat(post["received_on"]) if post.get("received_on") else None
        return services.complaint_file(
            kind=post.get("kind", ""), region=region, phone=post.get("phone", ""), subject=post.get("subject", ""),
            description=post.get("description", ""), name=post.get("name", ""), email=post.get("email", ""),
            anonymous=post.get("anonymous") == "1", right_number=post.get("right_number", ""), channel=channel,
            files=request.FILES.getlist("files"), received_on=received, user=user, filed_by=filed_by,
        ), None  # fmt: skip
    except ValueError:
        return None, [_("日期格式应为 YYYY-MM-DD。")]
    except ValidationError as error:
        return None, error.messages


def public_new(request):
    """The public form: anyone may complain or report, without an account."""
    from django.conf import settings

    region = Region.objects.get(code=settings.HOME_REGION_CODE)
    if request.method == "POST":
        if over_limit("complaint", client_ip(request), 10, 3600):
            return render(request, "protection/public_new.html", {
                "problems": [_("提交过于频繁：同一网络每小时最多提交 10 件，请稍后再试或拨打咨询电话。")],
                "data": request.POST, "kinds": ComplaintKind.choices}, status=429)  # fmt: skip
        try:
            complaint, problems = _file(request, region, Channel.ONLINE, filed_by=request.user)
        except OperationalError:  # the database busy past its timeout: keep what the citizen typed
            log.warning("public complaint not saved: database busy")
            return render(request, "protection/public_new.html", {
                "problems": [_("系统繁忙，本次提交未能保存。您填写的内容仍在下方，请稍候再点“提交”（附件需重新选择）。")],
                "data": request.POST, "kinds": ComplaintKind.choices}, status=503)  # fmt: skip
        if complaint is not None:
            return render(request, "protection/public_done.html", {"complaint": complaint})
        return render(request, "protection/public_new.html", {"problems": problems, "data": request.POST,
                                                              "kinds": ComplaintKind.choices}, status=400)  # fmt: skip
    return render(request, "protection/public_new.html", {"kinds": ComplaintKind.choices})


def public_status(request):
    """Progress by receipt code and the phone's last four digits, asked by POST: neither ends up
    in a URL, and so in no access log, proxy log or browser history."""
    complaint = None
    asked = request.method == "POST" and bool(request.POST.get("receipt"))
    if asked:
        if over_limit("complaint-lookup", client_ip(request), 30, 600):  # receipt codes are not to be guessed
            return render(
                request, "protection/public_status.html", {"asked": True, "throttled": True}, status=429
            )
        complaint = services.lookup(request.POST.get("receipt", ""), request.POST.get("phone", ""))
    return render(request, "protection/public_status.html", {"complaint": complaint, "asked": asked})


def _complaints(request):
    return in_office(Complaint.objects, request.user).select_related("handler")


@staff_required
def complaints(request):
    rows = _complaints(request)
    if request.method == "POST":
        complaint, problems = _file(
            request, office_region(request.user), request.POST.get("channel", Channel.PHONE), request.user
        )
        if complaint is None:
            messages.error(request, "；".join(problems))
            return redirect("protection:complaints")
        return redirect("protection:complaint", pk=complaint.pk)
    state = request.GET.get("status", "")
    if state in ComplaintStatus.values:
        rows = rows.filter(status=state)
    today = timezone.localdate()
    return render(request, "protection/complaints.html", {
        "page": paginate(request, rows), "alerts": services.overdue_or_due(_complaints(request), today)[:50],
        "kinds": ComplaintKind.choices, "channels": Channel.choices, "states": ComplaintStatus.choices, "state": state,
    })  # fmt: skip


def _handler(request):
    """The official named by the assignment form (``take``: the user himself)."""
    from zhichan.accounts.models import User

    if request.POST.get("action") == "take":
        return request.user
    found = User.objects.filter(pk=request.POST.get("handler") or 0).first()
    if found is None:
        raise ValidationError(_("请选择承办人。"))
    return found


@staff_required
def complaint_detail(request, pk: int):
    complaint = get_object_or_404(_complaints(request), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") in ("take", "handler"):
                services.handler_assign(record=complaint, handler=_handler(request), by=request.user)
            else:
                services.complaint_move(
                    complaint=complaint, to=request.POST.get("to", ""), note=request.POST.get("note", ""),
                    public_note=request.POST.get("public_note", ""), triage=request.POST.get("triage", ""),
                    user=request.user,
                )  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("protection:complaint", pk=complaint.pk)
    personal = services.may_see_personal(request.user, complaint)
    return render(request, "protection/complaint.html", {
        "c": complaint, "personal": personal, "name": complaint.name if personal else services.masked(complaint.name),
        "phone": complaint.phone if personal else services.masked(complaint.phone),
        "email": complaint.email if personal else services.masked(complaint.email),
        "deadlines": complaint.deadlines.select_related("limit"), "steps": complaint.steps.select_related("by"),
        "moves": [(s, ComplaintStatus(s).label) for s in COMPLAINT_TRANSITIONS[ComplaintStatus(complaint.status)]],
        "triages": Triage.choices, "attachments": complaint.attachments.all() if personal else [],
        # A complaint's own words may name people and carry ID or phone numbers: redacted for all
        # but the handler, as on the case page.
        "description": complaint.description if personal else redact_complaint(complaint.description, complaint),
        "may_assign": services.may_assign_handler(request.user, complaint),
        "officials": services.handler_candidates(complaint) if services.may_assign_handler(request.user, complaint) else [],
        "case_kinds": CaseKind.choices if complaint.status not in (ComplaintStatus.DECLINED, ComplaintStatus.CLOSED) else [],
    })  # fmt: skip


@staff_required
def attachment(request, pk: int, file_id: int):
    """Attachments are personal data: only the handler (and administrators) may open them."""
    from django.core.exceptions import PermissionDenied

    complaint = get_object_or_404(_complaints(request), pk=pk)
    if not services.may_see_personal(request.user, complaint):
        raise PermissionDenied(_("附件仅承办人可查看。"))
    item = get_object_or_404(complaint.attachments, pk=file_id)
    return attachments.response(item.file, item.name)
