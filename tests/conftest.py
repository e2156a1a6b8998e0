"""Shared fixtures: the real region tree (loaded once per test database) and role users.

Roles mirror the platform's users: province, city and county officials, an official of a
neighbouring county, an enterprise user, a bank user, an outsider with no role, and a system
administrator.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

from zhichan.accounts.models import Role, User
from zhichan.entities.models import Entity, EntityKind
from zhichan.lib import uscc
from zhichan.lib.text import name_key
from zhichan.regions.models import Region


def pytest_configure(config):
    """ZHICHAN_CLOCK_AHEAD_DAYS=365 runs the whole suite with the clock that many days ahead (the
    clock keeps ticking): a test that hard-codes this year's dates fails now, not on 1 January."""
    ahead = int(os.environ.get("ZHICHAN_CLOCK_AHEAD_DAYS") or 0)
    if ahead:
        from datetime import UTC, datetime, timedelta

        import time_machine

        time_machine.travel(datetime.now(UTC) + timedelta(days=ahead), tick=True).start()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from zhichan.classify.tables import load_shipped
    from zhichan.regions.resolve import reset_resolver
    from zhichan.regions.services import regions_load_townships, regions_load_tree

    with django_db_blocker.unblock():
        if not Region.objects.filter(code="420581100").exists():  # a reused database has them
            regions_load_tree()
            regions_load_townships()
        from zhichan.classify.models import RuleSet

        if not RuleSet.objects.exists():
            load_shipped()  # the classification tables and the default rule version
    reset_resolver()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (computed boards would outlive its rolled-back data)."""
    from django.core.cache import cache

    from zhichan.monitor import office

    cache.clear()
    office.forget()  # office-defined indicators of a rolled-back test are gone


@pytest.fixture
def committed_tree():
    """For ``transaction=True`` tests: their flush empties the tree, so load it again if gone."""
    from zhichan.regions.services import regions_load_townships, regions_load_tree

    if not Region.objects.filter(code="420581100").exists():
        regions_load_tree()
        regions_load_townships()


@pytest.fixture
def committed_limits():
    """The protection time limits are migration data; a transactional test's flush empties them."""
    import importlib

    from django.apps import apps

    from zhichan.protection.models import TimeLimit

    if not TimeLimit.objects.exists():
        complaints = importlib.import_module("zhichan.protection.migrations.0002_time_limits")
        for code, label, days in complaints.LIMITS:  # written before the field was renamed to amount
            TimeLimit.objects.create(
                code=code, label=label, amount=days, basis=complaints.BASIS, valid_from="2020-01-01"
            )
        importlib.import_module("zhichan.protection.migrations.0004_case_limits").load(apps, None)
        importlib.import_module("zhichan.protection.migrations.0007_deadline_counted_on").backfill(apps, None)
        importlib.import_module("zhichan.protection.migrations.0011_hand_back_outcomes").load(apps, None)


def sqlite_plan(sql: str, params=()) -> str:
    """SQLite's plan for a query, its steps joined by " | "."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_user(
    username: str,
    *,
    role: str = Role.OFFICIAL,
    region_code: str | None = None,
    entity=None,
    superuser: bool = False,
    office_admin: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw-for-tests-1",
        role=role,
        region=Region.objects.get(code=region_code) if region_code else None,
        entity=entity,
        is_superuser=superuser,
        is_staff=superuser,
        office_admin=office_admin,
    )
    return user


def make_entity(
    name: str, region_code: str, *, serial: str = "00000001", kind=EntityKind.ENTERPRISE, address: str = ""
) -> Entity:
    code = uscc.make("91", region_code[:6], f"MA{serial[-6:]}")
    return Entity.objects.create(
        name=name,
        name_key=name_key(name),
        kind=kind,
        credit_code=code,
        region=Region.objects.get(code=region_code),
        address=address,
    )


@pytest.fixture
def roles(db):
    """Users of every role plus one entity in 宜都市 (a township) and one in 枝江市."""
    yidu_firm = make_entity(
        "宜都市测试化工有限公司", "420581100", serial="00000001", address="宜都市红花套镇"
    )
    zhijiang_firm = make_entity("枝江市测试酒业有限公司", "420583", serial="00000002", address="湖北省枝江市")
    bank = make_entity("测试银行宜都支行", "420581", serial="00000003", kind=EntityKind.BANK)
    return {
        "province": make_user("t_hubei", region_code="420000"),
        "city": make_user("t_yichang", region_code="420500"),
        "county": make_user("t_yidu", region_code="420581"),
        "other_county": make_user("t_zhijiang", region_code="420583"),
        "enterprise": make_user("t_qiye", role=Role.ENTERPRISE, entity=yidu_firm),
        "bank": make_user("t_bank", role=Role.BANK, entity=bank),
        "outsider": make_user("t_nobody", role=Role.EXPERT),
        "admin": make_user("t_admin", superuser=True),
        "yidu_firm": yidu_firm,
        "zhijiang_firm": zhijiang_firm,
    }


# ---------------------------------------------------------------------------------------------
# Browser tests: Debian's Chromium driven by Playwright's Python package (`.ci/run` installs
# it); skipped where no Chromium is found. Screenshots go to test-artifacts/.

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("ZHICHAN_ARTIFACTS", "test-artifacts"))
# Where the browser must run (CI sets ZHICHAN_REQUIRE_BROWSER=1), a missing Chromium fails the
# browser tests instead of skipping them unseen.
# Mutation runs (make mutants) leave the browser out: its tests flush the database that the
# mutants' runs reuse, and the rules they exercise are tested without it.
needs_chromium = pytest.mark.skipif(
    (CHROMIUM is None and os.environ.get("ZHICHAN_REQUIRE_BROWSER") != "1")
    or os.environ.get("ZHICHAN_NO_BROWSER") == "1",
    reason="Chromium 未安装（.ci/run 会安装 Debian 的 chromium），或变异测试运行中",
)


@contextmanager
def chromium_context(live_server, monkeypatch, **options):
    """A browser context on the live server (Debian's Chromium through Playwright)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # still synchronous (the server runs in its own thread).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        options = {"viewport": {"width": 1400, "height": 1000}} | options
        yield browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (Django keeps
        # connections per context); close it here, or PostgreSQL's test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def page(live_server, monkeypatch):
    with chromium_context(live_server, monkeypatch) as context:
        yield context.new_page()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str = "pw-for-tests-1", then: str = "/") -> None:
    page.goto(f"/accounts/login/?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
