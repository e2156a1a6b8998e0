"""Business actions on entities. Views, commands, imports and the admin all call these."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhichan.entities.models import AliasKind, Entity, EntityAlias, EntityKind, EntityTag
from zhichan.entities.tags import tag_codes
from zhichan.lib import uscc
from zhichan.lib.forms import STALE_MESSAGE, stale
from zhichan.lib.stamp import changes_data
from zhichan.lib.text import fold, name_key
from zhichan.regions.models import Region

INDUSTRY_CODE = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")


@dataclass
class EntityData:
    name: str
    kind: str = EntityKind.ENTERPRISE
    credit_code: str = ""
    region: Region | None = None
    address: str = ""
    industry_code: str = ""
    established_on: date | None = None
    contact_name: str = ""
    contact_phone: str = ""


def clean_credit_code(value: str) -> str | None:
    """Normalize a credit code, or raise ValidationError with the Chinese reason."""
    if not (value or "").strip():
        return None
    try:
        return uscc.validate(value).code
    except uscc.InvalidCreditCode as error:
        raise ValidationError({"credit_code": str(error)}) from error


def clean_industry_code(value: str) -> str:
    code = fold(value or "").upper().replace(" ", "")
    if code and not INDUSTRY_CODE.match(code):
        raise ValidationError(
            {"industry_code": _("国民经济行业代码格式应为门类字母加2至4位数字，如“C2710”。")}
        )
    return code


def _apply(entity: Entity, data: EntityData, within: Region | None = None) -> None:
    name = fold(data.name)
    if not name:
        raise ValidationError({"name": _("名称不能为空。")})
    entity.name = name
    entity.name_key = name_key(name)
    entity.kind = data.kind
    entity.credit_code = clean_credit_code(data.credit_code)
    if entity.kind == EntityKind.INDIVIDUAL and entity.credit_code:
        raise ValidationError({"credit_code": _("个人不填写统一社会信用代码。")})
    entity.address = fold(data.address)
    entity.industry_code = clean_industry_code(data.industry_code)
    entity.established_on = data.established_on
    entity.contact_name = data.contact_name
    entity.contact_phone = data.contact_phone
    entity.region = data.region
    if entity.region is None and entity.address:
        from zhichan.regions.resolve import region_for_address

        entity.region = region_for_address(entity.address)
    if within is not None and (entity.region is None or not entity.region.prefix.startswith(within.prefix)):
        raise ValidationError(
            {
                "region": _("主体所属区划不在“%(scope)s”范围内，请填写管辖范围内的区划或地址。")
                % {"scope": within.name}
            }
        )


def _save(entity: Entity) -> Entity:
    entity.full_clean(exclude=["name_key", "credit_code"])
    if entity.credit_code:
        clash = Entity.objects.filter(credit_code=entity.credit_code).exclude(pk=entity.pk).first()
        if clash is not None:
            raise ValidationError(
                {"credit_code": _("该统一社会信用代码已登记为“%(name)s”。") % {"name": clash.name}}
            )
    try:
        with transaction.atomic():
            entity.save()
    except IntegrityError as error:  # a concurrent insert of the same code
        raise ValidationError({"credit_code": _("该统一社会信用代码已登记。")}) from error
    return entity


@changes_data
def entity_create(*, data: EntityData, within: Region | None = None) -> Entity:
    """Register an entity; ``within`` (an official's region) bounds where it may be placed."""
    entity = Entity()
    _apply(entity, data, within)
    return _save(entity)


@changes_data
def entity_update(
    *, entity: Entity, data: EntityData, within: Region | None = None, version: str = ""
) -> Entity:
    """Save an edit; ``version`` (``record_version`` of what the editor saw) refuses a save over
    someone else's change made meanwhile."""
    old_name = entity.name
    with transaction.atomic():
        if stale(Entity, entity.pk, version):
            raise ValidationError(_(STALE_MESSAGE), code="stale")
        _apply(entity, data, within)
        _save(entity)
        if old_name and name_key(old_name) != entity.name_key:
            entity_alias_add(entity=entity, name=old_name, kind=AliasKind.FORMER, valid_to=date.today())
    return entity


def entity_alias_add(
    *, entity: Entity, name: str, kind: str = AliasKind.ALIAS, valid_to: date | None = None
) -> EntityAlias | None:
    key = name_key(name)
    if not key or key == entity.name_key:
        return None
    alias, _created = EntityAlias.objects.get_or_create(
        entity=entity, name_key=key, defaults={"name": fold(name), "kind": kind, "valid_to": valid_to}
    )
    return alias


@changes_data
def entity_tag_add(
    *,
    entity: Entity,
    tag: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    source: str = "",
) -> EntityTag:
    if tag not in tag_codes():
        raise ValidationError({"tag": _("未知的标签。")})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("截止日期不能早于起始日期。")})
    overlapping = EntityTag.objects.filter(entity=entity, tag=tag)
    for existing in overlapping:
        starts_before_end = valid_to is None or existing.valid_from is None or existing.valid_from <= valid_to
        ends_after_start = valid_from is None or existing.valid_to is None or existing.valid_to >= valid_from
        if starts_before_end and ends_after_start:
            raise ValidationError({"tag": _("该标签在所选期间已存在，请修改原有记录的有效期。")})
    return EntityTag.objects.create(
        entity=entity, tag=tag, valid_from=valid_from, valid_to=valid_to, source=source
    )


@changes_data
def entity_tag_remove(*, tag: EntityTag) -> None:
    tag.delete()


def tags_on(entity: Entity, on: date) -> list[str]:
    """The tags an entity held on a date."""
    return [
        t.tag
        for t in entity.tags.all()
        if (t.valid_from is None or t.valid_from <= on) and (t.valid_to is None or t.valid_to >= on)
    ]


@transaction.atomic
@changes_data
def entity_merge(*, keep: Entity, drop: Entity) -> Entity:
    """Merge a duplicate into the entity that stays.

    The dropped entity's name and aliases become aliases of the kept one, its tags move over,
    users bound to it are rebound, and the dropped row stays with ``merged_into`` set, so the
    audit trail and anything that pointed at it remain readable. A credit code the kept entity
    lacks is taken over.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("不能将主体与自身合并。"))
    if drop.merged_into_id:
        raise ValidationError(_("“%(name)s”已合并过。") % {"name": drop.name})
    if keep.merged_into_id:
        raise ValidationError(_("目标主体“%(name)s”本身已被合并。") % {"name": keep.name})
    if keep.credit_code and drop.credit_code and keep.credit_code != drop.credit_code:
        raise ValidationError(_("两个主体的统一社会信用代码不同，不能合并。"))
    from zhichan.accounts.models import User

    entity_alias_add(entity=keep, name=drop.name, kind=AliasKind.MERGED)
    for alias in drop.aliases.all():
        entity_alias_add(entity=keep, name=alias.name, kind=alias.kind, valid_to=alias.valid_to)
    for tag in drop.tags.all():
        try:
            entity_tag_add(
                entity=keep, tag=tag.tag, valid_from=tag.valid_from, valid_to=tag.valid_to, source=tag.source
            )
        except ValidationError:
            pass  # the kept entity already holds the tag for that period
    User.objects.filter(entity=drop).update(entity=keep)
    _links_move(keep, drop)
    credit_code = drop.credit_code
    drop.merged_into = keep
    drop.credit_code = None
    drop.save()
    if credit_code and not keep.credit_code:
        keep.credit_code = credit_code
        keep.save()
    return keep


# Reverse links that merging handles itself, or that must stay with the merged row.
MERGE_KEEPS = {
    ("entities", "entityalias"),
    ("entities", "entitytag"),
    ("entities", "entity"),
    ("accounts", "user"),
}


def _links_move(keep: Entity, drop: Entity) -> None:
    """Everything that points at the dropped entity points at the kept one: its patents (as
    applicant and first applicant), rights, pledges, applications, cases, listings, grades … A row
    that would then repeat one the kept entity has (one application per programme, say) stays
    with the merged row, where the audit trail still reads it."""
    for field in Entity._meta.get_fields(include_hidden=True):
        if not field.auto_created or field.concrete:
            continue
        model = field.related_model
        if (model._meta.app_label, model._meta.model_name) in MERGE_KEEPS:
            continue
        if field.many_to_many:
            through, column = field.through, f"{field.remote_field.m2m_reverse_field_name()}"
            rows = through._base_manager.filter(**{column: drop.pk})
        else:
            rows, column = model._base_manager.filter(**{field.field.name: drop.pk}), field.field.name
        try:
            with transaction.atomic():
                rows.update(**{column: keep.pk})
        except IntegrityError:  # a unique pair the kept entity already holds: move the others one by one
            for pk in list(rows.values_list("pk", flat=True)):
                try:
                    with transaction.atomic():
                        rows.model._base_manager.filter(pk=pk).update(**{column: keep.pk})
                except IntegrityError:
                    continue


def entities_matching_name(name: str):
    """Active entities whose name or an alias has the same matching key."""
    key = name_key(name)
    return Entity.objects.filter(merged_into__isnull=True).filter(
        pk__in=EntityAlias.objects.filter(name_key=key).values("entity")
    ) | Entity.objects.filter(merged_into__isnull=True, name_key=key)


def find_entity(rows, text: str):
    """The one entity of ``rows`` named by its credit code or its full name."""
    from zhichan.lib import uscc

    rows = rows.filter(merged_into=None)
    if uscc.is_valid(text):
        found = list(rows.filter(credit_code=uscc.normalize(text))[:1])
    else:
        found = list(rows.filter(name=text)[:2])
        if len(found) > 1:
            raise ValidationError(_("名称为“%(n)s”的主体不止一个，请填写统一社会信用代码。") % {"n": text})
    if not found:
        raise ValidationError(_("本辖区内没有统一社会信用代码或全称为“%(n)s”的主体。") % {"n": text})
    return found[0]
