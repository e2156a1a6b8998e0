"""The official correspondence tables: the copies shipped in ``data/`` and the import of the files
an office receives (``zhichan load-table``). Provenance in data/PROVENANCE.md.

A table is stored as an edition (``ClassTable``) with its rows (``ClassRule``); a rule version
(``RuleSet``) names the editions it uses, so that last year's figures can be recomputed with last
year's tables after a new edition arrives.
"""

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.classify import matcher
from zhichan.classify.models import ClassName, ClassRule, ClassTable, RuleSet, Scheme, TableKind
from zhichan.lib.tabular import TableError, read_grid

DATA = Path(__file__).parent / "data"
# The seven categories of 《知识产权（专利）密集型产业统计分类（2019）》 (国家统计局令第25号), numbered in
# the order the classification lists them (the Yidu plan, ch.5 term 8, quotes the same order).
PI_CATEGORIES = {
    "1": "信息通信技术制造业",
    "2": "信息通信技术服务业",
    "3": "新装备制造业",
    "4": "新材料制造业",
    "5": "医药医疗产业",
    "6": "环保产业",
    "7": "研发、设计和技术服务业",
}
SHIPPED = {
    TableKind.NIC_PI: {
        "edition": "2019",
        "file": "pi_nic_2019.csv",
        "source": "《知识产权（专利）密集型产业统计分类（2019）》（国家统计局令第25号）；"
        "第三方整理本 GitHub swifthu/industrial_classifi @ 0594ba85，data/industry_tree_advanced.json，"
        "见 data/PROVENANCE.md。",
        "defects": "第三方整理本，未逐行核对原文；行业代码按 GB/T 4754-2017 第1号修改单（2019）；"
        "缺 3911、3912。",
    },
    TableKind.IPC_SEI: {
        "edition": "2021（试行）",
        "file": "sei_ipc_2021.csv",
        "source": "《战略性新兴产业分类与国际专利分类参照关系表（2021）（试行）》（国家知识产权局）；"
        "第三方手工转录本 GitHub vvangpc/pr-re @ ab5c0d49，data/zhanlue_1.js…zhanlue_4.js，见 data/PROVENANCE.md。",
        "defects": "手工转录本，未逐页核对原文；个别行的“包含”与“不含”相同（以不含为准）；"
        "H03M13、G16H 无通配符（按整组、整个小类理解）；“产品相关关键词”一行（2.1，B29C64）无可用关键词，"
        "按分类号匹配；表用 IPC 2021 版分类号，之后改入新组（如 H10K、G06V）的专利不被匹配。",
    },
}
DEFAULT_RULESET = "默认口径"


@dataclass
class TableLoad:
    table: ClassTable | None = None
    loaded: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Reading a table file into rule rows


# Header names, folded (no spaces), that identify each column of the files as published.
COLUMNS = {
    "nic": ["国民经济行业代码", "国民经济行业分类代码", "行业代码", "行业小类代码", "小类代码", "国民经济行业分类", "代码"],
    "nic_name": ["国民经济行业名称", "行业名称", "行业小类名称", "小类名称", "名称"],
    "ipc": ["国际专利分类号", "国际专利分类", "IPC分类号", "IPC", "对应IPC", "IPC号"],
    "exclude": ["不含", "排除", "不包含", "除外"],
    "keywords": ["关键词", "关键字"],
    "sei": ["战略性新兴产业分类代码", "战略性新兴产业代码", "产业代码", "分类代码", "代码"],
    "category": ["专利密集型产业", "知识产权（专利）密集型产业", "大类名称", "大类", "类别"],
}  # fmt: skip
NEEDED = {
    TableKind.IPC_NIC: ["nic", "ipc"],
    TableKind.NIC_PI: ["nic", "category"],
    TableKind.IPC_SEI: ["sei", "ipc"],
}


def _find_header(grid, kind: str) -> tuple[int, dict[str, int]]:
    """The header row (within the first ten rows) and the column of each field it names."""
    for index, (_number, cells) in enumerate(grid[:10]):
        folded = [re.sub(r"\s+", "", c).upper() for c in cells]
        columns: dict[str, int] = {}
        for key, names in COLUMNS.items():
            for name in names:
                hits = [i for i, c in enumerate(folded) if c == name.upper() and i not in columns.values()]
                if hits:
                    columns[key] = hits[0]
                    break
        if all(k in columns for k in NEEDED[kind]):
            return index, columns
    wanted = "、".join({"nic": "国民经济行业代码", "ipc": "国际专利分类号", "sei": "战略性新兴产业分类代码",
                       "category": "专利密集型产业（大类）"}[k] for k in NEEDED[kind])  # fmt: skip
    raise TableError(_("前10行中找不到表头：需要列 %(cols)s。") % {"cols": wanted})


def _nic_code(text: str) -> str:
    code = re.sub(r"\s+", "", text)
    if code.isdecimal() and len(code) == 3:
        code = code.zfill(4)  # a spreadsheet stored 0111 as the number 111
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError(_("“%(c)s”不是四位的国民经济行业小类代码。") % {"c": text})
    return code


def parse_grid(kind: str, grid) -> tuple[list[dict], list[tuple[int, str]]]:
    """Rule rows from a table as published; a code cell left empty continues the row above (merged
    cells). Returns the rows and the errors by row number; a row in error is left out."""
    start, columns = _find_header(grid, kind)
    rows, errors = [], []
    carried = ""
    categories = {name: code for code, name in PI_CATEGORIES.items()}

    def cell(cells, key):
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for number, cells in grid[start + 1 :]:
        try:
            if kind == TableKind.NIC_PI:
                target = categories.get(re.sub(r"\s+", "", cell(cells, "category")))
                if target is None:
                    raise ValueError(
                        _("“%(c)s”不是七大类专利密集型产业之一。") % {"c": cell(cells, "category")}
                    )
                rows.append({"row": number, "target": target, "include": _nic_code(cell(cells, "nic")),
                             "exclude": "", "keywords": "", "note": cell(cells, "nic_name")})  # fmt: skip
                continue
            code_key = "nic" if kind == TableKind.IPC_NIC else "sei"
            target = cell(cells, code_key) or carried
            if not target:
                raise ValueError(_("缺少类别代码。"))
            if kind == TableKind.IPC_NIC:
                target = _nic_code(target)
            elif not re.fullmatch(r"\d(\.\d{1,2})*", target):
                raise ValueError(_("“%(c)s”不是战略性新兴产业分类代码（如 1.2）。") % {"c": target})
            carried = target
            include = matcher.parse_patterns(cell(cells, "ipc"))
            if not include:
                raise ValueError(_("国际专利分类号为空。"))
            exclude = matcher.parse_patterns(cell(cells, "exclude"))
            keywords = "|".join(t for t in re.split(r"[|、；;，,\s]+", cell(cells, "keywords")) if t)
        except (ValueError, matcher.InvalidPattern) as problem:
            errors.append((number, str(problem)))
            continue
        rows.append({"row": number, "target": target, "include": matcher.join_patterns(include),
                     "exclude": matcher.join_patterns(exclude), "keywords": keywords[:300], "note": ""})  # fmt: skip
    return rows, errors


def _store_rules(table: ClassTable, rows: list[dict]) -> None:
    table.rules.all().delete()
    rules = []
    for position, r in enumerate(rows, 1):
        rules.append(
            ClassRule(
                table=table,
                position=position,
                target=r["target"],
                include=r["include"],
                exclude=r["exclude"],
                keywords=r["keywords"],
                note=r["note"][:300],
                source_ref=str(r["row"]),
            )
        )
    ClassRule.objects.bulk_create(rules, batch_size=2000)


@transaction.atomic
def load_table(
    kind: str, path: Path, *, edition: str, source: str, filename: str | None = None,
    defects: str = "", user=None, replace: bool = False,
) -> TableLoad:  # fmt: skip
    """Load an official table file as one edition; rows in error are reported and left out."""
    if kind not in TableKind.values:
        raise TableError(_("未知的参照表：%(k)s。") % {"k": kind})
    path = Path(path)
    grid = read_grid(path, filename)
    rows, errors = parse_grid(kind, grid)
    if not rows:
        raise TableError(_("文件中没有可用的规则行。") + "".join(f" 第{n}行：{m}" for n, m in errors[:5]))
    table = ClassTable.objects.filter(kind=kind, edition=edition).first()
    if table is not None and not replace:
        raise TableError(
            _("%(t)s 已有版本“%(e)s”。如确需替换，请加 --replace（使用该版本的规则将全部重算）。")
            % {"t": table.get_kind_display(), "e": edition}
        )
    if table is None:
        table = ClassTable(kind=kind, edition=edition)
    table.source, table.defects = source, defects
    table.filename, table.sha256 = (filename or path.name)[:255], _sha256(path)
    table.rows, table.loaded_by = len(rows), user if user is not None and user.is_authenticated else None
    table.save()
    _store_rules(table, rows)
    return TableLoad(table=table, loaded=len(rows), errors=errors)


# ---------------------------------------------------------------------------------------------
# The copies shipped with the platform


def _load_names() -> None:
    names = []
    with open(DATA / "nic_2017.csv", encoding="utf-8") as handle:
        names += [ClassName(scheme=Scheme.NIC, code=r["nic_code"], name=r["nic_name"], parent=r["menlei"])
                  for r in csv.DictReader(handle)]  # fmt: skip
    names += [ClassName(scheme=Scheme.PI, code=code, name=name) for code, name in PI_CATEGORIES.items()]
    with open(DATA / "sei_2018_names.csv", encoding="utf-8") as handle:
        names += [ClassName(scheme=Scheme.SEI, code=r["code"], name=r["name"], parent=r["parent"])
                  for r in csv.DictReader(handle)]  # fmt: skip
    ClassName.objects.bulk_create(
        names, update_conflicts=True, unique_fields=["scheme", "code"], update_fields=["name", "parent"]
    )


def _shipped_rows(kind: str) -> list[dict]:
    path = DATA / SHIPPED[kind]["file"]
    with open(path, encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    if kind == TableKind.NIC_PI:
        categories = {name: code for code, name in PI_CATEGORIES.items()}
        return [{"row": n, "target": categories[r["pi_category_l1"]], "include": r["nic_code"], "exclude": "",
                 "keywords": "", "note": f"{r['nic_name']}（{r['pi_category_l2']}）"}
                for n, r in enumerate(records, 2)]  # fmt: skip
    return [{"row": f"p.{r['page']}", "target": r["code"],
             "include": matcher.join_patterns(matcher.parse_patterns(r["include"])),
             "exclude": matcher.join_patterns(matcher.parse_patterns(r["exclude"])),
             "keywords": r["keywords"], "note": r["note"]} for r in records]  # fmt: skip


@transaction.atomic
def load_shipped() -> dict[str, int]:
    """Load (or refresh) the shipped tables and class names; create the default rule version."""
    _load_names()
    counts = {}
    tables = {}
    for kind, spec in SHIPPED.items():
        path = DATA / spec["file"]
        table, _created = ClassTable.objects.update_or_create(
            kind=kind, edition=spec["edition"],
            defaults={"source": spec["source"], "defects": spec["defects"], "filename": spec["file"],
                      "sha256": _sha256(path)},
        )  # fmt: skip
        rows = _shipped_rows(kind)
        _store_rules(table, rows)
        ClassTable.objects.filter(pk=table.pk).update(rows=len(rows))
        counts[kind] = len(rows)
        tables[kind] = table
    if not RuleSet.objects.exists():
        RuleSet.objects.create(
            name=DEFAULT_RULESET,
            description=_("随平台提供的参照表与口径参数；IPC—国民经济行业参照表待导入。"),
            nic_pi=tables[TableKind.NIC_PI],
            ipc_sei=tables[TableKind.IPC_SEI],
            is_default=True,
        )
    return counts
