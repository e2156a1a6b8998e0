"""Cases, cycle time, disclosure, workstations and warnings: staff pages, and the public pages of
enforcement disclosure and published warnings."""

from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import entities_for_user, in_office, office_region
from zhichan.agencies.models import Expert, ExpertKind
from zhichan.credit import services as credit
from zhichan.lib import attachments
from zhichan.lib.export import safe_cell, workbook_response
from zhichan.lib.views import paginate, staff_required, whole
from zhichan.protection import cases as svc
from zhichan.protection import disclosure as pub
from zhichan.protection import network, stats, workflow
from zhichan.protection.handoffs import neighbours
from zhichan.protection.models import (
    Case,
    CaseFinding,
    CaseKind,
    CaseSetting,
    CaseStatus,
    Complaint,
    Deadline,
    DeadlineStatus,
    HandoffKind,
    LimitHolder,
    PartyRole,
    RightKind,
    RiskWarning,
    ServiceKind,
    StationKind,
    StationLevel,
    TimeLimit,
    Workstation,
)
from zhichan.protection.services import (
    handler_assign,
    handler_candidates,
    masked,
    may_assign_handler,
    may_see_personal,
)
from zhichan.protection.views import _handler
from zhichan.regions.models import Region

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _day(value: str, default: date | None = None) -> date:
    if not value:
        if default is None:
            raise ValidationError(_("请填写日期。"))
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("日期格式应为 YYYY-MM-DD。")) from None


def _cases(user):
    return in_office(Case.objects, user)


def _stations(user):
    return in_office(Workstation.objects, user)


def _warnings(user):
    return in_office(RiskWarning.objects, user)


@staff_required
def case_list(request):
    rows = _cases(request.user).select_related("handler", "region")
    if request.method == "POST":
        try:
            case = svc.case_open(kind=request.POST.get("kind", ""), region=office_region(request.user),
                                 title=request.POST.get("title", ""), summary=request.POST.get("summary", ""),
                                 requested_on=_day(request.POST.get("requested_on", ""), timezone.localdate()),
                                 infringed_on=_day(request.POST["infringed_on"]) if request.POST.get("infringed_on") else None,
                                 user=request.user)  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("protection:cases")
        return redirect("protection:case", pk=case.pk)
    kind, state = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in CaseKind.values:
        rows = rows.filter(kind=kind)
    if state in CaseStatus.values:
        rows = rows.filter(status=state)
    alerts = (
        Deadline.objects.filter(case__in=_cases(request.user), limit__holder=LimitHolder.OFFICE)
        .filter(status__in=[DeadlineStatus.MISSED, DeadlineStatus.OPEN])
        .exclude(status=DeadlineStatus.OPEN, reminded_at__isnull=True)
        .select_related("case", "limit")
        .order_by("due_on")[:50]
    )
    return render(request, "protection/cases.html", {
        "page": paginate(request, rows), "alerts": alerts, "kinds": CaseKind.choices, "states": CaseStatus.choices,
        "kind": kind, "state": state, "today": timezone.localdate(),
    })  # fmt: skip


ACTIONS = {
    "move": lambda r, c, on: svc.case_move(
        case=c, to=r.POST.get("to", ""), on=on, note=r.POST.get("note", ""), outcome=r.POST.get("outcome", ""),
        finding=r.POST.get("finding", ""), fine=r.POST.get("fine", ""), confiscated=r.POST.get("confiscated", ""),
        goods=r.POST.get("goods", ""), user=r.user),
    "facts": lambda r, c, on: svc.case_facts(case=c, setting=r.POST.get("setting", ""),
                                             right_kind=r.POST.get("right_kind", ""), user=r.user),
    "suspend": lambda r, c, on: svc.case_suspend(case=c, reason=r.POST.get("reason", ""), on=on, user=r.user),
    "resume": lambda r, c, on: svc.case_resume(case=c, on=on, user=r.user),
    "extend": lambda r, c, on: svc.case_extend(case=c, on=on, approval=r.POST.get("approval", ""), user=r.user),
    "convert": lambda r, c, on: svc.case_convert(case=c, on=on, reason=r.POST.get("reason", ""), user=r.user),
    "party": lambda r, c, on: svc.party_add(
        case=c, role=r.POST.get("role", ""), name=r.POST.get("name", ""),
        natural_person=r.POST.get("natural") == "1", id_number=r.POST.get("id_number", ""),
        phone=r.POST.get("phone", ""), address=r.POST.get("address", ""), user=r.user),
    "right": lambda r, c, on: svc.right_add(case=c, number=r.POST.get("number", ""), user=r.user),
    "unpublish": lambda r, c, on: pub.disclosure_withdraw(disclosure=_disclosure(c), on=on,
                                                          reason=r.POST.get("reason", ""), user=r.user),
    "publish": lambda r, c, on: pub.disclosure_publish(case=c, on=on, typical=r.POST.get("typical") == "1",
                                                       typical_note=r.POST.get("typical_note", ""), user=r.user),
}  # fmt: skip


def _disclosure(case: Case):
    found = getattr(case, "disclosure", None)
    if found is None:
        raise ValidationError(_("本案尚未公开。"))
    return found


def _document(request, case: Case, on: date):
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(_("请选择文件。"))
    document = None
    if request.POST.get("document"):
        document = get_object_or_404(case.documents, pk=request.POST["document"])
    return svc.document_add(case=case, title=request.POST.get("title", ""), upload=upload,
                            kind=request.POST.get("doc_kind", "evidence"), submitted_by=request.POST.get("submitted_by", ""),
                            note=request.POST.get("note", ""), document=document, user=request.user)  # fmt: skip


def _assign(request, case: Case, on: date):
    expert = get_object_or_404(in_office(Expert.objects, request.user), pk=request.POST.get("expert") or 0)
    return svc.expert_assign(case=case, expert=expert, role=request.POST.get("role", ""), on=on,
                             no_conflict=request.POST.get("no_conflict") == "1", user=request.user)  # fmt: skip


@staff_required
def case_detail(request, pk: int):
    case = get_object_or_404(_cases(request.user).select_related("region", "handler", "complaint"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            on = _day(request.POST.get("on", ""), timezone.localdate())
            if action in ("take", "handler"):
                handler_assign(record=case, handler=_handler(request), by=request.user)
            elif action == "document":
                _document(request, case, on)
            elif action == "assign":
                _assign(request, case, on)
            elif action in ACTIONS:
                ACTIONS[action](request, case, on)
            else:
                raise ValidationError(_("未知操作。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("protection:case", pk=case.pk)
    personal = may_see_personal(request.user, case)
    parties = []
    for party in case.parties.select_related("entity"):
        hide = party.natural_person and not personal
        parties.append({
            "p": party, "name": masked(party.name) if hide else party.name,
            "id_number": masked(party.id_number) if party.natural_person and not personal else party.id_number,
            "phone": masked(party.phone) if hide else party.phone, "address": "" if hide else party.address,
        })  # fmt: skip
    rights = [
        (r, svc.right_status(r, case.infringed_on)) for r in case.rights.select_related("patent", "trademark")
    ]
    pool = [ExpertKind.INVESTIGATOR, ExpertKind.INFRINGEMENT, ExpertKind.MEDIATOR]
    experts = in_office(Expert.objects, request.user).filter(active=True, kind__in=pool)
    return render(request, "protection/case.html", {
        "c": case, "parties": parties, "personal": personal, "rights": rights,
        # Staff text can carry a person's name or phone: others than the handler read it redacted.
        "summary": case.summary if personal else pub.redact(case.summary, case),
        "outcome": case.outcome if personal else pub.redact(case.outcome, case),
        "deadlines": case.deadlines.select_related("limit"), "steps": _history(case),
        "documents": case.documents.prefetch_related("versions__by"), "assignments": case.assignments.select_related("expert"),
        "moves": [(s, CaseStatus(s).label) for s in svc.allowed_moves(case)], "roles": PartyRole.choices,
        "decides": CaseStatus.DECIDED in svc.allowed_moves(case) and case.kind in workflow.CREDIT_CODES,
        "penalty": case.kind in workflow.PENALTY, "findings": CaseFinding.choices, "settings": CaseSetting.choices,
        "right_kinds": RightKind.choices,
        "handoffs": case.handoffs.select_related("to_region"), "kinds": HandoffKind.choices,
        "neighbours": neighbours(case.region),
        "credit_records": credit.labelled(case.credit_records.select_related("entity").order_by("entity__name"),
                                          case.region),
        "experts": experts, "suspensions": case.suspensions.all(),
        "can_suspend": case.kind in workflow.SUSPENDABLE and case.status not in workflow.FINAL | workflow.CONCLUDING,
        "disclosure": getattr(case, "disclosure", None), "today": timezone.localdate(),
        "publishable": case.decided_on is not None and case.status != CaseStatus.WITHDRAWN,
        "may_assign": may_assign_handler(request.user, case),
        "officials": handler_candidates(case) if may_assign_handler(request.user, case) else [],
    })  # fmt: skip


def _history(case: Case) -> list[dict]:
    def label(status: str) -> str:
        return str(CaseStatus(status).label) if status in CaseStatus.values else status

    return [{"s": step, "action": workflow.ACTION_LABELS.get(step.action, step.action),
             "before": label(step.from_status), "after": label(step.to_status)}
            for step in case.steps.select_related("by")]  # fmt: skip


@staff_required
def case_file(request, pk: int, version_id: int):
    case = get_object_or_404(_cases(request.user), pk=pk)
    from zhichan.protection.models import DocumentVersion

    version = get_object_or_404(DocumentVersion.objects.filter(document__case=case), pk=version_id)
    return attachments.response(version.file, version.name)


@staff_required
@require_POST
def case_from_complaint(request, pk: int):
    complaint = get_object_or_404(in_office(Complaint.objects, request.user), pk=pk)
    try:
        case = svc.case_from_complaint(
            complaint=complaint, kind=request.POST.get("kind", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("protection:complaint", pk=complaint.pk)
    return redirect("protection:case", pk=case.pk)


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = _day(request.GET.get("start", ""), date(today.year, 1, 1))
        end = _day(request.GET.get("end", ""), today)
    except ValidationError:
        start, end = date(today.year, 1, 1), today
    return start, end


@staff_required
def cycle(request):
    start, end = _period(request)
    by = request.GET.get("by", "kind")
    by = by if by in ("kind", "handler", "quarter") else "kind"
    scope = request.GET.get("scope", "adjudication")
    kinds = stats.ADJUDICATIONS if scope == "adjudication" else None
    rows = stats.cycle_table(_cases(request.user), start, end, by=by, kinds=kinds)
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("处理周期")
        sheet.append([_("分组"), _("审结件数"), _("平均（日）"), _("扣除中止平均（日）"), _("中位数"), _("P90"),
                      _("两个月内")] + [label for _l, _h, label in stats.BUCKETS])  # fmt: skip
        for row in rows:
            sheet.append([safe_cell(row.label), row.count, row.mean, row.clock_mean, row.median, row.p90,
                          row.within_target, *row.buckets])  # fmt: skip
        cases = book.create_sheet(_("审结案件"))
        cases.append(
            [_("案号"), _("类型"), _("立案日"), _("审结日"), _("周期（日）"), _("中止（日）"), _("承办人")]
        )
        for case in (
            stats.concluded(_cases(request.user), start, end)
            .select_related("handler")
            .order_by("-cycle_days")
        ):
            cases.append([case.number, case.get_kind_display(), case.filed_on, case.decided_on, case.cycle_days,
                          case.suspended_days, str(case.handler or "")])  # fmt: skip
        return workbook_response(book, f"处理周期_{start}_{end}")
    return render(request, "protection/cycle.html", {
        "rows": rows, "start": start, "end": end, "by": by, "scope": scope, "buckets": [b[2] for b in stats.BUCKETS],
        "target": stats.TARGET_DAYS,
    })  # fmt: skip


@staff_required
def white_paper(request):
    year = whole(request.GET.get("year"), timezone.localdate().year)
    region = office_region(request.user)
    if request.GET.get("format") == "docx":
        name = f"{region.name}知识产权保护状况白皮书（{year}年）.docx"
        response = HttpResponse(stats.white_paper_docx(region, year), content_type=DOCX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    return workbook_response(stats.white_paper(region, year), f"{region.name}{year}年知识产权保护白皮书统计")


@staff_required
def limits(request):
    return render(request, "protection/limits.html", {"limits": TimeLimit.objects.all()})


# ---------------------------------------------------------------------------------------------
# Public: enforcement disclosure and published warnings (no login)


def disclosures(request):
    rows = pub.published()
    if request.GET.get("typical") == "1":
        rows = rows.filter(typical=True)
    return render(request, "protection/public_disclosures.html", {
        "page": paginate(request, rows), "typical": request.GET.get("typical") == "1", "fields": pub.FIELDS,
    })  # fmt: skip


def disclosure_detail(request, pk: int):
    item = get_object_or_404(pub.published(), pk=pk)
    return render(request, "protection/public_disclosure.html", {
        "d": item, "rows": [(label, item.body.get(key, "")) for key, label in pub.FIELDS],
    })  # fmt: skip


def public_warnings(request):
    rows = RiskWarning.objects.filter(published_on__isnull=False, published_on__lte=timezone.localdate())
    return render(request, "protection/public_warnings.html", {"page": paginate(request, rows)})


def public_stations(request):
    home = Region.objects.get(code=settings.HOME_REGION_CODE)
    rows = Workstation.objects.filter(region__prefix__startswith=home.prefix, closed_on__isnull=True)
    return render(request, "protection/public_stations.html", {"groups": _by_region(rows)})


def _by_region(stations) -> list[tuple]:
    groups: dict = {}
    for station in stations.select_related("region", "host").order_by("region__code", "kind", "name"):
        groups.setdefault(station.region, []).append(station)
    return list(groups.items())


# ---------------------------------------------------------------------------------------------
# Workstations


@staff_required
def stations(request):
    if request.method == "POST":
        try:
            region = get_object_or_404(Region.objects.filter(prefix__startswith=office_region(request.user).prefix),
                                       code=request.POST.get("region", ""))  # fmt: skip
            host = entities_for_user(request.user).filter(pk=request.POST.get("host") or 0).first()
            if host is None:
                raise ValidationError(_("请选择依托单位（须为本辖区登记主体）。"))
            station = network.station_open(
                kind=request.POST.get("kind"), name=request.POST.get("name", "").strip()[:200], region=region,
                level=request.POST.get("level", ""), address=request.POST.get("address", "").strip()[:300], host=host,
                established_on=_day(request.POST.get("established_on", ""), timezone.localdate()),
                services=request.POST.get("services", "")[:300], contact=request.POST.get("contact", "")[:30],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("protection:stations")
        return redirect("protection:station", pk=station.pk)
    region = office_region(request.user)
    return render(request, "protection/stations.html", {
        "groups": _by_region(_stations(request.user)), "kinds": StationKind.choices, "levels": StationLevel.choices,
        "townships": Region.objects.filter(prefix__startswith=region.prefix).order_by("code")[:500],
        "hosts": entities_for_user(request.user).order_by("name")[:500],
    })  # fmt: skip


@staff_required
def station_detail(request, pk: int):
    station = get_object_or_404(_stations(request.user).select_related("region", "host"), pk=pk)
    year = timezone.localdate().year
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "log":
                network.service_log(station=station, on=_day(request.POST.get("on", ""), timezone.localdate()),
                                    kind=request.POST.get("kind", ""), count=whole(request.POST.get("count"), 1),
                                    note=request.POST.get("note", ""))  # fmt: skip
            elif action == "staff":
                if not request.POST.get("name", "").strip() or not request.POST.get("duty", "").strip():
                    raise ValidationError(_("请填写人员姓名和职责。"))
                station.staff.create(name=request.POST.get("name", "")[:50], duty=request.POST.get("duty", "")[:100],
                                     phone=request.POST.get("phone", "")[:30])  # fmt: skip
            elif action == "close":
                network.station_close(station=station, on=_day(request.POST.get("closed_on", "")))
            elif action == "review":
                network.station_review(station=station, year=whole(request.POST.get("year"), year),
                                       score=Decimal(request.POST.get("score") or "-1"), on=timezone.localdate(),
                                       comment=request.POST.get("comment", ""), user=request.user)  # fmt: skip
        except (ValueError, InvalidOperation):
            messages.error(request, _("请填写有效的数字。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("protection:station", pk=station.pk)
    return render(request, "protection/station.html", {
        "s": station, "staff": station.staff.all(), "logs": station.logs.all()[:100], "kinds": ServiceKind.choices,
        "reviews": station.reviews.all(), "year": year,
        "figures": [(label, stats.station_figures(station, year)[kind]) for kind, label in ServiceKind.choices],
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Overseas risk warnings


@staff_required
def warnings(request):
    if request.method == "POST":
        post = request.POST
        if (
            not post.get("title", "").strip()
            or not post.get("country", "").strip()
            or not post.get("summary", "").strip()
        ):
            messages.error(request, _("请填写标题、国家/地区和风险提示。"))
            return redirect("protection:warnings")
        try:
            network.warning_ipc(post.get("ipc", ""))
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("protection:warnings")
        warning = RiskWarning.objects.create(
            region=office_region(request.user), title=post["title"].strip()[:200], country=post["country"].strip()[:100],
            industry=post.get("industry", "").strip()[:200], ipc=post.get("ipc", "").strip()[:200],
            level=post.get("level") if post.get("level") in ("high", "medium", "low") else "medium",
            summary=post["summary"].strip(), advice=post.get("advice", "").strip(), source=post.get("source", "")[:300],
        )  # fmt: skip
        return redirect("protection:warning", pk=warning.pk)
    return render(request, "protection/warnings.html", {"page": paginate(request, _warnings(request.user))})


@staff_required
def warning_detail(request, pk: int):
    warning = get_object_or_404(_warnings(request.user), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                network.warning_publish(warning=warning, on=timezone.localdate())
            else:
                entity = entities_for_user(request.user).filter(pk=request.POST.get("entity") or 0).first()
                if entity is None:
                    raise PermissionDenied(_("只能关联本辖区的主体。"))
                network.warning_link(warning=warning, entity=entity, why=request.POST.get("why", ""))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("protection:warning", pk=warning.pk)
    linked = set(warning.targets.values_list("entity_id", flat=True))
    candidates = [(e, n) for e, n in network.warning_candidates(warning) if e.pk not in linked]
    return render(request, "protection/warning.html", {
        "w": warning, "targets": warning.targets.select_related("entity"), "candidates": candidates,
    })  # fmt: skip
