"""双随机 end to end in a browser: an official draws a task, records each result and publishes;
a visitor with no account then finds the results on the portal's 双随机公示, without the inspectors."""

import pytest

from tests.conftest import make_entity, make_user, needs_chromium, region, shot, sign_in
from zhichan.inspections.models import InspectionPlan, Inspector

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("committed_tree"),
    needs_chromium,
]


def test_a_drawn_task_published_reaches_the_portal(page, live_server):
    make_user("b_yidu_insp", region_code="420581")
    firms = [make_entity(f"宜都市公示测试{n}有限公司", "420581100", serial=f"0000095{n}") for n in range(3)]
    for n in range(3):
        Inspector.objects.create(
            name=f"检查员{n}", badge=f"E9{n}", unit="宜都市市场监督管理局", region=region("420581")
        )
    plan = InspectionPlan.objects.create(name="专利标识双随机抽查（浏览器）", region=region("420581"), basis="《专利法》第六十八条",
                                         seed="2026-03-02 福彩3D 417", strata={"-": "1"})  # fmt: skip
    sign_in(page, "b_yidu_insp", then=f"/inspections/{plan.pk}/")
    page.get_by_role("button", name="抽取").click()
    page.wait_for_load_state()
    for n in range(3):  # each target's result form, saved in turn
        form = page.locator("form:has(input[name=action][value=result])").nth(n)
        form.locator("select[name=outcome]").select_option(value="clean")
        form.locator("button").click()
        page.wait_for_load_state()
    assert plan.targets.filter(outcome="").count() == 0
    page.get_by_role("button", name="公示").click()
    page.wait_for_load_state()
    public = page.locator("#public-page")
    assert "门户公示页" in public.inner_text()
    visitor = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    visitor.goto("/portal/inspections/")
    visitor.get_by_role("link", name="专利标识双随机抽查（浏览器）").click()
    visitor.wait_for_load_state()
    results = visitor.locator("#results").inner_text()
    assert all(f.name in results for f in firms) and results.count("未发现问题") == 3
    assert "检查员" not in visitor.content()
    shot(visitor, "inspections-portal-published")
