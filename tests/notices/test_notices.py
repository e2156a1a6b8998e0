"""Notices reach people: a deadline reminder and alert, an annual-fee reminder and an award
decision each make an in-app notice, an e-mail in the outbox and (where chosen) an SMS; each once;
a person's choice of channels is kept; nobody reads another's notices."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import make_entity, make_user, region
from zhichan.accounts.models import Role
from zhichan.assets.models import Patent, PatentApplicant, PatentKind
from zhichan.awards import services as awards
from zhichan.awards.models import AppStatus, AwardRule, ItemSource, Programme, RuleKind
from zhichan.lib import patentno
from zhichan.notices import events, sms
from zhichan.notices.models import Notice, NoticeKind, Preference
from zhichan.protection import services as protection

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


def deliver_queued() -> None:
    """What the worker does with the queued deliveries."""
    for result in DBTaskResult.objects.filter(task_path="zhichan.notices.services.deliver_task"):
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()


def official(username: str, code: str = "420581", **contact):
    user = make_user(username, region_code=code)
    user.email, user.mobile = contact.get("email", f"{username}@yidu.example.cn"), contact.get("mobile", "")
    user.save()
    return user


def test_a_deadline_reminder_and_alert_reach_the_handler_once(django_capture_on_commit_callbacks):
    handler = official("t_handler", mobile="13900001111")
    bystander = official("t_other_county", code="420583")
    complaint = protection.complaint_file(
        kind="complaint", region=region("420581"), phone="13800001234", subject="宜都市某商行",
        description="销售假冒专利标识的产品。", name="宜都市维权测试有限公司", received_on=date(2026, 9, 30),
    )  # fmt: skip
    complaint.handler = handler
    complaint.save()
    at = lambda d: datetime(d.year, d.month, d.day, 9, tzinfo=SHANGHAI)  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        protection.deadlines_watch(now=at(date(2026, 10, 13)))  # due 15 October (after the holiday)
    deliver_queued()
    (notice,) = Notice.objects.filter(user=handler)
    assert notice.kind == NoticeKind.DEADLINE and "2026年10月15日" in notice.title
    assert notice.link == reverse("protection:complaint", args=[complaint.pk])
    (message,) = mail.outbox
    assert message.to == ["t_handler@yidu.example.cn"] and "时限将至" in message.subject
    assert [m.phone for m in sms.outbox] == ["13900001111"]  # SMS by default for legal dates
    with django_capture_on_commit_callbacks(execute=True):
        protection.deadlines_watch(now=at(date(2026, 10, 14)))  # already reminded
        protection.deadlines_watch(now=at(date(2026, 10, 16)))  # missed
        protection.deadlines_watch(now=at(date(2026, 10, 17)))
    deliver_queued()
    assert list(Notice.objects.filter(user=handler).values_list("kind", flat=True)) == [
        NoticeKind.OVERDUE, NoticeKind.DEADLINE,
    ]  # fmt: skip
    assert len(mail.outbox) == 2 and "已逾期" in mail.outbox[1].subject
    assert not Notice.objects.filter(user=bystander).exists()


def test_a_deadline_nobody_handles_goes_to_the_region_officials(django_capture_on_commit_callbacks):
    county = [official("t_yidu_a"), official("t_yidu_b")]
    official("t_zhijiang", code="420583")
    protection.complaint_file(kind="complaint", region=region("420581"), phone="13800001234", subject="某商行",
                              name="宜都市维权测试有限公司", description="销售假冒本公司专利标识的产品。", received_on=date(2026, 9, 30))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        protection.deadlines_watch(now=datetime(2026, 10, 13, 9, tzinfo=SHANGHAI))
    assert set(Notice.objects.values_list("user__username", flat=True)) == {u.username for u in county}


def annuity_patent(entity, due: date) -> Patent:
    filed = due - relativedelta(years=3)  # 29 February → 28 February
    patent = Patent.objects.create(
        number=patentno.make(f"{filed.year}10{entity.pk:07d}"), kind=PatentKind.INVENTION, title="一种锂电池正极材料",
        filed_on=filed, granted_on=filed + timedelta(days=600), applicants=entity.name, first_applicant=entity,
    )  # fmt: skip
    PatentApplicant.objects.create(patent=patent, entity=entity, position=1)
    return patent


def test_an_annual_fee_due_within_thirty_days_is_told_once(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    firm = make_entity("宜都市年费测试有限公司", "420581", serial="00000071")
    user = make_user("t_firm", role=Role.ENTERPRISE, entity=firm)
    user.email = "ip@firm.example.cn"
    user.save()
    soon = annuity_patent(firm, today + timedelta(days=20))
    later = make_entity("宜都市年费测试二有限公司", "420581", serial="00000072")
    make_user("t_firm2", role=Role.ENTERPRISE, entity=later)
    annuity_patent(later, today + timedelta(days=45))  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert events.fees_due(today) == 1
        assert events.fees_due(today) == 0  # once per fee and due day
    deliver_queued()
    (notice,) = Notice.objects.all()
    assert notice.user == user and notice.kind == NoticeKind.FEE and soon.number in notice.title
    (message,) = mail.outbox
    assert message.to == ["ip@firm.example.cn"] and soon.number in message.subject
    assert not sms.outbox  # no mobile number given


def test_a_fee_day_just_passed_is_told_once_and_an_older_one_not(django_capture_on_commit_callbacks):
    """The registry does not know payments: one reminder in the month without surcharge."""
    today = timezone.localdate()
    firm = make_entity("宜都市补缴测试有限公司", "420581", serial="00000073")
    make_user("t_late", role=Role.ENTERPRISE, entity=firm)
    recent = annuity_patent(firm, today - timedelta(days=10))
    other = make_entity("宜都市补缴测试二有限公司", "420581", serial="00000074")
    make_user("t_later", role=Role.ENTERPRISE, entity=other)
    annuity_patent(other, today - timedelta(days=40))  # surcharge already runs: told in its first month
    with django_capture_on_commit_callbacks(execute=True):
        assert events.fees_due(today) == 1
        assert events.fees_due(today + timedelta(days=1)) == 0
    (notice,) = Notice.objects.all()
    assert recent.number in notice.title and "如尚未缴纳" in notice.title and "滞纳金" in notice.body


def test_an_award_decision_reaches_the_applicant_as_chosen(django_capture_on_commit_callbacks):
    firm = make_entity("宜都市奖补通知测试有限公司", "420581100", serial="00000081")
    user = make_user("t_applicant", role=Role.ENTERPRISE, entity=firm)
    user.email, user.mobile = "ip@applicant.example.cn", "13700002222"
    user.save()
    Preference.objects.create(user=user, kind=NoticeKind.APPLICATION, email=True, sms=True)
    today = timezone.localdate()
    programme = Programme.objects.create(name="年度知识产权奖补", basis="宜都市奖补办法", region=region("420581"), budget=500000,
                                         year=today.year, opens_on=today - timedelta(days=5),
                                         closes_on=today + timedelta(days=5))  # fmt: skip
    AwardRule.objects.create(programme=programme, name="发明专利授权奖励", kind=RuleKind.PER_ITEM,
                             category="invention_grant", source=ItemSource.CN_INVENTION_GRANT,
                             period_from=date(today.year, 1, 1), period_to=date(today.year, 12, 31), amount=10000)  # fmt: skip
    Patent.objects.create(number=patentno.make(f"{today.year - 2}10000081"), kind=PatentKind.INVENTION,
                          title="一种储能装置", filed_on=date(today.year - 2, 3, 1), granted_on=date(today.year, 1, 2),
                          applicants=firm.name, first_applicant=firm)  # fmt: skip
    PatentApplicant.objects.create(patent=Patent.objects.get(title="一种储能装置"), entity=firm, position=1)
    application = awards.application_build(programme=programme, entity=firm)
    awards.application_submit(application=application, bank_name="工行宜都支行", account_name=firm.name,
                              account_number="1234 5678")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        awards.application_move(application=application, to=AppStatus.CHECKED)  # not a decision: silent
        awards.application_move(
            application=application, to=AppStatus.REJECTED, comment="材料不全，发票缺失。"
        )
    deliver_queued()
    (notice,) = Notice.objects.filter(user=user)
    assert "未获支持" in notice.title and "发票缺失" in notice.body
    assert [m.to for m in mail.outbox] == [["ip@applicant.example.cn"]] and "发票缺失" in mail.outbox[0].body
    assert [m.phone for m in sms.outbox] == ["13700002222"]


def test_a_person_chooses_channels_and_reads_only_their_own(client, roles):
    user = roles["county"]
    client.force_login(user)
    page = client.post(reverse("notices:settings"), {"email": "me@yidu.example.cn", "mobile": "12345"})
    assert "请填写 11 位手机号码" in page.content.decode()
    client.post(reverse("notices:settings"), {"email": "me@yidu.example.cn", "mobile": "13900003333",
                                              "email_deadline": "on", "sms_deadline": "on"})  # fmt: skip
    user.refresh_from_db()
    assert (user.email, user.mobile) == ("me@yidu.example.cn", "13900003333")
    prefs = {p.kind: (p.email, p.sms) for p in Preference.objects.filter(user=user)}
    assert prefs[NoticeKind.DEADLINE] == (True, True) and prefs[NoticeKind.FEE] == (False, False)
    mine = Notice.objects.create(user=user, kind=NoticeKind.CASE, title="一条通知", link="/protection/cases/")
    theirs = Notice.objects.create(user=roles["other_county"], kind=NoticeKind.CASE, title="别人的通知")
    listing = client.get(reverse("notices:list")).content.decode()
    assert "一条通知" in listing and "别人的通知" not in listing
    assert '<span class="visually-hidden"> 条未读</span>' in client.get(reverse("home")).content.decode()
    assert client.post(reverse("notices:open", args=[theirs.pk])).status_code == 404
    opened = client.post(reverse("notices:open", args=[mine.pk]))
    assert opened.status_code == 302 and opened["Location"] == "/protection/cases/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_failed_mail_is_recorded_and_sent_again(django_capture_on_commit_callbacks, settings):
    from zhichan.notices.services import deliver_pending, notify

    user = official("t_retry")
    settings.EMAIL_BACKEND = "tests.notices.test_notices.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notify([user], kind=NoticeKind.WARNING, title="预警结果")
    deliver_queued()
    notice.refresh_from_db()
    assert notice.emailed_at is None and "邮件未发出" in notice.failure
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=15))
    assert deliver_pending()["email"] == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.failure == ""


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")


def test_the_parties_of_a_case_hear_its_steps(django_capture_on_commit_callbacks):
    from tests.protection.test_cases import open_case
    from zhichan.protection import cases
    from zhichan.protection.models import CaseStatus

    holder = make_entity("宜都市案件通知测试有限公司", "420581", serial="00000091")
    user = make_user("t_party", role=Role.ENTERPRISE, entity=holder)
    other = make_entity("宜都市案件旁观测试有限公司", "420581", serial="00000092")
    make_user("t_bystander", role=Role.ENTERPRISE, entity=other)
    case = open_case()
    cases.party_add(case=case, role="requester", name=holder.name, entity=holder)
    cases.party_add(case=case, role="respondent", name="张三", natural_person=True)
    with django_capture_on_commit_callbacks(execute=True):
        cases.case_move(case=case, to=CaseStatus.FILED, on=date(2026, 3, 4))
    (notice,) = Notice.objects.all()
    assert notice.user == user and notice.kind == NoticeKind.CASE
    assert (
        case.number in notice.title and "已立案" in notice.title and "张三" not in notice.title + notice.body
    )
