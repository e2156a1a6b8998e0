"""The office runs its own accounts (issue 22, item 1) and keeps duties apart (item 5): an office
administrator of 宜都市 manages the users of 宜都市 and nobody else's; every change is in the audit
trail, which the office's other officials do not read; the one who examined an award application
or handles a case does not approve it, unless the office has said otherwise, with a reason."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_entity, make_user, region
from zhichan.accounts.models import Procedure, Role, Separation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(roles):
    """宜都市's office administrator, beside the conftest roles (t_yidu stays a plain official)."""
    admin = make_user("t_yidu_admin", region_code="420581", office_admin=True)
    return roles | {"office_admin": admin}


def _new(client, **fields):
    data = {"username": "", "display_name": "", "role": Role.OFFICIAL, "region": "", "entity_ref": "",
            "mobile": "", "password1": "Yidu-2026-kaishi", "password2": "Yidu-2026-kaishi"} | fields  # fmt: skip
    return client.post(reverse("user_new"), data)


def test_the_office_lists_and_manages_only_its_region(client, office):
    # A system administrator that carries 宜都's region stays the installation's; an expert recorded
    # under 枝江 belongs to 枝江 even if working for a 宜都 firm.
    installation = make_user("t_root_yidu", region_code="420581", superuser=True)
    expert = make_user(
        "t_expert_zhijiang", role=Role.EXPERT, region_code="420583", entity=office["yidu_firm"]
    )
    client.force_login(office["office_admin"])
    page = client.get(reverse("users")).content.decode()
    assert "t_root_yidu" not in page and "t_expert_zhijiang" not in page
    assert client.get(reverse("user_edit", args=[installation.pk])).status_code == 404
    assert client.get(reverse("user_edit", args=[expert.pk])).status_code == 404
    for own in ("t_yidu", "t_qiye", "t_bank"):  # its officials and the users of its entities
        assert f"<td>{own}</td>" in page
    for other in (
        "t_zhijiang",
        "t_yichang",
        "t_hubei",
        "t_admin",
        "t_nobody",
    ):  # neighbour, above, installation
        assert f"<td>{other}</td>" not in page
    assert client.get(reverse("user_edit", args=[office["other_county"].pk])).status_code == 404
    assert client.get(reverse("user_password", args=[office["city"].pk])).status_code == 404
    assert (
        client.get(reverse("users"), {"role": Role.BANK}).content.decode().count("<tr") == 2
    )  # head + t_bank


def test_plain_officials_and_other_roles_are_refused(client, office):
    for role in ("county", "city", "province", "enterprise", "bank", "outsider"):
        client.force_login(office[role])
        assert client.get(reverse("users")).status_code == 403, role
        assert _new(client, username="x_" + role, region=region("420581").pk).status_code == 403, role
        relaxed = client.post(reverse("separation"), {"award_approval-reason": "想自己批"})
        assert relaxed.status_code == 403, role
    assert not User.objects.filter(username__startswith="x_").exists() and not Separation.objects.exists()
    client.force_login(office["county"])
    assert "用户管理" not in client.get(reverse("home")).content.decode()
    client.force_login(office["office_admin"])
    assert "用户管理" in client.get(reverse("home")).content.decode()


def test_an_official_created_logs_in_and_the_audit_trail_says_who(client, office):
    client.force_login(office["office_admin"])
    response = _new(
        client, username="yidu_wang", display_name="王科员", region=region("420581").pk, mobile="13800000000"
    )
    assert response.status_code == 302
    made = User.objects.get(username="yidu_wang")
    assert (made.role, made.region.code, made.office_admin, made.is_active) == (
        Role.OFFICIAL,
        "420581",
        False,
        True,
    )
    client.logout()
    assert client.login(username="yidu_wang", password="Yidu-2026-kaishi")
    entry = LogEntry.objects.get_for_object(made).get(action=LogEntry.Action.CREATE)
    assert entry.actor == office["office_admin"] and entry.additional_data == {"region": "420581"}
    client.force_login(office["office_admin"])
    assert "yidu_wang" in client.get(reverse("audit:list"), {"model": "user"}).content.decode()
    client.force_login(office["county"])  # an official of the office, not its administrator
    assert "yidu_wang" not in client.get(reverse("audit:list"), {"model": "user"}).content.decode()
    client.force_login(office["city"])
    assert "yidu_wang" not in client.get(reverse("audit:list")).content.decode()


def test_what_the_form_refuses(client, office):
    client.force_login(office["office_admin"])
    zhijiang = region("420583").pk
    assert "选择一个有效的选项" in _new(client, username="a1", region=zhijiang).content.decode()
    assert "须选择管辖区划" in _new(client, username="a2").content.decode()
    assert "两次输入的密码不一致" in _new(client, username="a3", region=region("420581").pk,
                                          password2="Other-2026-kaishi").content.decode()  # fmt: skip
    assert (
        "密码"
        in _new(
            client, username="a4", region=region("420581").pk, password1="123", password2="123"
        ).content.decode()
    )
    outside = _new(
        client, username="a5", role=Role.ENTERPRISE, entity_ref=office["zhijiang_firm"].credit_code
    )
    assert "本辖区内没有" in outside.content.decode()
    assert "须填写所属主体" in _new(client, username="a6", role=Role.BANK).content.decode()
    assert not User.objects.filter(username__in=["a1", "a2", "a3", "a4", "a5", "a6"]).exists()


def test_an_enterprise_user_by_credit_code_or_name_takes_the_entity_region(client, office):
    client.force_login(office["office_admin"])
    firm = office["yidu_firm"]
    assert _new(client, username="firm_1", role=Role.ENTERPRISE, entity_ref=firm.credit_code.lower(),
                region=region("420581").pk, office_admin="on").status_code == 302  # fmt: skip
    made = User.objects.get(username="firm_1")
    assert (made.entity, made.region, made.office_admin) == (
        firm,
        None,
        False,
    )  # no admin flag outside officials
    assert _new(client, username="firm_2", role=Role.AGENCY, entity_ref=firm.name).status_code == 302
    make_entity(firm.name, "420581", serial="00000077")  # a second firm of the same name
    assert (
        "不止一个"
        in _new(client, username="firm_3", role=Role.ENTERPRISE, entity_ref=firm.name).content.decode()
    )


def test_deactivate_edit_and_reset_a_password(client, office):
    client.force_login(office["office_admin"])
    county = office["county"]
    data = {"username": county.username, "display_name": "张三", "role": Role.OFFICIAL,
            "region": region("420581").pk, "entity_ref": "", "mobile": "", "is_active": ""}  # fmt: skip
    assert client.post(reverse("user_edit", args=[county.pk]), data).status_code == 302
    county.refresh_from_db()
    assert (county.display_name, county.is_active) == ("张三", False)
    client.logout()
    assert not client.login(username=county.username, password="pw-for-tests-1")  # deactivated
    # The password reset ends the user's sessions and is in the history, without the password.
    firm_user = office["enterprise"]
    firm_client = type(client)()
    firm_client.force_login(firm_user)
    assert firm_client.get(reverse("portal:mine")).status_code == 200
    client.force_login(office["office_admin"])
    reset = client.post(reverse("user_password", args=[firm_user.pk]),
                        {"new_password1": "Qiye-2026-xinmima", "new_password2": "Qiye-2026-xinmima"})  # fmt: skip
    assert reset.status_code == 302
    assert firm_client.get(reverse("portal:mine")).status_code == 302  # sent to log in again
    assert firm_client.login(username=firm_user.username, password="Qiye-2026-xinmima")
    entry = LogEntry.objects.get_for_object(firm_user).filter(changes__icontains="password").get()
    assert entry.actor == office["office_admin"] and "pbkdf2" not in str(entry.changes)


def test_the_administrator_cannot_lock_themselves_out(client, office):
    admin = office["office_admin"]
    client.force_login(admin)
    data = {"username": admin.username, "display_name": "管理员", "role": Role.ENTERPRISE,
            "region": region("420581100").pk, "entity_ref": "", "mobile": "", "is_active": ""}  # fmt: skip
    assert client.post(reverse("user_edit", args=[admin.pk]), data).status_code == 302
    admin.refresh_from_db()
    assert (admin.display_name, admin.role, admin.region.code, admin.office_admin, admin.is_active) == (
        "管理员", Role.OFFICIAL, "420581", True, True)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Separation of duties


def _award_checked_by(user, firm):
    from tests.awards.test_awards import grant, programme
    from zhichan.awards import services
    from zhichan.awards.models import AppStatus

    prog, _rule = programme(2025)
    grant([firm], 91, date(2025, 5, 5))
    application = services.application_build(programme=prog, entity=firm)
    application = services.application_submit(application=application, bank_name="工行宜都支行",
                                              account_name=firm.name, account_number="6222000011112222")  # fmt: skip
    return services.application_move(
        application=application, to=AppStatus.CHECKED, comment="材料齐全", user=user
    )


def test_the_examiner_does_not_approve_the_same_award_application(office):
    from zhichan.awards import services
    from zhichan.awards.models import AppStatus

    examiner, approver = office["county"], office["office_admin"]
    application = _award_checked_by(examiner, office["yidu_firm"])
    with pytest.raises(ValidationError, match="初审人不得批准同一申请"):
        services.application_move(application=application, to=AppStatus.APPROVED, user=examiner)
    application.refresh_from_db()
    assert (
        application.status == AppStatus.CHECKED
        and not application.claims.filter(payment__isnull=False).exists()
    )
    services.application_move(application=application, to=AppStatus.APPROVED, user=approver)
    assert [(s.to_status, s.by) for s in application.steps.all()][-2:] == [
        ("checked", examiner),
        ("approved", approver),
    ]


def test_an_office_relaxes_the_separation_with_a_reason_and_the_nearest_setting_decides(client, office):
    from zhichan.accounts import duties
    from zhichan.awards import services
    from zhichan.awards.models import AppStatus

    client.force_login(office["office_admin"])
    page = client.get(reverse("separation")).content.decode()
    assert "默认启用" in page
    refused = client.post(
        reverse("separation"), {"award_approval-reason": "", "case_decision-enforced": "on"}
    )
    assert "须写明理由" in refused.content.decode() and not Separation.objects.exists()
    client.post(
        reverse("separation"),
        {"award_approval-reason": "本局仅一名奖补工作人员", "case_decision-enforced": "on"},
    )
    own = Separation.objects.get(procedure=Procedure.AWARD_APPROVAL)
    assert (own.region.code, own.enforced, own.changed_by) == ("420581", False, office["office_admin"])
    assert LogEntry.objects.get_for_object(own).exists()
    examiner = office["county"]
    application = _award_checked_by(examiner, office["yidu_firm"])
    services.application_move(application=application, to=AppStatus.APPROVED, user=examiner)  # allowed now
    # A city's setting reaches its counties that have none of their own; a county's own wins.
    Separation.objects.create(
        region=region("420500"), procedure=Procedure.CASE_DECISION, enforced=False, reason="试点"
    )
    assert not duties.holds(Procedure.CASE_DECISION, region("420583"))
    assert not duties.holds(Procedure.CASE_DECISION, region("420581"))
    assert "沿用宜昌市的设置" in client.get(reverse("separation")).content.decode()
    client.post(
        reverse("separation"),
        {"award_approval-reason": "本局仅一名奖补工作人员", "case_decision-enforced": "on"},
    )
    assert duties.holds(Procedure.CASE_DECISION, region("420581"))  # 宜都's own, enforced
    assert not duties.holds(Procedure.CASE_DECISION, region("420583"))  # 枝江 still follows the city
    assert duties.holds(Procedure.AWARD_APPROVAL, region("420583"))  # nothing set: the default


def test_a_case_handler_does_not_decide_their_own_case(office):
    from zhichan.protection import cases
    from zhichan.protection.models import CaseKind
    from zhichan.protection.models import CaseStatus as S

    handler, head = office["county"], office["office_admin"]
    today = timezone.localdate()
    case = cases.case_open(
        kind=CaseKind.COUNTERFEIT,
        region=region("420581"),
        title="假冒专利",
        requested_on=today - timedelta(days=3),
    )
    case.handler = handler
    case.save()
    case = cases.case_move(case=case, to=S.FILED, on=today - timedelta(days=2))
    case = cases.case_move(case=case, to=S.INVESTIGATING, on=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="承办人不得审批"):
        cases.case_move(case=case, to=S.DECIDED, on=today, outcome="责令改正，罚款五万元", user=handler,
                        finding="violation", fine="50000")  # fmt: skip
    case = cases.case_move(case=case, to=S.DECIDED, on=today, outcome="责令改正，罚款五万元", user=head,
                           finding="violation", fine="50000")  # fmt: skip
    assert case.status == S.DECIDED
