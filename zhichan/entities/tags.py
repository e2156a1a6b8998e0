"""The entity tags: the seeds' (`Tag`) and those an office defines (`OfficeTag`), one list for every
form, filter and rule that names a tag."""

import re

from django.utils.translation import gettext as _

from zhichan.entities.models import EntityTag, OfficeTag, Tag
from zhichan.lib.codes import code_change_refused

CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")


def tag_choices() -> list[tuple[str, str]]:
    """(code, name) of every tag: the seeds' first, then the offices' by code."""
    return [*Tag.choices, *OfficeTag.objects.order_by("code").values_list("code", "name")]


def tag_codes() -> set[str]:
    return {*Tag.values, *OfficeTag.objects.values_list("code", flat=True)}


def tag_label(code: str) -> str:
    if code in Tag.values:
        return str(Tag(code).label)
    return OfficeTag.objects.filter(code=code).values_list("name", flat=True).first() or code


def check(tag: OfficeTag) -> dict[str, str]:
    """A definition's errors by field (Chinese)."""
    errors = {}
    if not CODE.fullmatch(tag.code or ""):
        errors["code"] = _("代码须以小写字母开头，由小写字母、数字和下划线组成（2–32 个字符）。")
    elif tag.code in Tag.values:
        errors["code"] = _("“%(c)s”是内置标签的代码，请换一个。") % {"c": tag.code}
    elif refused := code_change_refused(tag):
        errors["code"] = refused
    if (tag.name or "").strip() in {str(label) for label in Tag.labels}:
        errors["name"] = _("与内置标签同名，请换一个名称。")
    return errors


def uses(code: str) -> dict[str, int]:
    """What names the tag by its code: entities holding it, award and 贴息 rules, indicator filters."""
    from zhichan.awards.models import AwardRule
    from zhichan.finance.models import SubsidyRule
    from zhichan.monitor.models import OfficeIndicator

    found = {
        str(EntityTag._meta.verbose_name): EntityTag.objects.filter(tag=code).count(),
        str(AwardRule._meta.verbose_name): sum(
            code in (r.eligible_tags or []) for r in AwardRule.objects.all()
        ),
        str(SubsidyRule._meta.verbose_name): sum(
            code in (r.eligible_tags or []) for r in SubsidyRule.objects.all()
        ),
        str(OfficeIndicator._meta.verbose_name): sum(
            f"tag:{code}" in (i.filters or []) for i in OfficeIndicator.objects.all()
        ),
    }
    return {kind: n for kind, n in found.items() if n}
