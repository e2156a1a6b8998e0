"""A plan's targets as a workbook (issue 22, item 4): exported one row a target, and imported
from a workbook of the same columns — an office keeps its plan in Excel and loads it here.

A row names its indicator by name or code. A row with the 编号 the export gave updates that target;
a row without one updates the target of the same indicator, kind and deadline, or adds a target
where there is none; targets the file does not name are kept. (A plan may hold two targets of one
indicator and deadline where its text contradicts itself: the 编号 tells them apart.) Rows in error
are reported by row number and column; the others are written."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from zhichan.lib.export import safe_cell, sheet_title
from zhichan.lib.stamp import changes_data
from zhichan.lib.tabular import clean_header, read_rows
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import Plan, Target, TargetKind
from zhichan.monitor.services import _date, indicator_code
from zhichan.regions.services import FigureImportReport, RowError

HEADER = [
    "编号",
    "指标",
    "目标类型",
    "目标值",
    "不超过（越小越好）",
    "须超过",
    "期限",
    "基期值",
    "基期日",
    "原文",
    "说明",
]
KINDS = {str(label): value for value, label in TargetKind.choices} | {
    value: value for value in TargetKind.values
}
YES, NO = {"是", "y", "yes", "true", "1", "√"}, {"", "否", "n", "no", "false", "0"}


def _number(value: Decimal | None) -> float | int | None:
    """A number as Excel should hold it (a number, not text), without the stored trailing zeros."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


def plan_workbook(plan: Plan) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title("指标目标")
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for target in plan.targets.all():
        indicator = INDICATORS.get(target.indicator)
        sheet.append([safe_cell(v) for v in (
            target.pk, str(indicator.name) if indicator else target.indicator, target.get_kind_display(), _number(target.value),
            "是" if target.at_most else "否", "是" if target.strict else "否", target.deadline,
            _number(target.baseline), target.baseline_on, target.quote, target.note,
        )])  # fmt: skip
    for column, width in zip("ABCDEFGHIJK", (8, 24, 12, 12, 10, 8, 12, 12, 12, 48, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[6].number_format = row[8].number_format = "yyyy-mm-dd"
    about = book.create_sheet(sheet_title("规划"))
    for label, value in (("名称", plan.title), ("印发机关", plan.issuer), ("文号", plan.number),
                         ("区划", f"{plan.region.code} {plan.region.name}"), ("起始日", plan.starts_on),
                         ("截止日", plan.ends_on), ("出处", plan.source)):  # fmt: skip
        about.append([label, safe_cell(value)])
    about.column_dimensions["B"].width = 60
    return book


def _flag(raw) -> bool | None:
    text = str(raw if raw is not None else "").strip().lower()
    return True if text in YES else False if text in NO else None


def _decimal(raw) -> Decimal:
    return Decimal(str(raw).replace(",", "").strip())


@changes_data
def targets_import(*, plan: Plan, source, filename: str) -> FigureImportReport:
    report = FigureImportReport()
    valid: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, row in read_rows(source, filename=filename):
        report.rows_read += 1
        cells = {clean_header(k): v for k, v in row.items()}
        row = {name: cells.get(clean_header(name), "") for name in HEADER}  # headers as written or folded
        if report.rows_read == 1:
            missing = [h for h in ("指标", "目标值", "期限") if clean_header(h) not in cells]
            if missing:
                report.errors.append(RowError(1, "", "缺少必需的列：" + "、".join(missing)))
                return report
        errors = []
        raw = str(row.get("指标", "")).strip()
        indicator = indicator_code(raw)
        if indicator is None:
            errors.append(RowError(number, "指标", f"未知指标“{raw}”"))
        kind = KINDS.get(str(row.get("目标类型", "")).strip() or str(TargetKind.LEVEL.label))
        if kind is None:
            errors.append(
                RowError(number, "目标类型", f"“{row.get('目标类型')}”应为到期达到、期内新增累计或年均增长率")
            )
        values = {}
        for column, name, required in (("目标值", "value", True), ("基期值", "baseline", False)):
            cell = row.get(column, "")
            if str(cell).strip() == "":
                if required:
                    errors.append(RowError(number, column, "不能为空"))
                values[name] = None
                continue
            try:
                values[name] = _decimal(cell)
            except InvalidOperation:
                errors.append(RowError(number, column, f"“{cell}”不是数值"))
        for column, name, default in (("期限", "deadline", plan.ends_on), ("基期日", "baseline_on", None)):
            cell = row.get(column, "")
            try:
                values[name] = _date(cell) if str(cell).strip() else default
            except ValueError:
                errors.append(RowError(number, column, f"日期“{cell}”无效（应为 YYYY-MM-DD）"))
        for column, name in (("不超过（越小越好）", "at_most"), ("须超过", "strict")):
            values[name] = _flag(row.get(column, ""))
            if values[name] is None:
                errors.append(RowError(number, column, f"“{row.get(column)}”应为“是”或“否”"))
        if errors:
            report.errors.extend(errors)
            continue
        raw_id = str(row.get("编号", "")).strip().removesuffix(".0")
        if raw_id:
            key = ("id", raw_id)
            if not raw_id.isdecimal() or not plan.targets.filter(pk=raw_id).exists():
                report.errors.append(
                    RowError(number, "编号", f"“{raw_id}”不是本规划的目标编号（新增目标请留空）")
                )
                continue
            values["pk"] = int(raw_id)
        else:
            key = (indicator, kind, values["deadline"])
            alike = list(plan.targets.filter(indicator=indicator, kind=kind, deadline=values["deadline"])[:2])
            if len(alike) > 1:
                report.errors.append(
                    RowError(number, "编号", "本规划有两个以上相同指标、类型和期限的目标，请填写编号")
                )
                continue
            values["pk"] = alike[0].pk if alike else None
        if key in seen:
            report.errors.append(RowError(number, "编号" if key[0] == "id" else "指标",
                                          f"与第{seen[key]}行是同一目标"))  # fmt: skip
            continue
        seen[key] = number
        values |= {"indicator": indicator, "kind": kind, "quote": str(row.get("原文", "")).strip()[:500],
                   "note": str(row.get("说明", "")).strip()[:500]}  # fmt: skip
        valid.append(values)
    with transaction.atomic():
        for values in valid:
            pk = values.pop("pk")
            if pk is None:
                Target.objects.create(plan=plan, **values)
                report.created += 1
                continue
            found = plan.targets.get(pk=pk)
            for name, value in values.items():
                setattr(found, name, value)
            found.save()
            report.updated += 1
    return report
