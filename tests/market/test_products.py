"""专利产品备案: an enterprise files a product with its patents; the office's check on the day it
decides (in force, held by the filer) refuses an approval while a patent fails it; a refusal needs
its reason; what passes is published on the portal and counted per year — in a browser from the
enterprise's 我的 to the public list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user, needs_chromium, shot, sign_in
from tests.market.test_services import patent
from zhichan.accounts.models import Role
from zhichan.market import products
from zhichan.market.models import PatentProduct


@pytest.mark.django_db
def test_filed_checked_decided_and_published(client, roles):
    firm, other = roles["yidu_firm"], roles["zhijiang_firm"]
    own = patent(firm, 1)
    lapsed = patent(firm, 2, filed=date(2003, 3, 1), granted=date(2005, 5, 6))  # twenty years ran out in 2023
    theirs = patent(other, 3)
    client.force_login(roles["enterprise"])
    url = reverse("market:products_mine")
    page = client.post(url, {"kind": "filing", "name": "磷石膏基胶凝材料", "patents": f"{own.number}\n2019100999998"},
                       follow=True).content.decode()  # fmt: skip
    assert "登记簿中没有这些专利：2019100999998" in page and not PatentProduct.objects.exists()
    client.post(url, {"kind": "filing", "name": "磷石膏基胶凝材料", "spec": "PG-42.5", "sales": "1,250.5",
                      "patents": f"{own.number}、{lapsed.number}\n{theirs.number}"})  # fmt: skip
    product = PatentProduct.objects.get()
    assert (product.entity, product.region, product.sales, product.patents.count()) == (
        firm,
        firm.region,
        1250.5,
        3,
    )
    today = timezone.localdate()
    checked = {c["number"]: (c["valid"], c["held"]) for c in products.checks(product, today)}
    assert checked == {own.number: (True, True), lapsed.number: (False, True), theirs.number: (True, False)}
    official = roles["county"]
    with pytest.raises(ValidationError, match="不能通过"):
        products.product_decide(product=product, approve=True, reason="", user=official, on=today)
    with pytest.raises(ValidationError, match="理由"):
        products.product_decide(product=product, approve=False, reason=" ", user=official, on=today)
    products.product_decide(product=product, approve=False, reason=f"{lapsed.number} 已终止，{theirs.number} 非本企业专利",
                            user=official, on=today)  # fmt: skip
    assert "非本企业专利" in client.get(reverse("portal:mine")).content.decode()
    client.post(url, {"kind": "dense", "name": "磷石膏基胶凝材料", "patents": own.number})
    second = PatentProduct.objects.latest("pk")
    client.force_login(official)
    client.post(reverse("market:product", args=[second.pk]), {"decision": "approve"})
    second.refresh_from_db()
    assert (second.status, second.decided_by, second.checks[0]["valid"]) == ("approved", official, True)
    public = Client().get(reverse("portal:products")).content.decode()
    assert "磷石膏基胶凝材料" in public and own.number in public and lapsed.number not in public
    assert products.per_year(PatentProduct.objects.all()) == [
        {"year": today.year, "kind": "专利密集型产品认定", "n": 1}
    ]
    assert (
        f"{today.year}年专利密集型产品认定 <strong>1</strong> 件"
        in client.get(reverse("market:products")).content.decode()
    )
    with pytest.raises(ValidationError, match="已审核"):
        products.product_decide(product=second, approve=False, reason="x", user=official, on=today)
    client.force_login(roles["other_county"])  # 枝江's office does not see 宜都's filings
    assert client.get(reverse("market:product", args=[second.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree")
@needs_chromium
def test_an_enterprise_files_a_product_and_sees_it_published(page, live_server):
    from tests.conftest import make_entity

    firm = make_entity("宜都市浏览器备案测试有限公司", "420581100", serial="00000961")
    own = patent(firm, 61)
    make_user("b_qiye_p", role=Role.ENTERPRISE, entity=firm)
    make_user("b_yidu_p", region_code="420581")
    sign_in(page, "b_qiye_p", then="/market/products/mine/")
    page.fill("#pk-name", "高纯磷石膏粉")
    page.fill("#pk-patents", own.number)
    page.locator("#product-form button").click()
    page.wait_for_load_state()
    assert "已提交，待审核" in page.locator("#my-products").inner_text()
    office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(office, "b_yidu_p", then="/market/products/?status=submitted")
    office.get_by_role("link", name="高纯磷石膏粉").click()
    office.wait_for_load_state()
    assert "是" in office.locator("#product-checks").inner_text()
    office.locator("#decide-form button").click()
    office.wait_for_load_state()
    assert office.locator("#product-status").inner_text() == "已通过并公布"
    shot(office, "market-product-approved")
    page.reload()
    assert "已通过并公布" in page.locator("#my-products").inner_text()
    page.goto("/portal/products/")
    assert "高纯磷石膏粉" in page.locator("#public-products").inner_text()
    shot(page, "market-product-public")
    assert PatentProduct.objects.get().decided_on <= timezone.localdate() + timedelta(days=1)
