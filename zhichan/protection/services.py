"""Filing, handling and watching complaints and reports (docs/protection.md)."""

import secrets
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.lib import attachments
from zhichan.lib.workdays import add_workdays, is_workday
from zhichan.notices import events
from zhichan.protection.models import (
    COMPLAINT_TRANSITIONS,
    Attachment,
    Channel,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    ComplaintStep,
    Deadline,
    DeadlineStatus,
    LimitHolder,
    LimitUnit,
    TimeLimit,
)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
MAX_FILES, MAX_BYTES = 5, 10 * 1024 * 1024


def limit_in_force(code: str, on: date) -> TimeLimit:
    found = TimeLimit.objects.filter(code=code, valid_from__lte=on).order_by("-valid_from").first()
    if found is None:
        raise ValidationError(_("缺少时限规则：%(c)s。") % {"c": code})
    return found


def due_date(limit: TimeLimit, start: date) -> tuple[date, bool]:
    """The last day of a limit that starts running on ``start`` (the day itself not counted), and
    whether it rests on published holiday notices. Periods in days or months that end on a rest
    day end on the next working day (民法典 art. 203); a month period ends on the same day of the
    month, or the month's last day where it has none (art. 202)."""
    if limit.unit == LimitUnit.WORKDAY:
        return add_workdays(start, limit.amount)
    return next_workday(statutory_end(limit, start))


def statutory_end(limit: TimeLimit, start: date) -> date:
    """The last day a period in days or months gives by counting alone, before any move off a
    rest day: an extension or a suspension counts on from this day, not from the moved one."""
    return start + (
        timedelta(days=limit.amount) if limit.unit == LimitUnit.DAY else relativedelta(months=limit.amount)
    )


def next_workday(day: date) -> tuple[date, bool]:
    known = True
    while True:
        working, sure = is_workday(day)
        known = known and sure
        if working:
            return day, known
        day += timedelta(days=1)


def deadline_open(complaint: Complaint | None, code: str, starts_on: date, *, case=None) -> Deadline:
    limit = limit_in_force(code, starts_on)
    due, known = due_date(limit, starts_on)
    counted = None if limit.unit == LimitUnit.WORKDAY else statutory_end(limit, starts_on)
    return Deadline.objects.create(
        complaint=complaint, case=case, limit=limit, starts_on=starts_on, due_on=due, estimated=not known,
        counted_on=counted,
    )  # fmt: skip


def close_deadlines(deadlines, codes: list[str] | None, on: date) -> None:
    """Close running (or paused) deadlines: the office's as met on or before the due day, else
    missed; a party's as met if it acted in time, else lapsed."""
    running = deadlines.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED])
    if codes is not None:
        running = running.filter(limit__code__in=codes)
    running.filter(due_on__gte=on).update(status=DeadlineStatus.MET, met_on=on)
    late = running.filter(due_on__lt=on)
    late.filter(limit__holder=LimitHolder.PARTY).update(status=DeadlineStatus.LAPSED)
    late.update(status=DeadlineStatus.MISSED, met_on=on)


def deadlines_close(complaint: Complaint, codes: list[str] | None, on: date) -> None:
    close_deadlines(complaint.deadlines.all(), codes, on)


def _check_file(upload) -> None:
    """Types on the list whose content matches their extension (``lib/attachments``)."""
    attachments.check(upload, MAX_BYTES)


@transaction.atomic
def complaint_file(*, kind: str, region, phone: str, subject: str, description: str, received_on: date | None = None,
                   name: str = "", email: str = "", anonymous: bool = False, right_number: str = "",
                   channel: str = "online", files=(), user=None, filed_by=None) -> Complaint:  # fmt: skip
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("请选择投诉或举报。")})
    if kind == ComplaintKind.COMPLAINT and (anonymous or not name.strip()):
        raise ValidationError({"name": _("投诉须实名：请填写姓名或单位名称。")})
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 7:
        raise ValidationError({"phone": _("请填写有效的联系电话，用于查询和回复。")})
    if len(description.strip()) < 10 or not subject.strip():
        raise ValidationError({"description": _("请写明被投诉（举报）人和具体事实（至少10个字）。")})
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("附件最多 %(n)s 个。") % {"n": MAX_FILES}})
    for upload in files:
        _check_file(upload)
    received_on = received_on or timezone.localdate()
    receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    complaint = Complaint.objects.create(
        receipt=receipt, kind=kind, channel=channel, region=region, name="" if anonymous else name.strip()[:100],
        phone=digits[:30], email=email.strip()[:254], anonymous=anonymous, subject=subject.strip()[:200],
        right_number=right_number.strip()[:40], description=description.strip(), received_on=received_on,
        filed_by=filed_by if filed_by is not None and filed_by.is_authenticated else None,
    )  # fmt: skip
    for upload in files:
        Attachment.objects.create(complaint=complaint, file=upload, name=upload.name[:200], size=upload.size)
    deadline_open(
        complaint, "complaint_accept" if kind == ComplaintKind.COMPLAINT else "report_check", received_on
    )
    ComplaintStep.objects.create(complaint=complaint, to_status=ComplaintStatus.RECEIVED, note=str(Channel(channel).label),
                                 by=user if user is not None and user.is_authenticated else None)  # fmt: skip
    return complaint


@transaction.atomic
def complaint_move(*, complaint: Complaint, to: str, note: str = "", public_note: str = "", triage: str = "",
                   user=None, on: date | None = None) -> Complaint:  # fmt: skip
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if to not in COMPLAINT_TRANSITIONS[ComplaintStatus(complaint.status)]:
        raise ValidationError(
            _("不能从“%(a)s”转为“%(b)s”。")
            % {"a": complaint.get_status_display(), "b": ComplaintStatus(to).label}
        )
    if to in (ComplaintStatus.DECLINED, ComplaintStatus.CLOSED) and not public_note.strip():
        raise ValidationError({"public_note": _("不予受理或办结须写明对投诉（举报）人的答复。")})
    on = on or timezone.localdate()
    if to in (ComplaintStatus.ACCEPTED, ComplaintStatus.DECLINED):
        deadlines_close(complaint, ["complaint_accept"], on)
    if to == ComplaintStatus.MEDIATING:
        deadline_open(complaint, "mediation", on)
    if complaint.status == ComplaintStatus.MEDIATING:
        deadlines_close(complaint, ["mediation"], on)
    if to == ComplaintStatus.REFERRED and complaint.kind == ComplaintKind.REPORT and not complaint.anonymous:
        deadlines_close(complaint, ["report_check"], on)
        deadline_open(complaint, "reporter_notice", on)
    if to in (ComplaintStatus.DECLINED, ComplaintStatus.CLOSED):
        deadlines_close(complaint, None, on)
        complaint.closed_on = on
    ComplaintStep.objects.create(complaint=complaint, from_status=complaint.status, to_status=to, note=note[:500],
                                 by=user if user is not None and user.is_authenticated else None)  # fmt: skip
    complaint.status = to
    if public_note.strip():
        complaint.public_note = public_note.strip()[:500]
    if triage:
        complaint.triage = triage
    if user is not None and user.is_authenticated and complaint.handler_id is None:
        complaint.handler = user
    complaint.save()
    events.complaint_moved(complaint, to, public_note)
    return complaint


def deadlines_watch(*, now=None, warn_workdays: int = 2) -> dict:
    """Remind before and alert after due dates; each stamp is set once (compare-and-set)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon, _known = add_workdays(today, warn_workdays)
    office = Deadline.objects.filter(status=DeadlineStatus.OPEN, limit__holder=LimitHolder.OFFICE)
    # Compare-and-set on the stamps; the notices carry keys, so a second worker tells nobody twice.
    remind = list(
        office.filter(reminded_at__isnull=True, due_on__lte=horizon, due_on__gte=today).values_list(
            "pk", flat=True
        )
    )
    reminded = office.filter(pk__in=remind, reminded_at__isnull=True).update(reminded_at=now)
    alert = list(office.filter(due_on__lt=today).values_list("pk", flat=True))
    alerted = office.filter(pk__in=alert).update(status=DeadlineStatus.MISSED, alerted_at=now)
    events.deadlines_due(Deadline.objects.filter(pk__in=remind), overdue=False)
    events.deadlines_due(Deadline.objects.filter(pk__in=alert), overdue=True)
    # A party's limit that ran out is no failure of the office: the case may go on.
    lapsed = Deadline.objects.filter(
        status=DeadlineStatus.OPEN, limit__holder=LimitHolder.PARTY, due_on__lt=today
    ).update(status=DeadlineStatus.LAPSED)
    return {
        "reminded": reminded,
        "alerted": alerted,
        "lapsed": lapsed,
        "today": today.isoformat(),
        "workday": is_workday(today)[0],
    }


def lookup(receipt: str, phone_tail: str) -> Complaint | None:
    """The complainant's own view: receipt code and the last four digits of the phone given."""
    receipt = receipt.strip().upper()
    tail = "".join(c for c in phone_tail if c.isdigit())
    if len(receipt) != 10 or len(tail) != 4:
        return None
    return Complaint.objects.filter(receipt=receipt, phone__endswith=tail).first()


def may_assign_handler(user, record) -> bool:
    """Who may give a complaint or a case its handler: the office that received it (an official
    bound to exactly the record's region) and system administrators. An official of the city or
    province above sees the record but may not make himself its handler: the handler reads the
    complainant's and the parties' personal data."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_official and user.region_id == record.region_id)


def handler_candidates(record):
    """The active officials of the record's own office, who may handle it."""
    from zhichan.accounts.models import Role, User

    return User.objects.filter(is_active=True, role=Role.OFFICIAL, region_id=record.region_id).order_by(
        "username"
    )


@transaction.atomic
def handler_assign(*, record, handler, by) -> None:
    """Make ``handler`` the handler of a complaint or a case: only by someone entitled
    (``may_assign_handler``), only an official of the record's office, recorded as a step of
    the record and, through ``save``, in the audit trail with the acting user."""
    from zhichan.protection.models import Case, CaseStep

    if not may_assign_handler(by, record):
        raise ValidationError(_("只有受理本件的%(r)s工作人员可以指定承办人。") % {"r": record.region.name})
    if not handler_candidates(record).filter(pk=handler.pk).exists():
        raise ValidationError(_("承办人须为%(r)s的在职工作人员。") % {"r": record.region.name})
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.handler_id == handler.pk:
        return
    before = locked.handler
    locked.handler = handler
    locked.save(update_fields=["handler"])
    record.handler = handler
    who = handler.display_name or handler.username
    note = (
        (_("指定承办人：%(h)s") % {"h": who})
        if before is None
        else (_("承办人由 %(a)s 改为 %(h)s") % {"a": before.display_name or before.username, "h": who})
    )
    if isinstance(record, Case):
        CaseStep.objects.create(case=record, action="handler", from_status=record.status, to_status=record.status,
                                on=timezone.localdate(), note=note[:500], by=by)  # fmt: skip
    else:
        ComplaintStep.objects.create(complaint=record, from_status=record.status, to_status=record.status,
                                     note=note[:500], by=by)  # fmt: skip


def may_see_personal(user, record) -> bool:
    """A complainant's or a natural-person party's data: the record's handler (a complaint or a
    case) and administrators only."""
    return user.is_authenticated and (user.is_superuser or record.handler_id == user.pk)


def masked(value: str) -> str:
    if not value:
        return ""
    if value.isdecimal():
        return value[:3] + "*" * max(0, len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)
    return value[0] + "*" * (len(value) - 1)


def overdue_or_due(complaints, today: date):
    return (
        Deadline.objects.filter(complaint__in=complaints, limit__holder=LimitHolder.OFFICE)
        .filter(Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, reminded_at__isnull=False))
        .select_related("complaint", "limit")
    )
