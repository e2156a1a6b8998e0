"""Complaints and reports: working-day deadlines from the dated limits (holidays and make-up days),
the worker's reminders and alerts acting once, the workflow, the public form and receipt lookup,
and personal data kept to the handler."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import region
from zhichan.lib.workdays import add_workdays
from zhichan.protection import services
from zhichan.protection.models import Complaint, ComplaintStatus, DeadlineStatus

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def file(**extra) -> Complaint:
    data = dict(kind="complaint", region=region("420581"), phone="13800001234", subject="宜都市某商行",
                description="销售假冒本公司专利标识的产品，要求停止销售。", name="宜都市维权测试有限公司")  # fmt: skip
    return services.complaint_file(**(data | extra))


def test_working_days_follow_the_holiday_notice():
    # 2026 National Day: 1–7 October off, Saturday 10 October a working day.
    assert add_workdays(date(2026, 9, 30), 7) == (date(2026, 10, 15), True)
    assert add_workdays(date(2030, 12, 30), 3)[1] is False  # a year not yet published: estimated


def test_acceptance_deadline_reminder_and_alert_act_once():
    complaint = file(received_on=date(2026, 9, 30))
    deadline = complaint.deadlines.get()
    assert (deadline.limit.amount, deadline.due_on) == (7, date(2026, 10, 15))
    at = lambda d: datetime(d.year, d.month, d.day, 9, tzinfo=SHANGHAI)  # noqa: E731
    assert services.deadlines_watch(now=at(date(2026, 10, 12)))["reminded"] == 0  # three working days ahead
    assert services.deadlines_watch(now=at(date(2026, 10, 13)))["reminded"] == 1
    assert services.deadlines_watch(now=at(date(2026, 10, 14)))["reminded"] == 0  # already reminded
    assert services.deadlines_watch(now=at(date(2026, 10, 15)))["alerted"] == 0  # due today: still in time
    assert services.deadlines_watch(now=at(date(2026, 10, 16)))["alerted"] == 1  # missed on purpose
    assert services.deadlines_watch(now=at(date(2026, 10, 17)))["alerted"] == 0
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MISSED and deadline.alerted_at is not None


@pytest.mark.parametrize(
    ("accepted_on", "status"),
    [
        (date(2026, 10, 14), DeadlineStatus.MET),
        (date(2026, 10, 15), DeadlineStatus.MET),  # on the due day itself: in time
        (date(2026, 10, 16), DeadlineStatus.MISSED),
    ],
)
def test_acting_on_the_due_day_is_in_time(accepted_on, status):
    """Received the day before the National Day holiday: seven working days end on 15 October."""
    complaint = file(received_on=date(2026, 9, 30))
    services.complaint_move(complaint=complaint, to=ComplaintStatus.ACCEPTED, on=accepted_on)
    deadline = complaint.deadlines.get(limit__code="complaint_accept")
    assert (deadline.due_on, deadline.status, deadline.met_on) == (date(2026, 10, 15), status, accepted_on)


def test_workflow_refuses_illegal_moves_and_tracks_limits():
    complaint = file(received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="不能从"):
        services.complaint_move(complaint=complaint, to=ComplaintStatus.CLOSED, public_note="x")
    complaint = services.complaint_move(complaint=complaint, to=ComplaintStatus.ACCEPTED, on=date(2026, 3, 5))
    assert complaint.deadlines.get(limit__code="complaint_accept").status == DeadlineStatus.MET
    complaint = services.complaint_move(
        complaint=complaint, to=ComplaintStatus.MEDIATING, on=date(2026, 3, 6)
    )
    mediation = complaint.deadlines.get(limit__code="mediation")
    assert mediation.due_on == add_workdays(date(2026, 3, 6), 45)[0]
    with pytest.raises(ValidationError, match="答复"):
        services.complaint_move(complaint=complaint, to=ComplaintStatus.CLOSED)
    complaint = services.complaint_move(complaint=complaint, to=ComplaintStatus.CLOSED, public_note="已调解达成协议",
                                        on=date(2026, 4, 1))  # fmt: skip
    assert complaint.deadlines.get(limit__code="mediation").status == DeadlineStatus.MET
    assert [s.to_status for s in complaint.steps.all()] == ["received", "accepted", "mediating", "closed"]


def test_bad_input_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="实名"):
        file(name="", anonymous=False)
    with pytest.raises(ValidationError, match="电话"):
        file(phone="12")
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        file(files=[fake])
    report = services.complaint_file(kind="report", region=region("420581"), phone="13900005678", subject="某公司",
                                     description="疑似非正常专利申请，批量代写。", anonymous=True, name="张三")  # fmt: skip
    assert report.name == "" and report.deadlines.get().limit.code == "report_check"


def test_public_form_lookup_and_personal_data(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = SimpleUploadedFile("证据.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("protection:public_new"), {
        "kind": "complaint", "name": "李四", "phone": "138 0000 5678", "subject": "宜都市某店",
        "description": "销售假冒专利产品，证据见附件。", "files": [evidence]})  # fmt: skip
    complaint = Complaint.objects.get()
    assert complaint.receipt in response.content.decode() and complaint.attachments.count() == 1
    found = client.post(
        reverse("protection:public_status"), {"receipt": complaint.receipt.lower(), "phone": "5678"}
    )
    assert "已收到" in found.content.decode() and "李四" not in found.content.decode()
    wrong = client.post(reverse("protection:public_status"), {"receipt": complaint.receipt, "phone": "0000"})
    assert "未找到" in wrong.content.decode()
    client.force_login(roles["county"])
    page = client.get(reverse("protection:complaint", args=[complaint.pk])).content.decode()
    assert "李四" not in page and "13800005678" not in page and "138****5678" in page  # not the handler yet
    attachment = complaint.attachments.get()
    assert client.get(reverse("protection:attachment", args=[complaint.pk, attachment.pk])).status_code == 403
    client.post(reverse("protection:complaint", args=[complaint.pk]), {"action": "take"})
    page = client.get(reverse("protection:complaint", args=[complaint.pk])).content.decode()
    assert "李四" in page and "13800005678" in page
    assert client.get(reverse("protection:attachment", args=[complaint.pk, attachment.pk])).status_code == 200
    client.force_login(roles["other_county"])
    assert client.get(reverse("protection:complaint", args=[complaint.pk])).status_code == 404


def test_a_busy_database_keeps_what_the_citizen_typed(client, settings, monkeypatch):
    """Past the database's busy timeout the form comes back filled in, with a Chinese message
    (the lock itself is shown real in tests/ops/test_recovery.py; here the error is injected)."""
    from django.db import OperationalError

    from zhichan.protection import services as complaint_services

    settings.HOME_REGION_CODE = "420581"

    def busy(**_kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(complaint_services, "complaint_file", busy)
    data = {"kind": "complaint", "name": "王小明", "phone": "13900001111", "subject": "某某贸易公司",
            "description": "该公司在展会上销售假冒我公司专利的产品，请依法查处。"}  # fmt: skip
    response = client.post(reverse("protection:public_new"), data)
    body = response.content.decode()
    assert response.status_code == 503 and "系统繁忙" in body
    assert "该公司在展会上销售假冒我公司专利的产品" in body and 'value="13900001111"' in body


def test_the_offices_alert_list_holds_its_missed_and_reminded_limits_only():
    at = lambda d: datetime(d.year, d.month, d.day, 9, tzinfo=SHANGHAI)  # noqa: E731
    missed = file(received_on=date(2026, 9, 30))
    reminded = file(received_on=date(2026, 10, 9))
    quiet = file(received_on=date(2026, 10, 14))
    other_region = file(received_on=date(2026, 9, 30), region=region("420583"))
    services.deadlines_watch(now=at(date(2026, 10, 16)))  # the first is past due
    services.deadlines_watch(now=at(date(2026, 10, 19)))  # the second due 10-20: reminded
    mine = Complaint.objects.filter(region__code="420581")
    listed = services.overdue_or_due(mine, date(2026, 10, 19))
    assert {(d.complaint, d.status, d.limit.code) for d in listed} == {
        (missed, DeadlineStatus.MISSED, missed.deadlines.get().limit.code),
        (reminded, DeadlineStatus.OPEN, reminded.deadlines.get().limit.code),
    }
    assert quiet.deadlines.get().status == DeadlineStatus.OPEN
    assert other_region.deadlines.get().status == DeadlineStatus.MISSED  # but not this county's
    # a party's limit that ran out is no alert of the office
    deadline = missed.deadlines.get()
    limit = deadline.limit
    limit.pk, limit.code, limit.holder = None, limit.code + "_party", "party"
    limit.save()
    deadline.limit = limit
    deadline.save()
    assert [d.complaint for d in services.overdue_or_due(mine, date(2026, 10, 19))] == [reminded]
    services.deadlines_close(reminded, None, date(2026, 10, 19))  # acted on after the reminder: off the list
    assert list(services.overdue_or_due(mine, date(2026, 10, 19))) == []


def test_the_next_working_day_and_whether_the_calendar_is_published():
    assert services.next_workday(date(2026, 10, 1)) == (date(2026, 10, 8), True)  # National Day week
    assert services.next_workday(date(2026, 10, 10)) == (date(2026, 10, 10), True)  # a make-up Saturday
    assert services.next_workday(date(2031, 3, 4)) == (date(2031, 3, 4), False)  # a year not yet published


def test_closing_limits_by_name_the_office_met_or_missed_a_party_met_or_lapsed():
    complaint = file(received_on=date(2026, 3, 2))
    answer = services.deadline_open(complaint, "adj_answer", date(2026, 3, 2))  # a party's 15 days
    accept = complaint.deadlines.get(limit__code="complaint_accept")
    assert (answer.due_on, accept.due_on) == (date(2026, 3, 17), date(2026, 3, 11))
    services.deadlines_close(complaint, ["adj_answer"], date(2026, 3, 20))
    answer.refresh_from_db(), accept.refresh_from_db()
    assert (answer.status, accept.status) == (DeadlineStatus.LAPSED, DeadlineStatus.OPEN)
    services.deadlines_close(complaint, None, date(2026, 3, 20))
    accept.refresh_from_db()
    assert (accept.status, accept.met_on) == (DeadlineStatus.MISSED, date(2026, 3, 20))
    early = services.deadline_open(complaint, "adj_answer", date(2026, 3, 2))
    services.deadlines_close(complaint, None, date(2026, 3, 17))
    early.refresh_from_db()
    assert (early.status, early.met_on) == (DeadlineStatus.MET, date(2026, 3, 17))


def test_the_watch_alerts_a_limit_it_never_reminded_and_lapses_only_past_party_limits():
    at = lambda d: datetime(d.year, d.month, d.day, 9, tzinfo=SHANGHAI)  # noqa: E731
    complaint = file(received_on=date(2026, 9, 30))  # due 15 October
    later = services.deadline_open(
        complaint, "adj_answer", date(2026, 10, 9)
    )  # due 26 October (24th a Saturday)
    past = services.deadline_open(complaint, "adj_answer", date(2026, 9, 14))  # due 29 September
    result = services.deadlines_watch(now=at(date(2026, 10, 16)))
    assert result == {"reminded": 0, "alerted": 1, "lapsed": 1, "today": "2026-10-16", "workday": True}
    later.refresh_from_db(), past.refresh_from_db()
    assert (later.status, past.status) == (DeadlineStatus.OPEN, DeadlineStatus.LAPSED)
    assert complaint.deadlines.get(limit__code="complaint_accept").reminded_at is None
    assert services.deadlines_watch(now=at(date(2026, 10, 3)))["workday"] is False


def test_a_limit_records_its_counted_end_and_whether_its_calendar_is_estimated():
    complaint = file(received_on=date(2026, 9, 30))
    accept = complaint.deadlines.get(limit__code="complaint_accept")
    assert (accept.counted_on, accept.estimated) == (None, False)  # working days: no counted end
    answer = services.deadline_open(complaint, "adj_answer", date(2026, 10, 9))
    # 15 days end on Saturday 24 October, moved to Monday the 26th
    assert (answer.counted_on, answer.due_on) == (date(2026, 10, 24), date(2026, 10, 26))
    assert answer.estimated is False
    far = services.deadline_open(complaint, "adj_answer", date(2031, 3, 1))
    assert (far.due_on, far.estimated) == (date(2031, 3, 17), True)  # 16 March 2031 a Sunday
    with pytest.raises(ValidationError) as refused:
        services.deadline_open(complaint, "no_such_limit", date(2026, 10, 9))
    assert refused.value.messages == ["缺少时限规则：no_such_limit。"]
