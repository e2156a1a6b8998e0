"""Who sees what: every role against the back-office views, and region scoping."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from zhichan.entities.models import Entity

pytestmark = pytest.mark.django_db

STAFF = ["province", "city", "county", "other_county", "admin"]
NON_STAFF = ["enterprise", "bank", "outsider"]
PAGES = [
    reverse("home"),
    reverse("entities:list"),
    reverse("entities:create"),
    reverse("regions:list"),
    reverse("regions:resolve"),
    reverse("regions:figures_import"),
    reverse("jobs:list"),
    reverse("audit:list"),
    reverse("assets:patents"),
    reverse("assets:rights", args=["trademarks"]),
    reverse("assets:rights", args=["dataip"]),
    reverse("assets:imports"),
    reverse("assets:reviews"),
    reverse("classify:overview"),
    reverse("classify:summary"),
    reverse("monitor:board"),
    reverse("monitor:plans"),
    reverse("monitor:peers"),
    reverse("monitor:rankings"),
    reverse("monitor:reports"),
    reverse("monitor:values_import"),
    reverse("finance:whitelists"),
    reverse("finance:lpr"),
    reverse("finance:pool"),
    reverse("finance:insurance"),
    reverse("finance:pledge_new"),
    reverse("market:search"),
    reverse("market:demands"),
    reverse("market:listings"),
    reverse("market:transactions"),
    reverse("market:deals"),
    reverse("market:grades"),
    reverse("market:pools"),
    reverse("credit:grades"),
    reverse("inspections:plans"),
    reverse("screening:runs"),
    reverse("supervision:plans"),
    reverse("catalog:list"),
    reverse("catalog:new"),
    reverse("events:list"),
    reverse("agencies:list"),
    reverse("agencies:experts"),
    reverse("awards:programmes"),
    reverse("protection:complaints"),
    reverse("protection:cases"),
    reverse("protection:cycle"),
    reverse("protection:limits"),
    reverse("protection:stations"),
    reverse("protection:warnings"),
    reverse("navigation:scopes"),
    reverse("navigation:watches"),
]
# Pages that banks and enterprises also use (the 质押信息平台): each sees only its own rows.
SHARED = [
    reverse("finance:pledges"),
    reverse("finance:versions"),
    reverse("finance:subsidy"),
    reverse("market:recommendations"),
]


@pytest.mark.parametrize("page", SHARED)
@pytest.mark.parametrize("role", ["county", "bank", "enterprise", "outsider"])
def test_shared_finance_pages_open_for_their_users(client, roles, role, page):
    client.force_login(roles[role])
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", NON_STAFF)
@pytest.mark.parametrize("page", PAGES)
def test_non_staff_roles_are_refused(client, roles, role, page):
    client.force_login(roles[role])
    assert client.get(page).status_code == 403


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("page", PAGES)
def test_staff_roles_get_the_pages_in_chinese(client, roles, role, page):
    client.force_login(roles[role])
    response = client.get(page)
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in response.content.decode()


def names_in_list(client) -> set[str]:
    return {e.name for e in client.get(reverse("entities:list")).context["page"]}


def test_list_is_scoped_by_region(client, roles):
    expectations = {
        "county": {"宜都市测试化工有限公司", "测试银行宜都支行"},
        "other_county": {"枝江市测试酒业有限公司"},
        "city": {"宜都市测试化工有限公司", "测试银行宜都支行", "枝江市测试酒业有限公司"},
        "province": {"宜都市测试化工有限公司", "测试银行宜都支行", "枝江市测试酒业有限公司"},
    }
    for role, expected in expectations.items():
        client.force_login(roles[role])
        assert names_in_list(client) == expected, role


def test_county_official_cannot_see_edit_or_export_another_county(client, roles):
    other = roles["zhijiang_firm"]
    client.force_login(roles["county"])
    assert client.get(reverse("entities:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("entities:edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("entities:edit", args=[other.pk]), {"name": "改名", "kind": "enterprise"})
    assert response.status_code == 404
    assert client.post(reverse("entities:tag_add", args=[other.pk]), {"tag": "high_tech"}).status_code == 404
    mine = roles["yidu_firm"]
    merge = client.post(reverse("entities:merge", args=[mine.pk]), {"drop": other.pk, "confirm": "on"})
    assert merge.status_code == 404
    other.refresh_from_db()
    assert other.name == "枝江市测试酒业有限公司" and other.merged_into is None and not other.tags.exists()

    exported = b"".join(client.get(reverse("entities:export", args=["csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    names = {row["名称"] for row in csv.DictReader(io.StringIO(exported))}
    assert names == {"宜都市测试化工有限公司", "测试银行宜都支行"}
    response = client.get(reverse("entities:export", args=["xlsx"]), {"q": "枝江"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == []
    # Filtering by the other county's code does not widen the scope either.
    client.get(reverse("entities:list"), {"region": "420583"})
    assert {
        e.name for e in client.get(reverse("entities:list"), {"region": "420583"}).context["page"]
    } == set()


def test_county_official_cannot_read_other_regions(client, roles):
    client.force_login(roles["county"])
    assert client.get(reverse("regions:detail", args=["420583"])).status_code == 404
    assert client.get(reverse("regions:detail", args=["420581100"])).status_code == 200
    response = client.post(
        reverse("regions:figure_save", args=["420583"]), {"year": 2024, "resident_population": 1}
    )
    assert response.status_code == 404


def test_city_official_edits_inside_the_city(client, roles):
    client.force_login(roles["city"])
    firm = roles["zhijiang_firm"]
    response = client.post(
        reverse("entities:edit", args=[firm.pk]),
        {
            "name": "枝江市测试酒业股份有限公司",
            "kind": "enterprise",
            "credit_code": firm.credit_code,
            "address": "湖北省枝江市马家店街道",
        },
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.name == "枝江市测试酒业股份有限公司" and firm.region.code.startswith("420583")


def test_county_official_cannot_move_entity_out_of_the_county(client, roles):
    client.force_login(roles["county"])
    firm = roles["yidu_firm"]
    response = client.post(
        reverse("entities:edit", args=[firm.pk]),
        {"name": firm.name, "kind": "enterprise", "credit_code": firm.credit_code, "address": "湖北省枝江市"},
    )
    assert response.status_code == 200
    assert "不在“宜都市”范围内" in response.content.decode()
    firm.refresh_from_db()
    assert firm.region.code == "420581100"


def test_create_refuses_invalid_credit_code_with_chinese_message(client, roles):
    client.force_login(roles["county"])
    response = client.post(
        reverse("entities:create"),
        {
            "name": "宜都市新公司",
            "kind": "enterprise",
            "credit_code": "91420581MA4F12340R",
            "address": "宜都市陆城街道",
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    assert not Entity.objects.filter(name="宜都市新公司").exists()


def test_audit_trail_records_who_and_is_scoped(client, roles):
    client.force_login(roles["county"])
    firm = roles["yidu_firm"]
    client.post(
        reverse("entities:edit", args=[firm.pk]),
        {
            "name": "宜都市测试化工股份有限公司",
            "kind": "enterprise",
            "credit_code": firm.credit_code,
            "address": firm.address,
        },
    )
    entry = LogEntry.objects.get_for_object(firm).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == roles["county"]
    assert entry.changes_dict["name"] == ["宜都市测试化工有限公司", "宜都市测试化工股份有限公司"]
    page = client.get(reverse("audit:list")).context["page"]
    assert entry in list(page)
    client.force_login(roles["other_county"])
    assert entry not in list(client.get(reverse("audit:list")).context["page"])


def test_entity_list_query_count_does_not_grow_with_rows(client, roles, django_assert_max_num_queries):
    from tests.conftest import make_entity

    for i in range(30):
        make_entity(f"宜都市批量测试{i}有限公司", "420581001", serial=f"{i + 10:08d}")
    client.force_login(roles["county"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("entities:list"))
    assert len(response.context["page"]) == 32
