"""An office's configuration as one workbook (issue 22, item 6): its own tags and indicators, plans and their targets, award
programmes and their rules, ranking schemes and 贴息 policies, one sheet a kind, in the words the
set-up pages use. Another installation (or a county under the province that made it) imports it:
each row goes through the same form as on the page — the same checks, the same Chinese errors —
and updates the record of the same name, or adds one. With ``region`` every record is re-homed to
that region (a county taking its province's set-up as its own)."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from zhichan.lib.export import safe_cell, sheet_title
from zhichan.lib.tabular import check_xlsx, clean_header
from zhichan.regions.models import Region
from zhichan.setup.kinds import BY_SLUG, Kind, children_of

# Kinds in the order they are written and read (parents before their children), and the fields
# that name a record within its region or parent.
KEYS = {
    "tags": ("code",),
    "indicators": ("code",),
    "plans": ("title",),
    "targets": ("indicator", "kind", "deadline", "quote"),
    "programmes": ("year", "name"),
    "award-rules": ("name",),
    "rankings": ("name",),
    "subsidy-rules": ("name",),
    "credit-schemes": ("name",),
    "credit-rules": ("code",),
}
REGION, PARENT = "区划代码", "所属（名称）"
PARENT_NAME = {"targets": "title", "award-rules": "name", "credit-rules": "name"}  # the parent's name field
PARENT_YEAR = "所属项目年度"


@dataclass
class ConfigReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    kept: list[str] = field(
        default_factory=list
    )  # tags, indicators another region of this installation defines


def _labels(kind: Kind) -> dict[str, str]:
    return {name: str(kind.model._meta.get_field(name).verbose_name) for name in kind.fields}


def _flat(choices) -> list[tuple]:
    """Choices with their groups opened (an indicator's filters are grouped by kind)."""
    found = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            found += list(label)
        else:
            found.append((value, label))
    return found


def _short(label) -> str:
    return re.split(r"[（：(:]", str(label), maxsplit=1)[0].strip()


def _written(form_field: forms.Field, value):
    """A stored value as the workbook shows it: choices by label, lists in words, 是/否."""
    if isinstance(form_field, forms.BooleanField):
        return "是" if value else "否"
    if isinstance(form_field, forms.MultipleChoiceField):
        labels = dict(_flat(form_field.choices))
        return "、".join(str(labels.get(v, v)) for v in value or [])
    if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
        return str(dict(form_field.choices).get(value, value or ""))
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, list):
        return form_field.prepare_value(value)
    return value


def config_workbook(user, region: Region | None) -> Workbook:
    from zhichan.setup.views import form_class, scoped

    book = Workbook()
    book.remove(book.active)
    for slug in KEYS:
        kind = BY_SLUG[slug]
        form = form_class(kind, user)()
        sheet = book.create_sheet(sheet_title(str(kind.label)))
        names = [n for n in kind.fields if n != "region"]
        head = ([REGION] if kind.own_region else [PARENT, REGION]) + [_labels(kind)[n] for n in names]
        if slug == "award-rules":
            head.insert(1, PARENT_YEAR)
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = scoped(kind, user)
        if region is not None:
            rows = rows.filter(**{f"{kind.region}__prefix__startswith": region.prefix})
        for record in rows:
            owner = getattr(record, kind.parent[1]) if kind.parent else None
            where = record.region if kind.own_region else owner.region
            code = where.code if where is not None else ""  # the installation's own (a default scheme)
            line = [code] if kind.own_region else [getattr(owner, PARENT_NAME[slug]), code]
            if slug == "award-rules":
                line.insert(1, owner.year)
            line += [_written(form.fields[n], getattr(record, n)) for n in names]
            sheet.append([safe_cell(v) for v in line])
    return book


def _read(book) -> dict[str, list[tuple[int, dict]]]:
    sheets = {}
    for slug in KEYS:
        title = sheet_title(str(BY_SLUG[slug].label))
        if title not in book.sheetnames:
            continue
        rows = list(book[title].iter_rows(values_only=True))
        if not rows:
            continue
        head = [clean_header(h) for h in rows[0]]
        sheets[slug] = [
            (number, dict(zip(head, row, strict=False)))
            for number, row in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]
    return sheets


def _data(kind: Kind, form_class, row: dict) -> dict:
    """The row as the set-up form would receive it from the page."""
    form = form_class()
    labels = _labels(kind)
    data = {}
    for name in kind.fields:
        if name == "region":
            continue
        value = row.get(clean_header(labels[name]))
        form_field = form.fields[name]
        if isinstance(form_field, forms.BooleanField):
            data[name] = "on" if str(value or "").strip() in ("是", "1", "True", "true") else ""
        elif isinstance(form_field, forms.MultipleChoiceField):
            choices = _flat(form_field.choices)
            codes = {str(label): code for code, label in choices} | {c: c for c, _l in choices}
            parts = [p.strip() for p in str(value or "").replace(",", "、").replace("，", "、").split("、")]
            data[name] = [codes.get(p, p) for p in parts if p]
        elif isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
            # A label, or its words before the explanation (“统计期内新增” for “统计期内新增（增量）”).
            codes = {_short(label): code for code, label in form_field.choices}
            codes |= {str(label): code for code, label in form_field.choices}
            text = "" if value is None else str(value).strip()
            data[name] = codes.get(text, text)
        elif isinstance(value, date):
            data[name] = value.isoformat()[:10]
        else:
            data[name] = "" if value is None else str(value)
    return data


def _same(kind: Kind, rows, values: dict, region: Region, parent):
    keys = {name: values[name] for name in KEYS[kind.slug]}
    if kind.own_region:
        keys["region"] = region
    else:
        keys[kind.parent[1]] = parent
    return rows.filter(**keys).first()


def _installation_wide(kind: Kind, user) -> bool:
    """A record without a region (the installation's default credit scheme), which only a system
    administrator keeps."""
    field = kind.model._meta.get_field("region") if kind.own_region else None
    return user.is_superuser and (field is None or field.null)


def config_import(*, user, source, region: Region | None = None) -> ConfigReport:
    """Write the workbook's records; rows in error are reported by sheet and row."""
    from zhichan.setup.views import form_class, scoped

    report = ConfigReport()
    check_xlsx(source)
    book = load_workbook(source, read_only=True, data_only=True)
    sheets = _read(book)
    parents: dict[tuple, object] = {}  # (kind, region code, name[, year]) → the record written
    with transaction.atomic():
        for slug, rows in sheets.items():
            kind = BY_SLUG[slug]
            Form = form_class(kind, user)
            for number, row in rows:
                where = f"“{kind.label}”第{number}行"
                code = str(row.get(clean_header(REGION)) or "").strip().removesuffix(".0")
                home = region or Region.objects.filter(code=code).first()
                if home is None and not (code == "" and _installation_wide(kind, user)):
                    report.errors.append(f"{where}：区划代码“{code}”不存在")
                    continue
                parent = None
                if kind.parent:
                    name = str(row.get(clean_header(PARENT)) or "").strip()
                    year = str(row.get(clean_header(PARENT_YEAR)) or "").strip().removesuffix(".0")
                    parent = parents.get((kind.parent[0], code, name, year if slug == "award-rules" else ""))
                    if parent is None:
                        report.errors.append(f"{where}：找不到所属的“{name}”（须在本工作簿中且无误）")
                        continue
                data = _data(kind, Form, row)
                if kind.own_region:
                    data["region"] = str(home.pk) if home is not None else ""
                blank = Form()
                try:
                    keys = {name: blank.fields[name].clean(data.get(name)) for name in KEYS[slug]}
                except ValidationError:
                    keys = None  # the form below says what is wrong
                existing = _same(kind, scoped(kind, user), keys, home, parent) if keys else None
                if slug in ("tags", "indicators") and keys and existing is None:
                    # An indicator's code is one across the installation: where another region
                    # defines it (the province whose set-up a county takes), that one is used.
                    other = kind.model.objects.filter(code=keys["code"]).select_related("region").first()
                    if other is not None:
                        report.kept.append(f"{where}：“{other.code}”已由{other.region.name}定义，沿用该定义")
                        continue
                instance = existing
                if instance is None and parent is not None:  # the parent set before the record's checks
                    instance = kind.model(**{kind.parent[1]: parent})
                form = Form(data, instance=instance)
                if not form.is_valid():
                    for name, messages in form.errors.items():
                        label = form.fields[name].label if name in form.fields else ""
                        report.errors.append(f"{where}{f'“{label}”' if label else ''}：{'；'.join(messages)}")
                    continue
                record = form.save()
                if existing is not None:
                    report.updated += 1
                else:
                    report.created += 1
                child = next((c.slug for c in children_of(kind) if c.slug in KEYS), "")
                name_field = PARENT_NAME.get(child, "")
                if name_field:
                    year = str(record.year) if slug == "programmes" else ""
                    parents[(slug, code, getattr(record, name_field), year)] = record
    return report
