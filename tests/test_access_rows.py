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
