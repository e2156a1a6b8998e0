"""Case handling: opening (from a complaint or directly), parties, rights, documents, experts,
moves along the kind's workflow, suspension, extension and conversion (docs/protection.md)."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts import duties
from zhichan.accounts.models import Procedure, acting
from zhichan.assets.models import Patent, Trademark
from zhichan.assets.status import right_valid_on, status_on
from zhichan.entities.models import Entity
from zhichan.lib.stamp import data_changed
from zhichan.lib.text import name_key
from zhichan.lib.workdays import add_workdays, workdays_between
from zhichan.notices import events
from zhichan.protection import workflow
from zhichan.protection.models import (
    Assignment,
    Case,
    CaseDocument,
    CaseFinding,
    CaseKind,
    CaseRight,
    CaseSetting,
    CaseStatus,
    CaseStep,
    Complaint,
    ComplaintStatus,
    DeadlineStatus,
    DocumentVersion,
    LimitHolder,
    LimitUnit,
    Party,
    PartyRole,
    RightKind,
    Suspension,
)
from zhichan.protection.services import (
    _check_file,
    close_deadlines,
    complaint_move,
    deadline_open,
    limit_in_force,
    next_workday,
)


def step_add(
    case: Case, action: str, on: date, note: str = "", user=None, before: str = "", after: str = ""
) -> None:
    CaseStep.objects.create(case=case, action=action, from_status=before, to_status=after, on=on,
                            note=note[:500], by=acting(user))  # fmt: skip


def case_number(kind: str, region, year: int) -> str:
    """宜都知裁字〔2026〕3号: the office, the kind, the year and a serial per office, kind and year."""
    prefix = f"{region.name[:2]}知{workflow.NUMBER_PREFIX[kind]}字〔{year}〕"
    taken = Case.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    serial = max((int(n[len(prefix) : -1]) for n in taken if n[len(prefix) : -1].isdecimal()), default=0) + 1
    return f"{prefix}{serial}号"


def _open_limits(case: Case, status: str, on: date) -> None:
    limits = workflow.CLOCK[case.kind].get(status)
    if limits is None:
        return
    if limits.close:
        close_deadlines(case.deadlines.all(), list(limits.close), on)
    for code in limits.open:
        deadline_open(None, code, on, case=case)


def _check_facts(setting: str, right_kind: str) -> None:
    if setting and setting not in CaseSetting.values:
        raise ValidationError({"setting": _("请选择发生场所。")})
    if right_kind and right_kind not in RightKind.values:
        raise ValidationError({"right_kind": _("请选择涉及的权利。")})


@transaction.atomic
def case_open(*, kind: str, region, title: str, requested_on: date, summary: str = "", infringed_on=None,
              complaint: Complaint | None = None, setting: str = "", right_kind: str = "",
              user=None) -> Case:  # fmt: skip
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("请选择案件类型。")})
    _check_facts(setting, right_kind)
    if not title.strip():
        raise ValidationError({"title": _("请填写案由。")})
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("收到请求日期不能晚于今天。")})
    # The one who opens the case handles it if entitled to (the receiving office); an official of
    # the city above opens it without becoming its handler (``may_assign_handler``).
    opener = acting(user)
    entitled = opener is not None and (
        opener.is_superuser or (opener.is_official and opener.region_id == region.pk)
    )
    case = Case.objects.create(
        number=case_number(kind, region, requested_on.year), kind=kind, region=region, title=title.strip()[:200],
        summary=summary.strip(), requested_on=requested_on, infringed_on=infringed_on, complaint=complaint,
        handler=opener if entitled else None, setting=setting, right_kind=right_kind or workflow.IMPLIED_RIGHT.get(kind, ""),
    )  # fmt: skip
    step_add(case, "open", requested_on, CaseKind(kind).label, user, after=CaseStatus.REQUESTED)
    _open_limits(case, CaseStatus.REQUESTED, requested_on)
    return case


@transaction.atomic
def case_from_complaint(*, complaint: Complaint, kind: str, user=None, on: date | None = None) -> Case:
    """Open a case from a complaint: the complainant becomes the requester (kept as personal data
    unless an entity), the party complained of the respondent, the right named is linked."""
    on = on or timezone.localdate()
    case = case_open(kind=kind, region=complaint.region, title=_("%(s)s涉嫌侵权") % {"s": complaint.subject},
                     requested_on=complaint.received_on, summary=complaint.description, complaint=complaint,
                     user=user)  # fmt: skip
    if complaint.name:
        party_add(case=case, role=PartyRole.REQUESTER, name=complaint.name, phone=complaint.phone, user=user)
    party_add(case=case, role=PartyRole.RESPONDENT, name=complaint.subject, entity=complaint.subject_entity,
              user=user)  # fmt: skip
    if complaint.right_number:
        right_add(case=case, number=complaint.right_number, user=user)
    if ComplaintStatus.REFERRED in _complaint_moves(complaint):
        complaint_move(complaint=complaint, to=ComplaintStatus.REFERRED, note=case.number, user=user, on=on)
    return case


def _complaint_moves(complaint: Complaint) -> set:
    from zhichan.protection.models import COMPLAINT_TRANSITIONS

    return COMPLAINT_TRANSITIONS[ComplaintStatus(complaint.status)]


def _find_entity(name: str) -> Entity | None:
    key = name_key(name)
    found = list(Entity.objects.filter(name_key=key, merged_into__isnull=True)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def party_add(*, case: Case, role: str, name: str, natural_person: bool | None = None, entity: Entity | None = None,
              id_number: str = "", phone: str = "", address: str = "", user=None) -> Party:  # fmt: skip
    if role not in PartyRole.values or not name.strip():
        raise ValidationError(_("请填写当事人的地位和名称。"))
    entity = entity or _find_entity(name)
    if natural_person is None:
        natural_person = entity is None and len(name.strip()) <= 4  # a Chinese personal name, not a firm's
    party = Party.objects.create(
        case=case, role=role, name=name.strip()[:200], natural_person=natural_person,
        entity=None if natural_person else entity, id_number=id_number.strip()[:30], phone=phone.strip()[:30],
        address=address.strip()[:300],
    )  # fmt: skip
    step_add(case, "party", timezone.localdate(), f"{PartyRole(role).label}", user)
    return party


def _lookup_right(number: str) -> tuple[Patent | None, Trademark | None, str]:
    from zhichan.assets.services import patent_by_number

    patent, canonical = patent_by_number(number)
    if patent is not None:
        return patent, None, canonical
    return None, Trademark.objects.filter(number=number.strip()).first(), canonical


@transaction.atomic
def right_add(*, case: Case, number: str, user=None) -> CaseRight:
    if not number.strip():
        raise ValidationError(_("请填写专利号或商标注册号。"))
    patent, trademark, canonical = _lookup_right(number)
    right = CaseRight.objects.create(case=case, patent=patent, trademark=trademark, number=canonical[:40])
    step_add(case, "right", timezone.localdate(), canonical, user)
    return right


def right_status(right: CaseRight, day: date | None) -> str:
    """The right's status on the infringement date, as the registry knows it."""
    if day is None:
        return _("未填侵权行为发生日")
    if right.patent is not None:
        status = status_on(right.patent, day)
        if status is None:
            return _("%(d)s 尚未申请") % {"d": day}
        from zhichan.assets.models import PatentStatus

        return _("%(d)s：%(s)s") % {"d": day, "s": PatentStatus(status).label}
    if right.trademark is not None:
        valid = right_valid_on(right.trademark, day)
        return _("%(d)s：%(s)s") % {"d": day, "s": _("有效") if valid else _("无效或未注册")}
    return _("登记簿中没有该权利，请核对权利证明")


@transaction.atomic
def document_add(*, case: Case, title: str, upload, kind: str = "evidence", submitted_by: str = "",
                 note: str = "", document: CaseDocument | None = None, user=None) -> DocumentVersion:  # fmt: skip
    """A new document, or a new version of ``document``; older versions stay in the file."""
    _check_file(upload)
    if document is None:
        if not title.strip():
            raise ValidationError(_("请填写材料名称。"))
        document = CaseDocument.objects.create(case=case, title=title.strip()[:200], kind=kind[:20],
                                               submitted_by=submitted_by.strip()[:100])  # fmt: skip
    elif document.case_id != case.pk:
        raise ValidationError(_("材料不属于本案。"))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document, number=number, file=upload, name=upload.name[:200], size=upload.size,
        sha256=digest.hexdigest(), note=note.strip()[:200], by=acting(user),
    )  # fmt: skip
    step_add(case, "document", timezone.localdate(), f"{document.title} v{number}", user)
    return version


@transaction.atomic
def expert_assign(*, case: Case, expert, role: str, on: date, no_conflict: bool, user=None) -> Assignment:
    """Assign an investigator or expert from the pool; one who works for a party, is not
    available, or has not declared the absence of conflicts is refused."""
    if not expert.active or not expert.available:
        raise ValidationError(_("%(n)s 当前不在库或不可参与。") % {"n": expert.name})
    unit = name_key(expert.unit)
    for party in case.parties.all():
        if unit and (unit == name_key(party.name) or (party.entity and unit == party.entity.name_key)):
            raise ValidationError(_("%(n)s 的工作单位是本案当事人，应当回避。") % {"n": expert.name})
    if not no_conflict:
        raise ValidationError(_("指派前须确认专家已声明与本案无利害关系。"))
    if case.assignments.filter(expert=expert).exists():
        raise ValidationError(_("%(n)s 已指派。") % {"n": expert.name})
    assignment = Assignment.objects.create(case=case, expert=expert, role=role.strip()[:40] or expert.get_kind_display(),
                                           assigned_on=on, no_conflict=True)  # fmt: skip
    step_add(case, "assign", on, f"{expert.name}（{assignment.role}）", user)
    return assignment


@transaction.atomic
def case_facts(*, case: Case, setting: str, right_kind: str, user=None) -> Case:
    """Where the infringement took place and which right it concerns (the statistics by setting and
    by right count these)."""
    _check_facts(setting, right_kind)
    case.setting, case.right_kind = setting, right_kind
    case.save(update_fields=["setting", "right_kind"])
    labels = [
        str(CaseSetting(setting).label) if setting else "",
        str(RightKind(right_kind).label) if right_kind else "",
    ]
    step_add(case, "facts", timezone.localdate(), "，".join(x for x in labels if x), user)
    return case


def _amount(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(_("%(l)s应为金额（元）。") % {"l": label}) from None
    if amount < 0 or amount >= Decimal("1e12") or not amount.is_finite():
        raise ValidationError(_("%(l)s应为不小于 0 的金额（元）。") % {"l": label})
    return amount.quantize(Decimal("0.01"))


def _decision(case: Case, finding: str, fine, confiscated, goods: str) -> None:
    """Check and set what a decision found and imposed."""
    if case.kind not in workflow.CREDIT_CODES:
        return
    if finding not in CaseFinding.values:
        raise ValidationError(
            {"finding": _("请选择认定结果：侵权（违法）成立，或不构成侵权（违法）、不予处罚。")}
        )
    fine, confiscated = _amount(fine, _("罚款")), _amount(confiscated, _("没收违法所得"))
    imposed = fine is not None or confiscated is not None or goods.strip()
    if imposed and (case.kind not in workflow.PENALTY or finding != CaseFinding.VIOLATION):
        raise ValidationError(_("罚款、没收只适用于认定违法的行政处罚案件。"))
    case.finding, case.fine, case.confiscated, case.goods = finding, fine, confiscated, goods.strip()[:300]


def credit_from_case(case: Case, on: date, user=None) -> list[str]:
    """A decision that found infringement or a violation: each respondent that is a registered
    entity gets its credit record (``workflow.CREDIT_CODES``), and its grade is computed again at
    once. Returns notes for the case's record: who got a record, who could not."""
    from zhichan.credit import services as credit

    code = workflow.CREDIT_CODES[case.kind]
    imposed = []
    if case.fine is not None:
        imposed.append(_("罚款 %(a)s 元") % {"a": f"{case.fine:,.2f}"})
    if case.confiscated is not None:
        imposed.append(_("没收违法所得 %(a)s 元") % {"a": f"{case.confiscated:,.2f}"})
    if case.goods:
        imposed.append(_("没收、销毁%(g)s") % {"g": case.goods})
    detail = _("%(k)s：%(t)s") % {
        "k": CaseKind(case.kind).label,
        "t": case.title,
    }  # the case number is the document
    if imposed:
        detail += "；" + "，".join(imposed)
    notes, written = [], []
    for party in case.parties.filter(role=PartyRole.RESPONDENT).select_related("entity"):
        if party.natural_person:
            continue
        if party.entity is None:
            notes.append(_("%(n)s 未关联登记主体，未写入信用记录") % {"n": party.name})
            continue
        if party.entity_id in written:
            continue
        credit.record_from_case(case=case, entity=party.entity, code=code, on=on, detail=detail, user=user)
        written.append(party.entity_id)
        notes.append(_("已写入 %(n)s 的信用记录") % {"n": party.entity.name})
    if written:
        try:
            credit.grades_compute(
                entities=Entity.objects.filter(pk__in=written), day=timezone.localdate(),
                cause=_("%(n)s 认定%(f)s") % {"n": case.number, "f": CaseFinding.VIOLATION.label},
            )  # fmt: skip
        except ValidationError:  # no scheme in force: the record waits for the next grading
            notes.append(_("尚无现行信用评价方案，等级待评价"))
    return notes


def allowed_moves(case: Case) -> list[str]:
    if case.suspended:
        return []
    return sorted(workflow.MOVES[case.kind].get(CaseStatus(case.status), set()))


def _guard(case: Case, to: str, on: date) -> None:
    guard = workflow.GUARDS.get(case.kind)
    if guard is None or to not in guard.status:
        return
    waiting = case.deadlines.filter(
        limit__code=guard.waits_for, status=DeadlineStatus.OPEN, due_on__gte=on
    ).first()
    if waiting is not None:
        raise ValidationError(
            _("被请求人答辩期至 %(d)s 届满，此前不能进入“%(s)s”（除非已答辩）。")
            % {"d": waiting.due_on, "s": CaseStatus(to).label}
        )


@transaction.atomic
def case_move(
    *, case: Case, to: str, on: date | None = None, note: str = "", outcome: str = "", user=None,
    finding: str = "", fine=None, confiscated=None, goods: str = "",
) -> Case:  # fmt: skip
    case = Case.objects.select_for_update().get(pk=case.pk)
    on = on or timezone.localdate()
    if case.suspended:
        raise ValidationError(_("案件中止中，请先恢复。"))
    if to not in workflow.MOVES[case.kind].get(CaseStatus(case.status), set()):
        raise ValidationError(
            _("%(k)s不能从“%(a)s”转为“%(b)s”。")
            % {"k": case.get_kind_display(), "a": case.get_status_display(), "b": CaseStatus(to).label}
        )
    clocked = case.steps.filter(action__in=["open", "move", "suspend", "resume"])
    last = clocked.order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError(_("办理日期不能早于上一步（%(d)s）。") % {"d": last})
    if on > timezone.localdate():
        raise ValidationError(_("办理日期不能晚于今天。"))
    if to in workflow.NEEDS_OUTCOME and not (
        outcome.strip() or (case.outcome and to not in workflow.COMES_BACK)
    ):
        raise ValidationError({"outcome": _("请写明处理结果（裁决、决定、协议或不予受理的理由）。")})
    _guard(case, to, on)
    if to == CaseStatus.DECIDED:
        _decision(case, finding, fine, confiscated, goods)
    if to in (CaseStatus.DECIDED, CaseStatus.APPROVED):
        duties.refuse_same_person(Procedure.CASE_DECISION, case.region, earlier=case.handler, now=user)
    before = case.status
    if to == CaseStatus.FILED:
        case.filed_on = on
    if to in workflow.CONCLUDING and case.decided_on is None:
        # The office's part ends once (a referral's later court mediation is the court's).
        case.decided_on = on
        if case.filed_on is not None:
            case.cycle_days = (on - case.filed_on).days
            case.clock_days = max(0, case.cycle_days - case.suspended_days)
        data_changed()  # the cycle indicator counts concluded cases
    _open_limits(case, to, on)
    if to in workflow.FINAL:
        close_deadlines(case.deadlines.all(), None, on)
        case.closed_on = on
    if to in workflow.COMES_BACK:
        came = _("%(d)s %(s)s：%(o)s") % {
            "d": on.isoformat(),
            "s": CaseStatus(to).label,
            "o": outcome.strip(),
        }
        case.outcome = f"{case.outcome}\n{came}" if case.outcome else came
        note = "；".join(x for x in (note.strip(), outcome.strip()) if x)
    elif outcome.strip():
        case.outcome = outcome.strip()
    case.status = to
    case.save()
    if to == CaseStatus.DECIDED and case.finding == CaseFinding.VIOLATION:
        note = "；".join(x for x in [note.strip(), *credit_from_case(case, on, user)] if x)
    step_add(case, "move", on, note, user, before=before, after=to)
    events.case_moved(case, to)
    return case


@transaction.atomic
def case_suspend(*, case: Case, reason: str, on: date, user=None) -> Suspension:
    """Stop the clock: every running deadline of the case pauses until the case resumes."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if (
        case.kind not in workflow.SUSPENDABLE
        or case.status in workflow.FINAL
        or case.status in workflow.CONCLUDING
    ):
        raise ValidationError(_("该案件当前不能中止。"))
    if case.suspended:
        raise ValidationError(_("案件已中止。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明中止事由（如专利权无效宣告请求已受理）。")})
    # What was already overdue on that day stays missed (or lapsed): a suspension revives nothing.
    overdue = case.deadlines.filter(status=DeadlineStatus.OPEN, due_on__lt=on)
    overdue.filter(limit__holder=LimitHolder.PARTY).update(status=DeadlineStatus.LAPSED)
    overdue.update(status=DeadlineStatus.MISSED, alerted_at=timezone.now())
    case.deadlines.filter(status=DeadlineStatus.OPEN).update(status=DeadlineStatus.PAUSED, paused_on=on)
    case.suspended = True
    case.save(update_fields=["suspended"])
    suspension = Suspension.objects.create(case=case, reason=reason.strip()[:200], starts_on=on)
    step_add(case, "suspend", on, reason, user)
    return suspension


@transaction.atomic
def case_resume(*, case: Case, on: date, user=None) -> Case:
    """Restart the clock: each paused deadline keeps the time it had left (natural days for
    periods in days or months, working days for those in working days)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    suspension = case.suspensions.filter(ends_on__isnull=True).first()
    if not case.suspended or suspension is None:
        raise ValidationError(_("案件未中止。"))
    if on < suspension.starts_on:
        raise ValidationError(_("恢复日期不能早于中止日期。"))
    for deadline in case.deadlines.filter(status=DeadlineStatus.PAUSED).select_related("limit"):
        if deadline.limit.unit == LimitUnit.WORKDAY:
            left = workdays_between(deadline.paused_on, deadline.due_on)
            deadline.due_on, known = add_workdays(on, left)
        else:
            # The time left runs on from the counted last day (a rest-day move is not time left).
            deadline.counted_on = (deadline.counted_on or deadline.due_on) + (on - deadline.paused_on)
            deadline.due_on, known = next_workday(deadline.counted_on)
        deadline.estimated = deadline.estimated or not known
        deadline.status, deadline.paused_on, deadline.reminded_at = DeadlineStatus.OPEN, None, None
        deadline.save(
            update_fields=["due_on", "counted_on", "estimated", "status", "paused_on", "reminded_at"]
        )
    suspension.ends_on = on
    suspension.save(update_fields=["ends_on"])
    case.suspended = False
    case.suspended_days += (on - suspension.starts_on).days
    case.save(update_fields=["suspended", "suspended_days"])
    step_add(case, "resume", on, suspension.reason, user)
    return case


@transaction.atomic
def case_extend(*, case: Case, on: date, approval: str, user=None) -> Case:
    """Extend the closing limit once, with the approval of the office's head (who and why)."""
    if not approval.strip():
        raise ValidationError({"approval": _("延长须写明批准人和理由。")})
    deadline = (
        case.deadlines.filter(
            limit__code__in=workflow.EXTENSIONS, status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED]
        )
        .select_related("limit")
        .first()
    )
    if deadline is None:
        raise ValidationError(_("没有可延长的结案期限。"))
    if deadline.extended:
        raise ValidationError(_("结案期限已延长过一次，不能再延长。"))
    extra = limit_in_force(workflow.EXTENSIONS[deadline.limit.code], deadline.starts_on)
    step = (
        relativedelta(months=extra.amount) if extra.unit == LimitUnit.MONTH else timedelta(days=extra.amount)
    )
    # The extension adds to the last day the law counts, not to the day a holiday moved it to.
    deadline.counted_on = (deadline.counted_on or deadline.due_on) + step
    deadline.due_on, _known = next_workday(deadline.counted_on)
    deadline.extended, deadline.reminded_at = True, None
    deadline.save(update_fields=["due_on", "counted_on", "extended", "reminded_at"])
    step_add(case, "extend", on, f"{extra.span}：{approval}", user)
    return case


@transaction.atomic
def case_convert(*, case: Case, on: date, reason: str, user=None) -> Case:
    """A simple-procedure case that turns out not to be simple goes on as an ordinary one: its
    closing limit becomes the ordinary one, counted from the original filing date."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.kind != CaseKind.SIMPLE or case.status in workflow.FINAL or case.status in workflow.CONCLUDING:
        raise ValidationError(_("只有办理中的简易程序案件可以转为普通程序。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明转为普通程序的理由。")})
    case.deadlines.filter(limit__code="simple_close").update(status=DeadlineStatus.CANCELLED)
    case.kind = CaseKind.ADJUDICATION
    case.save(update_fields=["kind"])
    if case.filed_on is not None:
        deadline_open(None, "adj_close", case.filed_on, case=case)
    step_add(case, "convert", on, reason, user)
    return case
