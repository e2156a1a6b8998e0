"""Every role against every page and API endpoint, on the demo county.

The table below names how each URL is reached; a URL that is not in it fails the first test, so a
new view cannot ship without saying who may open it. Objects in the URLs are the demo's own, taken
inside 宜都市, so the neighbouring county's official must get 404 where the county's gets the page.
"""

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhichan.accounts.models import User

ANONYMOUS = "anonymous"
STAFF = ["admin", "hubei", "yichang", "yidu"]  # every one of them covers 宜都市
NEIGHBOUR = "zhijiang"  # an official of the county next door
NON_STAFF = ["qiye", "yinhang", "zhuanjia"]  # enterprise, bank, an expert with no entity
ROLES = [ANONYMOUS, *STAFF, NEIGHBOUR, *NON_STAFF]


def url_names(patterns=None, namespace=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_names(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


# ---------------------------------------------------------------------------------------------
# The demo county, loaded once for the module and rolled back after it.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", entities=40, patents=300, verbosity=0)
        User.objects.create_user("zhuanjia", password="pw-for-tests-1", role="expert")
        yield
        transaction.set_rollback(True)


def _first(model_or_rows, **filters):
    rows = model_or_rows.objects.all() if hasattr(model_or_rows, "objects") else model_or_rows
    return rows.filter(**filters).order_by("pk").first()


def _pk(model, **filters) -> dict:
    found = _first(model, **filters)
    return {"pk": found.pk if found else 0}


YIDU = "420581"


def _entity() -> dict:
    from zhichan.entities.models import Entity

    return _pk(Entity, region__prefix__startswith=YIDU, kind="enterprise", merged_into=None)


def _other_entity() -> dict:
    """A firm of 宜都市 that is not the demo enterprise user's own."""
    from zhichan.entities.models import Entity

    own = User.objects.get(username="qiye").entity_id
    return _pk(Entity.objects.exclude(pk=own), region__prefix__startswith=YIDU, kind="enterprise")


def _patent() -> dict:
    from zhichan.assets.models import Patent

    return _pk(Patent, region__prefix__startswith=YIDU)


def _apps(label: str, model: str):
    from django.apps import apps

    return apps.get_model(label, model)


def _of(label: str, model: str, **filters) -> Callable[[], dict]:
    return lambda: _pk(_apps(label, model), **filters)


def _tag() -> dict:
    tag = _first(_apps("entities", "EntityTag"), entity__region__prefix__startswith=YIDU)
    return {"pk": tag.entity_id, "tag_pk": tag.pk}


def _bank_not_qiye():
    """The demo bank's pledges other than those of the demo enterprise user's firm."""
    return _apps("finance", "Pledge").objects.exclude(pledgor__user__username="qiye")


def _api_patent() -> dict:
    from zhichan.assets.models import Patent

    return {"number": _first(Patent, region__prefix__startswith=YIDU).number}


def _case_file() -> dict:
    return _of("protection", "Case", region__prefix__startswith=YIDU)() | {"version_id": 0}


def _run_file() -> dict:
    return _of("navigation", "Run")() | {"name": "报告.docx"}


NONE = lambda: {"pk": 0}  # noqa: E731 — the demo holds none: checked on a missing object

ARGS: dict[str, Callable[[], dict]] = {
    "regions:detail": lambda: {"code": "420581100"},
    "regions:figure_save": lambda: {"code": YIDU},
    "entities:export": lambda: {"fmt": "csv"},
    "entities:detail": _entity,
    "entities:edit": _entity,
    "entities:tag_add": _entity,
    "entities:tag_remove": _tag,
    "entities:alias_add": _entity,
    "entities:merge": _entity,
    "assets:patent_export": lambda: {"fmt": "csv"},
    "assets:patent": _patent,
    "assets:patent_event_add": _patent,
    "assets:rights": lambda: {"kind": "trademarks"},
    "assets:right_export": lambda: {"kind": "trademarks", "fmt": "csv"},
    "assets:batch": _of("assets", "ImportBatch"),
    "assets:batch_undo": _of("assets", "ImportBatch"),
    "assets:batch_errors": _of("assets", "ImportBatch"),
    "assets:import_template": lambda: {"kind": "patents"},
    "assets:review_resolve": NONE,
    "assets:profile": _entity,
    "classify:recompute": _of("classify", "RuleSet"),
    "classify:thresholds": _of("classify", "RuleSet"),
    "classify:patent": _patent,
    "monitor:board_data": lambda: {"fmt": "csv"},
    "monitor:chart_data": lambda: {"key": "kind", "fmt": "json"},
    "monitor:records_export": lambda: {"fmt": "csv"},
    "monitor:target": _of("monitor", "Target", plan__region__code=YIDU),
    "monitor:report_file": lambda: {"pk": 0, "name": "报告.docx"},
    "monitor:peer": _of("monitor", "PeerSet"),
    "finance:pledge": lambda: _pk(_bank_not_qiye(), pledgee__user__username="yinhang"),
    "finance:portfolio": lambda: {
        "pk": _first(_bank_not_qiye(), pledgee__user__username="yinhang").pledgor_id
    },
    "finance:whitelist": _of("finance", "Whitelist", region__code=YIDU),
    "awards:project": _of("awards", "Project", entity__user__username="qiye"),
    "finance:insurance_policy": _of("finance", "InsurancePolicy", region__code=YIDU),
    "portal:publicity": _of("awards", "Publicity", programme__region__code=YIDU),
    "market:accept": _of("market", "Listing", kind="open"),
    "portal:object": lambda: {"kind": "award", "pk": _pk(_apps("awards", "Publicity"))["pk"]},
    "finance:claim": lambda: _pk(
        _apps("finance", "RiskClaim"), pledge__in=_bank_not_qiye(), pledge__pledgee__user__username="yinhang"
    ),
    "finance:default_report": lambda: _pk(_bank_not_qiye(), pledgee__user__username="yinhang"),
    "finance:version": _of("finance", "WhitelistVersion", whitelist__region__code=YIDU),
    "market:demand": _of("market", "Demand"),
    "market:reverse": _patent,
    "market:deal": _of("market", "Deal"),
    "credit:entity": _entity,
    "inspections:plan": _of("inspections", "InspectionPlan", region__code=YIDU),
    "screening:run": NONE,
    "supervision:plan": _of("monitor", "Plan", region__code=YIDU),
    "supervision:item": _of("supervision", "WorkItem", plan__region__code=YIDU),
    "catalog:edit": _of("catalog", "ServiceItem", region__code=YIDU),
    "agencies:agency": _of("agencies", "AgencyProfile", entity__region__code=YIDU),
    "awards:programme": _of("awards", "Programme"),
    "awards:application": lambda: _pk(_apps("awards", "Application"), entity__user__username="qiye"),
    "protection:complaint": _of("protection", "Complaint", region__code=YIDU),
    "protection:attachment": lambda: _of("protection", "Complaint", region__code=YIDU)() | {"file_id": 0},
    "protection:complaint_case": _of("protection", "Complaint", region__code=YIDU),
    "protection:case": _of("protection", "Case", region__prefix__startswith=YIDU),
    "protection:case_file": _case_file,
    "protection:station": _of("protection", "Workstation", region__prefix__startswith=YIDU),
    "protection:warning": _of("protection", "RiskWarning"),
    "protection:disclosure": _of("protection", "Disclosure"),
    "navigation:scope": _of("navigation", "Scope"),
    "navigation:run_file": _run_file,
    "jobs:detail": NONE,
    "jobs:rerun": NONE,
    "jobs:file": lambda: {"pk": 0, "name": "export.csv"},
    "api_token_revoke": NONE,
    "user_edit": lambda: {"pk": User.objects.get(username="qiye").pk},
    "setup:list": lambda: {"kind": "plans"},
    "setup:template_download": lambda: {"kind": "report", "which": "current"},
    "setup:plan_export": _of("monitor", "Plan", region__code=YIDU),
    "setup:plan_import": _of("monitor", "Plan", region__code=YIDU),
    "setup:new": lambda: {"kind": "plans"},
    "setup:edit": lambda: {"kind": "plans"} | _of("monitor", "Plan", region__code=YIDU)(),
    "setup:delete": lambda: {"kind": "plans"} | _of("monitor", "Plan", region__code=YIDU)(),
    "user_password": lambda: {"pk": User.objects.get(username="qiye").pk},
    "notices:open": NONE,
    "help_page": lambda: {"slug": "official"},
    "help_image": lambda: {"name": "official-home"},
    "api:entity": _other_entity,
    "api:patent": _api_patent,
    "portal:open_data": lambda: {"fmt": "csv"},
    "portal:service": _of("catalog", "ServiceItem", region__code=YIDU),
    "portal:inspection": _of("inspections", "InspectionPlan", status="published"),
    # 宜都's hand-off to 当阳: 枝江 sees none.
    "protection:handoff": _of("protection", "Handoff", from_region__code=YIDU),
    "supervision:inspection": _of("supervision", "Inspection", plan__region__code=YIDU),
    "market:product": _of("market", "PatentProduct", region__prefix__startswith=YIDU),
}


# Query strings: the county asked for by code, so that the neighbour's official is refused it.
QUERY = {
    "monitor:board": "region=420581",
    "monitor:board_data": "region=420581",
    "monitor:chart_data": "region=420581",
    "monitor:records": "region=420581&indicator=invention_valid",
    "monitor:records_export": "region=420581&indicator=invention_valid",
    "api:indicators": "region=420581",
    "api:patents": "region=420581",
}

# Expected status for:        anonymous, admin, hubei, yichang, yidu, zhijiang, qiye, yinhang, zhuanjia
PUBLIC = "200 200 200 200 200 200 200 200 200"
STAFF_PAGE = "302 200 200 200 200 200 403 403 403"
STAFF_OBJECT = "302 200 200 200 200 404 403 403 403"  # an object of 宜都市
STAFF_POST = "302 405 405 405 405 405 403 403 403"  # a form's target: refused before the method is
STAFF_MISSING = "302 404 404 404 404 404 403 403 403"  # the demo holds none: refused before the lookup
SIGNED_IN = "302 200 200 200 200 200 200 200 200"  # each sees its own rows (tests of each module)
OFFICE_ADMIN = "302 200 403 403 200 403 403 403 403"
API_LIST = "401 200 200 200 200 200 200 200 200"
API_OBJECT = "401 200 200 200 200 404 404 404 404"  # not the enterprise's, not the bank's

MATRIX: dict[str, str] = {
    # Public: the portal, the complaint form and receipt lookup, published disclosures, health.
    "health": PUBLIC,
    "login": PUBLIC,
    "logout": "405 405 405 405 405 405 405 405 405",  # POST only
    # One's own account: password and API tokens (a token of someone else is 404, tests/web).
    "password_change": SIGNED_IN,
    "password_done": "302 302 302 302 302 302 302 302 302",
    "api_tokens": SIGNED_IN,
    "api_token_revoke": "302 405 405 405 405 405 405 405 405",  # POST only
    # The office's accounts and separation of duties: its office administrator (yidu) and system
    # administrators; a user of 宜都市 is 404 to an administrator of another county (tests/accounts).
    "users": OFFICE_ADMIN,
    "user_new": OFFICE_ADMIN,
    "user_edit": OFFICE_ADMIN,
    "user_password": OFFICE_ADMIN,
    "separation": OFFICE_ADMIN,
    # The office's set-up pages (tests/setup): the same two; a record of 宜都市 is 404 to another county's.
    "setup:index": OFFICE_ADMIN,
    "setup:list": OFFICE_ADMIN,
    "setup:new": OFFICE_ADMIN,
    "setup:edit": OFFICE_ADMIN,
    "setup:delete": "302 405 403 403 405 403 403 403 403",  # POST only
    "setup:plan_export": OFFICE_ADMIN,
    "setup:templates": OFFICE_ADMIN,
    "setup:template_download": OFFICE_ADMIN,
    "setup:config_export": OFFICE_ADMIN,
    "setup:config_import": "302 405 403 403 405 403 403 403 403",  # POST only
    "setup:plan_import": "302 405 403 403 405 403 403 403 403",  # POST only
    # An office administrator starts the region's own credit scheme from the one that applies.
    "credit:scheme_copy": "302 405 403 403 405 403 403 403 403",  # POST only
    # The thresholds of the rule versions every region shares: administrators of the installation's
    # own office (宜都, the demo's home) or above it, and system administrators.
    "classify:thresholds": OFFICE_ADMIN,
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "help_index": PUBLIC,
    "help_page": PUBLIC,
    "help_image": PUBLIC,
    # One's own notices and their channels; marking read is a POST (another's notice is 404, tests/notices).
    "notices:list": SIGNED_IN,
    "notices:settings": SIGNED_IN,
    "notices:read_all": "302 405 405 405 405 405 405 405 405",
    "notices:open": "302 405 405 405 405 405 405 405 405",
    "api:token": "405 405 405 405 405 405 405 405 405",  # POST only
    **{
        f"portal:{n}": PUBLIC
        for n in (
            "home open_data services listings demands whitelist directories events inspections inspection products "
            "publicities publicity"
        ).split()
    },
    "portal:service": PUBLIC,
    "portal:object": "405 405 405 405 405 405 405 405 405",  # a visitor's objection: POST only
    "protection:public_new": PUBLIC,
    "protection:public_status": PUBLIC,
    "protection:public_warnings": PUBLIC,
    "protection:public_stations": PUBLIC,
    "protection:disclosures": PUBLIC,
    "protection:disclosure": PUBLIC,
    # Self-service: 我的 sends staff to the back office; awards/mine is the enterprise's.
    "portal:mine": "302 302 302 302 302 302 200 200 200",
    "awards:mine": "302 403 403 403 403 403 200 200 403",  # users of an entity (a bank may apply too)
    "market:products_mine": "302 403 403 403 403 403 200 200 403",  # an entity's own filings
    # The 质押信息平台 pages shared by officials, banks and enterprises, each its own rows.
    "finance:pledges": SIGNED_IN,
    "finance:versions": SIGNED_IN,
    "finance:subsidy": SIGNED_IN,
    "market:recommendations": SIGNED_IN,
    "finance:pledge": "302 200 200 200 200 404 404 200 404",  # the bank's pledge, not qiye's
    "finance:portfolio": "302 200 200 200 200 404 404 200 404",  # the bank may open its pledgor's
    "finance:claims": SIGNED_IN,
    "finance:needs": "302 200 200 200 200 200 403 200 403",  # the office reviews, banks answer; enterprises use 我的
    "market:mine": "302 403 403 403 403 403 200 200 403",  # an entity's own submissions
    "market:accept": "302 405 405 405 405 405 405 405 405",  # accepting an open licence: POST only  # risk-compensation claims: the office's pool's, the bank's, the borrower's
    "finance:claim": "302 200 200 200 200 404 404 200 404",  # a claim on the bank's loan, not qiye's
    "finance:default_report": "302 405 405 405 405 405 405 405 405",  # POST only (the bank's report)
    # A published whitelist (also public on the portal): here for its region's officials and the
    # banks and enterprises, not for the neighbour's official nor a user with no entity.
    "finance:version": "302 200 200 200 200 404 200 200 404",
    "awards:application": "302 200 200 200 200 404 200 404 404",  # qiye's own application; 404 (not 403) to others
    "awards:project": "302 200 200 200 200 404 200 404 404",  # qiye's own cultivation project
    "awards:projects_mine": "302 403 403 403 403 403 200 200 403",  # users of an entity (a university too)
    # The API: token or session; lists scoped, objects outside the scope are 404.
    **{
        f"api:{n}": API_LIST
        for n in "regions entities patents pledges transactions trademarks gis copyrights varieties layouts dataip".split()
    },
    "api:entity": API_OBJECT,
    "api:patent": API_OBJECT,
    "api:indicators": "401 200 200 200 200 404 404 404 404",
}
STAFF_PAGES = """home regions:list regions:resolve regions:figures_import regions:figures_template entities:list
    entities:export entities:create assets:patents assets:patent_export assets:patent_count assets:rights
    assets:right_export assets:gi assets:imports assets:import_template assets:reviews classify:overview classify:summary
    classify:export monitor:plans monitor:peers monitor:peer monitor:values_import monitor:rankings monitor:reports
    finance:pledge_new finance:whitelists finance:lpr finance:pool finance:insurance market:search market:demands
    market:listings market:transactions market:deals market:grades market:pools credit:grades
    inspections:plans screening:runs supervision:plans catalog:list catalog:new events:list agencies:list
    agencies:experts market:products awards:programmes awards:projects protection:complaints protection:cases protection:cycle protection:handoffs
    protection:white_paper protection:limits protection:stations protection:warnings navigation:scopes
    navigation:watches jobs:list audit:list search:results catalog:footer portal:objections"""
STAFF_OBJECTS = """regions:detail entities:detail entities:edit assets:patent assets:profile classify:patent
    monitor:board monitor:board_data monitor:chart_data monitor:records monitor:records_export monitor:target
    market:demand credit:entity supervision:plan finance:insurance_policy supervision:item awards:programme protection:case
    protection:station protection:warning navigation:scope catalog:edit agencies:agency protection:complaint
    finance:whitelist market:deal market:reverse inspections:plan protection:handoff supervision:inspection market:product"""
STAFF_POSTS = """regions:figure_save entities:tag_add entities:tag_remove entities:alias_add entities:merge
    assets:patent_event_add assets:batch_undo assets:review_resolve classify:recompute jobs:rerun
    protection:complaint_case regions:reresolve classify:table_upload"""
STAFF_MISSINGS = """monitor:report_file
    screening:run protection:case_file navigation:run_file jobs:detail jobs:file"""
for names, expected in [(STAFF_PAGES, STAFF_PAGE), (STAFF_OBJECTS, STAFF_OBJECT), (STAFF_POSTS, STAFF_POST),
                        (STAFF_MISSINGS, STAFF_MISSING)]:  # fmt: skip
    MATRIX |= dict.fromkeys(names.split(), expected)
# A complaint's attachments are personal data: the handler's and administrators' only (none is
# assigned yet, and this file does not exist: the administrator gets 404, other staff 403).
MATRIX["protection:attachment"] = "302 404 403 403 403 404 403 403 403"
MATRIX["assets:batch"] = "302 200 200 404 404 404 403 403 403"  # the demo's import, run with no region
MATRIX["assets:batch_errors"] = MATRIX["assets:batch"]
MATRIX["monitor:bulletin"] = "302 200 200 200 200 404 403 403 403"  # 枝江 has no ranking scheme of its own


def _url(name: str) -> str:
    url = reverse(name, kwargs=ARGS[name]() if name in ARGS else None)
    return f"{url}?{QUERY[name]}" if name in QUERY else url


def test_every_url_says_who_may_open_it():
    names = {n for n in url_names() if not n.startswith("admin:")}
    assert sorted(names - MATRIX.keys()) == [], "新页面须在权限矩阵中写明谁可以访问"
    assert sorted(MATRIX.keys() - names) == []
    assert sorted(n for n in names if any(f"<{c}:" in n for c in "is")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(demo, client, name):
    url = _url(name)
    got = []
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(User.objects.get(username=role))
        response = client.get(url)
        got.append(str(response.status_code))
        if response.status_code == 302 and role == ANONYMOUS and name not in ("portal:mine",):
            assert response["Location"].startswith(reverse("login")), url
    assert " ".join(got) == MATRIX[name], f"{url}\n  roles    {' '.join(r[:3] for r in ROLES)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(n for n, e in MATRIX.items() if e in (STAFF_POST, STAFF_PAGE, STAFF_OBJECT))
)
def test_refused_roles_cannot_post(demo, client, name):
    """A form posted by someone without the right changes nothing: login first, or 403."""
    from auditlog.models import LogEntry

    url = _url(name)
    before = LogEntry.objects.count()
    assert client.post(url, {"name": "改名"}).status_code == 302
    for role in NON_STAFF:
        client.force_login(User.objects.get(username=role))
        assert client.post(url, {"name": "改名"}).status_code == 403, (role, url)
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_admin_site_is_for_administrators_only(demo, client):
    for role in ["hubei", "yidu", "qiye", "yinhang"]:
        client.force_login(User.objects.get(username=role))
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "start"), [("yidu", "home"), ("qiye", "finance:pledges"),
                                             ("yinhang", "finance:pledges"), ("zhuanjia", "finance:pledges")])  # fmt: skip
def test_every_menu_link_opens_for_its_user(demo, client, role, start):
    """Enterprise and bank users get their own menu: no link of the frame leads to a refusal."""
    import re

    client.force_login(User.objects.get(username=role))
    page = client.get(reverse(start)).content.decode()
    frame = page.split("<main", 1)[0]
    links = set(re.findall(r'href="(/[^"#]*)"', frame)) - {"/static/"}
    links = {link for link in links if not link.startswith("/static/")}
    assert len(links) >= (30 if role == "yidu" else 2)
    refused = {link: client.get(link).status_code for link in sorted(links)}
    assert {link: code for link, code in refused.items() if code != 200} == {}
