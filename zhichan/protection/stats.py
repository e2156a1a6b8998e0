"""Processing time of cases (the 侵权纠纷案件平均处理周期 indicator and its distribution), the
yearly protection white paper's statistics, and workstation figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhichan.lib.export import append_row
from zhichan.protection.models import (
    Case,
    CaseKind,
    Channel,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Disclosure,
    RiskWarning,
    ServiceLog,
    StationKind,
    Workstation,
)

ADJUDICATIONS = (CaseKind.ADJUDICATION, CaseKind.SIMPLE)
# Buckets of natural days from filing to conclusion; the Yidu target is ≤ 2 months (任务27).
BUCKETS = [
    (0, 30, "≤30日"),
    (31, 60, "31–60日"),
    (61, 90, "61–90日"),
    (91, 120, "91–120日"),
    (121, None, ">120日"),
]
TARGET_DAYS = 60


def concluded(cases: QuerySet, start: date, end: date) -> QuerySet:
    """Cases filed and concluded (审结), the conclusion within [start, end]."""
    return cases.filter(
        filed_on__isnull=False, decided_on__gte=start, decided_on__lte=end, cycle_days__isnull=False
    )


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CycleRow:
    key: str
    label: str
    days: list[int] = field(default_factory=list)
    clock: list[int] = field(default_factory=list)
    longest: list[Case] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def mean(self) -> Decimal | None:
        return _mean(self.days)

    @property
    def clock_mean(self) -> Decimal | None:
        return _mean(self.clock)

    @property
    def median(self):
        return median(self.days) if self.days else None

    @property
    def p90(self):
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[min(len(ordered) - 1, -(-len(ordered) * 9 // 10) - 1)]  # nearest rank

    @property
    def within_target(self) -> int:
        return sum(1 for d in self.days if d <= TARGET_DAYS)

    @property
    def buckets(self) -> list[int]:
        return [
            sum(1 for d in self.days if d >= low and (high is None or d <= high)) for low, high, _l in BUCKETS
        ]


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def cycle_table(
    cases: QuerySet, start: date, end: date, by: str = "kind", kinds=ADJUDICATIONS
) -> list[CycleRow]:
    """Rows by kind, handler or quarter, plus a total row first; each keeps its five longest cases."""
    rows: dict[str, CycleRow] = {}
    total = CycleRow("", _("合计"))
    picked = concluded(cases, start, end).select_related("handler").order_by("-cycle_days", "number")
    if kinds:
        picked = picked.filter(kind__in=kinds)
    for case in picked:
        if by == "handler":
            key, label = str(case.handler_id or ""), str(case.handler or _("未分配"))
        elif by == "quarter":
            key = label = _quarter(case.decided_on)
        else:
            key, label = case.kind, str(case.get_kind_display())
        row = rows.setdefault(key, CycleRow(key, label))
        for target in (row, total):
            target.days.append(case.cycle_days)
            target.clock.append(case.clock_days if case.clock_days is not None else case.cycle_days)
            if len(target.longest) < 5:
                target.longest.append(case)
    return [total, *sorted(rows.values(), key=lambda r: r.key)]


def case_counts(cases: QuerySet, start: date, end: date) -> list[dict]:
    """Per kind: requests received, filed, concluded in the period; open at its end."""
    received = Q(requested_on__gte=start, requested_on__lte=end)
    rows = (
        cases.values("kind")
        .annotate(
            received=Count("pk", filter=received),
            filed=Count("pk", filter=Q(filed_on__gte=start, filed_on__lte=end)),
            concluded=Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)),
            open=Count(
                "pk", filter=Q(requested_on__lte=end) & (Q(decided_on__isnull=True) | Q(decided_on__gt=end))
            ),
        )
        .order_by("kind")
    )
    return [row | {"label": str(CaseKind(row["kind"]).label)} for row in rows]


SERVICE_KINDS = ["consultation", "referral", "mediation", "training", "guidance"]


def station_figures(station: Workstation, year: int) -> dict[str, int]:
    """Service kind → the year's total (times or attendees), from the station's service log."""
    logs = (
        ServiceLog.objects.filter(station=station, on__year=year).values("kind").annotate(total=Sum("count"))
    )
    found = {row["kind"]: row["total"] or 0 for row in logs.order_by()}
    return {kind: found.get(kind, 0) for kind in SERVICE_KINDS}


def white_paper(region, year: int) -> Workbook:
    """The statistics of the yearly protection white paper (知识产权保护状况白皮书) for a region."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = Case.objects.filter(region__prefix__startswith=region.prefix)
    book = Workbook()
    sheet = book.active
    sheet.title = _("案件办理")
    append_row(sheet, [_("%(r)s %(y)s 年知识产权保护案件统计") % {"r": region.name, "y": year}])
    append_row(sheet, [_("案件类型"), _("收到请求/线索"), _("立案"), _("审结"), _("年末未结")])
    for row in case_counts(cases, start, end):
        append_row(sheet, [row["label"], row["received"], row["filed"], row["concluded"], row["open"]])
    cycle = book.create_sheet(_("处理周期"))
    append_row(cycle, [_("类型"), _("审结件数"), _("平均周期（日）"), _("扣除中止平均（日）"), _("中位数"), _("P90"),
                  _("两个月内审结")] + [label for _l, _h, label in BUCKETS])  # fmt: skip
    for row in cycle_table(cases, start, end, kinds=None):
        append_row(cycle, [row.label, row.count, row.mean, row.clock_mean, row.median, row.p90, row.within_target,
                      *row.buckets])  # fmt: skip
    complaints = Complaint.objects.filter(region__prefix__startswith=region.prefix, received_on__year=year)
    sheet = book.create_sheet(_("投诉举报"))
    append_row(sheet, [_("类型"), _("渠道"), _("状态"), _("件数")])
    for row in (
        complaints.values("kind", "channel", "status").annotate(n=Count("pk")).order_by("kind", "channel")
    ):
        labels = (
            ComplaintKind(row["kind"]).label,
            Channel(row["channel"]).label,
            ComplaintStatus(row["status"]).label,
        )
        append_row(sheet, [*(str(label) for label in labels), row["n"]])
    sheet = book.create_sheet(_("执法信息公开"))
    published = Disclosure.objects.filter(case__in=cases, published_on__year=year, withdrawn_on__isnull=True)
    append_row(sheet, [_("公开件数"), published.count()])
    append_row(sheet, [_("其中典型案例"), published.filter(typical=True).count()])
    for disclosure in published.filter(typical=True):
        append_row(sheet, [disclosure.title, disclosure.typical_note])
    sheet = book.create_sheet(_("工作站"))
    append_row(
        sheet,
        [
            _("类型"),
            _("名称"),
            _("所在区划"),
            _("咨询"),
            _("转交线索"),
            _("调解"),
            _("培训宣传"),
            _("企业指导"),
        ],
    )
    stations = Workstation.objects.filter(region__prefix__startswith=region.prefix).select_related("region")
    for station in stations:
        figures = station_figures(station, year)
        append_row(sheet, [str(StationKind(station.kind).label), station.name, station.region.name,
                      *(figures[k] for k in SERVICE_KINDS)])  # fmt: skip
    sheet = book.create_sheet(_("海外风险预警"))
    append_row(sheet, [_("发布日期"), _("标题"), _("国家/地区"), _("产业"), _("关联企业数")])
    warnings = RiskWarning.objects.filter(region__prefix__startswith=region.prefix, published_on__year=year)
    for warning in warnings.annotate(n=Count("targets")):
        append_row(sheet, [warning.published_on, warning.title, warning.country, warning.industry, warning.n])
    return book


def white_paper_docx(region, year: int, *, day: date | None = None) -> bytes:
    """The yearly protection white paper (知识产权保护状况白皮书) as a report: cover, contents, the
    year's cases, processing time, complaints, typical cases, the protection network and overseas
    warnings, each table and chart numbered. The same figures as the statistics workbook."""
    from django.utils import timezone

    from zhichan.lib.gongwen import chinese_date, head_for
    from zhichan.lib.templates import compose

    start, end = date(year, 1, 1), date(year, 12, 31)
    head, _to, _report_to = head_for(region)
    day = day or timezone.localdate()
    fields = {"标题": _("%(r)s知识产权保护状况白皮书") % {"r": region.name}, "副标题": _("（%(y)s年）") % {"y": year},
              "署名": head.issuer, "成文日期": chinese_date(day), "年度": str(year)}  # fmt: skip
    cases = Case.objects.filter(region__prefix__startswith=region.prefix)
    counts = case_counts(cases, start, end)
    cycle = cycle_table(cases, start, end, kinds=None)
    complaints = Complaint.objects.filter(region__prefix__startswith=region.prefix, received_on__year=year)
    published = Disclosure.objects.filter(case__in=cases, published_on__year=year, withdrawn_on__isnull=True)
    stations = Workstation.objects.filter(
        region__prefix__startswith=region.prefix, established_on__lte=end
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    warnings = RiskWarning.objects.filter(region__prefix__startswith=region.prefix, published_on__year=year)
    total = cycle[0] if cycle else None

    def build(paper) -> None:
        paper.heading(_("总体情况"))
        paper.paragraph(
            _("%(y)s年，%(r)s共收到知识产权保护案件请求和线索 %(received)s 件，立案 %(filed)s 件，审结 %(concluded)s 件，"
              "年末未结 %(open)s 件；受理投诉举报 %(complaints)s 件；公开行政执法信息 %(published)s 件，其中典型案例 "
              "%(typical)s 件；保护工作站等服务机构 %(stations)s 家；发布海外知识产权风险预警 %(warnings)s 期。")
            % {"y": year, "r": region.name, "received": sum(r["received"] for r in counts),
               "filed": sum(r["filed"] for r in counts), "concluded": sum(r["concluded"] for r in counts),
               "open": sum(r["open"] for r in counts), "complaints": complaints.count(), "published": published.count(),
               "typical": published.filter(typical=True).count(), "stations": stations.count(), "warnings": warnings.count()}
        )  # fmt: skip
        if total is not None and total.count:
            paper.paragraph(
                _("审结案件平均处理周期 %(mean)s 日（扣除中止 %(clock)s 日），中位数 %(median)s 日；两个月内审结 %(within)s 件，"
                  "占 %(share)s%%。")
                % {"mean": total.mean, "clock": total.clock_mean, "median": total.median, "within": total.within_target,
                   "share": round(total.within_target / total.count * 100, 1)}
            )  # fmt: skip

        paper.heading(_("案件办理"))
        paper.table(_("%(y)s年知识产权保护案件统计（件）") % {"y": year},
                    [_("案件类型"), _("收到请求/线索"), _("立案"), _("审结"), _("年末未结")],
                    [[r["label"], r["received"], r["filed"], r["concluded"], r["open"]] for r in counts],
                    widths=[3, 1.6, 1.2, 1.2, 1.4])  # fmt: skip
        paper.chart({"key": "cases", "title": _("立案与审结（件）"), "categories": [r["label"] for r in counts],
                     "series": [{"name": str(_("立案")), "data": [r["filed"] for r in counts]},
                                {"name": str(_("审结")), "data": [r["concluded"] for r in counts]}]})  # fmt: skip

        paper.heading(_("处理周期"))
        paper.table(_("审结案件处理周期（日）"),
                    [_("类型"), _("审结件数"), _("平均"), _("扣除中止"), _("中位数"), _("P90"), _("两个月内审结")],
                    [[r.label, r.count, r.mean, r.clock_mean, r.median, r.p90, r.within_target] for r in cycle],
                    widths=[2.6, 1.1, 1, 1.1, 1, 1, 1.4])  # fmt: skip
        if total is not None and total.count:
            paper.chart({"key": "cycle", "title": _("审结案件处理周期分布（件）"),
                         "categories": [label for _low, _high, label in BUCKETS],
                         "series": [{"name": str(_("审结件数")), "data": list(total.buckets)}]})  # fmt: skip

        paper.heading(_("投诉举报"))
        by_kind = complaints.values("kind", "channel").annotate(n=Count("pk")).order_by("kind", "channel")
        paper.table(_("投诉举报（件）"), [_("类型"), _("渠道"), _("件数")],
                    [[str(ComplaintKind(r["kind"]).label), str(Channel(r["channel"]).label), r["n"]] for r in by_kind],
                    widths=[3, 3, 1.5])  # fmt: skip

        paper.heading(_("典型案例"))
        typical = list(published.filter(typical=True).order_by("published_on", "pk"))
        if not typical:
            paper.paragraph(_("本年未发布典型案例。"))
        for disclosure in typical:
            paper.heading(disclosure.title, level=2)
            body = disclosure.body
            for label, key in (
                (_("基本案情"), "facts"),
                (_("处理结果"), "outcome"),
                (_("法律依据"), "basis"),
            ):
                if body.get(key):
                    paper.paragraph(f"{label}：{body[key]}")
            if disclosure.typical_note:
                paper.paragraph(_("典型意义：%(n)s") % {"n": disclosure.typical_note})
            paper.paragraph(
                _("（%(a)s，%(d)s公开）")
                % {"a": body.get("authority", ""), "d": chinese_date(disclosure.published_on)}
            )

        paper.heading(_("保护网络"))
        rows = []
        for station in stations.select_related("region").order_by("region__code", "kind", "name"):
            figures = station_figures(station, year)
            rows.append([station.name, str(StationKind(station.kind).label), station.region.name,
                         *(figures[k] for k in SERVICE_KINDS)])  # fmt: skip
        paper.table(_("保护工作站等服务机构及其%(y)s年服务（次/人次）") % {"y": year},
                    [_("名称"), _("类型"), _("所在区划"), _("咨询"), _("转交线索"), _("调解"), _("培训宣传"), _("企业指导")],
                    rows, widths=[3, 2, 1.5, 1, 1, 1, 1, 1])  # fmt: skip

        paper.heading(_("海外风险预警"))
        paper.table(_("%(y)s年发布的海外知识产权风险预警") % {"y": year},
                    [_("发布日期"), _("标题"), _("国家/地区"), _("产业"), _("关联企业")],
                    [[chinese_date(w.published_on), w.title, w.country, w.industry, w.n]
                     for w in warnings.annotate(n=Count("targets")).order_by("published_on")],
                    widths=[1.8, 3.5, 1.4, 1.6, 1])  # fmt: skip

    return compose("white-paper", region, fields, build)
