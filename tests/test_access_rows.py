"""Which rows each role gets, on the pages and in the API — not only whether a page answers.

The fixtures hold what the status-code matrix lacked: an entity with no region (its address could
not be resolved), and users who are not officials but carry a region (an enterprise, a bank and an
expert registered in 宜都). The rules (zhichan/accounts/access.py): only a province official sees
and edits rows with no region; a non-official user is never an official of its region; an
enterprise or bank user sees its own entity and nothing else of its region.
"""

import pytest
from django.urls import reverse

from tests.api.test_api import client_for
from tests.conftest import make_entity, make_user
from zhichan.accounts.access import can_edit_entity, entities_for_user, is_staff_user, regions_for_user
from zhichan.accounts.models import Role
from zhichan.entities.models import Entity, EntityKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roles):
    unlocated = Entity.objects.create(name="地址未能解析的测试公司", name_key="地址未能解析的测试公司",
                                      kind=EntityKind.ENTERPRISE, address="某地某路1号")  # fmt: skip
    neighbour = make_entity("宜都市测试邻居有限公司", "420581001", serial="00000031")
    for user in (roles["enterprise"], roles["bank"]):  # registered in 宜都, as their entity is
        user.region = neighbour.region
        user.save()
    expert = make_user("t_expert_yidu", role=Role.EXPERT, region_code="420581")
    return roles | {"unlocated": unlocated, "neighbour": neighbour, "expert": expert}


def names(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("entities:list"))
    if response.status_code != 200:
        return set()
    return {e.name for e in response.context["page"]}


def test_only_a_province_official_sees_and_edits_an_entity_with_no_region(client, world):
    unlocated = world["unlocated"].name
    assert unlocated in names(client, world["province"])
    for role in ("city", "county", "other_county"):
        assert unlocated not in names(client, world[role]), role
        assert not can_edit_entity(world[role], world["unlocated"]), role
        client.force_login(world[role])
        assert client.get(reverse("entities:edit", args=[world["unlocated"].pk])).status_code == 404
    assert can_edit_entity(world["province"], world["unlocated"])
    client.force_login(world["province"])
    assert client.get(reverse("entities:edit", args=[world["unlocated"].pk])).status_code == 200


def test_the_county_lists_exactly_its_own_entities(client, world):
    assert names(client, world["county"]) == {
        "宜都市测试化工有限公司", "测试银行宜都支行", "宜都市测试邻居有限公司"}  # fmt: skip
    assert names(client, world["other_county"]) == {"枝江市测试酒业有限公司"}
    assert names(client, world["city"]) == names(client, world["county"]) | {"枝江市测试酒业有限公司"}


@pytest.mark.parametrize("role", ["enterprise", "bank", "expert"])
def test_a_user_with_a_region_who_is_not_an_official_is_no_official_of_it(client, world, role):
    user = world[role]
    assert user.region is not None
    assert not is_staff_user(user) and not regions_for_user(user).exists()
    own = {user.entity.name} if user.entity_id else set()
    assert {e.name for e in entities_for_user(user)} == own  # its own entity, not its region's
    client.force_login(user)
    assert client.get(reverse("entities:list")).status_code in (302, 403)
    assert client.get(reverse("entities:detail", args=[world["neighbour"].pk])).status_code in (302, 403, 404)
    assert not can_edit_entity(user, world["neighbour"])
    api = client_for(client, user)
    listed = api.get(reverse("api:entities"))
    rows = listed.json()["results"] if listed.status_code == 200 else []
    assert {e["name"] for e in rows} == own, rows


# The helpers themselves, each role against each kind of row (mutation testing found these
# unasserted: docs/mutation-report.md).
def test_each_helper_answers_for_each_role(world, settings):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from zhichan.accounts import access
    from zhichan.protection.models import Complaint
    from zhichan.regions.models import Region

    settings.HOME_REGION_CODE = "420581"
    yidu, zhijiang = Region.objects.get(code="420581"), Region.objects.get(code="420583")
    township = Region.objects.get(code="420581100")
    county, province, admin = world["county"], world["province"], world["admin"]
    # The office region: an official's own; the installation's home region for an administrator
    # and for anyone without an official's region.
    assert access.office_region(county) == yidu and access.office_region(world["city"]).code == "420500"
    assert access.office_region(admin) == yidu and access.office_region(world["enterprise"]) == yidu
    # Rows of the office's subtree only.
    here = Complaint.objects.create(receipt="T0000001", kind="report", region=township, phone="1", subject="甲",
                                    description="在宜都的举报", received_on="2026-10-09")  # fmt: skip
    there = Complaint.objects.create(receipt="T0000002", kind="report", region=zhijiang, phone="1", subject="乙",
                                     description="在枝江的举报", received_on="2026-10-09")  # fmt: skip
    assert set(access.in_office(Complaint.objects.all(), county)) == {here}
    assert set(access.in_office(Complaint.objects.all(), world["other_county"])) == {there}
    assert set(access.in_office(Complaint.objects.all(), province)) == {here, there}
    # Regions: the subtree; a region outside it is 404, not 403.
    assert set(access.regions_for_user(county).values_list("code", flat=True)) >= {"420581", "420581100"}
    assert not access.regions_for_user(county).filter(code="420583").exists()
    assert not access.regions_for_user(world["enterprise"]).exists()  # a region, but no official
    assert access.regions_for_user(admin).count() == Region.objects.count()
    assert access.region_for_user_or_404(county, "420581100") == township
    for user, code in [(county, "420583"), (world["enterprise"], "420581"), (county, "999999")]:
        with pytest.raises(Http404):
            access.region_for_user_or_404(user, code)
    # Editing a region: its own subtree, or everything for an administrator.
    assert access.can_edit_region(county, township) and access.can_edit_region(admin, zhijiang)
    assert not access.can_edit_region(county, zhijiang) and not access.can_edit_region(county, yidu.parent)
    assert not access.can_edit_region(world["enterprise"], township)
    # An entity outside the scope is 404 to look at and refused to edit.
    assert access.entity_for_user_or_404(county, world["yidu_firm"].pk) == world["yidu_firm"]
    with pytest.raises(Http404) as missing:
        access.entity_for_user_or_404(county, world["zhijiang_firm"].pk)
    assert str(missing.value) == "主体不存在或无权查看"
    with pytest.raises(Http404):
        access.entity_for_user_or_404(world["enterprise"], world["neighbour"].pk)
    assert access.entity_for_user_or_404(world["enterprise"], world["yidu_firm"].pk) == world["yidu_firm"]
    access.require_edit_entity(county, world["yidu_firm"])
    access.require_edit_entity(admin, world["zhijiang_firm"])
    for user, entity in [(county, world["zhijiang_firm"]), (county, world["unlocated"]),
                         (world["enterprise"], world["yidu_firm"])]:  # fmt: skip
        with pytest.raises(PermissionDenied) as refused:
            access.require_edit_entity(user, entity)
        assert str(refused.value) == "无权修改该主体"
    from django.contrib.auth.models import AnonymousUser

    assert not access.can_edit_entity(AnonymousUser(), world["yidu_firm"])
    assert not access.can_edit_region(AnonymousUser(), township)
    assert not access.regions_for_user(AnonymousUser()).exists()
    access.require_edit_entity(province, world["unlocated"])  # the province fixes unlocated rows
    # Rows with no region belong to the province's scope only.
    hubei = Region.objects.get(code="420000")
    assert {world["unlocated"], world["yidu_firm"], world["zhijiang_firm"]} <= set(
        Entity.objects.filter(access.region_scope(hubei))
    )
    assert world["unlocated"] not in Entity.objects.filter(access.region_scope(yidu))
    assert world["unlocated"] not in Entity.objects.filter(access.region_scope(yidu.parent))


def test_an_entity_comes_with_its_region_and_merge_in_one_query(world, django_assert_num_queries):
    """The detail page reads the entity's region and what it was merged into: fetched with it."""
    from zhichan.accounts import access

    merged = world["neighbour"]
    merged.merged_into = world["yidu_firm"]
    merged.save()
    with django_assert_num_queries(1):  # the entity with its region and merge joined
        entity = access.entity_for_user_or_404(world["county"], merged.pk)
        assert (entity.region.code, entity.merged_into.name) == ("420581001", "宜都市测试化工有限公司")


def test_a_region_comes_with_its_parent_and_a_refusal_says_why(world, django_assert_num_queries):
    from django.http import Http404

    from zhichan.accounts import access

    with django_assert_num_queries(1):  # the region page names the parent: fetched with it
        township = access.region_for_user_or_404(world["county"], "420581100")
        assert township.parent.code == "420581"
    with pytest.raises(Http404) as missing:
        access.region_for_user_or_404(world["county"], "420583")
    assert str(missing.value) == "区划不存在或无权查看"
