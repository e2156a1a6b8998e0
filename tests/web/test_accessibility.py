"""Accessibility (WCAG 2.1 AA, GB/T 37668-2019 信息无障碍): axe-core, the checker the standard's
test methods are commonly run with, over every HTML page of the permission matrix as each role
sees it, on the demo county.
No serious or critical violation may remain; the lesser ones are printed for the record."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import ARTIFACTS, chromium_context, needs_chromium, sign_in
from tests.test_matrix import MATRIX, ROLES, _url
from zhichan.accounts.models import Role, User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("committed_tree", "committed_limits"),
    needs_chromium,
]

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every role of the matrix: the public, the system administrator, a province, a city and a county
# official, an enterprise, a bank and an expert with no entity (the neighbouring county's official
# is the county's role over another county).
USERS = ["anonymous", "admin", "hubei", "yichang", "yidu", "qiye", "yinhang", "zhuanjia"]


@pytest.fixture
def axe_page(live_server, monkeypatch):
    # The checker is injected into each page; the site's CSP would refuse it (and only it).
    options = {"bypass_csp": True, "viewport": {"width": 1280, "height": 900}}
    with chromium_context(live_server, monkeypatch, **options) as context:
        yield context


def pages_of(role: str) -> list[str]:
    column = ROLES.index(role)
    names = [n for n, expected in MATRIX.items() if expected.split()[column] == "200"]
    return sorted({_url(n) for n in names if not n.startswith("api:") or n == "api:docs"})


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", WCAG
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
        }
        for v in found
    ]


# The HTML pages each role's check must reach at least (the matrix's 200s less files, JSON and
# fragments): a page that stops rendering, or a role that stops signing in, fails here.
MIN_PAGES = {"anonymous": 15, "admin": 110, "hubei": 100, "yichang": 100, "yidu": 110, "qiye": 25, "yinhang": 25,
             "zhuanjia": 20}  # fmt: skip


@pytest.mark.parametrize("role", USERS)
def test_no_serious_violation_on_any_page_of_any_role(role, axe_page, settings):
    """One role a test, so that parallel workers share the pages out."""
    settings.HOME_REGION_CODE = "420581"
    call_command("load_demo", entities=40, patents=300, verbosity=0)
    User.objects.create_user("zhuanjia", password="pw-for-tests-1", role=Role.EXPERT)
    serious, minor, checked = {}, {}, []
    page = axe_page.new_page()
    if role != "anonymous":
        sign_in(page, role, password="pw-for-tests-1" if role == "zhuanjia" else "zhichan-demo")
    for url in pages_of(role):
        head = page.request.get(url)
        if "text/html" not in head.headers.get("content-type", "") or "<html" not in head.text()[:300]:
            continue  # a file, JSON, a download or a fragment a page loads into itself
        checked.append(url)
        page.goto(url)  # waits for the load event; then for what htmx fetches into the page
        page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=10_000)
        for v in violations(page):
            target = serious if v["impact"] in ("serious", "critical") else minor
            target.setdefault(url, []).append(v)
    page.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{role}.json").write_text(
        json.dumps({"serious": serious, "minor": minor, "checked": checked}, ensure_ascii=False, indent=1)
    )
    assert serious == {}, json.dumps(serious, ensure_ascii=False, indent=1)
    assert len(checked) >= MIN_PAGES[role], len(checked)
