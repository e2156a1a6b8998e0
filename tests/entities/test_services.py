from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from zhichan.entities import services
from zhichan.entities.models import AliasKind, Entity, Tag
from zhichan.lib import uscc
from zhichan.regions.models import Region

pytestmark = pytest.mark.django_db


def data(**overrides) -> services.EntityData:
    values = {
        "name": "宜都市华泰化工有限公司",
        "credit_code": uscc.make("91", "420581", "MA4F1234"),
        "address": "湖北省宜都市枝城镇工业园路8号",
    }
    return services.EntityData(**(values | overrides))


def test_create_resolves_region_from_address():
    entity = services.entity_create(data=data())
    assert entity.region.code == "420581104"  # 枝城镇
    assert entity.name_key == "宜都市华泰化工有限公司"


def test_invalid_credit_code_is_refused_in_chinese():
    with pytest.raises(ValidationError) as error:
        services.entity_create(data=data(credit_code="91420581MA4F12340R"))
    assert "校验位不正确" in error.value.message_dict["credit_code"][0]
    assert not Entity.objects.exists()


def test_duplicate_credit_code_names_the_holder():
    services.entity_create(data=data())
    with pytest.raises(ValidationError) as error:
        services.entity_create(data=data(name="另一家公司"))
    assert "宜都市华泰化工有限公司" in error.value.message_dict["credit_code"][0]


def test_official_cannot_place_entity_outside_their_county():
    yidu = Region.objects.get(code="420581")
    with pytest.raises(ValidationError) as error:
        services.entity_create(data=data(address="湖北省枝江市马家店街道"), within=yidu)
    assert "宜都市" in error.value.message_dict["region"][0]


def test_rename_keeps_former_name():
    entity = services.entity_create(data=data())
    services.entity_update(entity=entity, data=data(name="湖北华泰新材料股份有限公司"))
    alias = entity.aliases.get()
    assert alias.name == "宜都市华泰化工有限公司" and alias.kind == AliasKind.FORMER
    assert list(services.entities_matching_name("宜都市华泰化工有限公司")) == [entity]


def test_name_matching_folds_brackets_and_spaces():
    entity = services.entity_create(data=data(name="宜都市华泰（集团）有限公司", credit_code=""))
    assert list(services.entities_matching_name("宜都市 华泰(集团)有限公司")) == [entity]


def test_tags_with_validity_periods():
    entity = services.entity_create(data=data())
    services.entity_tag_add(
        entity=entity, tag=Tag.HIGH_TECH, valid_from=date(2021, 12, 1), valid_to=date(2024, 11, 30)
    )
    assert services.tags_on(entity, date(2023, 1, 1)) == [Tag.HIGH_TECH]
    assert services.tags_on(entity, date(2024, 12, 1)) == []
    with pytest.raises(ValidationError):
        services.entity_tag_add(entity=entity, tag=Tag.HIGH_TECH, valid_from=date(2024, 1, 1))
    renewed = services.entity_tag_add(entity=entity, tag=Tag.HIGH_TECH, valid_from=date(2024, 12, 1))
    assert renewed.valid_to is None
    with pytest.raises(ValidationError):
        services.entity_tag_add(
            entity=entity, tag=Tag.TECH_SME, valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 1)
        )


def test_merge_keeps_history_and_moves_everything():
    keep = services.entity_create(data=data())
    drop = services.entity_create(data=data(name="宜都华泰化工公司", credit_code="", address="宜都市枝城镇"))
    services.entity_alias_add(entity=drop, name="华泰化工")
    services.entity_tag_add(entity=drop, tag=Tag.TECH_SME, valid_from=date(2024, 1, 1))
    user = make_user("merge_user", role="enterprise", entity=drop)
    services.entity_merge(keep=keep, drop=drop)
    drop.refresh_from_db()
    user.refresh_from_db()
    assert drop.merged_into == keep
    assert {a.name for a in keep.aliases.all()} == {"宜都华泰化工公司", "华泰化工"}
    assert keep.tags.filter(tag=Tag.TECH_SME).exists()
    assert user.entity == keep
    assert list(services.entities_matching_name("宜都华泰化工公司")) == [keep]
    with pytest.raises(ValidationError):
        services.entity_merge(keep=keep, drop=drop)


def test_merge_refuses_different_credit_codes():
    a = services.entity_create(data=data())
    b = services.entity_create(data=data(name="别的公司", credit_code=uscc.make("91", "420581", "MA4F9999")))
    with pytest.raises(ValidationError):
        services.entity_merge(keep=a, drop=b)


def test_individual_has_no_credit_code():
    with pytest.raises(ValidationError):
        services.entity_create(data=data(name="张三", kind="individual"))


def test_industry_code_format():
    with pytest.raises(ValidationError) as error:
        services.entity_create(data=data(industry_code="27100"))
    assert "国民经济行业代码" in error.value.message_dict["industry_code"][0]
    assert services.entity_create(data=data(industry_code="c2710")).industry_code == "C2710"


def test_a_merge_keeps_the_patents_rights_pledges_and_applications_of_the_duplicate():
    """The duplicate held a valid invention, a trademark, a pledge and an award application: after
    the merge the kept entity holds them, and 拥有有效专利企业数 stays 1 (it fell to 0)."""
    from decimal import Decimal

    from tests.monitor.test_compute import patent
    from zhichan.assets.models import Trademark
    from zhichan.awards.models import Application, Programme
    from zhichan.finance.models import ItemKind
    from zhichan.finance.services import ItemData, pledge_register
    from zhichan.monitor.compute import board, context

    keep = services.entity_create(data=data())
    drop = services.entity_create(data=data(name="宜都华泰化工公司", credit_code="", address="宜都市枝城镇"))
    Entity.objects.filter(pk__in=[keep.pk, drop.pk]).update(region=Region.objects.get(code="420581100"))
    held = patent("420581100", granted=date(2022, 5, 6), holder=drop)
    mark = Trademark.objects.create(number="70001", title="华泰", holders=drop.name, holder=drop, nice_class=1,
                                    registered_on=date(2020, 1, 7), expires_on=date(2030, 1, 6))  # fmt: skip
    pledge = pledge_register(pledgor_name=drop.name, pledgee_name="测试银行", amount=Decimal("1000000"),
                             registered_on=date(2025, 3, 1), items=[ItemData(ItemKind.PATENT, held.number)])  # fmt: skip
    programme = Programme.objects.create(name="2025年奖补", basis="测试", region=Region.objects.get(code="420581"),
                                         year=2025, budget=100000, opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31))  # fmt: skip
    both = Programme.objects.create(name="2024年奖补", basis="测试", region=Region.objects.get(code="420581"),
                                    year=2024, budget=100000, opens_on=date(2024, 1, 1), closes_on=date(2024, 12, 31))  # fmt: skip
    moved = Application.objects.create(programme=programme, entity=drop)
    Application.objects.create(programme=both, entity=keep)
    twin = Application.objects.create(programme=both, entity=drop)  # both applied: the pair cannot merge

    def enterprises():
        cells = board(
            [Region.objects.get(code="420581")], context(date(2025, 6, 30)), ["enterprises_with_patents"]
        )
        return cells["420581"]["enterprises_with_patents"].value

    assert enterprises() == 1
    services.entity_merge(keep=keep, drop=drop)
    held.refresh_from_db()
    assert held.applicant_links.get().entity == keep and held.first_applicant == keep
    assert enterprises() == 1
    mark.refresh_from_db()
    pledge.refresh_from_db()
    moved.refresh_from_db()
    twin.refresh_from_db()
    assert (mark.holder, pledge.pledgor, moved.entity, twin.entity) == (keep, keep, keep, drop)
