"""跨区域协作: a clue sent by 宜都 to the neighbouring 枝江 is accepted, worked and answered; both
offices see the answer, the sender's case records it, the city above both sees it without acting
for the receiver, a third county sees nothing; a return needs its reason; the receiving office
reads the request, never the sender's case file."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user, needs_chromium, region, shot, sign_in
from zhichan.notices.models import Notice
from zhichan.protection import cases, handoffs
from zhichan.protection.models import CaseKind, Handoff, HandoffStatus, PartyRole

pytestmark = pytest.mark.django_db


def yidu_case():
    case = cases.case_open(kind=CaseKind.TRADEMARK, region=region("420581"), title="展会销售侵犯注册商标专用权商品",
                           requested_on=date(2026, 10, 12), setting="exhibition")  # fmt: skip
    cases.party_add(
        case=case, role=PartyRole.REQUESTER, name="张三丰", natural_person=True, phone="13912345678"
    )
    return case


def test_a_clue_sent_to_the_neighbour_is_answered_and_both_see_it(client, roles):
    case = yidu_case()
    client.force_login(roles["county"])
    response = client.post(reverse("protection:handoffs"), {
        "case": case.pk, "to_region": "枝江市", "kind": "transfer", "subject": "侵权商品供货商在枝江",
        "request": "经查，展会所售侵权商品由枝江市某仓库供货，请依法查处并告知结果。",
        "respond_by": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "back": reverse("protection:case", args=[case.pk]),
    })  # fmt: skip
    handoff = Handoff.objects.get()
    assert response.url == reverse("protection:handoff", args=[handoff.pk])
    assert (handoff.from_region.code, handoff.to_region.code, handoff.status) == ("420581", "420583", "sent")
    assert Notice.objects.filter(user=roles["other_county"], link=response.url).exists()
    url = response.url

    # The sender cannot act for the receiver; the receiver sees the request, not the case file.
    client.post(url, {"action": "accept"})
    assert Handoff.objects.get().status == HandoffStatus.SENT
    client.force_login(roles["other_county"])
    page = client.get(url).content.decode()
    assert "枝江市某仓库供货" in page and "接收并办理" in page
    assert reverse("protection:case", args=[case.pk]) not in page and "13912345678" not in page
    assert "1 件待接收" in client.get(reverse("protection:handoffs")).content.decode()
    assert client.get(reverse("protection:case", args=[case.pk])).status_code == 404
    client.post(url, {"action": "accept"})
    zhijiang = cases.case_open(kind=CaseKind.TRADEMARK, region=region("420583"), title="仓库储存侵权商品",
                               requested_on=timezone.localdate())  # fmt: skip
    client.post(
        url, {"action": "answer", "answer": "已立案查处，扣押侵权商品 300 件。", "their_case": "不存在的案号"}
    )
    assert Handoff.objects.get().status == HandoffStatus.ACCEPTED  # refused: not one of its cases
    client.post(
        url,
        {"action": "answer", "answer": "已立案查处，扣押侵权商品 300 件。", "their_case": zhijiang.number},
    )
    handoff.refresh_from_db()
    assert (handoff.status, handoff.their_case, handoff.handled_by) == (
        "answered",
        zhijiang,
        roles["other_county"],
    )
    assert Notice.objects.filter(user=roles["county"], link=url).exists()

    # Both offices see the answer; the sender's case records it in its history.
    for who in ("county", "other_county", "city"):
        client.force_login(roles[who])
        assert "扣押侵权商品 300 件" in client.get(url).content.decode(), who
    client.force_login(roles["county"])
    case_page = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert (
        "枝江市已办结回复：已立案查处" in case_page
        and zhijiang.number not in case_page.split("case-handoffs")[0]
    )
    assert "已办结回复" in client.get(reverse("protection:handoffs") + "?box=out").content.decode()
    other = make_user("t_dangyang", region_code="420582")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert "侵权商品供货商" not in client.get(reverse("protection:handoffs")).content.decode()


def test_what_is_refused():
    case = yidu_case()
    yidu, zhijiang = region("420581"), region("420583")
    send = dict(from_region=yidu, kind="assist", subject="协查", request="请协助调取仓库监控。")
    with pytest.raises(ValidationError, match="其他区划"):
        handoffs.handoff_send(to_region=region("420500"), **send)  # the city above: internal
    with pytest.raises(ValidationError, match="其他区划"):
        handoffs.handoff_send(to_region=yidu, **send)
    with pytest.raises(ValidationError, match="省、市或县级"):
        handoffs.handoff_send(to_region=None, **send)
    with pytest.raises(ValidationError, match="本机关的案件"):
        handoffs.handoff_send(to_region=yidu, **(send | {"from_region": zhijiang}), case=case)
    with pytest.raises(ValidationError, match="晚于今天"):
        handoffs.handoff_send(to_region=zhijiang, on=timezone.localdate() + timedelta(days=1), **send)
    handoff = handoffs.handoff_send(to_region=zhijiang, case=case, **send)
    receiver, city = (
        make_user("h_zhijiang", region_code="420583"),
        make_user("h_yichang", region_code="420500"),
    )
    with pytest.raises(PermissionDenied):
        handoffs.handoff_accept(handoff=handoff, user=city)  # sees it, does not act for 枝江
    with pytest.raises(ValidationError, match="理由"):
        handoffs.handoff_decline(handoff=handoff, user=receiver, reason=" ")
    with pytest.raises(ValidationError, match="不能进行"):
        handoffs.handoff_answer(handoff=handoff, user=receiver, answer="x")  # not accepted yet
    handoffs.handoff_decline(handoff=handoff, user=receiver, reason="不属本机关管辖，建议移送当阳市")
    assert case.steps.filter(action="handoff").count() == 2  # sent, returned
    assert "不属本机关管辖" in case.steps.filter(action="handoff").last().note
    with pytest.raises(ValidationError, match="不能进行"):
        handoffs.handoff_accept(handoff=handoff, user=receiver)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree", "committed_limits")
@needs_chromium
def test_a_handoff_in_two_browsers(page, live_server):
    make_user("b_yidu_h", region_code="420581")
    make_user("b_zhijiang_h", region_code="420583")
    case = yidu_case()
    sign_in(page, "b_yidu_h", then=f"/protection/cases/{case.pk}/")
    page.locator("summary", has_text="请求其他区划机关协作").click()
    page.fill("#handoff-to", "枝江市")
    page.select_option("#handoff-kind", value="assist")
    page.fill("#handoff-request", "请协助核实枝江市某仓库的侵权商品来源。")
    page.locator("#handoff-form button").click()
    page.wait_for_url("**/protection/handoffs/*/")
    assert page.locator("#handoff-status").inner_text() == "已发出，待接收"
    url = page.url
    other = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN",
                                             viewport={"width": 1400, "height": 1000}).new_page()  # fmt: skip
    sign_in(other, "b_zhijiang_h", then="/protection/handoffs/")
    assert "1 件待接收" in other.locator("#waiting").inner_text()
    other.locator("#handoffs a").first.click()
    other.locator("#accept-form button").click()
    other.wait_for_load_state()
    other.fill("#answer", "已核实：商品来自外省，已函告来源地。")
    other.locator("#answer-form button").click()
    other.wait_for_load_state()
    assert other.locator("#handoff-status").inner_text() == "已办结回复"
    shot(other, "protection-handoff-1-answered")
    page.goto(url)
    assert "已函告来源地" in page.locator("#handoff-answer").inner_text()
    page.goto(f"/protection/cases/{case.pk}/")
    assert "已办结回复" in page.locator("#case-handoffs").inner_text()
    shot(page, "protection-handoff-2-sender-case")
