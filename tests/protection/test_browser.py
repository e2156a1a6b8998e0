"""A case walked through its workflow in a real browser (Debian's Chromium driven by Playwright):
a deadline missed on purpose raises the alert, an illegal transition forged into the form is
refused, a suspended case's clock stops and its due dates move on resumption. Screenshots are
kept under test-artifacts/ (ZHICHAN_ARTIFACTS).

`.ci/run` installs Chromium; elsewhere the test is skipped when no Chromium binary is found.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_user, needs_chromium, sign_in
from tests.conftest import shot as take
from zhichan.lib.workdays import add_workdays
from zhichan.protection.models import Case, Deadline
from zhichan.protection.services import deadlines_watch, next_workday

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("committed_tree"),
    needs_chromium,
]


def shot(page, name: str) -> None:
    take(page, f"protection-{name}")


def move(page, to_label: str, on) -> None:
    form = page.locator("#move-form")
    form.locator("select[name=to]").select_option(label=to_label)
    form.locator("input[name=on]").fill(on.isoformat())
    form.locator("button").click()
    page.wait_for_load_state()


def test_case_workflow_in_a_browser(page, committed_limits):
    make_user("b_yidu", region_code="420581")
    today = timezone.localdate()
    requested = today - timedelta(days=30)
    sign_in(page, "b_yidu", then="/protection/cases/")
    page.wait_for_url("**/protection/cases/")

    # Register a request received a month ago: its 5-working-day filing limit has passed.
    page.locator("summary", has_text="新建案件").click()
    page.select_option("select[name=kind]", value="adjudication")
    page.fill("input[name=requested_on]", requested.isoformat())
    page.fill("input[name=title]", "宜都市某公司涉嫌侵犯发明专利权纠纷")
    page.fill("textarea[name=summary]", "请求人称被请求人制造、销售的产品落入其发明专利权保护范围。")
    page.get_by_role("button", name="新建").click()
    page.wait_for_url("**/protection/cases/*/")
    case = Case.objects.get()
    assert page.locator("#case-status").inner_text() == "收到请求/线索"

    # The worker runs (as `zhichan watch-deadlines` would): the missed limit raises the alert.
    assert deadlines_watch()["alerted"] == 1
    page.goto("/protection/cases/")
    alert = page.locator("#case-alerts")
    assert case.number in alert.inner_text() and "逾期" in alert.inner_text()
    page.goto(f"/protection/cases/{case.pk}/")
    assert page.locator("tr[data-code=adj_file] .state").inner_text().startswith("已逾期")
    assert "table-danger" in page.locator("tr[data-code=adj_file]").get_attribute("class")
    shot(page, "1-missed")

    # A transition the table does not allow, forged into the form, is refused.
    page.evaluate("""() => { const s = document.querySelector('#move-form select[name=to]');
        s.add(new Option('已裁决', 'decided')); s.value = 'decided'; }""")
    page.fill("#move-form input[name=outcome]", "伪造的裁决")
    page.locator("#move-form button").click()
    page.wait_for_load_state()
    assert "不能从" in page.content() and page.locator("#case-status").inner_text() == "收到请求/线索"
    shot(page, "2-refused")

    filed = today - timedelta(days=25)
    move(page, "已立案", filed)
    assert page.locator("#case-status").inner_text() == "已立案"
    closing = Deadline.objects.get(case=case, limit__code="adj_close")
    close_last = closing.counted_on or closing.due_on  # the limit's last day before any rest-day move

    # Suspend: the clock stops; resume ten days later: the closing limit moves by ten days.
    stopped = today - timedelta(days=10)
    page.fill("#suspend-form input[name=on]", stopped.isoformat())
    page.fill("#suspend-form input[name=reason]", "被请求人已就涉案专利提出无效宣告请求")
    page.locator("#suspend-form button").click()
    page.wait_for_load_state()
    assert page.locator("#case-suspended").is_visible()
    assert page.locator("tr[data-code=adj_close] .state").inner_text().startswith("中止计时")
    assert page.locator("#move-form").count() == 0  # no moves while suspended
    shot(page, "3-suspended")
    page.fill("#resume-form input[name=on]", today.isoformat())
    page.locator("#resume-form button").click()
    page.wait_for_load_state()
    resumed_due = Deadline.objects.get(case=case, limit__code="adj_close").due_on
    # Ten days later from the limit's own last day, then rolled past a rest day (a roll the first
    # due date had is not time left: it may have been a weekend, which the new one need not be).
    assert resumed_due == next_workday(close_last + timedelta(days=10))[0]
    assert close_last + timedelta(days=10) <= resumed_due <= close_last + timedelta(days=13)
    assert resumed_due.isoformat() in page.locator("tr[data-code=adj_close] .due").inner_text()
    assert page.locator("#case-suspended").count() == 0
    serve_due = Deadline.objects.get(case=case, limit__code="adj_serve")
    assert serve_due.status == "missed"  # already missed before the suspension: not revived
    assert add_workdays(filed, 5)[0] == serve_due.due_on
    shot(page, "4-resumed")
