"""The board as data: the stable JSON document of `zhichan indicators` and the API, and rows for
CSV/xlsx. The format is documented in docs/indicators.md; "zhichan.indicators/1" changes only by
adding keys."""

from decimal import Decimal

from zhichan.monitor.compute import Context
from zhichan.monitor.indicators import INDICATORS

FORMAT = "zhichan.indicators/1"


class UnknownCodes(ValueError):
    """Region or indicator codes a board was asked for that do not exist (or are not visible)."""

    def __init__(self, kind: str, codes: list[str]):
        super().__init__(kind, codes)
        self.kind, self.codes = kind, codes


def board_selection(regions, region_codes: str, children: bool, indicator_codes: str | None):
    """The regions (among ``regions``, in the order asked, each followed on request by its direct
    children) and the indicator codes (None: all) of a board asked for by comma-separated codes,
    as `zhichan indicators` and the API take them. Unknown codes raise UnknownCodes."""
    codes = [c for c in (region_codes or "").split(",") if c]
    found = {r.code: r for r in regions.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise UnknownCodes("region", missing)
    chosen = [found[c] for c in codes]
    if children:
        chosen += [child for r in chosen for child in r.children.order_by("code")]
    wanted = [c for c in (indicator_codes or "").split(",") if c] or None
    bad = [c for c in wanted or [] if c not in INDICATORS]
    if bad:
        raise UnknownCodes("indicator", bad)
    return chosen, wanted


def board_document(regions, ctx: Context, cells: dict, ruleset=None) -> dict:
    codes = list(next(iter(cells.values())).keys()) if cells else list(INDICATORS)
    return {
        "format": FORMAT,
        "as_of": ctx.as_of.isoformat(),
        "since": ctx.since.isoformat(),
        "ruleset": {"id": ruleset.pk, "name": ruleset.name} if ruleset else None,
        "indicators": [
            {
                "code": code,
                "name": str(INDICATORS[code].name),
                "unit": str(INDICATORS[code].unit),
                "period": INDICATORS[code].period,
                "formula": str(INDICATORS[code].formula),
                "source": str(INDICATORS[code].source),
            }
            for code in codes
        ],
        "regions": [
            {"code": r.code, "name": r.name, "level": r.level, "values": cells[r.code]} for r in regions
        ],
    }


HEADER = ["区划代码", "区划", "指标代码", "指标", "单位", "数值", "分子", "分母", "来源", "说明"]
ORIGINS = {"registry": "登记簿", "entered": "录入", "partial": "登记簿（部分覆盖）", "missing": "缺"}


# Columns of the xlsx that machines read and people need not see.
CODES = ["区划代码", "指标代码"]


def board_rows(regions, cells: dict):
    """One row a region and indicator; figures as Decimal (the cached board keeps them as text),
    so that a spreadsheet gets numbers it can add up."""
    for region in regions:
        for code, cell in cells[region.code].items():
            indicator = INDICATORS[code]
            yield [
                region.code, region.name, code, str(indicator.name), str(indicator.unit), _decimal(cell["value"]),
                _decimal(cell["numerator"]), _decimal(cell["denominator"]), ORIGINS[cell["origin"]], cell["note"],
            ]  # fmt: skip


def _decimal(value):
    return None if value is None else Decimal(str(value))
