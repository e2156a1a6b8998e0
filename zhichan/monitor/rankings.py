"""Quarterly rankings of the units under a region on a weighted composite, with the movement
since the previous quarter, and the 通报 (docx) an office sends them."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.lib.gongwen import chinese_date, figure
from zhichan.lib.templates import compose, letter_fields
from zhichan.monitor.compute import cached_board, context
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import RankingScheme

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
CHINESE_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}


def parse_quarter(text: str) -> tuple[int, int]:
    """ "2025Q2" → (2025, 2), with a Chinese error for anything else."""
    try:
        year, quarter = text.upper().split("Q")
        year, quarter = int(year), int(quarter)
        if quarter not in QUARTER_END or not 1990 <= year <= 2100:
            raise ValueError
    except ValueError as error:
        raise ValidationError(_("季度格式应为“2025Q2”。")) from error
    return year, quarter


def quarter_end(year: int, quarter: int) -> date:
    return date(year, *QUARTER_END[quarter])


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def latest_quarter(today: date) -> tuple[int, int]:
    """The last quarter that has ended by ``today``."""
    quarter = (today.month - 1) // 3  # quarters fully past this year
    return previous_quarter(today.year, 1) if quarter == 0 else (today.year, quarter)


@dataclass
class Ranked:
    region: object
    score: Decimal
    rank: int
    values: dict  # indicator → value (Decimal or None)
    points: dict  # indicator → points out of 100
    previous_rank: int | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def movement(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank


def _scores(scheme: RankingScheme, units: list, as_of: date) -> list[Ranked]:
    codes = [w["indicator"] for w in scheme.weights]
    cells = cached_board(units, context(as_of), codes)
    best = {}
    for code in codes:
        values = [
            Decimal(cells[u.code][code]["value"]) for u in units if cells[u.code][code]["value"] is not None
        ]
        best[code] = (min if INDICATORS[code].lower_is_better else max)(values, default=None)
    total_weight = sum(Decimal(str(w["weight"])) for w in scheme.weights) or Decimal(1)
    ranked = []
    for unit in units:
        values, points, missing, score = {}, {}, [], Decimal(0)
        for spec in scheme.weights:
            code, weight = spec["indicator"], Decimal(str(spec["weight"]))
            raw = cells[unit.code][code]["value"]
            value = Decimal(raw) if raw is not None else None
            values[code] = value
            top = best[code]
            if value is None:
                missing.append(code)
                share = Decimal(0)
            elif not top:
                share = Decimal(100) if value == top else Decimal(0)
            elif INDICATORS[code].lower_is_better:
                share = top / value * 100 if value else Decimal(100)
            else:
                share = value / top * 100
            points[code] = share.quantize(Decimal("0.1"), ROUND_HALF_UP)
            score += share * weight
        ranked.append(
            Ranked(
                unit,
                (score / total_weight).quantize(Decimal("0.01"), ROUND_HALF_UP),
                0,
                values,
                points,
                missing=missing,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.region.code))
    for index, row in enumerate(ranked):
        # Equal scores share a rank (1, 2, 2, 4).
        row.rank = ranked[index - 1].rank if index and row.score == ranked[index - 1].score else index + 1
    return ranked


def ranking(scheme: RankingScheme, year: int, quarter: int) -> list[Ranked]:
    units = list(scheme.region.children.order_by("code"))
    current = _scores(scheme, units, quarter_end(year, quarter))
    before = {
        r.region.code: r.rank for r in _scores(scheme, units, quarter_end(*previous_quarter(year, quarter)))
    }
    for row in current:
        row.previous_rank = before.get(row.region.code)
    return current


# ---------------------------------------------------------------------------------------------
# The 通报


def bulletin(scheme: RankingScheme, year: int, quarter: int, *, office, rows: list[Ranked] | None = None,
             day: date | None = None) -> bytes:  # fmt: skip
    """The quarterly 通报 as a 公文 (GB/T 9704-2012) from ``office``'s letterhead."""
    rows = rows if rows is not None else ranking(scheme, year, quarter)
    codes = [w["indicator"] for w in scheme.weights]
    region = scheme.region
    day = day or timezone.localdate()
    title = _("关于%(y)s年第%(q)s季度%(r)s各单位知识产权重点指标排名情况的通报") % {
        "y": year, "q": CHINESE_QUARTER[quarter], "r": region.name,
    }  # fmt: skip
    fields = letter_fields(office, title, day) | {
        "统计日": chinese_date(quarter_end(year, quarter)), "年度": str(year), "季度": CHINESE_QUARTER[quarter],
    }  # fmt: skip

    def build(doc) -> None:
        weights = "、".join(f"{INDICATORS[w['indicator']].name}（权重{figure(Decimal(str(w['weight'])))}）"
                            for w in scheme.weights)  # fmt: skip
        doc.paragraph(
            _("根据知识产权强县（市）建设三级督查机制，现将截至%(d)s各单位知识产权重点指标完成情况及排名通报如下。"
              "本次排名采用“%(s)s”：指标为%(w)s；各指标以最优单位为100分折算，按权重加权得综合得分。"
              "数据来源于知识产权监测系统登记簿，统计口径见各指标说明。")
            % {"d": chinese_date(quarter_end(year, quarter)), "s": scheme.name, "w": weights}
        )  # fmt: skip
        doc.heading(_("一、综合排名"))
        header = [_("排名"), _("单位"), _("综合得分"), _("较上季度")] + [
            f"{INDICATORS[c].name}（{INDICATORS[c].unit}）" for c in codes
        ]
        table = []
        for row in rows:
            movement = row.movement
            moved = (
                "—"
                if movement is None
                else (_("持平") if movement == 0 else (f"↑{movement}" if movement > 0 else f"↓{-movement}"))
            )
            table.append([row.rank, row.region.name, row.score, moved] + [row.values[c] for c in codes])
        places = {2: 2} | {4 + n: INDICATORS[c].digits for n, c in enumerate(codes)}
        doc.table(header, table, widths=[0.8, 2.2, 1.2, 1.1] + [1.6] * len(codes), digits=places)
        doc.heading(_("二、总体情况"))
        if rows:
            top = "、".join(r.region.name for r in rows[:3])
            bottom = "、".join(r.region.name for r in rows[-3:])
            risers = [r for r in rows if r.movement and r.movement > 0]
            risers.sort(key=lambda r: -r.movement)
            lines = [_("综合得分前三位：%(n)s，予以通报表扬。") % {"n": top},
                     _("综合得分后三位：%(n)s，请分析原因、制定措施，于下季度末前报送整改情况。") % {"n": bottom}]  # fmt: skip
            if risers:
                lines.append(
                    _("较上季度进步最大：%(n)s（上升%(k)s位）。")
                    % {"n": risers[0].region.name, "k": risers[0].movement}
                )
            gaps = [r.region.name for r in rows if r.missing]
            if gaps:
                lines.append(
                    _("以下单位部分指标缺少数据（按0分计）：%(n)s，请及时报送。") % {"n": "、".join(gaps)}
                )
            for line in lines:
                doc.paragraph(line)

    return compose("ranking-bulletin", office, fields, build)
