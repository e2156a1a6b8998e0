"""地理标志运用: each geographical indication of the office's scope with its authorised users
(用标主体) — who may use the 专用标志, since when and until when, whether they do and on what — and
the counts per indication; a users' list imported from Excel or CSV."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.accounts.access import entities_for_user
from zhichan.assets.access import rights_for_user
from zhichan.assets.models import GeographicalIndication, GIUser
from zhichan.assets.values import DateParser, ValueProblem
from zhichan.entities.services import find_entity


@dataclass
class GIRow:
    gi: GeographicalIndication
    users: list = field(default_factory=list)  # authorised on the day
    lapsed: int = 0
    marking: int = 0
    new_this_year: int = 0


def overview(user, day: date) -> list[GIRow]:
    gis = rights_for_user(user, GeographicalIndication).select_related("region").order_by("title", "number")
    rows = {g.pk: GIRow(g) for g in gis}
    for use in GIUser.objects.filter(gi_id__in=list(rows)).select_related("entity").order_by("entity__name"):
        row = rows[use.gi_id]
        if _holds(use, day):
            row.users.append(use)
            row.marking += use.mark_used
        else:
            row.lapsed += 1
        row.new_this_year += bool(use.authorized_on and use.authorized_on.year == day.year)
    return list(rows.values())


def _holds(use: GIUser, day: date) -> bool:
    """An authorisation holds from its date (none: from before the records) to its end (none: open)."""
    return (use.authorized_on is None or use.authorized_on <= day) and (
        use.valid_to is None or use.valid_to >= day
    )


COLUMNS = {
    "gi": ["地理标志", "地理标志名称", "地理标志编号", "产品名称", "登记号"],
    "entity": ["用标主体", "用标企业", "企业名称", "统一社会信用代码", "主体"],
    "authorized_on": ["核准日", "核准日期", "核准使用日期"],
    "valid_to": ["有效期至", "有效期"],
    "mark_used": ["使用专用标志", "已使用专用标志", "是否使用专用标志"],
    "products": ["使用产品", "产品"],
}
YES = {"是", "已使用", "使用", "有", "√", "Y", "y", "1"}


@transaction.atomic
def users_import(*, user, upload) -> tuple[int, int, list[str]]:
    """A list of authorised users into the indications of the office's scope: the indication by its
    number or name, the user by its credit code or its name (a unique match among the registry's
    entities). An existing authorisation is updated. Returns (added, updated, problems by row)."""
    from zhichan.lib.tabular import TableError, read_list

    try:
        rows, at = read_list(upload, COLUMNS, ["gi", "entity"])
    except TableError as error:
        raise ValidationError(str(error)) from error
    scope = list(rights_for_user(user, GeographicalIndication))
    entities = entities_for_user(user)
    by_number = {g.number: g for g in scope}
    by_title: dict[str, list] = {}
    for g in scope:
        by_title.setdefault(g.title, []).append(g)
    dates = DateParser()
    added = updated = 0
    problems = []
    for number, row in rows:
        raw_gi = str(row.get(at["gi"], "") or "").strip()
        gi = by_number.get(raw_gi) or (
            by_title.get(raw_gi, [None, None])[0] if len(by_title.get(raw_gi, [])) == 1 else None
        )
        if gi is None:
            problems.append(_("第%(r)s行：本机关范围内没有地理标志“%(g)s”。") % {"r": number, "g": raw_gi})
            continue
        raw_entity = str(row.get(at["entity"], "") or "").strip()
        try:
            entity = find_entity(entities, raw_entity)
        except ValidationError as problem:
            problems.append(_("第%(r)s行：%(p)s") % {"r": number, "p": "；".join(problem.messages)})
            continue
        try:
            authorized = dates(row.get(at["authorized_on"]) or "" if at["authorized_on"] else "", _("核准日"))
            valid_to = dates(row.get(at["valid_to"]) or "" if at["valid_to"] else "", _("有效期至"))
        except ValueProblem as problem:
            problems.append(_("第%(r)s行：%(p)s") % {"r": number, "p": problem})
            continue
        if authorized and valid_to and valid_to < authorized:
            problems.append(_("第%(r)s行：有效期早于核准日。") % {"r": number})
            continue
        mark = str(row.get(at["mark_used"], "") or "").strip() if at["mark_used"] else ""
        _use, created = GIUser.objects.update_or_create(gi=gi, entity=entity, defaults={
            "authorized_on": authorized, "valid_to": valid_to, "mark_used": mark in YES,
            "products": str(row.get(at["products"], "") or "").strip()[:200] if at["products"] else "",
        })  # fmt: skip
        added += created
        updated += not created
    return added, updated, problems
