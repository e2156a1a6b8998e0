"""The main journeys in a real browser (Debian's Chromium via Playwright), each ending on what a
person would check, with screenshots in test-artifacts/: an official imports an export and reads
the quality report; reads the indicator board; the public files a complaint and follows it with
the receipt; an enterprise applies for an award and staff approve it; an enterprise and a bank
use their self-service pages (我的)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from tests.assets.test_imports import INCOPAT_HEADER, incopat_rows, write_csv
from tests.conftest import make_entity, make_user, needs_chromium, shot, sign_in
from tests.monitor.test_compute import patent
from zhichan.accounts.models import Role
from zhichan.awards.models import Application, AppStatus, AwardRule, ItemSource, Programme, RuleKind
from zhichan.protection.models import Complaint

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("committed_tree"),
    needs_chromium,
]


def test_import_an_export_and_read_the_quality_report(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("j_yidu", region_code="420581")
    export = write_csv(tmp_path / "incopat导出.csv", INCOPAT_HEADER, incopat_rows())
    sign_in(page, "j_yidu", then="/assets/imports/")
    page.select_option("select[name=kind]", value="patents")
    page.set_input_files("input[name=file]", str(export))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/jobs/*/")
    call_command("db_worker", batch=True, no_startup_delay=True)  # the worker runs the job
    page.get_by_role("link", name="查看导入报告与数据质量").click()  # the page polls until the job is done
    page.wait_for_load_state()
    body = page.content()
    assert "数据质量报告" in body and "校验位错误" in body
    shot(page, "journey-1-quality-report")


def test_read_the_indicator_board(page):
    make_user("j_board", region_code="420581")
    patent("420581100", filed=date(2019, 3, 4), granted=date(2021, 5, 6))
    sign_in(page, "j_board", then="/monitor/?region=420581&as_of=2025-06-30")
    assert "有效发明专利量" in page.content()
    cell = page.locator("tr", has_text="有效发明专利量").first
    assert "1" in cell.inner_text()
    shot(page, "journey-2-board")


def test_file_a_complaint_and_follow_it(page, settings, committed_limits):
    settings.HOME_REGION_CODE = "420581"
    page.goto("/protection/complaint/")
    page.check("input[name=kind][value=complaint]")
    page.fill("input[name=name]", "宜都市维权测试有限公司")
    page.fill("input[name=phone]", "13800005678")
    page.fill("input[name=subject]", "宜都市某商行")
    page.fill("textarea[name=description]", "该商行销售假冒本公司专利标识的产品，请依法查处。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    complaint = Complaint.objects.get()
    assert complaint.receipt in page.content()
    shot(page, "journey-3-receipt")
    page.goto("/protection/complaint/status/")
    page.fill("input[name=receipt]", complaint.receipt)
    page.fill("input[name=phone]", "5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "已收到" in page.content()
    shot(page, "journey-3-status")


def test_apply_for_an_award_and_staff_approve_it(page, settings):
    firm = make_entity("宜都市旅程测试科技有限公司", "420581100", serial="00000077")
    make_user("j_firm", role=Role.ENTERPRISE, entity=firm)
    make_user("j_staff", region_code="420581")
    make_user("j_head", region_code="420581")
    patent("420581100", filed=date(2022, 1, 5), granted=date(2025, 3, 3), holder=firm)
    programme = Programme.objects.create(name="2025年度专利奖励", basis="参照《随州市知识产权强市建设实施方案》（三）",
                                         region=firm.region.parent, year=2025, budget=1_000_000,
                                         opens_on=date.today() - timedelta(days=30),  # open whatever the day
                                         closes_on=date.today() + timedelta(days=30))  # fmt: skip
    AwardRule.objects.create(programme=programme, name="国内授权发明专利每件1万元", kind=RuleKind.PER_ITEM,
                             category="invention_grant", source=ItemSource.CN_INVENTION_GRANT,
                             period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), amount=10_000)  # fmt: skip
    sign_in(page, "j_firm", then="/awards/mine/")
    page.get_by_role("button", name="申报").click()
    page.wait_for_url("**/awards/applications/*/")
    assert "每件 10000.00 元" in page.content()  # pre-filled from the registry and verified
    page.fill("input[name=bank_name]", "测试银行宜都支行")
    page.fill("input[name=account_number]", "6222000011112222")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    application = Application.objects.get()
    assert application.status == AppStatus.SUBMITTED
    shot(page, "journey-4-submitted")
    page.context.clear_cookies()
    sign_in(page, "j_staff", then=f"/awards/applications/{application.pk}/")

    def review(target):
        page.select_option("select[name=to]", value=target)
        page.fill("input[name=comment]", "材料齐全，登记簿核验无误。")
        page.get_by_role("button", name="提交审核").click()
        page.wait_for_load_state()

    review("checked")
    review("approved")  # the examiner may not approve: separation of duties
    assert "初审人不得批准同一申请" in page.content()
    application.refresh_from_db()
    assert application.status == AppStatus.CHECKED
    shot(page, "journey-4-separation")
    page.context.clear_cookies()
    sign_in(page, "j_head", then=f"/awards/applications/{application.pk}/")
    review("approved")
    application.refresh_from_db()
    assert application.status == AppStatus.APPROVED and "已批准" in page.content()
    shot(page, "journey-4-approved")


def test_an_enterprise_and_a_bank_use_their_self_service(page):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from tests.conftest import region
    from zhichan.entities.models import EntityKind
    from zhichan.finance.models import Pledge

    firm = make_entity("宜都市自助测试科技有限公司", "420581100", serial="00000088")
    bank = make_entity("测试银行宜都自助支行", "420581", serial="00000089", kind=EntityKind.BANK)
    ahead = timezone.localdate() + timedelta(days=10)  # the fee falls due on the filing day's anniversary
    held = patent(
        "420581100", filed=date(2019, ahead.month, min(ahead.day, 28)), granted=date(2021, 5, 6), holder=firm
    )
    make_user("j_firm", role=Role.ENTERPRISE, entity=firm)
    make_user("j_bank", role=Role.BANK, entity=bank)
    Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee=bank, pledgee_name=bank.name,
                          amount=Decimal("3000000"), registered_on=date(2026, 3, 1), region=region("420581"))  # fmt: skip

    sign_in(page, "j_firm", then="")  # lands on 我的
    assert page.url.endswith("/portal/mine/")
    body = page.content()
    assert "90 日内应缴年费 1 件" in body and f"{held.number}（" in body  # named among the fees due soon
    shot(page, "journey-5-enterprise-mine")
    page.goto("/assets/patents/")  # the back office stays closed
    assert "仅知识产权管理部门工作人员可访问" in page.content() or page.title().startswith("403")
    page.context.clear_cookies()

    sign_in(page, "j_bank", then="")
    assert "本行质押登记" in page.content() and firm.name in page.content()
    page.get_by_role("link", name=firm.name).click()  # the pledgor's portfolio, which the bank may open
    page.wait_for_load_state()
    assert held.number in page.content()
    shot(page, "journey-5-bank-portfolio")
    page.get_by_role("button", name="质押融资").or_(page.get_by_role("link", name="质押融资")).first.click()
    page.get_by_role("link", name="质押登记").click()  # the bank's own menu in the frame
    page.wait_for_load_state()
    assert "/finance/pledges/" in page.url and firm.name in page.content()
