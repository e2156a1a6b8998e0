"""The user manual's screenshots (docs/manual/), made here in a real browser on the demo county:
each role signs in and opens the pages its manual shows. Every image the manual names must be one
this test makes, so the pictures cannot drift from the pages. `make manual` writes them into
docs/manual/img/; a normal run writes them under test-artifacts/manual/."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import ARTIFACTS, needs_chromium, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("committed_tree", "committed_limits"),
    needs_chromium,
]

MANUAL = Path(settings.BASE_DIR) / "docs" / "manual"
# role's login (None: the public) → (image name, page, what must be on it)
SHOTS = {
    "yidu": [
        ("official-home", "/", "知识产权工作总览"),
        ("official-board", "/monitor/?region=420581", "有效发明专利量"),
        ("official-plans", "/monitor/plans/", "规划"),
        ("official-patents", "/assets/patents/", "专利"),
        ("official-imports", "/assets/imports/", "导入"),
        ("official-complaints", "/protection/complaints/", "投诉"),
        ("official-cases", "/protection/cases/", "案件"),
        ("official-awards", "/awards/", "奖补"),
        ("official-pledges", "/finance/pledges/", "质押"),
        ("official-search", "/search/?q=宜都+电池", "全站搜索"),
        ("official-notices", "/notices/", "通知"),
        ("official-notice-settings", "/notices/settings/", "通知设置"),
        ("official-catalog", "/catalog/", "公共服务事项"),
    ],
    "qiye": [
        ("enterprise-mine", "/portal/mine/", "我的"),
        ("enterprise-awards", "/awards/mine/", "奖补"),
        ("enterprise-notices", "/notices/", "通知"),
    ],
    "yinhang": [
        ("bank-pledges", "/finance/pledges/", "质押"),
        ("bank-whitelists", "/finance/whitelist/", "白名单"),
        ("bank-subsidy", "/finance/subsidy/", "贴息"),
    ],
    None: [
        ("public-portal", "/portal/", "知识产权公共服务"),
        ("public-services", "/portal/services/", "办事指南"),
        ("public-complaint", "/protection/complaint/", "投诉"),
        ("public-status", "/protection/complaint/status/", "回执码"),
    ],
}


def named_in_manual() -> set[str]:
    found = set()
    for page in MANUAL.glob("*.md"):
        found |= set(re.findall(r"\(img/([\w-]+)\.jpg\)", page.read_text(encoding="utf-8")))
    return found


def test_every_picture_of_the_manual_is_made_here():
    made = {name for shots in SHOTS.values() for name, _url, _text in shots}
    assert named_in_manual() == made


def test_the_manuals_screenshots(page, settings):
    settings.HOME_REGION_CODE = "420581"
    call_command("load_demo", entities=40, patents=300, verbosity=0)
    call_command("watch_deadlines", verbosity=0)  # the notices an official finds on a working day
    call_command("send_reminders", verbosity=0)
    folder = Path(os.environ.get("ZHICHAN_MANUAL_DIR") or ARTIFACTS / "manual")
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    for username, shots in SHOTS.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, username, password="zhichan-demo")
        for name, url, text in shots:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert text in page.content(), (name, url)
            page.screenshot(path=str(folder / f"{name}.jpg"), type="jpeg", quality=70)
